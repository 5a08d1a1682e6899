"""Running the site as production runs it: the environment, `manage.py` in a child process,
gunicorn started and stopped, and plain HTTP(S) requests to it.
"""

from __future__ import annotations

import http.client
import os
import secrets
import ssl
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings as django_settings

BASE_DIR = Path(django_settings.BASE_DIR)


PYTHON = sys.executable


GUNICORN = str(Path(sys.executable).parent / "gunicorn")


STRONG_SECRET = secrets.token_urlsafe(50)


def production_env(**overrides: str) -> dict[str, str]:
    """The environment a production process gets: only what production needs."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "SECURE_", "RECAPTCHA_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        DJANGO_ENV="production",
        SECRET_KEY=STRONG_SECRET,
        ALLOWED_HOSTS="portail.example.org,127.0.0.1,localhost",
        # PostgreSQL, as in production, on a port that refuses: nothing here may connect (the
        # JSON fields' system check asks SQLite for its JSON support, PostgreSQL needs no query).
        DATABASE_URL="postgres://portail@127.0.0.1:9/never-opened",
        REDIS_URL="redis://127.0.0.1:9/0",  # likewise never opened
        RECAPTCHA_PUBLIC_KEY="cle-publique-de-production",
        RECAPTCHA_PRIVATE_KEY="cle-secrete-de-production",
        # A VAPID pair made for these tests only (manage.py make_vapid_keys): alerts on.
        WEBPUSH_VAPID_PRIVATE_KEY="2fO1IVwbbD2KSoxIAiOResnh4_oVMM59JXY1lUklkmw",
        WEBPUSH_VAPID_PUBLIC_KEY="BDQHCMSEwylg7xQ-Awu_ewJ1iRUWiQ7a5E7R8sU9Oq2I7XxcHBtrnDrCNo96umfqmC5lvxsJrSer-mkZuhRXTjc",
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.update(overrides)
    return {key: value for key, value in env.items() if value is not None}


def manage(*args: str, env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    header_lines: list[tuple[str, str]] = field(default_factory=list)  # repeated ones too

    def header(self, name: str) -> str:
        return self.headers.get(name.lower(), "")

    def every(self, name: str) -> list[str]:
        """Each line of that header, as sent."""
        return [value for key, value in self.header_lines if key.lower() == name.lower()]


def fetch(port: int, path: str, *, tls: ssl.SSLContext | None = None, **headers: str) -> Response:
    """One request, no redirect followed, headers as given (Host defaults to 127.0.0.1)."""
    headers = {name.replace("_", "-"): value for name, value in headers.items()}
    headers.setdefault("Host", "127.0.0.1")
    if tls is None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    else:
        connection = http.client.HTTPSConnection("127.0.0.1", port, timeout=15, context=tls)
    try:
        connection.request("GET", path, headers=headers)
        answer = connection.getresponse()
        lines = answer.getheaders()
        return Response(answer.status, {k.lower(): v for k, v in lines}, answer.read(), lines)
    finally:
        connection.close()


def wait_until_answering(port: int, path: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"server exited:\n{log.read_text()[-3000:]}")
        try:
            fetch(port, path)
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"server not answering:\n{log.read_text()[-3000:]}")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
