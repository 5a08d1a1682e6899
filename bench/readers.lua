-- wrk script for the write-load lines of bench/run.py: readers on a few article pages, and how
-- the page cache answered them.
--
-- Paths come from READERS_PATHS (space separated), taken in turn. Every request comes from
-- 127.0.0.1 (no X-Forwarded-For): that is what PAGE_RENDER_RATE_LIMIT sees, and bench/run.py
-- reports the renders per minute against it. Each answer is counted by its X-Page-Cache header
-- (hit, miss, waited, "miss, not stored", limited; "none" when the header is missing) and 429s
-- apart. Counters live in each thread's own Lua state: done() gathers them through the thread
-- objects kept by setup() and prints one JSON line starting with PAGECACHE.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for path in string.gmatch(os.getenv("READERS_PATHS") or "/", "%S+") do
    table.insert(paths, path)
  end
  sent = 0
  hit, miss, waited, not_stored, limited, none, other, too_many = 0, 0, 0, 0, 0, 0, 0, 0
end

function request()
  sent = sent + 1
  return wrk.format("GET", paths[(sent % #paths) + 1], { ["Accept-Encoding"] = "gzip" })
end

function response(status, headers, body)
  if status == 429 then
    too_many = too_many + 1
  end
  local how = headers["X-Page-Cache"] or headers["x-page-cache"]
  if how == nil then
    none = none + 1
  elseif how == "hit" then
    hit = hit + 1
  elseif how == "miss" then
    miss = miss + 1
  elseif how == "waited" then
    waited = waited + 1
  elseif how == "miss, not stored" then
    not_stored = not_stored + 1
  elseif how == "limited" then
    limited = limited + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local names = { "hit", "miss", "waited", "not_stored", "limited", "none", "other", "too_many" }
  local total = {}
  for _, name in ipairs(names) do
    total[name] = 0
    for _, thread in ipairs(threads) do
      total[name] = total[name] + (thread:get(name) or 0)
    end
  end
  io.write(string.format(
    'PAGECACHE {"hit": %d, "miss": %d, "waited": %d, "miss, not stored": %d, "limited": %d, '
      .. '"none": %d, "other": %d, "429": %d}\n',
    total.hit, total.miss, total.waited, total.not_stored, total.limited, total.none,
    total.other, total.too_many
  ))
end
