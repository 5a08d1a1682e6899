#!/usr/bin/env python
"""`make soak`: a minute of steady load with comments coming in, then a worker killed mid-load.

1. A demo newsroom on PostgreSQL (database `portail_soak`, Redis db 4, both emptied first),
   gunicorn with the production settings (`portal/gunicorn.conf.py`: a worker per core, two
   threads each), and the siteverify stand-in of the tests (tests/siteverify.py) on loopback
   HTTPS: gunicorn trusts its certificate through SSL_CERT_FILE, RECAPTCHA_DOMAIN points at it.
2. Soak: wrk, SOAK_CONNECTIONS connections for SOAK_SECONDS, on the home, article, category
   and search pages in turn (bench/soak.lua), while a thread posts comments at
   SOAK_COMMENTS_PER_SECOND: fetch /csrf/ for a token and its cookie, then POST the form, as
   the page's script does. Every reader and commenter has an address of their own in
   X-Forwarded-For (TRUSTED_PROXY_COUNT=1, as behind nginx), so each stays within the per-IP
   limits (COMMENTS_RATE_LIMIT, POST_RATE_LIMIT, SEARCH_RATE_LIMIT) as real readers do; any 429
   is counted apart all the same. Each published comment changes the content version, so the
   page cache is emptied every 1/SOAK_COMMENTS_PER_SECOND seconds: the worst case for it.
3. Worker killed: the same load for SOAK_KILL_SECONDS; after SOAK_KILL_AT seconds one worker
   gets SIGKILL. Its established connections are counted just before: each holds at most one
   request in flight (wrk does not pipeline), so that count bounds the errors a kill may cause.
4. The figures on stdout, in bench/results/soak-latest.json and in docs/quality.md (between
   the soak markers). Exit status 1 if the soak saw a 5xx or a connection error, or if the
   kill cost more errors than requests in flight.

Everything binds and sends to 127.0.0.1 only, and stops by itself.
"""

from __future__ import annotations

import collections
import contextlib
import http.cookiejar
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import run as bench  # bench/run.py: gunicorn, manage.py and wrk helpers

ROOT = bench.ROOT
sys.path.insert(0, str(ROOT))
from tests.siteverify import SiteverifyStub, make_certificate  # noqa: E402

DATABASE_URL = os.environ.get(
    "SOAK_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portail_soak"
)
REDIS_URL = os.environ.get("SOAK_REDIS_URL", "redis://127.0.0.1:6379/4")
SECONDS = int(os.environ.get("SOAK_SECONDS", "60"))
CONNECTIONS = int(os.environ.get("SOAK_CONNECTIONS", "64"))
COMMENTS_PER_SECOND = float(os.environ.get("SOAK_COMMENTS_PER_SECOND", "2"))
KILL_SECONDS = int(os.environ.get("SOAK_KILL_SECONDS", "30"))
KILL_AT = float(os.environ.get("SOAK_KILL_AT", "10"))
LUA = ROOT / "bench" / "soak.lua"
REPORT = ROOT / "docs" / "quality.md"
BEGIN, END = "<!-- soak:begin -->", "<!-- soak:end -->"
ENV = {"DATABASE_URL": DATABASE_URL, "REDIS_URL": REDIS_URL}


