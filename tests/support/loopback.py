"""What the loopback stand-ins (siteverify.py, oembed.py, push_service.py) share: a server on
127.0.0.1 served by a daemon thread, and a state the tests change under a lock and reset between
tests."""

from __future__ import annotations

import threading
from socketserver import BaseServer
from typing import Any, Self


def serving_thread(server: BaseServer) -> threading.Thread:
    """The daemon thread that serves `server`. Its `shutdown()` waits for the loop's next look at
    its flag: every half second by default, so half a second at every stop (tests/reach/
    test_push.py's 28 tests, a stand-in per test: 8.5 s, 1.5 s at 20 ms)."""
    poll = {"poll_interval": 0.02}
    return threading.Thread(target=server.serve_forever, kwargs=poll, daemon=True)


class LoopbackStandIn:
    """Subclasses name their `State` (a dataclass whose `release` event wakes handlers left
    sleeping in a slow mode) and hand their server to `_serve()` from `__init__`."""

    State: type[Any]

    def _serve(self, server: BaseServer) -> None:
        self._lock = threading.Lock()
        self._state = self.State()
        self._server = server
        self._thread = serving_thread(server)

    def start(self) -> Self:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._state.release.set()
        self._server.shutdown()
        self._server.server_close()

    def reset(self) -> None:
        """Back to the default state; wake any handler still sleeping in a slow mode."""
        with self._lock:
            previous, self._state = self._state, self.State()
        previous.release.set()
