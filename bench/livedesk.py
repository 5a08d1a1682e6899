"""The newsroom's side of the live-coverage lines of `make bench`: a Django process on the bench's
own settings and environment (DJANGO_ENV=production, the same DATABASE_URL and REDIS_URL), so
its entries go through live/services.py and the cache invalidation exactly as a reporter's do.

    livedesk.py prepare ENTRIES
        Put the demo's election night (live/demo.py) back on air, delete the entries earlier
        runs posted, and post bench entries until the coverage shows ENTRIES; prints
        {"slug": …, "entries": n}.
    livedesk.py post SECONDS BASE_URL
        Print {"ready": …}, wait for a line on stdin, then post an entry every SECONDS as one
        of the coverage's reporters until stdin closes. A watcher polls the update document
        through BASE_URL (nginx) every WATCH_STEP seconds, as a reader's page would but much
        more often, and notes when each entry first appears in it: the time from the call that
        commits the entry to its first appearance is the entry's delay. Once stdin closes it
        waits up to WAIT_SECONDS for entries not seen yet, then prints a summary line.

Run by bench/run.py with the benchmark's environment; not meant to be run by hand.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from live import services  # noqa: E402
from live.demo import SLUG  # noqa: E402
from live.models import Coverage, Entry  # noqa: E402

MARK = "(banc de mesure)"  # in the text of every entry the benchmark posts
WATCH_STEP = 0.05
WAIT_SECONDS = 30.0


def say(**fields) -> None:
    print(json.dumps(fields, ensure_ascii=False), flush=True)


def coverage() -> Coverage:
    return Coverage.objects.select_related("article").get(article__slug=SLUG)


def post(night: Coverage, reporter, number: int) -> Entry:
    return services.entry_post(
        coverage=night,
        user=reporter,
        body=f"Bureau de vote n° {number} : procès-verbal affiché, décompte terminé. {MARK}",
    )


def prepare(entries: int) -> None:
    night = coverage()
    if night.state != Coverage.State.LIVE:
        night.state = Coverage.State.LIVE
        night.save()
    # QuerySet.delete(): tracked by tagcache like any write.
    night.entries.filter(body__contains=MARK).delete()
    reporter = night.reporters.order_by("pk").first()
    number = 0
    while night.entries.public().count() < entries:
        number += 1
        post(night, reporter, number)
    say(slug=SLUG, entries=night.entries.public().count())


def watch(url: str, posted: dict[int, float], seen: dict[int, float], stop: threading.Event):
    while not stop.is_set():
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                document = json.loads(response.read())
        except (OSError, ValueError):
            time.sleep(WATCH_STEP)
            continue
        now = time.time()
        for pk, _at, shown in document["changements"]:
            if shown and pk in posted and pk not in seen:
                seen[pk] = now
        time.sleep(WATCH_STEP)


def run(seconds: float, base: str) -> None:
    night = coverage()
    reporter = night.reporters.order_by("pk").first()
    url = f"{base}/direct/{night.article.slug}/maj/"
    posted: dict[int, float] = {}  # entry id -> when the call that commits it began
    seen: dict[int, float] = {}
    stop = threading.Event()
    say(ready=url)
    sys.stdin.readline()
    watcher = threading.Thread(target=watch, args=(url, posted, seen, stop), daemon=True)
    watcher.start()
    stdin_closed = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.read(), stdin_closed.set()), daemon=True).start()
    number, started = 1000, time.monotonic()
    while not stdin_closed.is_set():
        number += 1
        before = time.time()
        entry = post(night, reporter, number)
        posted[entry.pk] = before
        due = started + (number - 1000) * seconds
        stdin_closed.wait(max(0.0, due - time.monotonic()))
    deadline = time.monotonic() + WAIT_SECONDS
    while len(seen) < len(posted) and time.monotonic() < deadline:
        time.sleep(0.1)
    stop.set()
    delays = sorted(round(seen[pk] - at, 3) for pk, at in posted.items() if pk in seen)
    say(
        posted=len(posted),
        every_seconds=seconds,
        delays_s=delays,
        unseen=len(posted) - len(delays),
        delay_s_max=max(delays, default=None),
        delay_s_p50=delays[len(delays) // 2] if delays else None,
    )


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    if command == "prepare":
        prepare(int(args[0]))
    elif command == "post":
        run(float(args[0]), args[1])
    else:
        sys.exit(f"unknown command {command}")
