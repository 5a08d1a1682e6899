#!/usr/bin/env python
"""`make bench-newsletter`: one edition of « L'essentiel » to BENCH_NEWSLETTER_RECIPIENTS
(10,000; 50,000 for the large run) through the real worker (`manage.py worker`, a separate
process, django-tasks-db on SQLite or BENCH_DATABASE_URL) and Django's SMTP backend, to an SMTP
sink on 127.0.0.1 (aiosmtpd). Prints time, rate and the worker's peak memory, and writes JSON
to bench/results/newsletter-latest.json. Target: at least 100 messages a second.

The same harness serves tests/system/test_newsletter_worker.py, which kills the worker mid-edition.
Everything binds and sends to 127.0.0.1 only; the worker is stopped at the end, whatever happens.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").exists() else sys.executable

# Run inside the portal's settings by `prepare`: an article, the subscribers, an edition due now.
PREPARE = """
import sys
import django
django.setup()
from django.utils import timezone
from articles.models import Article, Category
from django.contrib.auth import get_user_model
from newsletter import services
from newsletter.models import Subscriber
from subscriptions.models import email_hash
count = int(sys.argv[1])
user = get_user_model().objects.create(username="bench")
section = Category.objects.create(name="Politique", slug="politique")
for n in range(6):
    Article.objects.create(
        title=f"Titre de l'article {n} du banc d'essai de la lettre", slug=f"banc-{n}",
        standfirst="Un chapeau qui dit l'essentiel de l'article en deux lignes. " * 3,
        body="<p>Texte.</p>", category=section, author=user, status="published",
        published_at=timezone.now(),
    )
now = timezone.now()
Subscriber.objects.bulk_create(
    [Subscriber(email=f"lecteur{n}@example.org", email_hash=email_hash(f"lecteur{n}@example.org"),
                confirmed_at=now) for n in range(count)],
    batch_size=2000,
)
edition = services.daily_edition_assemble()
if edition is None:
    from newsletter.models import Edition
    edition = Edition.objects.get()
services.edition_schedule(edition)
print(edition.pk)
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Counting:
    """aiosmtpd handler: counts what it accepts, per recipient; parses nothing (a sink)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.recipients: Counter[str] = Counter()
        self.sizes: list[int] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        with self.lock:
            self.recipients.update(envelope.rcpt_tos)
            if len(self.sizes) < 5:
                self.sizes.append(len(envelope.original_content or envelope.content))
        return "250 Accepted"

    @property
    def total(self) -> int:
        with self.lock:
            return sum(self.recipients.values())


@contextlib.contextmanager
def smtp_sink():
    handler = Counting()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller
    finally:
        controller.stop()


def portal_env(workdir: Path, smtp_port: int, **extra: str) -> dict[str, str]:
    database = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{workdir / 'portail.sqlite3'}"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "NEWSLETTER_", "EMAIL_", "REDIS_URL", "DATABASE_URL"))
    }
    return env | {
        "DJANGO_ENV": "development",
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DEBUG": "0",
        "DATABASE_URL": database,
        "MEDIA_ROOT": str(workdir / "media"),
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "SITE_URL": "https://portail.example.org",
        "LOG_FORMAT": "plain",
        "PYTHONDONTWRITEBYTECODE": "1",
        **extra,
    }


def manage(env: dict[str, str], *args: str, timeout: float = 600) -> str:
    done = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def prepare(env: dict[str, str], recipients: int) -> int:
    """A fresh database with `recipients` confirmed subscribers and an edition due now."""
    manage(env, "migrate", "--noinput", "-v", "0")
    done = subprocess.run(
        [PYTHON, "-c", PREPARE, str(recipients)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode:
        raise RuntimeError(f"preparing the edition failed:\n{done.stderr[-3000:]}")
    return int(done.stdout.strip().splitlines()[-1])


def start_worker(env: dict[str, str], log: Path) -> subprocess.Popen:
    command = [PYTHON, "manage.py", "worker", "--no-reload", "--no-startup-delay"]
    command += ["--interval", "0.2", "--tick", env.get("BENCH_TICK_SECONDS", "0.5")]
    with open(log, "ab") as output:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=output)


def stop_worker(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(10)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def peak_rss_mb(pid: int) -> float:
    """The process's high-water resident memory (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def deliveries(database: Path, edition_id: int) -> dict[str, int]:
    with contextlib.closing(sqlite3.connect(database, timeout=30)) as db:
        rows = db.execute(
            "SELECT status, COUNT(*) FROM newsletter_delivery WHERE edition_id = ? GROUP BY status",
            (edition_id,),
        ).fetchall()
    return dict(rows)


def edition_status(database: Path, edition_id: int) -> str:
    with contextlib.closing(sqlite3.connect(database, timeout=30)) as db:
        (status,) = db.execute(
            "SELECT status FROM newsletter_edition WHERE id = ?", (edition_id,)
        ).fetchone()
    return status


def wait_for(condition, timeout: float, every: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(every)
    return False


def run(recipients: int) -> dict:
    if os.environ.get("BENCH_DATABASE_URL"):
        raise SystemExit(
            "the bench reads the send log with sqlite3: leave BENCH_DATABASE_URL unset"
        )
    with tempfile.TemporaryDirectory(prefix="bench-newsletter-") as tmp, smtp_sink() as sink:
        workdir = Path(tmp)
        env = portal_env(workdir, sink.port)
        started = time.monotonic()
        edition = prepare(env, recipients)
        prepared = time.monotonic() - started
        worker = start_worker(env, workdir / "worker.log")
        try:
            began = time.monotonic()
            first = wait_for(lambda: sink.handler.total > 0, 60)
            first_at = time.monotonic() - began
            finished = wait_for(
                lambda: (
                    sink.handler.total >= recipients
                    and edition_status(workdir / "portail.sqlite3", edition) == "sent"
                ),
                max(120, recipients / 50),
                every=0.2,
            )
            elapsed = time.monotonic() - began
            memory = peak_rss_mb(worker.pid)
        finally:
            stop_worker(worker)
        if not (first and finished):
            print((workdir / "worker.log").read_text()[-3000:], file=sys.stderr)
            raise SystemExit("the edition did not finish")
        sending = elapsed - first_at
        return {
            "recipients": recipients,
            "received": sink.handler.total,
            "distinct": len(sink.handler.recipients),
            "prepare_seconds": round(prepared, 1),
            "first_message_after_seconds": round(first_at, 2),
            "seconds": round(elapsed, 1),
            "messages_per_second": round(recipients / elapsed, 1),
            "messages_per_second_while_sending": round(recipients / sending, 1),
            "worker_peak_rss_mb": round(memory, 1),
            "message_bytes": sink.handler.sizes[:1],
            "log": deliveries(workdir / "portail.sqlite3", edition),
        }


def main() -> None:
    recipients = int(os.environ.get("BENCH_NEWSLETTER_RECIPIENTS", "10000"))
    result = run(recipients)
    print(
        f"« L'essentiel » to {result['recipients']:,} recipients: {result['seconds']} s, "
        f"{result['messages_per_second']} messages/s ({result['messages_per_second_while_sending']}"
        f" while sending), worker peak RSS {result['worker_peak_rss_mb']} MB, "
        f"{result['message_bytes']} bytes a message, {result['received']} received "
        f"({result['distinct']} distinct)"
    )
    out = ROOT / "bench" / "results" / "newsletter-latest.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    target = 100
    if result["messages_per_second"] < target:
        raise SystemExit(f"below the target of {target} messages a second")


if __name__ == "__main__":
    main()
