"""Writers for `make bench` and `make soak`: commenters posting as the page's script does, and an
Éditeur saving an article (bench/newsroom.py in its own process).

Commenters: `CommentPosters` posts `rate` comments a second, spread evenly, to the given articles
in turn. Each comment is started at its time by whichever of `posters` threads is free: a slow
answer holds one poster, not the comments after it, so the offered rate holds until all of them
are busy (comments still waiting for a poster at the end are counted as `behind`). Each comment
comes from an address of its own in X-Forwarded-For (the portal runs with TRUSTED_PROXY_COUNT=1,
as behind nginx): the comment limit is 5 per 10 minutes per address, so only distinct addresses
make a storm of real commenters rather than one script the limit stops. A post is: GET /csrf/
for a token and its cookie, then POST /commentaires/<slug>/envoyer/; published means a 302 to
the comment's own anchor (`#comment-<id>`). With `check=True` the poster then reads the article
as a reader without cookies would, at once and again every CHECK_STEP seconds until the
comment's text is there (CHECK_SECONDS at most): whether the very next GET showed it, and after
how long.

Addresses start at a random point of 100.64.0.0/10 each run, so rate-limit counters an earlier
run left in Redis (10 minutes) are not met again.
"""

from __future__ import annotations

import collections
import http.cookiejar
import json
import random
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
BENCH_EMAIL_DOMAIN = "orage.example.org"  # bench/newsroom.py clean deletes these
CHECK_STEP = 0.02
CHECK_SECONDS = 5.0


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the 302 after a comment is the answer we look at


def percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 1)


@dataclass
class PostTally:
    posted: int = 0
    statuses: collections.Counter = field(default_factory=collections.Counter)
    connection_errors: int = 0
    published: int = 0  # 302 to the comment's anchor
    shown_next_get: int = 0  # published and on the first GET after the POST's answer
    never_shown: int = 0  # published, still missing after CHECK_SECONDS
    delays_ms: list[float] = field(default_factory=list)  # POST answered → GET showing it
    slowest_ms: float = 0.0  # csrf + POST
    seconds: float = 0.0
    behind: int = 0  # due, but no poster was free before the end

    def summary(self, checked: bool) -> dict:
        figures = {
            "posted": self.posted,
            "per_second": round(self.posted / self.seconds, 2) if self.seconds else 0.0,
            "behind": self.behind,
            "statuses": dict(sorted(self.statuses.items())),
            "5xx": sum(n for code, n in self.statuses.items() if code >= 500),
            "connection_errors": self.connection_errors,
            "published": self.published,
            "slowest_ms": round(self.slowest_ms, 1),
        }
        if checked:
            figures |= {
                "shown_next_get": self.shown_next_get,
                "failures": self.posted - self.shown_next_get,
                "never_shown": self.never_shown,
                "delay_ms_p50": percentile(self.delays_ms, 0.5),
                "delay_ms_p99": percentile(self.delays_ms, 0.99),
                "delay_ms_max": round(max(self.delays_ms), 1) if self.delays_ms else None,
                "delays_ms": [round(delay, 1) for delay in self.delays_ms],
            }
        return figures


