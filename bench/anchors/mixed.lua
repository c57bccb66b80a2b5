-- wrk script: issue 16's mixed load, unpaced, one request kind after another on each connection:
-- a raise (a new WARNING fingerprint, queued for the digest), a post of 10 request events, a post of
-- 5 usage events, GET /api/slo/budget, GET /api/costs/allow. Timestamps are now. done() prints the
-- status counts, the rate, the latency percentiles (p50, p99, p99.9) and the count per kind.
-- Env: BENCH_LUA_DIR (bench/incidents, set by run.sh), DASH_KEY, BENCH_TAG.
dofile(os.getenv("BENCH_LUA_DIR") .. "/../threads.lua")

function init(args)
   tag = (os.getenv("BENCH_TAG") or "mixed") .. "-" .. tid
   -- wrk.format with headers sends only those: the key goes into each set
   local key = os.getenv("DASH_KEY")
   ndjson = {["X-Dash-Key"] = key, ["Content-Type"] = "application/x-ndjson"}
   json = {["X-Dash-Key"] = key, ["Content-Type"] = "application/json"}
   plain = {["X-Dash-Key"] = key}
   n = 0
   statuses = {}
end

local function now_iso()
   return os.date("!%Y-%m-%dT%H:%M:%SZ")
end

local function requests_body()
   local ts, lines = now_iso(), {}
   for i = 1, 10 do
      local status = (i == 10) and 503 or 200
      lines[i] = string.format('{"ts":"%s","route":"/api/chat","status":%d,"latency_ms":%d}', ts, status, 80 + (n * 7 + i * 13) % 900)
   end
   return table.concat(lines, "\n") .. "\n"
end

local function usage_body()
   local ts, lines = now_iso(), {}
   for i = 1, 5 do
      lines[i] = string.format('{"ts":"%s","model":"%s","cost_usd":0.0001}', ts, (i % 2 == 0) and "gpt-4o" or "gpt-4o-mini")
   end
   return table.concat(lines, "\n") .. "\n"
end

function request()
   n = n + 1
   local k = n % 5
   if k == 0 then
      local body = string.format('{"severity":"WARNING","msg":"mixed %s number %d","source":"bench"}', tag, n)
      return wrk.format("POST", "/api/incidents/raise", json, body)
   elseif k == 1 then
      return wrk.format("POST", "/api/metrics/requests", ndjson, requests_body())
   elseif k == 2 then
      return wrk.format("POST", "/api/costs/usage", ndjson, usage_body())
   elseif k == 3 then
      return wrk.format("GET", "/api/slo/budget", plain)
   else
      return wrk.format("GET", "/api/costs/allow?model=gpt-4o", plain)
   end
end

function response(status, headers, body)
   statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
   local total = {}
   for _, t in ipairs(threads) do
      for status, count in pairs(t:get("statuses")) do
         total[status] = (total[status] or 0) + count
      end
   end
   for status, count in pairs(total) do
      io.write(string.format("status %d: %d\n", status, count))
   end
   io.write(string.format("requests: %d\n", summary.requests))
   io.write(string.format("requests/s: %.0f\n", summary.requests / (summary.duration / 1e6)))
   for _, p in ipairs({50, 99, 99.9}) do
      io.write(string.format("p%g: %.2f ms\n", p, latency:percentile(p) / 1000))
   end
   io.write(string.format("max: %.2f ms\n", latency.max / 1000))
end
