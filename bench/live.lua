-- wrk script for the live-coverage lines of bench/run.py: the open pages of a live coverage
-- polling its update document (/direct/<slug>/maj/), as static/js/live.js does.
--
-- LIVE_PATH      the update document's path
-- LIVE_RATE      polls a second offered over all threads, at a constant rate (0: as fast as
--                wrk goes, the maximum). Each thread sends its share on a fixed schedule, like
--                wrk2: delay() returns the time to the next slot, so a slow answer does not
--                lower the offered rate (a thread behind its schedule sends at once).
-- LIVE_ENTRIES   1: also fetch the entries as readers' pages do. A reader polling every
--                LIVE_POLL_SECONDS fetches each change of the last interval once; each answer
--                that lists changes younger than that queues that many entry fetches
--                (/direct/entree/<id>/?v=<time>), sent before the next poll, on top of the
--                offered polls. These polls ask for the document uncompressed (wrk cannot
--                inflate it to read the ids), a few hundred bytes more than browsers get.
-- Each poll stands for another reader, whose page last polled one interval ago: it carries
-- If-None-Match with the ETag the document had then, as that reader's browser would. So a poll
-- is a 304 when nothing changed during the last interval, and a 200 (the document, < 1 KB)
-- otherwise; with an entry every 10 s and a poll every 15 s, most polls are 200s. (At the
-- start every reader is taken to be up to date.) done() prints one JSON line starting with
-- LIVE: answers by status, nginx's X-Cache-Status, polls and entry fetches sent.

local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } live_bench_timespec;
int clock_gettime(int clk_id, live_bench_timespec *tp);
]]
local clock = ffi.new("live_bench_timespec")

local function now_ms()
  ffi.C.clock_gettime(0, clock) -- CLOCK_REALTIME: the server stamps changes in the same time
  return tonumber(clock.tv_sec) * 1000 + tonumber(clock.tv_nsec) / 1e6
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  path = os.getenv("LIVE_PATH") or "/"
  local rate = tonumber(os.getenv("LIVE_RATE") or "0")
  local count = tonumber(os.getenv("LIVE_THREADS") or "2")
  period = rate > 0 and (1000 * count / rate) or 0 -- ms between this thread's polls
  entries = os.getenv("LIVE_ENTRIES") == "1"
  window = 1000 * tonumber(os.getenv("LIVE_POLL_SECONDS") or "15")
  history = {} -- {time, etag} of each new version of the document this thread saw, oldest first
  queue = {}
  next_slot = nil
  polls, fetches, ok, not_modified, errors = 0, 0, 0, 0, 0
  hit, stale, updating, miss, expired, other = 0, 0, 0, 0, 0, 0
  kind = {} -- what the request in flight was, by order of sending (one connection keeps one)
end

function delay()
  if period == 0 or #queue > 0 then
    return 0
  end
  local now = now_ms()
  if next_slot == nil then
    next_slot = now + math.random() * period -- threads start spread over one period
  end
  local wait = next_slot - now
  next_slot = next_slot + period
  if wait < 0 then
    return 0
  end
  return wait
end

-- The ETag a reader who polled one interval ago holds: the newest version seen by then.
function reader_etag()
  local before = now_ms() - window
  while #history > 1 and history[2][1] <= before do
    table.remove(history, 1) -- older versions are nobody's any more
  end
  return history[1] and history[1][2]
end

function request()
  if #queue > 0 then
    fetches = fetches + 1
    return wrk.format("GET", table.remove(queue, 1), { ["Accept-Encoding"] = "gzip" })
  end
  polls = polls + 1
  -- wrk cannot inflate: where the answer must be read for its entries, it is asked plain.
  local encoding = entries and "identity" or "gzip"
  local headers = { ["Accept-Encoding"] = encoding, ["Accept"] = "application/json" }
  local etag = reader_etag()
  if etag then
    headers["If-None-Match"] = etag
  end
  return wrk.format("GET", path, headers)
end

function response(status, headers, body)
  if status == 200 then
    ok = ok + 1
  elseif status == 304 then
    not_modified = not_modified + 1
  else
    errors = errors + 1
  end
  local cache = headers["X-Cache-Status"]
  if cache == "HIT" then
    hit = hit + 1
  elseif cache == "STALE" then
    stale = stale + 1
  elseif cache == "UPDATING" then
    updating = updating + 1
  elseif cache == "MISS" then
    miss = miss + 1
  elseif cache == "EXPIRED" then
    expired = expired + 1
  else
    other = other + 1
  end
  local tag = headers["ETag"]
  local is_document = body and body:sub(1, 8) == '{"etat":'
  if status == 200 and is_document and tag and (#history == 0 or history[#history][2] ~= tag) then
    table.insert(history, { now_ms(), tag })
  end
  if entries and status == 200 and is_document then
    local since = now_ms() - window
    for id, at, shown in body:gmatch("%[(%d+),(%d+),(%d)%]") do
      if tonumber(at) > since and shown == "1" then
        table.insert(queue, "/direct/entree/" .. id .. "/?v=" .. at)
      end
    end
  end
end

function done(summary, latency, requests)
  local names = {
    "polls", "fetches", "ok", "not_modified", "errors",
    "hit", "stale", "updating", "miss", "expired", "other",
  }
  local total = {}
  for _, name in ipairs(names) do
    total[name] = 0
    for _, thread in ipairs(threads) do
      total[name] = total[name] + (thread:get(name) or 0)
    end
  end
  io.write(string.format(
    'LIVE {"polls": %d, "entry_fetches": %d, "200": %d, "304": %d, "other_status": %d, '
      .. '"HIT": %d, "STALE": %d, "UPDATING": %d, "MISS": %d, "EXPIRED": %d, "none": %d}\n',
    total.polls, total.fetches, total.ok, total.not_modified, total.errors, total.hit,
    total.stale, total.updating, total.miss, total.expired, total.other
  ))
end
