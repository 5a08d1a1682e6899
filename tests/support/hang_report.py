"""Where a hung test was stuck, in the run's report.

pytest-timeout's "thread" method ends a hung worker after `timeout` seconds, and the stacks it
prints are lost under pytest-xdist: the controller only says « worker 'gw1' crashed ». They
would not say much anyway: a Playwright call waits in the event loop of another greenlet, so
the main thread's stack is asyncio's, and the test's own line sits in a suspended greenlet.

So each test gets a watchdog, fired a little before pytest-timeout: it writes every thread's
stack and every suspended greenlet's stack to a file for its worker, and the controller adds
that file to the crashed test's report. A test that ends before its watchdog leaves nothing behind.
"""

import gc
import os
import shutil
import sys
import tempfile
import threading
import traceback
from pathlib import Path

import pytest

REPORTS = "PORTAIL_HANG_REPORTS"  # the run's directory, set by the controller, seen by workers
EARLIER = 10  # seconds before pytest-timeout ends the worker
DEPTH = 12  # innermost frames of each stack: the test's line and what it waits on
WATCHDOG = pytest.StashKey[threading.Timer]()


def stacks(nodeid: str) -> str:
    """Every thread's stack, then every greenlet's that is waiting (Playwright's sync API)."""
    names = {thread.ident: thread.name for thread in threading.enumerate()}
    lines = [f"{nodeid} was still running {EARLIER} s before its timeout:\n"]
    for ident, frame in sys._current_frames().items():
        if ident == threading.get_ident():  # this watchdog
            continue
        lines.append(f"\n-- thread {names.get(ident, ident)}\n")
        lines.extend(traceback.format_stack(frame, limit=DEPTH))
    if greenlet := sys.modules.get("greenlet"):  # loaded by Playwright, if this test used it
        for suspended in gc.get_objects():
            if isinstance(suspended, greenlet.greenlet) and suspended.gr_frame is not None:
                lines.append("\n-- a waiting greenlet\n")
                lines.extend(traceback.format_stack(suspended.gr_frame, limit=DEPTH))
    return "".join(lines)


def report_path() -> Path | None:
    """This worker's file, or None when no controller will read it (no pytest-xdist)."""
    directory, worker = os.environ.get(REPORTS), os.environ.get("PYTEST_XDIST_WORKER")
    return Path(directory) / f"{worker}.txt" if directory and worker else None


def write_report(nodeid: str, path: Path | None) -> None:
    text = stacks(nodeid)
    if path is None:  # pytest-timeout prints to the terminal: this goes with it
        print(text, file=sys.__stderr__, flush=True)
    else:
        path.write_text(text)


@pytest.hookimpl(trylast=True)
def pytest_configure(config):
    if getattr(config.option, "numprocesses", None) and not os.environ.get("PYTEST_XDIST_WORKER"):
        config.hang_reports = tempfile.mkdtemp(prefix="portail-hangs-")
        os.environ[REPORTS] = config.hang_reports  # the workers, started later, inherit it


def pytest_unconfigure(config):
    if directory := getattr(config, "hang_reports", None):
        shutil.rmtree(directory, ignore_errors=True)


@pytest.hookimpl(tryfirst=True, optionalhook=True)
def pytest_timeout_set_timer(item, settings):
    """Beside pytest-timeout's own timer (returning None lets it set that one)."""
    if settings.method == "thread" and settings.timeout > EARLIER:
        watchdog = threading.Timer(
            settings.timeout - EARLIER, write_report, (item.nodeid, report_path())
        )
        watchdog.daemon = True
        watchdog.start()
        item.stash[WATCHDOG] = watchdog


@pytest.hookimpl(tryfirst=True, optionalhook=True)
def pytest_timeout_cancel_timer(item):
    if watchdog := item.stash.get(WATCHDOG, None):
        watchdog.cancel()
        del item.stash[WATCHDOG]


@pytest.hookimpl(optionalhook=True)
def pytest_handlecrashitem(crashitem, report, sched):
    """On the controller: the stacks of the test a worker crashed on, if its watchdog wrote them."""
    if not (directory := os.environ.get(REPORTS)):
        return
    for path in Path(directory).glob("*.txt"):
        text = path.read_text()
        if text.startswith(f"{crashitem} "):
            report.longrepr = f"{report.longrepr}\n\n{text}"
            path.unlink()
