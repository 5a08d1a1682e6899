"""What one person can do with the addresses they hold.

* An IPv6 subscriber holds a whole /64: every per-person limit and count groups it as one
  (`plumbing.clientip.client_network`), while stored addresses stay whole.
* Reports (« Signaler ») count once per network and never take a comment off the page: enough
  of them put it in the moderators' « Signalés » queue.
* « Les plus lus » counts a network once per article per hour, whatever its User-Agent.
* A proxy that TRUSTED_PROXY_COUNT does not describe (every reader would be the proxy) is
  logged once and makes /readyz say « not ready », with the reason.
"""

import datetime as dt
import html
import logging
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from articles import readership
from articles.models import ArticleViews
from comments.models import Comment, Flag
from plumbing.clientip import client_ip, client_network
from tests.support.factories import ArticleFactory, CommentFactory, UserFactory

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parents[2]
PHONE = "Mozilla/5.0 (Linux; Android 13; TECNO CK6) AppleWebKit/537.36 Chrome/120 Mobile"
# One subscriber's /64, three of its 2^64 addresses; and a neighbour with a /64 of their own.
SAME_64 = ("2001:db8:1:2::a", "2001:db8:1:2:ffff::b", "2001:db8:1:2:1234:5678:9abc:def0")
OTHER_64 = "2001:db8:2:3::a"  # another home's /56 too


@pytest.fixture
def article():
    return ArticleFactory(title="Le sommet de Cotonou")


@pytest.fixture
def editor():
    editor = UserFactory(username="editrice", email="editrice@example.org", is_staff=True)
    editor.groups.add(Group.objects.get(name="Éditeur"))
    return editor


def report(client, comment, ip):
    return client.post(f"/commentaires/{comment.pk}/signaler/", {"confirm": "oui"}, REMOTE_ADDR=ip)


def shown(client, comment) -> bool:
    page = html.unescape(client.get(comment.article.get_absolute_url()).content.decode())
    return comment.body in page


# --- The key ---------------------------------------------------------------------------------


def test_client_network_groups_ipv6_by_64_and_keeps_ipv4_whole(rf):
    networks = {client_network(rf.get("/", REMOTE_ADDR=ip)) for ip in SAME_64}
    assert networks == {"2001:db8:1:2::"}
    assert client_network(rf.get("/", REMOTE_ADDR=OTHER_64)) == "2001:db8:2:3::"
    assert client_network(rf.get("/", REMOTE_ADDR="41.85.160.10")) == "41.85.160.10"
    assert client_network(rf.get("/", REMOTE_ADDR="::ffff:41.85.160.10")) == "41.85.160.10"
    assert client_ip(rf.get("/", REMOTE_ADDR=SAME_64[0])) == SAME_64[0]  # stored whole


# --- Point 4: reports ------------------------------------------------------------------------


def test_three_reports_from_one_64_count_once_and_leave_the_comment_on_the_page(
    client, article, editor, settings, django_capture_on_commit_callbacks
):
    settings.COMMENTS_FLAGS_TO_REVIEW = 3
    comment = CommentFactory(article=article, body="Un avis qui dérange quelqu'un.")

    with django_capture_on_commit_callbacks(execute=True):
        for ip in SAME_64:
            assert report(client, comment, ip).status_code == 302

    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED
    assert comment.flag_count == 1
    assert shown(client, comment)
    assert not Comment.objects.reported(3).exists()
    assert mail.outbox == []
    flag = Flag.objects.get(comment=comment)
    # The address kept whole; the reporter known by their home's /56 (plumbing.clientip.site_of)
    assert (flag.ip_address, flag.network) == (SAME_64[0], "2001:db8:1::")


def test_reports_from_enough_networks_queue_the_comment_it_stays_and_editors_hear_once(
    client, article, editor, settings, django_capture_on_commit_callbacks
):
    settings.COMMENTS_FLAGS_TO_REVIEW = 3
    comment = CommentFactory(article=article, body="Un avis très discuté.")
    networks = ["41.85.160.10", SAME_64[0], OTHER_64, "196.207.2.33", "2001:db8:9::1"]

    with django_capture_on_commit_callbacks(execute=True):
        for ip in networks[:2]:
            report(client, comment, ip)
    assert not Comment.objects.reported(3).exists()
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        for ip in networks[2:]:
            report(client, comment, ip)

    comment.refresh_from_db()
    assert (comment.status, comment.flag_count) == (Comment.Status.PUBLISHED, 5)
    assert shown(client, comment), "reports alone never hide a comment"
    assert list(Comment.objects.reported(3)) == [comment]
    assert len(mail.outbox) == 1, "one email per comment, not one per report"
    assert mail.outbox[0].to == ["editrice@example.org"]
    assert "signalé" in mail.outbox[0].subject
    assert "reste en ligne" in mail.outbox[0].body
    assert "41.85.160.10" not in mail.outbox[0].body


