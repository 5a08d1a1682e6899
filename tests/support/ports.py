"""Ports on 127.0.0.1 for servers a test starts (gunicorn, nginx, Redis, SMTP)."""

from __future__ import annotations

import socket
from contextlib import ExitStack


def free_ports(count: int) -> list[int]:
    """`count` different ports that nothing listens on.

    The probes stay bound until all are chosen: two probes opened one after the other may be
    given the same port once the first is closed, and two servers told to share a port fail
    (nginx then read its HTTP listener as the HTTPS one's and refused to start).
    """
    with ExitStack() as stack:
        probes = [stack.enter_context(socket.socket()) for _ in range(count)]
        for probe in probes:
            probe.bind(("127.0.0.1", 0))
        return [probe.getsockname()[1] for probe in probes]


def free_port() -> int:
    return free_ports(1)[0]
