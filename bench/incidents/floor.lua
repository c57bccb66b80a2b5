-- wrk script: GET /api/slo/budget, the cheapest keyed API path (the HTTP + API door floor).
-- Env: DASH_KEY, BENCH_LUA_DIR (this folder, set by run.sh).
dofile(os.getenv("BENCH_LUA_DIR") .. "/stats.lua")

function init(args)
   wrk.headers["X-Dash-Key"] = os.getenv("DASH_KEY")
   statuses = {}
end
