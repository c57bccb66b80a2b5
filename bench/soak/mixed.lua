-- wrk script for the soak: a mixed load, one request kind after another on each connection:
-- 3/10 request-event posts (20 events), 2/10 usage posts (5 events), 2/10 raises (1 in 25 CRITICAL,
-- paged at once to the fake Telegram; the rest WARNING/ERROR for the digest), 3/10 GETs (budget,
-- history, cost status). Timestamps are now. Counts responses by status and sums "accepted" per
-- input, so run.sh can hold the SLO's total to what was acknowledged.
-- Env: BENCH_LUA_DIR (this folder, set by run.sh), DASH_KEY, DELAY_MS (pause before each request on a connection, paces the load), BENCH_TAG.
dofile(os.getenv("BENCH_LUA_DIR") .. "/../threads.lua")
dofile(os.getenv("BENCH_LUA_DIR") .. "/../bodies.lua")

function init(args)
   wrk.headers["X-Dash-Key"] = os.getenv("DASH_KEY")
   tag = (os.getenv("BENCH_TAG") or "soak") .. "-" .. tid
   delay_ms = tonumber(os.getenv("DELAY_MS") or "4")
   -- wrk.format with headers sends only those: the key goes into each set
   ndjson = {["X-Dash-Key"] = os.getenv("DASH_KEY"), ["Content-Type"] = "application/x-ndjson"}
   json = {["X-Dash-Key"] = os.getenv("DASH_KEY"), ["Content-Type"] = "application/json"}
   n = 0
   statuses = {}
   accepted_requests = 0
   accepted_usage = 0
   kinds = {}
end

function request()
   n = n + 1
   local k = n % 10
   kind = k
   if k <= 2 then
      return wrk.format("POST", "/api/metrics/requests", ndjson, requests_body(20, n))
   elseif k <= 4 then
      return wrk.format("POST", "/api/costs/usage", ndjson, usage_body(5))
   elseif k <= 6 then
      local severity = (n % 250 == 5) and "CRITICAL" or ((n % 2 == 0) and "WARNING" or "ERROR")
      local body = string.format('{"severity":"%s","msg":"soak %s number %d","source":"soak"}', severity, tag, n)
      return wrk.format("POST", "/api/incidents/raise", json, body)
   elseif k == 7 then
      return wrk.format("GET", "/api/slo/budget")
   elseif k == 8 then
      return wrk.format("GET", "/api/slo/history?limit=50")
   else
      return wrk.format("GET", "/api/costs/status")
   end
end

function delay()
   return delay_ms
end

-- wrk calls response() in the order of request() on a connection; with one request in flight per
-- connection, `kind` is the kind of this response's request
function response(status, headers, body)
   statuses[status] = (statuses[status] or 0) + 1
   if status == 200 and (kind <= 4) then
      local a = tonumber(string.match(body, '"accepted":(%d+)') or "0")
      if kind <= 2 then accepted_requests = accepted_requests + a else accepted_usage = accepted_usage + a end
   end
end

function done(summary, latency, requests)
   local total, req, use = {}, 0, 0
   for _, t in ipairs(threads) do
      for status, count in pairs(t:get("statuses")) do
         total[status] = (total[status] or 0) + count
      end
      req = req + t:get("accepted_requests")
      use = use + t:get("accepted_usage")
   end
   for status, count in pairs(total) do
      io.write(string.format("status %d: %d\n", status, count))
   end
   io.write(string.format("requests/s: %.0f\n", summary.requests / (summary.duration / 1e6)))
   io.write(string.format("accepted request events: %d\naccepted usage events: %d\n", req, use))
   for _, p in ipairs({50, 99}) do
      io.write(string.format("p%g: %.2f ms\n", p, latency:percentile(p) / 1000))
   end
end
