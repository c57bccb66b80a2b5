-- wrk script: POST /api/incidents/raise, one body per request.
-- About 90 % new WARNING/ERROR fingerprints and 10 % repeats (every tenth request repeats the
-- previous one of its thread). Counts responses by status; done() prints them for run.sh to check.
-- Env: DASH_KEY (the dashboard key), BENCH_TAG (makes messages unique per run).
local threads = {}
local next_id = 1

function setup(thread)
   thread:set("tid", next_id)
   next_id = next_id + 1
   table.insert(threads, thread)
end

function init(args)
   wrk.method = "POST"
   wrk.headers["X-Dash-Key"] = os.getenv("DASH_KEY")
   wrk.headers["Content-Type"] = "application/json"
   tag = (os.getenv("BENCH_TAG") or "run") .. "-" .. tid
   n = 0
   statuses = {}
end

function request()
   n = n + 1
   local id = n
   if n % 10 == 0 then
      id = n - 1
   end
   local severity = (id % 2 == 0) and "WARNING" or "ERROR"
   local body = '{"severity":"' .. severity .. '","msg":"bench incident ' .. tag .. ' number ' .. id
         .. '","source":"bench"}'
   return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
   statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
   local total = {}
   for _, t in ipairs(threads) do
      local s = t:get("statuses")
      for status, count in pairs(s) do
         total[status] = (total[status] or 0) + count
      end
   end
   for status, count in pairs(total) do
      io.write(string.format("status %d: %d\n", status, count))
   end
   io.write(string.format("requests/s: %.0f\n", summary.requests / (summary.duration / 1e6)))
   for _, p in ipairs({50, 90, 99, 99.9}) do
      io.write(string.format("p%g: %.2f ms\n", p, latency:percentile(p) / 1000))
   end
end
