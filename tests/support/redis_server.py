"""A real redis-server on a free port, started and stopped by the test, and the cache settings
that point at it.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator

import pytest

from tests.support.ports import free_port

REDIS_SERVER = shutil.which("redis-server")


def wait_for_port(port: int, *, up: bool, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            is_up = True
        except OSError:
            is_up = False
        if is_up == up:
            return
        time.sleep(0.05)
    raise AssertionError(f"port {port} still {'down' if up else 'up'} after {timeout}s")


class RedisProcess:
    """A throwaway redis-server on 127.0.0.1:<port>, no persistence."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port, up=True)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None
        wait_for_port(self.port, up=False)


def redis_cache(location: str, *, retry_after: float = 0.2, log_every: float = 60) -> dict:
    return {
        "default": {
            "BACKEND": "tagcache.backend.ResilientRedisCache",
            "LOCATION": location,
            "KEY_PREFIX": "portail-test",
            "OPTIONS": {
                "socket_connect_timeout": 0.5,
                "socket_timeout": 0.5,
                "RETRY_AFTER": retry_after,
                "LOG_EVERY": log_every,
            },
        }
    }


@pytest.fixture
def redis_process() -> Iterator[RedisProcess]:
    if REDIS_SERVER is None:
        pytest.skip("redis-server not installed: apt-get install -y redis-server")
    server = RedisProcess(free_port())
    server.start()
    yield server
    server.stop()
