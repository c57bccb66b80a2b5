-- wrk script: POST /api/incidents/raise, one body per request.
-- About 90 % new WARNING/ERROR fingerprints and 10 % repeats (every tenth request repeats the
-- previous one of its thread). Counts responses by status; done() prints them for run.sh to check.
-- Env: DASH_KEY (the dashboard key), BENCH_TAG (makes messages unique per run), BENCH_LUA_DIR (set by run.sh).
dofile(os.getenv("BENCH_LUA_DIR") .. "/stats.lua")

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
