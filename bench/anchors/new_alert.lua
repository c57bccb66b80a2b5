-- wrk script: POST /api/v2/alerts to Alertmanager with one new alert (a new label set) per request.
-- Env: BENCH_LUA_DIR (bench/incidents, set by run.sh), BENCH_TAG.
dofile(os.getenv("BENCH_LUA_DIR") .. "/stats.lua")

function init(args)
   wrk.method = "POST"
   wrk.headers["Content-Type"] = "application/json"
   tag = (os.getenv("BENCH_TAG") or "anchor") .. "-" .. tid
   n = 0
   statuses = {}
end

function request()
   n = n + 1
   return wrk.format(nil, nil, nil, string.format(
      '[{"labels":{"alertname":"anchor_%s_%d","severity":"warning","source":"bench"},'
      .. '"annotations":{"summary":"queue depth over threshold"}}]', tag, n))
end
