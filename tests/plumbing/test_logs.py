"""Logs an on-call person can search: one JSON line per request, ids that match the response,
stack traces for errors, and no email addresses or passwords."""

from __future__ import annotations

import io
import json
import logging
import signal
from collections.abc import Iterator

import pytest
from django.test import Client

from plumbing.logs import JsonFormatter, RequestIdFilter, mask
from tests.support.factories import StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_stream() -> Iterator[io.StringIO]:
    """What the production handler writes: a JSON handler on the root and django loggers."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    loggers = [logging.getLogger(), logging.getLogger("django")]
    for logger in loggers:
        logger.addHandler(handler)
    yield stream
    for logger in loggers:
        logger.removeHandler(handler)


def written(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_each_request_gets_one_access_line_with_its_id(client, log_stream):
    response = client.get("/confidentialite/?email=awa@example.org")
    entries = [e for e in written(log_stream) if e["logger"] == "portal.request"]
    assert len(entries) == 1
    entry = entries[0]
    assert entry["request_id"] == response["X-Request-ID"]
    assert (entry["method"], entry["path"], entry["status"]) == ("GET", "/confidentialite/", 200)
    assert isinstance(entry["duration_ms"], float)
    assert entry["level"] == "INFO" and entry["time"].endswith("+00:00")


def test_django_s_own_warning_for_a_404_carries_the_request_id(client, log_stream):
    response = client.get("/page-introuvable/")
    assert response.status_code == 404
    warnings = [e for e in written(log_stream) if e["logger"] == "django.request"]
    assert warnings and warnings[0]["message"] == "Not Found: /page-introuvable/"
    assert warnings[0]["request_id"] == response["X-Request-ID"]


@pytest.mark.parametrize(
    ("request_kwargs", "logger"),
    [
        ({"HTTP_HOST": "evil.example"}, "django.security.DisallowedHost"),
        ({"HTTP_HOST": "x" * 5000}, "django.security.DisallowedHost"),
        ({"data": {f"champ{n}": "x" for n in range(5000)}}, "django.security.TooManyFieldsSent"),
        ({"data": {"q": "x" * 3_000_000}}, "django.security.RequestDataTooBig"),
    ],
    ids=["foreign-host", "huge-host", "5000-fields", "3-MB-body"],
)
def test_a_request_nobody_can_read_is_a_warning_not_an_error(log_stream, request_kwargs, logger):
    """A bot's doing, answered with the French 400: a WARNING with no stack trace. At ERROR,
    every one of them paged the on-call person (docs/security.md: hostile input never logs at
    ERROR)."""
    response = Client().post("/contact/", **request_kwargs)
    assert response.status_code == 400
    entries = [e for e in written(log_stream) if e["logger"] == logger]
    assert entries, [e["logger"] for e in written(log_stream)]
    assert {e["level"] for e in entries} == {"WARNING"}
    assert not any(e.get("exception") for e in entries)
    assert not [e for e in written(log_stream) if e["level"] in ("ERROR", "CRITICAL")]


@pytest.mark.parametrize(
    ("address", "logger"),
    [
        (
            "/admin/articles/article/?author__password__startswith=p",
            "django.security.DisallowedModelAdminLookup",
        ),
        (
            "/admin/articles/article/?_to_field=author",
            "django.security.DisallowedModelAdminToField",
        ),
    ],
    ids=["lookup", "to-field"],
)
def test_a_forged_admin_filter_is_a_warning_not_an_error(client, log_stream, address, logger):
    """Any member of staff could fill the error log, each line with its stack trace, by typing
    a filter the admin refuses (an attacker's trial)."""
    client.force_login(StaffFactory(role="Éditeur"))
    assert client.get(address).status_code == 400
    entries = [e for e in written(log_stream) if e["logger"] == logger]
    assert entries, [e["logger"] for e in written(log_stream)]
    assert {e["level"] for e in entries} == {"WARNING"}
    assert not any(e.get("exception") for e in entries)
    assert not [e for e in written(log_stream) if e["level"] in ("ERROR", "CRITICAL")]


def test_a_refusal_or_a_missing_page_is_one_line_without_a_stack_trace(client, log_stream):
    """A client's doing (a Rédacteur on the users' screen, a scanner's guess): Django wrote
    each 403 and 404 warning with the whole trace of the exception that answered it."""
    client.force_login(StaffFactory(role="Rédacteur"))
    assert client.get("/admin/auth/user/").status_code == 403
    assert client.get("/page-introuvable/").status_code == 404

    warnings = [e for e in written(log_stream) if e["logger"] == "django.request"]
    assert [e["message"] for e in warnings] == [
        "Forbidden (Permission denied): /admin/auth/user/",
        "Not Found: /page-introuvable/",
    ]
    assert not any(e.get("exception") for e in warnings)


def test_a_sane_request_id_from_the_proxy_is_kept_and_a_forged_one_replaced(client):
    kept = client.get("/healthz", HTTP_X_REQUEST_ID="f3b2c1d4e5f60718293a4b5c6d7e8f90")
    assert kept["X-Request-ID"] == "f3b2c1d4e5f60718293a4b5c6d7e8f90"
    for forged in ("x", "<script>alert(1)</script>", "a" * 300, "id\r\nSet-Cookie: a=b"):
        replaced = client.get("/healthz", HTTP_X_REQUEST_ID=forged)
        assert replaced["X-Request-ID"] != forged
        assert len(replaced["X-Request-ID"]) == 32


def test_an_error_is_logged_with_its_stack_trace_and_the_request_id(monkeypatch, log_stream):
    def broken():
        raise RuntimeError("le cache de contenu a explosé pour awa.kone@example.org")

    monkeypatch.setattr("tagcache.versions.apply_due_changes", broken)
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500
    errors = [e for e in written(log_stream) if e["level"] == "ERROR"]
    assert errors, written(log_stream)
    error = errors[0]
    assert error["request_id"] == response["X-Request-ID"]
    assert "Traceback (most recent call last)" in error["exception"]
    assert "RuntimeError" in error["exception"]
    assert "awa.kone@example.org" not in json.dumps(errors)
    assert "a***@example.org" in error["exception"]


def test_email_addresses_and_url_passwords_are_masked():
    assert mask("commentaire de awa.kone@example.org") == "commentaire de a***@example.org"
    assert (
        mask("could not connect to postgres://portail:s3cr3t-Pa55@db.internal:5432/portail")
        == "could not connect to postgres://portail:***@db.internal:5432/portail"
    )
    assert mask("redis://:motdepasse@cache:6379/0") == "redis://:***@cache:6379/0"
    assert mask("rien à masquer ici") == "rien à masquer ici"
    assert mask("Not Found: /x/-awa@example.org/") == "Not Found: /x/-***@example.org/"


def test_a_huge_hostile_line_is_masked_at_once():
    """A bot's 1 MB path without an "@" is logged as a 404: the patterns used to rescan it from
    each of its characters (1.2 s for 16 KB, hours for this one); a watchdog stops a regression
    after 5 s instead of hanging the suite (linear scanning takes about 30 ms)."""

    def stalled(signum, frame):
        raise TimeoutError("masking a 1 MB line took over 5 s: a pattern backtracks")

    line = "Not Found: /" + "a" * 1_000_000 + " de awa.kone@example.org http://a:b@c"
    previous = signal.signal(signal.SIGALRM, stalled)
    signal.alarm(5)
    try:
        masked = mask(line)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert masked.endswith(" de a***@example.org http://a:***@c")


def test_log_stream_outside_a_request_are_json_with_a_dash_for_the_id(log_stream):
    logging.getLogger("portal.test").warning("purge de %s", "bob@example.org", extra={"n": 3})
    entry = written(log_stream)[-1]
    assert entry["message"] == "purge de b***@example.org"
    assert entry["request_id"] == "-"
    assert entry["n"] == 3


def test_a_links_secret_never_reaches_the_logs(client, log_stream):
    """A confirmation, preferences or unsubscribe link, or a new journalist's password link,
    was written whole in the access line and in Django's « Not Found » warning: the log store
    held working links to change someone's choices or set a password."""
    token = "WzEsImQxMDhiOGMyIl0:1xZeRq:r0_7HkRD1SLBHBq605zC9LOsH"
    paths = [
        f"/lettre/confirmer/{token}/",
        f"/lettre/confirmer/{token}",  # the last slash lost: a redirect to the working link
        f"/lettre/preferences/{token}/",
        f"/lettre/desabonner/{token}/",
        f"/abonnements/desabonner/{token}/",
        f"/admin/mot-de-passe/MTIz/{token}/",
    ]
    for path in paths:
        client.get(path)

    logged = log_stream.getvalue()
    assert "r0_7HkRD1SLBH" not in logged and "MTIz" not in logged
    access = [e["path"] for e in written(log_stream) if e["logger"] == "portal.request"]
    assert access[0] == "/lettre/confirmer/…/" and access[-1] == "/admin/mot-de-passe/…/…/"