def test_the_signales_queue_lists_reported_published_comments_with_their_count(
    admin_client, article
):
    reported = CommentFactory(article=article, body="Signalé par cinq réseaux", flag_count=5)
    CommentFactory(article=article, body="Signalé une fois", flag_count=1)
    CommentFactory(article=article, body="Jamais signalé")
    CommentFactory(article=article, body="Déjà retiré", flag_count=9, status="removed")

    page = admin_client.get("/admin/comments/comment/", {"signales": "review"})
    text = html.unescape(page.content.decode())
    assert page.status_code == 200
    assert "Signalé par cinq réseaux" in text
    for hidden in ("Signalé une fois", "Jamais signalé", "Déjà retiré"):
        assert hidden not in text
    assert re.search(rf'<td class="field-reports">.*?</span>{reported.flag_count}</td>', text)
    everything_reported = admin_client.get("/admin/comments/comment/", {"signales": "any"})
    assert "Signalé une fois" in html.unescape(everything_reported.content.decode())


REPORTED_QUEUE = "/admin/comments/comment/?signales=review"  # « Signalés », where they are listed


def test_a_moderator_keeps_a_reported_comment_and_the_same_networks_cannot_requeue_it(
    admin_client, client, article, settings, django_capture_on_commit_callbacks
):
    settings.COMMENTS_FLAGS_TO_REVIEW = 2
    comment = CommentFactory(article=article, body="Un avis gardé.")
    for ip in ("41.85.160.10", OTHER_64):
        report(client, comment, ip)
    assert list(Comment.objects.reported(2)) == [comment]

    admin_client.post(REPORTED_QUEUE, {"action": "keep_reported", "_selected_action": [comment.pk]})

    comment.refresh_from_db()
    assert (comment.status, comment.flag_count) == (Comment.Status.PUBLISHED, 0)
    assert not Comment.objects.reported(2).exists()
    for ip in ("41.85.160.10", OTHER_64.replace("::a", "::b")):  # the same two networks again
        report(client, comment, ip)
    comment.refresh_from_db()
    assert comment.flag_count == 0
    assert shown(client, comment)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_moderator_hides_a_reported_comment(admin_client, client, article):
    comment = CommentFactory(article=article, body="Un avis injurieux.", flag_count=4)
    assert shown(client, comment)

    admin_client.post(REPORTED_QUEUE, {"action": "hide_reported", "_selected_action": [comment.pk]})

    comment.refresh_from_db()
    assert comment.status == Comment.Status.REMOVED
    assert not shown(client, comment)


def test_the_retention_purge_blanks_the_network_of_old_reports_too(article):
    comment = CommentFactory(article=article)
    Flag.objects.create(comment=comment, ip_address=SAME_64[0], network="2001:db8:1:2::")
    Flag.objects.update(created_at=timezone.now() - dt.timedelta(days=91))
    call_command("purge_comment_data")
    assert list(Flag.objects.values_list("ip_address", "network")) == [(None, None)]


# --- Point 4: every per-person limit treats a /64 as one person -----------------------------


def post_comment(client, article, ip, n):
    return client.post(
        f"/commentaires/{article.slug}/envoyer/",
        {
            "body": f"Mon avis numéro {n}, argumenté.",
            "name": "Kofi Mensah",
            "email": f"kofi{n}@example.org",
            "captcha": "jeton-valide",
        },
        REMOTE_ADDR=ip,
    )


def comment_limit(settings, article, siteverify):
    settings.COMMENTS_RATE_LIMIT = "1/10m"
    siteverify.answer(score=0.9, action="comment", hostname="testserver")
    return lambda client, ip, n: post_comment(client, article, ip, n)


def post_limit(settings, article, siteverify):
    settings.POST_RATE_LIMIT = "1/m"
    return lambda client, ip, n: client.post(
        "/i18n/setlang/", {"language": "fr", "next": "/"}, REMOTE_ADDR=ip
    )


