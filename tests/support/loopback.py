"""What the loopback stand-ins (siteverify.py, oembed.py) share: a server on 127.0.0.1 served by
a daemon thread, and a state the tests change under a lock and reset between tests."""

from __future__ import annotations

import threading
from socketserver import BaseServer
from typing import Any, Self


class LoopbackStandIn:
    """Subclasses name their `State` (a dataclass whose `release` event wakes handlers left
    sleeping in a slow mode) and hand their server to `_serve()` from `__init__`."""

    State: type[Any]

    def _serve(self, server: BaseServer) -> None:
        self._lock = threading.Lock()
        self._state = self.State()
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, daemon=True)

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
