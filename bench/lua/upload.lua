-- Upload driver for wrk. The file is read once; every request gets a unique name so the
-- server never walks its "a (1).png" rename loop (and nginx never overwrites).
--   BENCH_MODE=multipart: POST multipart/form-data (field "file") to BENCH_PATH, header
--                         BENCH_KEY_HEADER (default X-API-Key) = BENCH_KEY
--   BENCH_MODE=put:       PUT the raw bytes to BENCH_PATH .. <name> (nginx WebDAV)
local f = assert(io.open(os.getenv("BENCH_FILE"), "rb"))
local content = f:read("*a")
f:close()
local mode = os.getenv("BENCH_MODE") or "multipart"
local base = os.getenv("BENCH_PATH")
local key = os.getenv("BENCH_KEY") or ""
local key_header = os.getenv("BENCH_KEY_HEADER") or "X-API-Key"   -- Directus: Authorization
local run = os.getenv("BENCH_RUN") or "0"
local boundary = "----assetStoreBench7d1a9c0e"
local threads = 0
local counter = 0

setup = function(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

request = function()
  counter = counter + 1
  local name = string.format("up-%s-%d-%d.bin", run, tid or 0, counter)
  if mode == "put" then
    return wrk.format("PUT", base .. name, {}, content)
  end
  local body = "--" .. boundary .. "\r\n" ..
    "Content-Disposition: form-data; name=\"file\"; filename=\"" .. name .. "\"\r\n" ..
    "Content-Type: application/octet-stream\r\n\r\n" ..
    content .. "\r\n--" .. boundary .. "--\r\n"
  return wrk.format("POST", base, {
    ["Content-Type"] = "multipart/form-data; boundary=" .. boundary,
    [key_header] = key,
  }, body)
end
