"""Sending that survives: a real worker process (`manage.py worker`), killed
with SIGKILL in the middle of an edition, then started again; an SMTP sink on loopback counts
what arrived. Every reader gets the edition, and only what was in flight at the kill (at most
the messages accepted since the last mark in the send log, NEWSLETTER_MARK_EVERY) goes twice.

The harness (fresh SQLite database, subscribers, edition due now, the sink) is bench/newsletter.py,
the one `make bench-newsletter` measures with.
"""

import os
import signal
from pathlib import Path

import pytest

from bench import newsletter as harness
from tests.support.fixtures.database import copy_of_the_template

RECIPIENTS = 600


@pytest.fixture
def edition_ready(tmp_path):
    with harness.smtp_sink() as sink:
        env = harness.portal_env(
            tmp_path,
            sink.port,
            # Slow enough to be caught in the middle, short lease so the restart takes over soon.
            NEWSLETTER_MAX_PER_SECOND="150",
            NEWSLETTER_BATCH_SIZE="50",
            NEWSLETTER_LEASE_SECONDS="2",
        )
        copy_of_the_template(tmp_path / "portail.sqlite3")  # the harness migrates what is missing
        edition = harness.prepare(env, RECIPIENTS)
        yield sink, env, edition, tmp_path / "portail.sqlite3"


def test_a_worker_killed_mid_edition_resumes_where_it_stopped(edition_ready, tmp_path):
    sink, env, edition, database = edition_ready
    inbox = sink.handler
    log = tmp_path / "worker.log"

    worker = harness.start_worker(env, log)
    try:
        assert harness.wait_for(lambda: inbox.total >= RECIPIENTS // 3, 60), log.read_text()
        os.kill(worker.pid, signal.SIGKILL)  # no goodbye: no handler runs, nothing is flushed
        worker.wait(10)
    finally:
        harness.stop_worker(worker)

    received_before = inbox.total
    marked = harness.deliveries(database, edition).get("sent", 0)
    assert RECIPIENTS // 3 <= received_before < RECIPIENTS  # really stopped in the middle
    # In flight: accepted by the server since the last mark (every NEWSLETTER_MARK_EVERY, 20).
    assert 0 <= received_before - marked <= 20
    assert harness.edition_status(database, edition) == "sending"

    restarted = harness.start_worker(env, log)
    try:
        assert harness.wait_for(
            lambda: harness.edition_status(database, edition) == "sent", 60, every=0.2
        ), log.read_text()[-3000:]
    finally:
        harness.stop_worker(restarted)

    assert set(inbox.recipients) == {f"lecteur{n}@example.org" for n in range(RECIPIENTS)}
    twice = [address for address, count in inbox.recipients.items() if count > 1]
    assert len(twice) == received_before - marked  # the unmarked one, and no other
    assert inbox.total == RECIPIENTS + len(twice)
    assert harness.deliveries(database, edition) == {"sent": RECIPIENTS}


def test_the_worker_stops_cleanly_on_sigterm(tmp_path):
    """`make run` and systemd stop it with SIGTERM: it exits at once when idle."""
    with harness.smtp_sink() as sink:
        env = harness.portal_env(tmp_path, sink.port)
        copy_of_the_template(tmp_path / "portail.sqlite3")
        harness.manage(env, "migrate", "--noinput", "-v", "0")
        worker = harness.start_worker(env, tmp_path / "worker.log")
        log = Path(tmp_path / "worker.log")
        assert harness.wait_for(lambda: "Starting worker" in log.read_text(), 30), log.read_text()
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(10) == 0
