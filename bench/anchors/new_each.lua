-- wrk script: POST one new item per request (a new incident fingerprint, a new Alertmanager alert):
-- BODY is a format with %s (this thread's tag) and %d (its request number), so every body differs.
-- Env: BENCH_LUA_DIR (bench/incidents, set by run.sh), BODY, BENCH_TAG, DASH_KEY (ignored by Alertmanager).
dofile(os.getenv("BENCH_LUA_DIR") .. "/stats.lua")

function init(args)
   wrk.method = "POST"
   wrk.headers["X-Dash-Key"] = os.getenv("DASH_KEY")
   wrk.headers["Content-Type"] = "application/json"
   tag = (os.getenv("BENCH_TAG") or "anchor") .. "-" .. tid
   body = os.getenv("BODY")
   n = 0
   statuses = {}
end

function request()
   n = n + 1
   return wrk.format(nil, nil, nil, string.format(body, tag, n))
end
