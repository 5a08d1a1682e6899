"""Raw bytes no client library would send (invalid UTF-8 in the request line, a path of 4,000
percent signs), written to a socket of the live server: a 4xx, never a 500. The rest of the
garbage goes through Django's test client (``test_robustness.py``)."""

import socket
from urllib.parse import urlsplit

import pytest

from tests.support.factories import ArticleFactory

pytestmark = pytest.mark.system


def raw_request(live_server, request: bytes) -> bytes:
    host, port = urlsplit(live_server.url).netloc.split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(request)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize(
    "request_line",
    [
        b"GET /article/\xff\xfe\x00/ HTTP/1.1",
        b"GET /recherche/?q=\xff\xfe\xc0\xaf HTTP/1.1",
        b"GET /rubrique/\xe9t\xe9/?page=\xff HTTP/1.1",
        b"GET /" + b"%" * 4000 + b" HTTP/1.1",
    ],
)
def test_raw_invalid_bytes_on_the_wire_are_never_a_500(live_server, request_line):
    ArticleFactory()
    answer = raw_request(
        live_server, request_line + b"\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    status = int(answer.split(b" ", 2)[1])
    assert 200 <= status < 500, answer[:200]
