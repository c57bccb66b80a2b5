-- Shared by raise.lua, floor.lua and bench/anchors/mixed.lua (loaded with dofile): each thread counts its responses by
-- status; done() prints the totals, the rate and the latency percentiles for run.sh.
dofile(os.getenv("BENCH_LUA_DIR") .. "/../threads.lua")

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
   for _, p in ipairs({50, 90, 99, 99.9}) do
      io.write(string.format("p%g: %.2f ms\n", p, latency:percentile(p) / 1000))
   end
   io.write(string.format("max: %.2f ms\n", latency.max / 1000))
end
