-- wrk script: POST /api/incidents/raise with a new fingerprint every request (WARNING: queued for the
-- digest, nothing is sent). Env: BENCH_LUA_DIR (bench/incidents, set by run.sh), DASH_KEY, BENCH_TAG.
dofile(os.getenv("BENCH_LUA_DIR") .. "/stats.lua")

function init(args)
   wrk.method = "POST"
   wrk.headers["X-Dash-Key"] = os.getenv("DASH_KEY")
   wrk.headers["Content-Type"] = "application/json"
   tag = (os.getenv("BENCH_TAG") or "anchor") .. "-" .. tid
   n = 0
   statuses = {}
end

function request()
   n = n + 1
   return wrk.format(nil, nil, nil, string.format(
      '{"severity":"WARNING","msg":"anchor %s %d: queue depth over threshold","source":"bench"}', tag, n))
end
