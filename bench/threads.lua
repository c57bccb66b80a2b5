-- Shared by the wrk scripts (loaded with dofile): numbers each thread ("tid", for unique messages)
-- and keeps them in "threads", so that done() can add up what each counted.
threads = {}
local next_id = 1

function setup(thread)
   thread:set("tid", next_id)
   next_id = next_id + 1
   table.insert(threads, thread)
end