def search_limit(settings, article, siteverify):
    settings.SEARCH_RATE_LIMIT = "1/m"
    return lambda client, ip, n: client.get("/recherche/", {"q": f"mot{n}"}, REMOTE_ADDR=ip)


def render_limit(settings, article, siteverify):
    settings.PAGE_RENDER_RATE_LIMIT = "1/m"
    settings.SEARCH_RATE_LIMIT = "100/m"
    return lambda client, ip, n: client.get("/recherche/", {"q": f"mot{n}"}, REMOTE_ADDR=ip)


def beacon_limit(settings, article, siteverify):
    settings.ARTICLE_VIEWS_RATE_LIMIT = "1/m"
    return lambda client, ip, n: client.post(
        f"/lu/{article.pk}/",
        REMOTE_ADDR=ip,
        headers={"User-Agent": PHONE, "Sec-Fetch-Site": "same-origin"},
    )


@pytest.mark.parametrize(
    "limit", [comment_limit, post_limit, search_limit, render_limit, beacon_limit]
)
def test_two_addresses_of_one_64_are_one_person_and_another_64_is_not(
    client, article, siteverify, settings, limit
):
    send = limit(settings, article, siteverify)
    assert send(client, SAME_64[0], 1).status_code != 429
    assert send(client, SAME_64[1], 2).status_code == 429, "a new address of the same /64"
    assert send(client, OTHER_64, 3).status_code != 429, "another /64 is another person"
    assert send(client, "41.85.160.10", 4).status_code != 429
    # Another /64 of the first one's home too (its /56 counts four times as much).
    assert send(client, "2001:db8:1:3::a", 5).status_code != 429


# --- Point 5: « Les plus lus » ---------------------------------------------------------------


def read(client, article, ip="41.85.160.10", ua=PHONE):
    return client.post(
        f"/lu/{article.pk}/",
        REMOTE_ADDR=ip,
        headers={"User-Agent": ua, "Sec-Fetch-Site": "same-origin"},
    )


def reads(article) -> int:
    return sum(ArticleViews.objects.filter(article=article).values_list("count", flat=True))


def test_thirty_user_agents_from_one_address_are_one_read(client, article):
    for n in range(30):
        assert read(client, article, ua=f"{PHONE} Build/{n}").status_code == 204
    readership.flush()
    assert reads(article) == 1


def test_the_addresses_of_one_64_are_one_read_and_another_network_is_another(client, article):
    for ip in SAME_64:
        read(client, article, ip=ip)
    read(client, article, ip=OTHER_64)
    read(client, article, ip="196.207.2.33")
    readership.flush()
    assert reads(article) == 3


def test_robots_are_still_not_counted_whatever_the_network(client, article):
    bot = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
    for ip in (*SAME_64, OTHER_64):
        read(client, article, ip=ip, ua=bot)
    readership.flush()
    assert reads(article) == 0


# --- Point 10: a proxy TRUSTED_PROXY_COUNT does not describe --------------------------------


def proxy_errors(caplog) -> list[logging.LogRecord]:
    return [
        r for r in caplog.records if r.name == "plumbing.clientip" and r.levelno >= logging.ERROR
    ]


@pytest.mark.parametrize(
    ("proxies", "proxy_address", "forwarded_for"),
    [
        (0, "127.0.0.1", "203.0.113.9"),  # the shipped nginx with the default count of 0
        (0, "::1", "203.0.113.9"),
        (0, "10.0.3.7", "198.51.100.4"),  # a proxy on a private network
        (0, "::ffff:192.168.1.2", "203.0.113.9"),
        (2, "10.0.3.7", "203.0.113.9"),  # two proxies declared, one in front
        (3, "127.0.0.1", "198.51.100.4, 10.0.3.7"),
    ],
    ids=["loopback", "loopback-v6", "private", "mapped-private", "short-by-one", "short-by-two"],
)
def test_a_misdescribed_proxy_is_logged_once_and_readyz_says_why(
    client, article, settings, caplog, proxies, proxy_address, forwarded_for
):
    settings.TRUSTED_PROXY_COUNT = proxies
    assert client.get("/readyz").status_code == 200

    with caplog.at_level(logging.ERROR, logger="plumbing.clientip"):
        for n in range(3):
            client.get(
                "/recherche/",
                {"q": f"mot{n}"},
                REMOTE_ADDR=proxy_address,
                HTTP_X_FORWARDED_FOR=forwarded_for,
            )

    errors = proxy_errors(caplog)
    assert len(errors) == 1, "once per process, not once per request"
    message = errors[0].getMessage()
    assert "TRUSTED_PROXY_COUNT" in message
    for address in (proxy_address, *forwarded_for.split(", "), "192.168.1.2"):
        assert address not in message
    ready = client.get("/readyz")
    # Said, not a failure: a forged request took the site out of its load balancer until a
    # restart (X-Forwarded-For from loopback, or a short chain sent past a CDN).
    assert ready.status_code == 200
    body = ready.json()
    assert body["status"] == "ok" and body["failing"] == []
    assert "TRUSTED_PROXY_COUNT" in body["warnings"]["proxy"]
    assert ready["Cache-Control"] == "no-store, max-age=0"


