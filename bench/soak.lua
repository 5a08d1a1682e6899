-- wrk script for bench/soak.py: readers on the home, article, category and search pages.
--
-- Paths come from SOAK_PATHS (space separated) and are taken in turn. Each request carries an
-- X-Forwarded-For address out of 65,000, as nginx would send for that many readers (the
-- portal runs with TRUSTED_PROXY_COUNT=1 here), so per-IP limits apply per reader, not to
-- the benchmark as a whole. Answers are counted by class; done() prints one JSON line.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_number", #threads)
end

function init(args)
  paths = {}
  for path in string.gmatch(os.getenv("SOAK_PATHS") or "/", "%S+") do
    table.insert(paths, path)
  end
  sent, s2xx, s3xx, s4xx, s429, s5xx = 0, 0, 0, 0, 0, 0
  math.randomseed(os.time() * 100 + thread_number)  -- each thread its own readers
end

function request()
  sent = sent + 1
  local path = paths[(sent % #paths) + 1]
  local address = string.format("10.%d.%d.%d", math.random(0, 255), math.random(0, 255), math.random(1, 254))
  return wrk.format("GET", path, { ["X-Forwarded-For"] = address, ["Accept-Encoding"] = "gzip" })
end

function response(status, headers, body)
  if status >= 500 then
    s5xx = s5xx + 1
  elseif status == 429 then
    s429 = s429 + 1
  elseif status >= 400 then
    s4xx = s4xx + 1
  elseif status >= 300 then
    s3xx = s3xx + 1
  else
    s2xx = s2xx + 1
  end
end

function done(summary, latency, requests)
  local total = { s2xx = 0, s3xx = 0, s4xx = 0, s429 = 0, s5xx = 0 }
  for _, thread in ipairs(threads) do
    for name, _ in pairs(total) do
      total[name] = total[name] + (thread:get(name) or 0)
    end
  end
  local e = summary.errors
  io.write(string.format(
    'SOAK {"requests": %d, "seconds": %.2f, "2xx": %d, "3xx": %d, "4xx": %d, "429": %d, "5xx": %d, '
      .. '"connect_errors": %d, "read_errors": %d, "write_errors": %d, "timeouts": %d, '
      .. '"p50_ms": %.2f, "p99_ms": %.2f, "max_ms": %.2f}\n',
    summary.requests, summary.duration / 1e6, total.s2xx, total.s3xx, total.s4xx, total.s429,
    total.s5xx, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000
  ))
end
