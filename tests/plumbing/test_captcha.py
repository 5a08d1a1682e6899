"""The captcha gate, end to end through a real HTTPS siteverify stand-in.

Nothing here leaves 127.0.0.1; only the tests that post through the comment form need the
database.
"""

from __future__ import annotations

import html
import logging
import time

import pytest
from django.core import mail
from django.core.checks import Tags, run_checks

import comments.checks  # noqa: F401 — registers the checks under test
from comments.models import Comment
from plumbing import captcha
from plumbing.captcha import verify
from plumbing.clientip import client_ip
from tests.support.factories import ArticleFactory
from tests.support.text import fr

TOKEN = "token-from-the-page"
# No jargon (« score »), and where to write: the footer's « Contact ».
LOW_SCORE_MESSAGE = fr(
    "Le captcha n'a pas pu confirmer que vous n'êtes pas un robot. Réessayez dans un moment : "
    "votre texte est conservé. Si cela se reproduit, écrivez-nous depuis la page « Contact », "
    "en bas de page."
)
FAILED_MESSAGE = "La vérification du captcha a échoué."
PENDING_MESSAGE = "Votre commentaire est en attente de modération."


@pytest.fixture
def post(rf):
    """A comment POST from a reader at 203.0.113.7, no proxy in front."""
    return rf.post("/commentaires/", REMOTE_ADDR="203.0.113.7")


# --- Triage on the score ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "decision", "reason", "status"),
    [
        (0.9, "publish", "score_high", "published"),
        (1.0, "publish", "score_high", "published"),
        (0.7, "publish", "score_high", "published"),  # at the approval threshold: published
        (0.69, "hold", "score_mid", "pending"),
        (0.5, "hold", "score_mid", "pending"),
        (0.3, "hold", "score_mid", "pending"),  # at the refusal threshold: not refused
        (0.29, "refuse", "score_low", "spam"),
        (0.1, "refuse", "score_low", "spam"),
        (0.0, "refuse", "score_low", "spam"),
    ],
)
def test_score_triage(siteverify, post, score, decision, reason, status):
    siteverify.answer(score=score)

    verdict = verify(TOKEN, post)

    assert (verdict.decision, verdict.reason, verdict.status) == (decision, reason, status)
    assert verdict.score == score
    assert (verdict.action, verdict.hostname) == ("comment", "testserver")
    assert str(score) not in verdict.message


def test_publish_has_no_message(siteverify, post):
    assert verify(TOKEN, post).message == ""


def test_hold_says_pending(siteverify, post):
    siteverify.answer(score=0.5)
    assert verify(TOKEN, post).message == PENDING_MESSAGE


def test_low_score_names_the_captcha_and_invites_contact(siteverify, post):
    siteverify.answer(score=0.1)
    assert verify(TOKEN, post).message == LOW_SCORE_MESSAGE


def test_thresholds_are_read_at_call_time(siteverify, post, settings):
    settings.CAPTCHA_SCORE_PUBLISH_AT = 0.95
    siteverify.answer(score=0.9)
    assert verify(TOKEN, post).decision == "hold"


def test_a_high_score_passes_the_gate_whatever_the_comments_moderate(siteverify, post, settings):
    """COMMENTS_MODERATE_ALL is the comments' (comments.services.moderated): the contact form
    and the newsletter's sign-up, which share this gate, are not held by it."""
    settings.COMMENTS_MODERATE_ALL = True
    siteverify.answer(score=0.9, action="contact")

    verdict = verify(TOKEN, post, action="contact")

    assert (verdict.decision, verdict.status) == ("publish", "published")


# --- Invalid tokens: refused, nothing stored --------------------------------------------


def assert_failed(verdict, reason):
    assert (verdict.decision, verdict.reason, verdict.status) == ("refuse", reason, "")
    assert verdict.message == FAILED_MESSAGE


@pytest.mark.parametrize("token", [None, "", "   "])
def test_missing_token_is_refused_without_calling_google(siteverify, post, token):
    assert_failed(verify(token, post), "missing_token")
    assert siteverify.requests == []


@pytest.mark.parametrize("codes", [["invalid-input-response"], ["timeout-or-duplicate"], []])
def test_success_false_is_refused(siteverify, post, codes):
    siteverify.answer(success=False, error_codes=codes, score=None, action=None, hostname=None)
    assert_failed(verify(TOKEN, post), "invalid_token")


def test_bad_request_from_siteverify_is_refused(siteverify, post):
    """« bad-request »: the request was malformed, and the only part a client shapes is the
    token. Holding would store and mail whatever a script aimed at it."""
    siteverify.answer(
        success=False, error_codes=["bad-request"], score=None, action=None, hostname=None
    )
    assert_failed(verify(TOKEN, post), "invalid_token")