def test_the_readyz_reason_says_to_set_one_behind_the_shipped_nginx(client, article):
    client.get("/recherche/", {"q": "mot"}, HTTP_X_FORWARDED_FOR="203.0.113.9")
    reason = client.get("/readyz").json()["warnings"]["proxy"]
    assert "TRUSTED_PROXY_COUNT vaut 0" in reason
    assert "1 derrière deploy/nginx.conf" in reason


@pytest.mark.parametrize(
    ("proxies", "remote_address", "headers"),
    [
        (0, "41.85.160.10", {"HTTP_X_FORWARDED_FOR": "203.0.113.9"}),  # a client forging it
        (0, "127.0.0.1", {}),  # development: no proxy, no header
        (1, "127.0.0.1", {"HTTP_X_FORWARDED_FOR": "203.0.113.9"}),  # nginx, described
        (1, "127.0.0.1", {"HTTP_X_FORWARDED_FOR": "198.51.100.4, 203.0.113.9"}),  # forged left
        (1, "127.0.0.1", {}),  # a probe or a benchmark that bypasses nginx
        (2, "10.0.3.7", {}),
        (2, "10.0.3.7", {"HTTP_X_FORWARDED_FOR": "203.0.113.9, 10.0.3.1"}),
    ],
)
def test_a_described_proxy_or_none_keeps_readyz_ready_and_logs_nothing(
    client, article, settings, caplog, proxies, remote_address, headers
):
    settings.TRUSTED_PROXY_COUNT = proxies
    with caplog.at_level(logging.ERROR, logger="plumbing.clientip"):
        client.get("/recherche/", {"q": "mot"}, REMOTE_ADDR=remote_address, **headers)
        client.post("/i18n/setlang/", {"language": "fr"}, REMOTE_ADDR=remote_address, **headers)
    assert proxy_errors(caplog) == []
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert "warnings" not in ready.json()


def test_readyz_stops_warning_once_the_count_describes_the_proxy(client, article, settings):
    """The count is read at start-up: the fix is a restart with the right value, which the
    settings change stands for here."""
    client.get("/recherche/", {"q": "mot"}, HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert "proxy" in client.get("/readyz").json()["warnings"]
    settings.TRUSTED_PROXY_COUNT = 1
    assert "warnings" not in client.get("/readyz").json()


def test_behind_the_shipped_nginx_limits_count_readers_not_the_proxy(client, article, settings):
    """With the count set as deploy/ says, two readers behind nginx are two people."""
    settings.TRUSTED_PROXY_COUNT = 1
    settings.SEARCH_RATE_LIMIT = "1/m"
    first = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="41.85.160.10")
    second = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="196.207.2.33")
    assert first.get("/recherche/", {"q": "port"}).status_code == 200
    assert first.get("/recherche/", {"q": "Cotonou"}).status_code == 429
    assert second.get("/recherche/", {"q": "Cotonou"}).status_code == 200


def test_the_shipped_deployment_declares_its_one_proxy():
    """deploy/nginx.conf appends to X-Forwarded-For; the unit that runs behind it says 1."""
    nginx = (BASE_DIR / "deploy" / "nginx.conf").read_text()
    unit = (BASE_DIR / "deploy" / "le-portail.service").read_text()
    guide = (BASE_DIR / "docs" / "deploy.md").read_text()
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in nginx
    assert "Environment=TRUSTED_PROXY_COUNT=1" in unit
    assert "TRUSTED_PROXY_COUNT=1" in guide
