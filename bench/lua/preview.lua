-- Uncached preview driver for wrk: every request asks for a box size no request of this bench
-- has asked for before, so each one is a render (a cache miss on the server, a new derived file
-- for Directus), never a hit. Sizes stay near 256 x 256: 192..447 on each side.
--   BENCH_PREVIEW_PATH: the path with two %d, width then height, e.g.
--     /api/store/asset/<id>/preview?w=%d&h=%d      or   /assets/<id>?width=%d&height=%d&fit=inside
--   BENCH_RUN (set by bench/run.sh): the run number, so runs never repeat a size either
local template = os.getenv("BENCH_PREVIEW_PATH")
local run = tonumber(os.getenv("BENCH_RUN") or "0")
local threads = 0
local counter = 0

setup = function(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

request = function()
  counter = counter + 1
  -- 2,048 sizes of the 65,536 for each thread (up to 8) of each run (up to 4, warm-up included):
  -- more than a 10 s run renders
  local i = ((run * 8 + (tid or 1) - 1) * 2048 + counter % 2048) % 65536
  local w = 192 + i % 256
  local h = 192 + math.floor(i / 256) % 256
  return wrk.format("GET", string.format(template, w, h))
end