# Tokens Google's script never makes (URL-safe base64, a few KB at most).
MALFORMED_TOKENS = [
    "a" * (captcha.TOKEN_MAX_LENGTH + 1),
    "03AFcWeA" * 50_000,  # 400 KB
    "jeton avec des espaces",
    "03AGdBq2+4/xYz==",  # standard base64: "+", "/" and "=" never appear in a token
    "token.with.dots",
    "<script>alert(1)</script>",
    "jeton\x00nul",
    "jéton",
    "٣٣٣",  # a digit to str.isdigit(), not to the token alphabet
    "%41%42%43",
    "jeton\njeton",
]


@pytest.mark.parametrize("token", MALFORMED_TOKENS, ids=range(len(MALFORMED_TOKENS)))
def test_malformed_token_is_refused_without_calling_google(siteverify, post, token, caplog):
    with caplog.at_level(logging.INFO, logger="plumbing.captcha"):
        verdict = verify(token, post)

    assert_failed(verdict, "malformed_token")
    assert siteverify.requests == []
    assert token[:20] not in caplog.text


def test_a_token_at_the_length_limit_is_checked_with_google(siteverify, post):
    token = ("03AFcWeA_x-9" * 400)[: captcha.TOKEN_MAX_LENGTH]

    assert verify(token, post).decision == "publish"
    assert siteverify.last_request["response"] == token


@pytest.mark.parametrize("codes", [["invalid-input-secret"], ["missing-input-secret"]])
def test_our_own_secret_rejected_holds_instead_of_refusing(siteverify, post, codes):
    """A wrong secret is the site's fault: keep the comment for moderators."""
    siteverify.answer(success=False, error_codes=codes, score=None, action=None, hostname=None)

    verdict = verify(TOKEN, post)

    assert (verdict.decision, verdict.reason, verdict.status) == (
        "hold",
        "siteverify_misconfigured",
        "pending",
    )


@pytest.mark.parametrize("action", ["login", "", None])
def test_wrong_action_is_refused(siteverify, post, action):
    siteverify.answer(score=0.9, action=action)
    assert_failed(verify(TOKEN, post), "wrong_action")


def test_action_name_is_a_setting(siteverify, post, settings):
    settings.COMMENTS_CAPTCHA_ACTION = "commentaire"
    siteverify.answer(score=0.9, action="commentaire")
    assert verify(TOKEN, post).decision == "publish"


@pytest.mark.parametrize("hostname", ["evil.example", "testserver.evil.example", "", None])
def test_wrong_hostname_is_refused(siteverify, post, hostname):
    siteverify.answer(score=0.9, hostname=hostname)
    assert_failed(verify(TOKEN, post), "wrong_hostname")


@pytest.mark.parametrize("hostname", ["127.0.0.1", "localhost", "TestServer"])
def test_any_allowed_host_is_accepted(siteverify, post, hostname):
    siteverify.answer(score=0.9, hostname=hostname)
    assert verify(TOKEN, post).decision == "publish"


def test_wildcard_allowed_hosts(siteverify, post, settings):
    settings.ALLOWED_HOSTS = [".example.org"]
    siteverify.answer(score=0.9, hostname="www.example.org")
    assert verify(TOKEN, post).decision == "publish"


# --- siteverify misbehaving: hold, never raise -------------------------------------------


def assert_held(verdict, reason):
    assert (verdict.decision, verdict.reason, verdict.status) == ("hold", reason, "pending")
    assert verdict.message == PENDING_MESSAGE
    assert verdict.score is None


def test_siteverify_down_holds(siteverify, post):
    siteverify.down()
    assert_held(verify(TOKEN, post), "siteverify_unreachable")


def test_siteverify_slower_than_the_timeout_holds_in_time(siteverify, post, settings):
    siteverify.mode("slow")

    started = time.monotonic()
    verdict = verify(TOKEN, post)
    elapsed = time.monotonic() - started

    assert_held(verdict, "siteverify_timeout")
    assert elapsed < settings.RECAPTCHA_VERIFY_REQUEST_TIMEOUT + 1


def test_siteverify_not_answering_the_connection_holds_in_time(siteverify, post, settings):
    """A firewalled Google: the TLS handshake times out (URLError wrapping TimeoutError)."""
    siteverify.blackhole()

    started = time.monotonic()
    verdict = verify(TOKEN, post)
    elapsed = time.monotonic() - started

    assert_held(verdict, "siteverify_timeout")
    assert elapsed < settings.RECAPTCHA_VERIFY_REQUEST_TIMEOUT + 1