class CommentPosters:
    """`rate` comments a second from up to `posters` at once, until stop()."""

    def __init__(
        self, base: str, slugs: list[str], rate: float, posters: int, *, check: bool
    ) -> None:
        self.base, self.slugs, self.rate, self.check = base, slugs, rate, check
        self.tally = PostTally()
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.run_tag = f"{random.randrange(16**6):06x}"
        self.first_address = random.randrange(1 << 21)
        self.pool = ThreadPoolExecutor(max_workers=posters, thread_name_prefix="poster")
        self.scheduled = 0
        self.started = time.monotonic()
        self.clock = threading.Thread(target=self.schedule, daemon=True)

    def start(self) -> CommentPosters:
        self.started = time.monotonic()
        self.clock.start()
        return self

    def stop(self) -> dict:
        """Stop starting comments, let the ones under way finish; the figures."""
        self.stopping.set()
        self.tally.seconds = time.monotonic() - self.started
        if self.clock.ident is not None:  # started
            self.clock.join()
        self.pool.shutdown(wait=True, cancel_futures=True)  # those still waiting never start
        self.tally.behind = self.scheduled - self.tally.posted
        return self.tally.summary(self.check)

    def schedule(self) -> None:
        """Comment n is due at n / rate seconds; the first free poster takes it."""
        while not self.stopping.is_set():
            delay = self.started + self.scheduled / self.rate - time.monotonic()
            if delay > 0 and self.stopping.wait(delay):
                return
            self.pool.submit(self.post_one, self.scheduled)
            self.scheduled += 1

    def address(self, n: int) -> str:
        a = self.first_address + n
        return f"100.{64 + (a >> 16) % 64}.{(a >> 8) % 256}.{a % 256}"

    def post_one(self, n: int) -> None:
        address, slug = self.address(n), self.slugs[n % len(self.slugs)]
        marker = f"orage-{self.run_tag}-{n}"
        headers = {"X-Forwarded-For": address, "Referer": self.base + "/"}
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect
        )
        status, location = None, ""
        started = time.monotonic()
        try:
            request = urllib.request.Request(self.base + "/csrf/", headers=headers)
            with opener.open(request, timeout=15) as response:
                token = json.load(response)["token"]
            form = {
                "csrfmiddlewaretoken": token,
                "body": f"Commentaire {marker} : la rédaction suit ce dossier de près.",
                "name": f"Lecteur {n}",
                "email": f"lecteur-{self.run_tag}-{n}@{BENCH_EMAIL_DOMAIN}",
                "captcha": "bench-token",
            }
            request = urllib.request.Request(
                f"{self.base}/commentaires/{slug}/envoyer/",
                data=urllib.parse.urlencode(form).encode(),
                headers=headers,
            )
            with opener.open(request, timeout=15) as response:
                status, location = response.status, response.headers.get("Location", "")
        except urllib.error.HTTPError as error:
            status, location = error.code, error.headers.get("Location", "")
        except (OSError, ValueError):  # refused, reset, timed out, or a broken /csrf/ answer
            status = None
        answered = time.monotonic()
        published = status == 302 and "#comment-" in location
        shown_next, delay = False, None
        if published and self.check:
            shown_next, delay = self.watch(f"{self.base}/article/{slug}/", marker, address)
        with self.lock:
            self.tally.posted += 1
            if status is None:
                self.tally.connection_errors += 1
            else:
                self.tally.statuses[status] += 1
            self.tally.published += published
            self.tally.slowest_ms = max(self.tally.slowest_ms, (answered - started) * 1000)
            self.tally.shown_next_get += shown_next
            if published and self.check and delay is None:
                self.tally.never_shown += 1
            if delay is not None:
                self.tally.delays_ms.append(delay)

    def watch(self, url: str, marker: str, address: str) -> tuple[bool, float | None]:
        """(shown on the first GET, ms from now until a GET showed it) for a reader without
        cookies at `address`."""
        since = time.monotonic()
        first = True
        while time.monotonic() - since < CHECK_SECONDS:
            try:
                request = urllib.request.Request(url, headers={"X-Forwarded-For": address})
                with urllib.request.urlopen(request, timeout=10) as response:
                    found = marker in response.read().decode()
            except (OSError, ValueError):
                found = False
            if found:
                return first, (time.monotonic() - since) * 1000
            first = False
            time.sleep(CHECK_STEP)
        return False, None


class Editor:
    """bench/newsroom.py edit in its own process: start() waits until Django is set up, go()
    starts the saves, once a second until stop(); a crashed benchmark closes the pipe, which
    stops it too."""

    def __init__(self, env: dict[str, str], base: str, near: str, excluded: list[str]) -> None:
        self.command = [PYTHON, str(ROOT / "bench" / "newsroom.py"), "edit", base, near, *excluded]
        self.env = env

    def start(self) -> dict:
        self.process = subprocess.Popen(
            self.command,
            cwd=ROOT,
            env=self.env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        line = self.process.stdout.readline()
        if not line:
            self.process.wait()
            raise RuntimeError(f"bench/newsroom.py edit did not start ({self.process.returncode})")
        return json.loads(line)

    def go(self) -> None:
        """The first save now, then one a second."""
        self.process.stdin.write("go\n")
        self.process.stdin.flush()

    def stop(self) -> dict:
        out, _ = self.process.communicate(timeout=60)  # closes its stdin: the signal to stop
        return json.loads(out.strip().splitlines()[-1])