def prepare() -> None:
    name = DATABASE_URL.rsplit("/", 1)[1]
    admin_url = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    for sql in (f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"'):
        subprocess.run(["psql", admin_url, "-q", "-c", sql], capture_output=True, check=True)
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()  # rate-limit counters of an earlier run
    print("· migrate, demo …", flush=True)
    bench.manage("migrate", "--noinput", **ENV)
    bench.manage("load_demo", **ENV)
    bench.manage("collectstatic", "--noinput", "--verbosity", "0", **ENV)


def site_paths(base: str) -> tuple[list[str], str]:
    """The pages readers load, and the slug of an article with comments open."""
    home = bench.fetch(base + "/").decode()
    article = re.search(r'href="(/article/([\w-]+)/)#commentaires"', home)
    category = re.search(r'href="(/rubrique/[\w-]+/)"', home)
    paths = ["/", article.group(1), category.group(1), "/recherche/?q=Cotonou"]
    paths += ["/", article.group(1), "/recherche/?q=sommet", "/recherche/?q=port+de+Lom%C3%A9"]
    return paths, article.group(2)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the 302 after a comment is the answer we count


@dataclass
class CommentTally:
    posted: int = 0
    statuses: collections.Counter = field(default_factory=collections.Counter)
    connection_errors: int = 0
    slowest_ms: float = 0.0

    def summary(self) -> dict:
        return {
            "posted": self.posted,
            "statuses": dict(sorted(self.statuses.items())),
            "5xx": sum(n for code, n in self.statuses.items() if code >= 500),
            "connection_errors": self.connection_errors,
            "slowest_ms": round(self.slowest_ms, 1),
        }


class Commenter(threading.Thread):
    """Comments at a steady rate, each from a reader address of its own."""

    def __init__(self, base: str, slug: str, rate: float, first_reader: int) -> None:
        super().__init__(daemon=True)
        self.base, self.slug, self.interval = base, slug, 1 / rate
        self.reader = first_reader
        self.tally = CommentTally()
        self.stopping = threading.Event()

    def run(self) -> None:
        next_at = time.monotonic()
        while not self.stopping.is_set():
            self.post_one()
            next_at += self.interval
            self.stopping.wait(max(0.0, next_at - time.monotonic()))

    def post_one(self) -> None:
        self.reader += 1
        n = self.reader
        address = f"172.{16 + n // 62_500 % 16}.{n // 250 % 250}.{n % 250 + 1}"
        headers = {"X-Forwarded-For": address, "Referer": self.base + "/"}
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect
        )
        started = time.monotonic()
        try:
            request = urllib.request.Request(self.base + "/csrf/", headers=headers)
            with opener.open(request, timeout=15) as response:
                token = json.load(response)["token"]
            form = {
                "csrfmiddlewaretoken": token,
                "body": f"Commentaire de charge n° {n} : la situation mérite d'être suivie.",
                "name": f"Lecteur {n}",
                "email": f"lecteur{n}@example.org",
                "captcha": "soak-token",
            }
            data = urllib.parse.urlencode(form).encode()
            request = urllib.request.Request(
                f"{self.base}/commentaires/{self.slug}/envoyer/", data=data, headers=headers
            )
            with opener.open(request, timeout=15) as response:
                self.tally.statuses[response.status] += 1
        except urllib.error.HTTPError as error:
            self.tally.statuses[error.code] += 1
        except (OSError, ValueError):  # refused, reset, timed out, or a broken /csrf/ answer
            self.tally.connection_errors += 1
        self.tally.posted += 1
        self.tally.slowest_ms = max(self.tally.slowest_ms, (time.monotonic() - started) * 1000)


def wrk_command(url: str, seconds: int) -> list[str]:
    return [
        "wrk",
        "-t2",
        f"-c{CONNECTIONS}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(LUA),
        url,
    ]


def parse_wrk(output: str) -> dict:
    line = next((ln for ln in output.splitlines() if ln.startswith("SOAK ")), None)
    if line is None:
        sys.exit(f"wrk printed no summary:\n{output}")
    figures = json.loads(line.removeprefix("SOAK "))
    figures["requests_per_second"] = round(figures["requests"] / figures["seconds"], 1)
    figures["connection_errors"] = sum(
        figures[k] for k in ("connect_errors", "read_errors", "write_errors", "timeouts")
    )
    return figures


