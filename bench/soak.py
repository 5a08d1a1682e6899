#!/usr/bin/env python
"""`make soak`: a minute of steady load with comments coming in, then a worker killed mid-load.

1. A demo newsroom on PostgreSQL (database `portail_soak`, Redis db 4, both emptied first),
   gunicorn with the production settings (`portal/gunicorn.conf.py`: a worker per core, two
   threads each), and the siteverify stand-in of the tests (tests/support/siteverify.py) on loopback
   HTTPS: gunicorn trusts its certificate through SSL_CERT_FILE, RECAPTCHA_DOMAIN points at it.
2. Soak: wrk, SOAK_CONNECTIONS connections for SOAK_SECONDS, on the home, article, category
   and search pages in turn (bench/soak.lua), while SOAK_POSTERS threads post
   SOAK_COMMENTS_PER_SECOND comments a second in all (bench/writeload.py): fetch /csrf/ for a
   token and its cookie, then POST the form, as the page's script does. Every reader and
   commenter has an address of their own in X-Forwarded-For (TRUSTED_PROXY_COUNT=1, as behind
   nginx), so each stays within the per-IP limits (COMMENTS_RATE_LIMIT, POST_RATE_LIMIT,
   SEARCH_RATE_LIMIT) as real readers do; any 429 is counted apart all the same. The comments
   go to the article the readers read: each one drops that page (tagcache), so it is rendered
   again every 1/SOAK_COMMENTS_PER_SECOND seconds while the readers keep asking for it, one
   comment longer each time (the whole thread is on the page).
3. Worker killed: the same load for SOAK_KILL_SECONDS; after SOAK_KILL_AT seconds one worker
   gets SIGKILL. Its established connections are counted just before: each holds at most one
   request in flight (wrk does not pipeline), so that count bounds the errors a kill may cause.
4. The figures on stdout, in bench/results/soak-latest.json and in docs/quality.md (between
   the soak markers). Exit status 1 if the soak saw a 5xx or a connection error, or if the
   kill cost more errors than requests in flight.

Everything binds and sends to 127.0.0.1 only, and stops by itself.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
from pathlib import Path

import run as bench  # bench/run.py: gunicorn, manage.py and wrk helpers
import writeload  # bench/writeload.py: the commenters

ROOT = bench.ROOT
sys.path.insert(0, str(ROOT))
from tests.support.siteverify import SiteverifyStub, make_certificate  # noqa: E402

DATABASE_URL = os.environ.get(
    "SOAK_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portail_soak"
)
REDIS_URL = os.environ.get("SOAK_REDIS_URL", "redis://127.0.0.1:6379/4")
SECONDS = int(os.environ.get("SOAK_SECONDS", "60"))
CONNECTIONS = int(os.environ.get("SOAK_CONNECTIONS", "64"))
COMMENTS_PER_SECOND = float(os.environ.get("SOAK_COMMENTS_PER_SECOND", "10"))
# Up to this many comments under way at once: the rate holds while a post is answered within
# POSTERS / COMMENTS_PER_SECOND seconds (3 s; under 64 connections some take a few).
POSTERS = int(os.environ.get("SOAK_POSTERS", "30"))
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


def loaded(base: str, slug: str, paths: list[str], seconds: int, during=None):
    """wrk and the commenters together for `seconds`; `during(elapsed)` is called every 0.1 s."""
    env = {**os.environ, "SOAK_PATHS": " ".join(paths)}
    with tempfile.TemporaryFile(mode="w+") as out:
        wrk = subprocess.Popen(wrk_command(base + "/", seconds), stdout=out, env=env, text=True)
        posters = writeload.CommentPosters(base, [slug], COMMENTS_PER_SECOND, POSTERS, check=False)
        posting = False  # from once wrk's connections are open: see bench.WRITERS_AFTER_SECONDS
        started = time.monotonic()
        while wrk.poll() is None:
            elapsed = time.monotonic() - started
            if not posting and elapsed >= bench.WRITERS_AFTER_SECONDS:
                posters.start()
                posting = True
            if during is not None:
                during(elapsed)
            time.sleep(0.1)
        comments = posters.stop()
        out.seek(0)
        figures = parse_wrk(out.read())
    figures["comments"] = comments
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
            f"{c['posted']} ({c['posted'] / f['seconds']:.1f}/s, {c['behind']} behind; "
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
            f"in turn, comments through the siteverify stand-in at "
            f"{report['comments_per_second']:g} a second, up to {report['posters']} under way "
            "at once (each comment from an address of its own; due ones no poster was free "
            "for by the end are counted as behind)._",
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
            "posters": POSTERS,
        }
        print(f"· soak: {SECONDS} s, {CONNECTIONS} connections, comments …", flush=True)
        report["soak"] = loaded(server.url, slug, paths, SECONDS)
        print(f"  {report['soak']}", flush=True)
        print(f"· worker killed at {KILL_AT:g} s of {KILL_SECONDS} s …", flush=True)
        killer = Killer(server)
        report["kill"] = loaded(server.url, slug, paths, KILL_SECONDS, during=killer)
        report["kill"]["kill"] = killer.record
        print(f"  {report['kill']}", flush=True)
        report["siteverify_requests"] = len(stub.requests)
    finally:
        if server is not None:
            bench.stop(server)
        stub.stop()
        shutil.rmtree(tmp, ignore_errors=True)  # the stand-in's certificate
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
