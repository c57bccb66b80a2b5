-- wrk script: POST /api/metrics/requests, BENCH_BATCH request events (NDJSON) per request, every
-- one dated a minute ago, one in five failed. Counts responses by status; done() prints them.
-- Env: DASH_KEY, BENCH_BATCH (events per post), BENCH_TS (the events' ts), BENCH_LUA_DIR (set by run.sh).
dofile(os.getenv("BENCH_LUA_DIR") .. "/../incidents/stats.lua")

function init(args)
   wrk.method = "POST"
   wrk.headers["X-Dash-Key"] = os.getenv("DASH_KEY")
   wrk.headers["Content-Type"] = "application/x-ndjson"
   local lines = {}
   local ts = os.getenv("BENCH_TS")
   for i = 1, tonumber(os.getenv("BENCH_BATCH")) do
      local status = (i % 5 == 0) and 503 or 200
      lines[i] = '{"ts":"' .. ts .. '","route":"/api/chat","status":' .. status .. ',"latency_ms":' .. (100 + i) .. '}'
   end
   wrk.body = table.concat(lines, "\n") .. "\n"
   statuses = {}
end
