-- Shared by the mixed-load wrk scripts (loaded with dofile): NDJSON bodies stamped now.
-- requests_body(count, n): count request events, the last one a 503, latencies varied by n.
-- usage_body(count): count usage events alternating gpt-4o-mini and gpt-4o.

function now_iso()
   return os.date("!%Y-%m-%dT%H:%M:%SZ")
end

function requests_body(count, n)
   local ts, lines = now_iso(), {}
   for i = 1, count do
      local status = (i == count) and 503 or 200
      lines[i] = string.format('{"ts":"%s","route":"/api/chat","status":%d,"latency_ms":%d}', ts, status, 80 + (n * 7 + i * 13) % 900)
   end
   return table.concat(lines, "\n") .. "\n"
end

function usage_body(count)
   local ts, lines = now_iso(), {}
   for i = 1, count do
      lines[i] = string.format('{"ts":"%s","model":"%s","cost_usd":0.0001}', ts, (i % 2 == 0) and "gpt-4o" or "gpt-4o-mini")
   end
   return table.concat(lines, "\n") .. "\n"
end