def test_siteverify_http_error_holds(siteverify, post):
    siteverify.mode("http_error")
    assert_held(verify(TOKEN, post), "siteverify_error")


@pytest.mark.parametrize(
    "body",
    [
        b"<html>Service Unavailable</html>",  # not JSON
        b"\xff\xfe",  # not UTF-8
        b"[]",  # not an object
        b"null",
        b"{}",  # no "success"
        b'{"success": true, "action": "comment", "hostname": "testserver"}',  # no score
        b'{"success": true, "score": "0.9", "action": "comment", "hostname": "testserver"}',
        b'{"success": true, "score": NaN, "action": "comment", "hostname": "testserver"}',
        b'{"success": true, "score": 7, "action": "comment", "hostname": "testserver"}',
        b'{"success": true, "score": true, "action": "comment", "hostname": "testserver"}',
    ],
)
def test_unreadable_answer_holds(siteverify, post, body):
    siteverify.mode("bad_json", body=body)
    assert_held(verify(TOKEN, post), "siteverify_bad_response")


def test_untrusted_certificate_holds(siteverify, post, monkeypatch):
    """Also shows SSL_CERT_FILE is read per call: without the stand-in's cert, TLS fails."""
    monkeypatch.setenv("SSL_CERT_FILE", "/etc/ssl/certs/ca-certificates.crt")
    assert_held(verify(TOKEN, post), "siteverify_unreachable")
    assert siteverify.requests == []


def test_unexpected_error_holds(siteverify, post, monkeypatch):
    def broken(*args):
        raise RuntimeError("bug")

    monkeypatch.setattr(captcha, "submit", broken)
    assert_held(verify(TOKEN, post), "siteverify_error")


@pytest.mark.django_db
@pytest.mark.parametrize("token", [MALFORMED_TOKENS[0], MALFORMED_TOKENS[3]], ids=["long", "+/="])
def test_a_comment_with_a_malformed_token_is_refused_with_the_text_kept(
    client, siteverify, token, django_capture_on_commit_callbacks
):
    """What a script aiming at the « hold » path gets: a refusal, nothing stored or mailed,
    no request to Google; what a person typed is given back."""
    article = ArticleFactory(title="Le sommet de Cotonou")
    typed = {"body": "Mon commentaire, tapé avec soin.", "name": "Kofi", "email": "k@example.org"}

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/commentaires/{article.slug}/envoyer/", {**typed, "captcha": token}
        )

    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert FAILED_MESSAGE in page
    assert all(value in page for value in typed.values())
    assert token not in page  # the token is not echoed back
    assert Comment.objects.count() == 0
    assert mail.outbox == []
    assert siteverify.requests == []


# --- What is sent, what is logged --------------------------------------------------------


