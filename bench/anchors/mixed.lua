-- wrk script: issue 16's mixed load, unpaced, one request kind after another on each connection:
-- a raise (a new WARNING fingerprint, queued for the digest), a post of 10 request events, a post of
-- 5 usage events, GET /api/slo/budget, GET /api/costs/allow. Timestamps are now. done() (stats.lua)
-- prints the status counts, the rate and the latency percentiles.
-- Env: BENCH_LUA_DIR (bench/incidents, set by run.sh), DASH_KEY, BENCH_TAG.
dofile(os.getenv("BENCH_LUA_DIR") .. "/stats.lua")
dofile(os.getenv("BENCH_LUA_DIR") .. "/../bodies.lua")

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

function request()
   n = n + 1
   local k = n % 5
   if k == 0 then
      local body = string.format('{"severity":"WARNING","msg":"mixed %s number %d","source":"bench"}', tag, n)
      return wrk.format("POST", "/api/incidents/raise", json, body)
   elseif k == 1 then
      return wrk.format("POST", "/api/metrics/requests", ndjson, requests_body(10, n))
   elseif k == 2 then
      return wrk.format("POST", "/api/costs/usage", ndjson, usage_body(5))
   elseif k == 3 then
      return wrk.format("GET", "/api/slo/budget", plain)
   else
      return wrk.format("GET", "/api/costs/allow?model=gpt-4o", plain)
   end
end