def loaded(base: str, slug: str, paths: list[str], seconds: int, first_reader: int, during=None):
    """wrk and the commenter together for `seconds`; `during(elapsed)` is called every 0.1 s."""
    commenter = Commenter(base, slug, COMMENTS_PER_SECOND, first_reader)
    env = {**os.environ, "SOAK_PATHS": " ".join(paths)}
    with tempfile.TemporaryFile(mode="w+") as out:
        wrk = subprocess.Popen(wrk_command(base + "/", seconds), stdout=out, env=env, text=True)
        commenter.start()
        started = time.monotonic()
        while wrk.poll() is None:
            if during is not None:
                during(time.monotonic() - started)
            time.sleep(0.1)
        commenter.stopping.set()
        commenter.join(timeout=30)
        out.seek(0)
        figures = parse_wrk(out.read())
    figures["comments"] = commenter.tally.summary()
    return figures


def workers(server: bench.Server) -> list[int]:
    children = Path(f"/proc/{server.process.pid}/task/{server.process.pid}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def established_connections(port: int, pid: int) -> int:
    """TCP connections to the portal's port that this worker holds."""
    out = subprocess.run(
        ["ss", "-Htnp", "state", "established", f"( sport = :{port} )"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return sum(1 for line in out.splitlines() if f"pid={pid}," in line)


class Killer:
    """Sends SIGKILL to one worker once, at KILL_AT seconds, noting what it held."""

    def __init__(self, server: bench.Server) -> None:
        self.server = server
        self.done = False
        self.record: dict = {}

    def __call__(self, elapsed: float) -> None:
        if self.done or elapsed < KILL_AT:
            return
        self.done = True
        before = workers(self.server)
        victim = before[0]
        in_flight = established_connections(self.server.port, victim)
        os.kill(victim, signal.SIGKILL)
        killed_at = time.monotonic()
        replaced = None
        while time.monotonic() - killed_at < 15:
            now = workers(self.server)
            if victim not in now and len(now) == len(before):
                replaced = round(time.monotonic() - killed_at, 2)
                break
            time.sleep(0.05)
        self.record = {
            "workers": len(before),
            "killed_pid": victim,
            "at_second": round(elapsed, 1),
            "connections_held_by_the_killed_worker": in_flight,
            "replacement_worker_after_s": replaced,
        }


def render(report: dict) -> str:
    soak, kill = report["soak"], report["kill"]

    def row(name, f):
        c = f["comments"]
        return (
            f"| {name} | {f['seconds']:.0f} s | {f['requests']} | {f['requests_per_second']} | "
            f"{f['p50_ms']:.1f} / {f['p99_ms']:.1f} | {f['2xx'] + f['3xx']} | {f['4xx']} | "
            f"{f['429']} | **{f['5xx']}** | **{f['connection_errors']}** | "
            f"{c['posted']} ({c['posted'] / f['seconds']:.1f}/s; "
            f"{', '.join(f'{k}: {v}' for k, v in c['statuses'].items())}; "
            f"{c['5xx']} 5xx, {c['connection_errors']} connection errors) |"
        )

    k = kill["kill"]
    return "\n".join(
        [
            BEGIN,
            f"_Generated by `make soak` on {report['started_at']} ({report['machine']['cpus']} "
            f"cores): gunicorn with the production settings ({k['workers']} workers, "
            f"{report['threads']} threads each) on PostgreSQL and Redis, the demo newsroom, "
            f"{CONNECTIONS} wrk connections on {', '.join(f'`{p}`' for p in report['paths'][:4])} "
            f"in turn, comments through the siteverify stand-in at up to "
            f"{report['comments_per_second']:g} a second (one at a time: fewer when each "
            "takes longer)._",
            "",
            "| run | length | requests | req/s | p50 / p99 ms | 2xx-3xx | 4xx | 429 | 5xx "
            "| connection errors | comments posted |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
            row("soak", soak),
            row("worker killed", kill),
            "",
            f"Worker killed: pid {k['killed_pid']} got SIGKILL at {k['at_second']} s holding "
            f"{k['connections_held_by_the_killed_worker']} connections (one request in flight "
            f"each at most); errors during the run: {kill['connection_errors']} connection "
            f"errors and {kill['5xx']} 5xx for wrk, "
            f"{kill['comments']['connection_errors'] + kill['comments']['5xx']} for the commenter; "
            f"a new worker was serving after {k['replacement_worker_after_s']} s.",
            END,
        ]
    )


def write_report(report: dict) -> None:
    bench.RESULTS.mkdir(parents=True, exist_ok=True)
    payload = json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    (bench.RESULTS / "soak-latest.json").write_text(payload)
    text = REPORT.read_text()
    if BEGIN not in text:
        text = text.rstrip() + f"\n\n{BEGIN}\n{END}\n"
    start, end = text.index(BEGIN), text.index(END) + len(END)
    REPORT.write_text(text[:start] + render(report) + text[end:])


def main() -> None:
    for tool in ("wrk", "psql", "ss"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is missing: apt-get install -y wrk postgresql-client iproute2")
    prepare()
    tmp = Path(tempfile.mkdtemp(prefix="portail-soak-"))
    stub = SiteverifyStub(make_certificate(tmp)).start()
    stub.answer(score=0.9, action="comment", hostname="127.0.0.1")
    server = None
    try:
        server = bench.start_gunicorn(
            "soak",
            **ENV,
            RECAPTCHA_DOMAIN=stub.domain,
            RECAPTCHA_PUBLIC_KEY="soak-public",
            RECAPTCHA_PRIVATE_KEY="soak-secret",
            SSL_CERT_FILE=str(stub.certificate.bundle),
            TRUSTED_PROXY_COUNT="1",
        )
        paths, slug = site_paths(server.url)
        for path in paths:  # warm: templates compiled, caches filled
            with contextlib.suppress(urllib.error.HTTPError):
                bench.fetch(server.url + path)
        report = {
            "started_at": time.strftime("%Y-%m-%d %H:%M %z"),
            "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
            "threads": int(os.environ.get("GUNICORN_THREADS") or 2),
            "paths": paths,
            "connections": CONNECTIONS,
            "comments_per_second": COMMENTS_PER_SECOND,
        }
        print(f"· soak: {SECONDS} s, {CONNECTIONS} connections, comments …", flush=True)
        report["soak"] = loaded(server.url, slug, paths, SECONDS, first_reader=0)
        print(f"  {report['soak']}", flush=True)
        print(f"· worker killed at {KILL_AT:g} s of {KILL_SECONDS} s …", flush=True)
        killer = Killer(server)
        report["kill"] = loaded(
            server.url, slug, paths, KILL_SECONDS, first_reader=1_000_000, during=killer
        )
        report["kill"]["kill"] = killer.record
        print(f"  {report['kill']}", flush=True)
        report["siteverify_requests"] = len(stub.requests)
    finally:
        if server is not None:
            bench.stop(server)
        stub.stop()
    write_report(report)
    print("\n" + render(report))

    soak, kill = report["soak"], report["kill"]
    bound = kill["kill"]["connections_held_by_the_killed_worker"]
    kill_errors = kill["connection_errors"] + kill["5xx"]
    kill_errors += kill["comments"]["connection_errors"] + kill["comments"]["5xx"]
    problems = []
    if soak["5xx"] or soak["connection_errors"]:
        problems.append(f"soak: {soak['5xx']} 5xx, {soak['connection_errors']} connection errors")
    if soak["comments"]["5xx"] or soak["comments"]["connection_errors"]:
        problems.append(f"soak comments: {soak['comments']}")
    if kill_errors > bound:
        problems.append(f"worker kill: {kill_errors} errors for {bound} requests in flight")
    if problems:
        sys.exit("FAILED: " + "; ".join(problems))
    print("\nall clear; written to docs/quality.md and bench/results/soak-latest.json")


if __name__ == "__main__":
    main()