def test_sends_secret_token_and_trusted_client_ip(siteverify, rf, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.post(
        "/commentaires/",
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.66, 203.0.113.7",  # first entry forged by the client
    )

    verify(TOKEN, request)

    assert siteverify.last_request == {
        "secret": "test-secret",
        "response": TOKEN,
        "remoteip": "203.0.113.7",
    }


def test_logs_each_verdict_without_personal_data(siteverify, post, caplog):
    siteverify.answer(score=0.5)
    with caplog.at_level(logging.INFO, logger="plumbing.captcha"):
        verify(TOKEN, post)

    text = caplog.text
    assert "decision=hold reason=score_mid score=0.5" in text
    assert TOKEN not in text
    assert "203.0.113.7" not in text


# --- Development verifier ----------------------------------------------------------------


def _no_network(*args):
    pytest.fail("the development verifier called siteverify")


@pytest.fixture
def dev_mode(siteverify, settings, monkeypatch):
    """No keys, DEBUG on; calling Google would be a failure of the test."""
    settings.RECAPTCHA_PRIVATE_KEY = ""
    settings.RECAPTCHA_PUBLIC_KEY = ""
    settings.DEBUG = True
    monkeypatch.setattr(captcha, "_dev_verifier_announced", False)
    monkeypatch.setattr(captcha, "submit", _no_network)
    return siteverify


@pytest.mark.parametrize(
    ("dev_score", "decision", "status"),
    [(0.9, "publish", "published"), (0.5, "hold", "pending"), (0.1, "refuse", "spam")],
)
@pytest.mark.parametrize("token", [None, TOKEN])
def test_dev_verifier_uses_the_configured_score(
    dev_mode, post, settings, token, dev_score, decision, status
):
    settings.CAPTCHA_DEV_SCORE = dev_score

    verdict = verify(token, post)

    assert (verdict.decision, verdict.reason, verdict.status) == (decision, "dev_verifier", status)
    assert verdict.score == dev_score
    assert dev_mode.requests == []


def test_dev_verifier_warns_once(dev_mode, post, caplog):
    with caplog.at_level(logging.WARNING, logger="plumbing.captcha"):
        verify(None, post)
        verify(None, post)

    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "DEVELOPMENT VERIFIER" in warnings[0].getMessage()


def test_no_keys_without_debug_holds_without_calling_google(siteverify, post, settings):
    settings.RECAPTCHA_PRIVATE_KEY = ""
    assert_held(verify(TOKEN, post), "not_configured")
    assert siteverify.requests == []


# --- client_ip ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("proxies", "remote_addr", "forwarded_for", "expected"),
    [
        (0, "203.0.113.7", None, "203.0.113.7"),
        (0, "203.0.113.7", "198.51.100.66", "203.0.113.7"),  # no proxy: XFF is ignored
        (0, "2001:db8::1", None, "2001:db8::1"),
        (0, "::ffff:203.0.113.7", None, "203.0.113.7"),
        (0, "garbage", None, ""),
        (1, "10.0.0.2", "203.0.113.7", "203.0.113.7"),
        (1, "10.0.0.2", "198.51.100.66, 203.0.113.7", "203.0.113.7"),  # forged left entry
        (1, "10.0.0.2", " 2001:DB8::1 ", "2001:db8::1"),
        (2, "10.0.0.3", "198.51.100.66, 203.0.113.7, 10.0.0.2", "203.0.113.7"),
        (1, "10.0.0.2", None, "10.0.0.2"),  # proxy bypassed: no header
        (2, "10.0.0.2", "203.0.113.7", "10.0.0.2"),  # chain shorter than the proxy count
        (1, "10.0.0.2", "not-an-ip", "10.0.0.2"),
        (1, "10.0.0.2", "203.0.113.7, <script>", "10.0.0.2"),
        (1, "10.0.0.2", "203.0.113.7:4711", "10.0.0.2"),
        (1, "10.0.0.2", "", "10.0.0.2"),
    ],
)
def test_client_ip(rf, settings, proxies, remote_addr, forwarded_for, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    headers = {"REMOTE_ADDR": remote_addr}
    if forwarded_for is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for

    assert client_ip(rf.get("/", **headers)) == expected


# --- System checks -----------------------------------------------------------------------


def check_ids(*, deploy=True):
    return {
        message.id for message in run_checks(tags=[Tags.security], include_deployment_checks=deploy)
    }


@pytest.fixture
def production_like(settings):
    settings.DEBUG = False
    settings.RECAPTCHA_PRIVATE_KEY = ""
    settings.RECAPTCHA_PUBLIC_KEY = ""
    return settings


def test_deploy_check_refuses_missing_keys(production_like):
    assert "comments.E001" in check_ids()


@pytest.mark.parametrize("missing", ["RECAPTCHA_PRIVATE_KEY", "RECAPTCHA_PUBLIC_KEY"])
def test_deploy_check_refuses_one_missing_key(production_like, missing):
    production_like.RECAPTCHA_PRIVATE_KEY = "private"
    production_like.RECAPTCHA_PUBLIC_KEY = "public"
    setattr(production_like, missing, "")
    assert "comments.E001" in check_ids()


def test_deploy_check_passes_with_keys(production_like):
    production_like.RECAPTCHA_PRIVATE_KEY = "private"
    production_like.RECAPTCHA_PUBLIC_KEY = "public"
    assert "comments.E001" not in check_ids()


def test_keys_check_is_deploy_only_and_silent_in_debug(production_like):
    assert "comments.E001" not in check_ids(deploy=False)
    production_like.DEBUG = True
    assert "comments.E001" not in check_ids()


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"CAPTCHA_SCORE_REFUSE_BELOW": 0.8, "CAPTCHA_SCORE_PUBLISH_AT": 0.7}, "comments.E003"),
        ({"CAPTCHA_SCORE_REFUSE_BELOW": -0.1}, "comments.E002"),
        ({"CAPTCHA_SCORE_PUBLISH_AT": 1.5}, "comments.E002"),
        ({"CAPTCHA_DEV_SCORE": "0.9"}, "comments.E002"),
        ({"RECAPTCHA_VERIFY_REQUEST_TIMEOUT": 2.5}, "comments.E004"),
        ({"RECAPTCHA_VERIFY_REQUEST_TIMEOUT": 0}, "comments.E004"),
    ],
)
def test_threshold_checks(settings, overrides, error):
    assert error not in check_ids(deploy=False)
    for name, value in overrides.items():
        setattr(settings, name, value)
    assert error in check_ids(deploy=False)
