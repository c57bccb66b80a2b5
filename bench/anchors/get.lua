-- wrk script: GET with the dashboard key (ignored by nginx). Env: BENCH_LUA_DIR, DASH_KEY.
dofile(os.getenv("BENCH_LUA_DIR") .. "/stats.lua")

function init(args)
   wrk.headers["X-Dash-Key"] = os.getenv("DASH_KEY")
   statuses = {}
end
