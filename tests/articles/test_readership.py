"""Counting reads, « Les plus lus », the « Dernière minute » ticker, share links and the
monthly archives — as readers, the newsroom and the cache see them."""

import datetime as dt
import html
import re
import threading
from unittest import mock
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.db import IntegrityError, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from articles import readership
from articles.models import Article, ArticleViews
from articles.selectors import most_read
from tagcache.versions import fresh, seconds_until_scheduled_change
from tests.support.factories import (
    ArticleFactory,
    ArticleViewsFactory,
    CategoryFactory,
    StaffFactory,
)
from tests.support.text import fr

pytestmark = pytest.mark.django_db

PHONE = "Mozilla/5.0 (Linux; Android 13; TECNO CK6) AppleWebKit/537.36 Chrome/120 Mobile"
LAPTOP = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120 Safari/537.36"


def beacon(client, article, *, ip="41.85.160.10", ua=PHONE, **headers):
    return client.post(
        f"/lu/{article.pk}/",
        REMOTE_ADDR=ip,
        headers={"User-Agent": ua, "Sec-Fetch-Site": "same-origin", **headers},
    )


def reads(article) -> int:
    return sum(ArticleViews.objects.filter(article=article).values_list("count", flat=True))


# --- Counting ------------------------------------------------------------------------------


def test_a_reader_counts_once_per_hour_however_often_they_reload(client):
    article = ArticleFactory()
    for _ in range(4):
        assert beacon(client, article).status_code == 204
    # Another user agent at the same address is not another reader: a script can send any
    # (tests/plumbing/test_clientip.py).
    beacon(client, article, ua=LAPTOP)
    beacon(client, article, ip="196.207.2.33")  # another address
    readership.flush()
    assert reads(article) == 2


def test_the_same_reader_counts_again_the_next_hour():
    article = ArticleFactory()
    start = (readership.current_hour() - 2) * readership.HOUR + 10
    assert readership.record_view(article.pk, "41.85.160.10", now=start)
    assert not readership.record_view(article.pk, "41.85.160.10", now=start + 3000)
    assert readership.record_view(article.pk, "41.85.160.10", now=start + 3600)
    readership.flush()
    rows = ArticleViews.objects.filter(article=article).order_by("hour")
    assert [row.count for row in rows] == [1, 1]
    assert rows[1].hour - rows[0].hour == dt.timedelta(hours=1)


def test_showing_the_page_counts_nothing_so_robots_without_script_are_not_counted(client):
    article = ArticleFactory()
    for agent in (PHONE, "Googlebot/2.1 (+http://www.google.com/bot.html)", "WhatsApp/2.23"):
        assert (
            client.get(article.get_absolute_url(), headers={"User-Agent": agent}).status_code == 200
        )
    readership.flush()
    assert reads(article) == 0
    page = client.get(article.get_absolute_url()).content.decode()
    # What a browser that runs scripts uses instead: a deferred script and the beacon address.
    assert f'data-read-beacon="/lu/{article.pk}/"' in page
    assert re.search(r'<script src="[^"]*js/reader\.js" defer>', page)


@pytest.mark.parametrize(
    "agent",
    [
        "",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/120.0",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "Chrome-Lighthouse",
        "python-requests/2.32",
        "curl/8.5.0",
    ],
)
def test_robots_and_scripts_that_announce_themselves_are_not_counted(client, agent):
    article = ArticleFactory()
    assert beacon(client, article, ua=agent).status_code == 204
    readership.flush()
    assert reads(article) == 0


def test_a_phone_with_bot_in_its_name_is_a_reader(client):
    article = ArticleFactory()
    beacon(client, article, ua="Mozilla/5.0 (Linux; Android 10; Cubot P40) Chrome/120 Mobile")
    readership.flush()
    assert reads(article) == 1


def test_the_newsroom_reading_its_own_articles_is_not_counted(client):
    article = ArticleFactory()
    client.force_login(StaffFactory(role="Éditeur"))
    assert beacon(client, article).status_code == 204
    readership.flush()
    assert reads(article) == 0


def test_another_site_cannot_inflate_the_counts(client):
    article = ArticleFactory()
    response = beacon(client, article, **{"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 403
    assert "ne vient pas d'une page de ce site" in response.content.decode()
    assert beacon(client, article, Origin="https://ailleurs.example").status_code == 403
    assert beacon(client, article, Origin="http://testserver").status_code == 204
    readership.flush()
    assert reads(article) == 1


def test_the_beacon_sets_no_cookie_touches_no_database_and_is_never_cached(
    client, django_assert_num_queries
):
    article = ArticleFactory()
    with django_assert_num_queries(0):
        response = beacon(client, article)
    assert response.status_code == 204
    assert not response.cookies
    assert "no-cache" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]


def test_reads_never_bump_a_tag_so_cached_pages_stay_cached(client, django_assert_num_queries):
    article = ArticleFactory()
    client.get(article.get_absolute_url())
    tags = [f"article:{article.pk}", "home", "everything"]
    versions = fresh(tags)
    for ip in ("41.85.160.10", "41.85.160.11", "41.85.160.12"):
        beacon(client, article, ip=ip)
    readership.flush()
    assert fresh(tags) == versions
    with django_assert_num_queries(0):
        assert client.get(article.get_absolute_url()).status_code == 200


def test_the_beacon_only_accepts_post_and_says_so_in_french(client):
    article = ArticleFactory()
    response = client.get(f"/lu/{article.pk}/")
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert "n'accepte que POST" in response.content.decode()
    assert client.post("/lu/abc/").status_code == 404
    assert client.post("/lu/9999999999999999999999/").status_code == 404


def test_the_beacon_is_rate_limited_per_address(client, settings):
    settings.ARTICLE_VIEWS_RATE_LIMIT = "3/m"
    article = ArticleFactory()
    statuses = [beacon(client, article, ua=f"{PHONE} {n}").status_code for n in range(4)]
    assert statuses == [204, 204, 204, 429]
    assert "Trop de lectures" in beacon(client, article).content.decode()
    assert beacon(client, article, ip="196.207.2.33").status_code == 204  # other addresses go on
    readership.flush()
    assert reads(article) == 2  # one per address: the user agents changed nothing


def test_with_the_cache_down_the_beacon_answers_204_and_counts_nothing(client, settings):
    from tests.support.ports import free_port
    from tests.support.redis_server import redis_cache

    article = ArticleFactory()
    settings.CACHES = redis_cache(f"redis://127.0.0.1:{free_port()}/0")
    assert beacon(client, article).status_code == 204
    assert readership.flush().views == 0
    assert reads(article) == 0


def test_a_beacon_for_an_article_that_does_not_exist_is_dropped_at_flush(client):
    article = ArticleFactory()
    beacon(client, article)
    client.post("/lu/987654321/", headers={"User-Agent": PHONE})
    report = readership.flush()
    assert reads(article) == 1
    assert not ArticleViews.objects.filter(article_id=987654321).exists()
    assert report.views == 2 and report.rows == 1  # taken from the cache, written for one


def test_a_flush_writes_every_article_in_one_statement():
    articles = ArticleFactory.create_batch(30)
    for n, article in enumerate(articles):
        for reader in range(n % 3 + 1):
            readership.record_view(article.pk, f"10.0.0.{reader}")
    with CaptureQueriesContext(connection) as queries:
        report = readership.flush()
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("INSERT")]
    assert len(writes) == 1
    assert report.rows == 30 and report.views == sum(n % 3 + 1 for n in range(30))
    assert [reads(article) for article in articles] == [n % 3 + 1 for n in range(30)]


def test_a_beacon_landing_during_a_flush_is_kept_for_the_next_one():
    article = ArticleFactory()
    for reader in range(5):
        readership.record_view(article.pk, f"10.0.0.{reader}")
    original = readership.pending_counts

    def read_then_a_beacon_lands(hour):
        pending = original(hour)
        if pending:  # the counter moves on between the flush's read and its take
            readership.record_view(article.pk, "10.0.0.99")
        return pending

    with mock.patch.object(readership, "pending_counts", read_then_a_beacon_lands):
        assert readership.flush().views == 5
    assert reads(article) == 5
    assert readership.flush().views == 1
    assert reads(article) == 6
    assert readership.flush().views == 0


def test_flushes_running_beside_concurrent_beacons_lose_and_double_nothing():
    """Eight threads of beacons (each a distinct reader); half-way through, the flush starts
    running over and over while they go on."""
    articles = ArticleFactory.create_batch(4)
    per_thread = 150
    half_way = threading.Barrier(9)

    def readers(thread: int):
        for n in range(per_thread):
            if n == per_thread // 2:
                half_way.wait()
            readership.record_view(articles[n % 4].pk, f"10.{thread}.{n // 250}.{n % 250}")

    threads = [threading.Thread(target=readers, args=(t,)) for t in range(8)]
    for thread in threads:
        thread.start()
    half_way.wait()
    flushed_while_counting = 0
    while True:
        flushed_while_counting += readership.flush().views
        if not any(thread.is_alive() for thread in threads):
            break
    for thread in threads:
        thread.join()
    readership.flush()
    assert flushed_while_counting >= 8 * per_thread // 2
    assert sum(reads(article) for article in articles) == 8 * per_thread
    assert [reads(article) for article in articles] == [8 * 38, 8 * 38, 8 * 37, 8 * 37]


def test_a_second_flush_waits_for_the_first():
    cache.add(readership.FLUSH_LOCK, 1, 60)
    report = readership.flush()
    assert report.skipped
    assert "en cours" in str(report)


def test_the_flush_command_reports_in_french(client):
    from io import StringIO

    from django.core.management import call_command

    article = ArticleFactory()
    beacon(client, article)
    out = StringIO()
    call_command("flush_views", stdout=out)
    assert "1 lectures enregistrées pour 1 articles" in out.getvalue()
    assert reads(article) == 1


def test_hourly_counts_older_than_the_retention_are_erased(settings):
    settings.ARTICLE_VIEWS_KEEP_DAYS = 30
    article = ArticleFactory()
    old = ArticleViewsFactory(article=article, hours_ago=31 * 24, count=7)
    recent = ArticleViewsFactory(article=article, hours_ago=29 * 24, count=3)
    readership.flush()
    assert not ArticleViews.objects.filter(pk=old.pk).exists()
    assert ArticleViews.objects.filter(pk=recent.pk).exists()


def test_the_reader_hash_is_keyed_and_per_hour():
    one = readership.reader_digest("41.85.160.10", 1, 100)
    assert one == readership.reader_digest("41.85.160.10", 1, 100)
    assert one != readership.reader_digest("41.85.160.10", 1, 101)
    assert "41.85.160.10" not in one
    with mock.patch("django.conf.settings.SECRET_KEY", "another-secret"):
        assert one != readership.reader_digest("41.85.160.10", 1, 100)


# --- « Les plus lus » ------------------------------------------------------------------------


def test_most_read_ranks_published_articles_over_24_hours_and_7_days():
    week_hit = ArticleFactory(title="Le sommet de Lomé")
    today_hit = ArticleFactory(title="La CAN à Abidjan")
    too_old = ArticleFactory(title="Une vieille histoire")
    draft = ArticleFactory(title="Brouillon secret", draft=True)
    scheduled = ArticleFactory(title="Programmé", scheduled=True)
    ArticleViewsFactory(article=week_hit, hours_ago=3 * 24, count=100)
    ArticleViewsFactory(article=week_hit, hours_ago=30, count=20)
    ArticleViewsFactory(article=today_hit, hours_ago=2, count=40)
    ArticleViewsFactory(article=today_hit, hours_ago=0, count=5)
    ArticleViewsFactory(article=too_old, hours_ago=8 * 24, count=1000)
    ArticleViewsFactory(article=draft, hours_ago=1, count=1000)
    ArticleViewsFactory(article=scheduled, hours_ago=1, count=1000)

    day = most_read(1)
    assert [a.title for a in day] == ["La CAN à Abidjan"]
    assert day[0].reads == 45
    assert [(a.title, a.reads) for a in most_read(7)] == [
        ("Le sommet de Lomé", 120),
        ("La CAN à Abidjan", 45),
    ]


def test_most_read_is_one_query(django_assert_num_queries):
    for n in range(8):
        ArticleViewsFactory(article=ArticleFactory(), hours_ago=n, count=n + 1)
    with django_assert_num_queries(1):
        assert len(most_read(7, limit=5)) == 5


def test_home_and_article_pages_show_the_most_read(client):
    hit = ArticleFactory(title="Le sommet de Lomé")
    other = ArticleFactory(title="Autre nouvelle")
    ArticleViewsFactory(article=hit, hours_ago=1, count=50)
    home = client.get("/").content.decode()
    block = home[home.index("Les plus lus") :]
    # The same story tops both windows: one list, not the same list twice.
    assert "Dernières 24 heures" in block and "7 derniers jours" not in block
    assert f'href="{hit.get_absolute_url()}"' in block
    aside = client.get(other.get_absolute_url()).content.decode()
    aside = aside[aside.index('class="article-aside"') :]
    assert "Les plus lus" in aside and "Le sommet de Lomé" in aside


def test_without_any_read_no_empty_block_is_shown(client):
    article = ArticleFactory()
    assert "Les plus lus" not in client.get("/").content.decode()
    assert "Les plus lus" not in client.get(article.get_absolute_url()).content.decode()


def test_new_counts_reach_the_block_in_the_next_five_minute_bucket_without_a_content_change():
    from articles.templatetags.audience import most_read_block

    hit = ArticleFactory(title="Le sommet de Lomé")
    tags = [f"article:{hit.pk}", "home", "everything"]
    versions = fresh(tags)
    with mock.patch("articles.templatetags.audience.most_read_bucket", return_value=1):
        assert "Les plus lus" not in most_read_block("home")
        ArticleViewsFactory(article=hit, hours_ago=0, count=3)
        assert "Les plus lus" not in most_read_block("home"), "kept for its five minutes"
    with mock.patch("articles.templatetags.audience.most_read_bucket", return_value=2):
        assert "Le sommet de Lomé" in most_read_block("home")
    assert fresh(tags) == versions


# --- « Dernière minute » ---------------------------------------------------------------------


def test_the_breaking_news_ticker_shows_on_every_page(client):
    category = CategoryFactory()
    breaking = ArticleFactory(
        title="Coup de tonnerre à Cotonou", category=category, is_breaking=True
    )
    other = ArticleFactory(category=category)
    for url in ("/", category.get_absolute_url(), other.get_absolute_url(), "/archives/"):
        page = client.get(url).content.decode()
        ticker = page[page.index('class="breaking"') :]
        assert "Dernière minute" in ticker, url
        assert f'href="{breaking.get_absolute_url()}"' in ticker.split("</aside>")[0], url
        assert page.index('class="breaking"') < page.index('id="contenu"'), "at the top"
    # Not on the very article it links to: its reader is already there.
    assert 'class="breaking"' not in client.get(breaking.get_absolute_url()).content.decode()
    assert 'class="breaking"' in client.get(other.get_absolute_url()).content.decode()


def test_the_ticker_says_the_day_of_a_story_not_from_today(client):
    """« 11 h 58 » alone for yesterday's story read as this morning (the page's script says
    « il y a 2 h » within a day only; past that, or without it, the server's words stand)."""
    published = timezone.localtime() - dt.timedelta(days=1, hours=3)
    story = ArticleFactory(title="Coup de tonnerre", is_breaking=True, published_at=published)
    Article.objects.filter(pk=story.pk).update(breaking_since=published)  # up since then
    page = client.get("/").content.decode()
    ticker = page[page.index('class="breaking"') :].split("</aside>")[0]
    day = f"{published.day} {date_format(published, 'F')}"
    assert f"{day} à {published.hour} h {published:%M}</time>" in ticker


def test_the_ticker_says_when_the_story_went_up_there_not_its_old_date(client):
    """A story of three weeks ago flagged this morning read « 16 novembre à 03 h 13 » in the
    « Dernière minute » bar (a newsroom's trial): the time it went up there. Unflagged, the
    time goes; flagged again, it is the new one."""
    story = ArticleFactory(published_at=timezone.now() - dt.timedelta(days=21))
    story.is_breaking = True
    story.save()
    flagged = timezone.localtime(story.breaking_since)

    ticker = client.get("/").content.decode().split('class="breaking"')[1].split("</aside>")[0]

    assert f'datetime="{flagged:%Y-%m-%dT%H:%M:%S%z}"' in ticker
    story.is_breaking = False
    story.save()
    assert story.breaking_since is None


def test_no_ticker_without_breaking_news(client):
    ArticleFactory()
    assert 'class="breaking"' not in client.get("/").content.decode()


def test_the_ticker_goes_by_itself_at_its_end_time(client):
    end = timezone.now() + dt.timedelta(minutes=30)
    ArticleFactory(title="Coup de tonnerre", is_breaking=True, breaking_until=end)
    response = client.get("/")
    assert "Coup de tonnerre" in response.content.decode()
    assert seconds_until_scheduled_change() <= 30 * 60, "caches may not keep it past its end"
    max_age = int(re.search(r"max-age=(\d+)", response["Cache-Control"]).group(1))
    assert max_age <= 30 * 60

    with mock.patch("django.utils.timezone.now", return_value=end + dt.timedelta(seconds=1)):
        assert 'class="breaking"' not in client.get("/").content.decode()


def test_a_scheduled_breaking_article_starts_its_ticker_when_it_is_published(client):
    at = timezone.now() + dt.timedelta(minutes=10)
    ArticleFactory(title="Résultats à 20 h", is_breaking=True, published_at=at)
    assert 'class="breaking"' not in client.get("/").content.decode()
    with mock.patch("django.utils.timezone.now", return_value=at + dt.timedelta(seconds=1)):
        assert "Résultats à 20 h" in client.get("/").content.decode()


def test_one_ticker_at_a_time_the_newest_replaces_the_previous(client):
    first = ArticleFactory(title="Première alerte", is_breaking=True)
    second = ArticleFactory(title="Seconde alerte", is_breaking=True)
    first.refresh_from_db()
    assert not first.is_breaking and Article.objects.get(pk=second.pk).is_breaking
    page = client.get("/").content.decode()
    ticker = page[page.index('class="breaking"') :].split("</aside>")[0]
    assert "Seconde alerte" in ticker and "Première alerte" not in ticker
    with pytest.raises(IntegrityError):  # even a bulk update cannot make two
        Article.objects.filter(pk=first.pk).update(is_breaking=True)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # bumps at commit
def test_a_ticker_that_replaced_another_goes_at_its_own_end(client):
    """A tester once saw a ticker set to replace the demo's stay past its end on every page;
    three tries after went on time. The schedule must follow the replacement: the old
    ticker's end (two hours off) is no longer the next change, the new one's is."""
    later = timezone.now() + dt.timedelta(hours=2)
    ArticleFactory(title="Ancienne alerte", is_breaking=True, breaking_until=later)
    assert "Ancienne alerte" in client.get("/").content.decode()
    end = timezone.now() + dt.timedelta(minutes=3)
    new = ArticleFactory(title="Nouvelle alerte")
    new.is_breaking, new.breaking_until = True, end
    new.save()
    assert "Nouvelle alerte" in client.get("/").content.decode().split("</aside>")[0]
    assert seconds_until_scheduled_change() <= 3 * 60

    with mock.patch("django.utils.timezone.now", return_value=end + dt.timedelta(seconds=1)):
        assert (
            'class="breaking"' not in client.get("/recherche/", {"q": "nouveau"}).content.decode()
        )
        assert 'class="breaking"' not in client.get("/").content.decode()


@pytest.mark.django_db(
    transaction=True, serialized_rollback=True
)  # the ticker's tag is bumped at commit
def test_unpublishing_the_breaking_article_removes_the_ticker(client):
    article = ArticleFactory(title="Alerte", is_breaking=True)
    assert 'class="breaking"' in client.get("/").content.decode()
    article.status = Article.Status.DRAFT
    article.save()
    assert 'class="breaking"' not in client.get("/").content.decode()


ADMIN_ADD = "/admin/articles/article/add/"


def breaking_form(author, until=None, **changes):
    from tests.support.admin import article_form, local

    data = article_form(author=author.pk, status="published", is_breaking="on", **changes)
    if until is not None:
        data["breaking_until_0"], data["breaking_until_1"] = local(until)
    return data


def test_an_editor_marks_breaking_news_and_is_told_what_it_replaced():
    previous = ArticleFactory(title="Ancienne alerte", is_breaking=True)
    editor = StaffFactory(role="Éditeur")
    client = Client()
    client.force_login(editor)
    until = timezone.now() + dt.timedelta(hours=2)
    response = client.post(ADMIN_ADD, breaking_form(editor, until), follow=True)
    assert response.status_code == 200
    assert fr("« Ancienne alerte » n’est plus en dernière minute") in html.unescape(
        response.content.decode()
    ).replace("'", "’")
    created = Article.objects.get(slug="le-port-de-cotonou-sagrandit")
    assert created.is_breaking
    assert abs(created.breaking_until - until) < dt.timedelta(seconds=1)
    assert not Article.objects.get(pk=previous.pk).is_breaking


def test_an_end_time_in_the_past_is_refused_with_a_clear_message():
    from tests.support.admin import form_errors

    editor = StaffFactory(role="Éditeur")
    client = Client()
    client.force_login(editor)
    past = timezone.now() - dt.timedelta(hours=1)
    response = client.post(ADMIN_ADD, breaking_form(editor, past))
    assert "Cette heure est passée" in html.unescape(form_errors(response))
    assert not Article.objects.exists()


def test_an_end_time_without_the_ticker_is_refused():
    from tests.support.admin import form_errors

    editor = StaffFactory(role="Éditeur")
    client = Client()
    client.force_login(editor)
    data = breaking_form(editor, timezone.now() + dt.timedelta(hours=1))
    del data["is_breaking"]
    response = client.post(ADMIN_ADD, data)
    assert fr("Cochez « Dernière minute »") in html.unescape(form_errors(response))


def test_a_replaced_ticker_keeps_no_end_time_and_ticked_again_asks_a_live_one():
    """Replaced, the article kept its « Fin de la dernière minute »; ticked again, it went up
    with that old hour and would have left at it, without a word (a newsroom's trial)."""
    from tests.support.admin import article_form, form_errors, local

    until = timezone.now() + dt.timedelta(hours=2)
    first = ArticleFactory(
        title="Première alerte",
        is_breaking=True,
        breaking_until=until,
        published_at=timezone.now() - dt.timedelta(days=1),
    )
    ArticleFactory(title="Seconde alerte", is_breaking=True)
    first.refresh_from_db()
    assert first.breaking_until is None

    # An end time left from before (as rows replaced before this fix kept theirs).
    stale = timezone.now().replace(microsecond=0) - dt.timedelta(hours=1)
    Article.objects.filter(pk=first.pk).update(breaking_until=stale)
    first.refresh_from_db()
    client = Client()
    client.force_login(StaffFactory(role="Éditeur"))
    day, time = local(stale)  # the form shows it, and sends it back unchanged
    response = client.post(
        reverse("admin:articles_article_change", args=[first.pk]),
        article_form(first, is_breaking="on", breaking_until_0=day, breaking_until_1=time),
    )
    assert "Cette heure est passée" in html.unescape(form_errors(response))

    # Unticked, with an hour still in its box (the form sends it back), the ticker just goes.
    current = ArticleFactory(title="Alerte en cours", is_breaking=True, breaking_until=until)
    day, time = local(until.replace(microsecond=0))
    response = client.post(
        reverse("admin:articles_article_change", args=[current.pk]),
        article_form(current, is_breaking=None, breaking_until_0=day, breaking_until_1=time),
    )
    assert response.status_code == 302, form_errors(response)
    current.refresh_from_db()
    assert not current.is_breaking and current.breaking_until is None


def test_a_writer_cannot_set_breaking_news():
    writer = StaffFactory(role="Rédacteur")
    client = Client()
    client.force_login(writer)
    form = client.get(ADMIN_ADD).content.decode()
    assert 'name="is_breaking"' not in form
    client.post(ADMIN_ADD, breaking_form(writer))
    article = Article.objects.get()
    assert not article.is_breaking


# --- Share links -----------------------------------------------------------------------------


def test_share_links_carry_the_canonical_url_and_the_title_escaped(client):
    title = 'Sommet "CEDEAO" <b>& Cie</b> à l\'heure'
    article = ArticleFactory(title=title, slug="sommet-cedeao")
    page = client.get(article.get_absolute_url(), {"utm_source": "whatsapp"}).content.decode()
    share = page[
        page.index('class="share"') : page.index("</section>", page.index('class="share"'))
    ]
    canonical = "http://testserver/article/sommet-cedeao/"
    u, t = quote(canonical, safe=""), quote(title, safe="")
    hrefs = {
        name: html.unescape(href)
        for name, href in re.findall(r'share__link--(\w+)" href="([^"]+)"', share)
    }
    assert hrefs == {
        "whatsapp": f"https://wa.me/?text={quote(title + ' ' + canonical, safe='')}",
        "facebook": f"https://www.facebook.com/sharer/sharer.php?u={u}",
        "x": f"https://x.com/intent/post?text={t}&url={u}",
        "telegram": f"https://t.me/share/url?url={u}&text={t}",
        "linkedin": f"https://www.linkedin.com/sharing/share-offsite/?url={u}",
        "email": f"mailto:?subject={t}&body={quote(title + chr(10) * 2 + canonical, safe='')}",
    }
    assert "<b>" not in share and "utm_source" not in share
    assert 'aria-label="Partager sur WhatsApp (nouvelle fenêtre)"' in share
    assert 'aria-label="Envoyer par e-mail"' in share
    assert 'rel="noopener noreferrer nofollow"' in share
    # Copy-link and the browser's own share sheet: buttons hidden until the script finds support.
    assert re.search(r"<li hidden data-share-copy>.*Copier le lien", share)
    assert re.search(r"<li hidden data-share-native>.*Partager…", share)
    assert "<script" not in share.split("</ul>")[0], "no third-party script among the links"


def test_share_links_call_no_third_party_before_the_click(client):
    article = ArticleFactory()
    page = client.get(article.get_absolute_url()).content.decode()
    for host in ("facebook.com", "x.com", "wa.me", "t.me", "linkedin.com"):
        assert not re.search(rf'(src|srcset)="[^"]*{re.escape(host)}', page), host


def test_a_preview_is_not_counted(client):
    draft = ArticleFactory(draft=True)
    client.force_login(StaffFactory(role="Éditeur"))
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "data-read-beacon" not in page


# --- Archives --------------------------------------------------------------------------------


def local(*args) -> dt.datetime:
    return timezone.make_aware(dt.datetime(*args))


def test_a_month_of_archives_lists_that_month_only_in_newsroom_time(client):
    ArticleFactory(title="Fin novembre", published_at=local(2025, 11, 30, 23, 30))
    ArticleFactory(title="Premier décembre", published_at=local(2025, 12, 1, 0, 30))
    ArticleFactory(title="Brouillon de décembre", published_at=local(2025, 12, 2), draft=True)
    response = client.get("/archives/2025/12/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Archives : décembre 2025" in page
    assert "Premier décembre" in page
    assert "Fin novembre" not in page and "Brouillon de décembre" not in page
    assert 'href="/archives/2025/11/"' in page  # the month before
    november = client.get("/archives/2025/11/").content.decode()
    assert "Fin novembre" in november and 'href="/archives/2025/12/"' in november


@pytest.mark.parametrize(
    "url", ["/archives/2025/13/", "/archives/2025/1/", "/archives/2025/00/", "/archives/25/01/"]
)
def test_months_that_cannot_be_are_404(client, url):
    assert client.get(url).status_code == 404


def test_a_month_without_articles_is_404(client):
    ArticleFactory(published_at=local(2025, 12, 1, 12))
    response = client.get("/archives/2024/03/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_the_archive_index_lists_months_with_counts_and_the_footer_links_to_it(client):
    for day in (3, 17):
        ArticleFactory(published_at=local(2025, 11, day, 9))
    ArticleFactory(published_at=local(2024, 2, 1, 9))
    home = client.get("/").content.decode()
    footer = home[home.index('class="site-footer"') :]
    assert 'href="/archives/"' in footer
    page = client.get("/archives/").content.decode()
    assert re.search(r'href="/archives/2025/11/">Novembre</a>\s*<span[^>]*>2 articles', page)
    assert re.search(r'href="/archives/2024/02/">Février</a>\s*<span[^>]*>1 article<', page)
    assert page.index("2025") < page.index("2024")


def test_a_year_leads_to_its_months_on_the_archive_index(client):
    """A reader who trims /archives/2025/11/ to /archives/2025/ lands on that year's months,
    in the page's language; a year without articles is a French 404."""
    ArticleFactory(published_at=local(2025, 11, 3, 9))
    response = client.get("/archives/2025/")
    assert response.status_code == 302
    assert response["Location"] == "/archives/#archive-2025"
    assert client.get("/en/archives/2025/")["Location"] == "/en/archives/#archive-2025"
    for url in ("/archives/2024/", "/archives/0000/", "/archives/9999/"):
        missing = client.get(url)
        assert missing.status_code == 404, url
        assert "Page introuvable" in missing.content.decode()


def test_the_archive_index_is_one_query_then_cached(client, django_assert_max_num_queries):
    from articles import archives

    ArticleFactory(published_at=local(2025, 11, 3, 9))
    with django_assert_max_num_queries(1):
        assert len(archives.archive_months()) == 1
    with django_assert_max_num_queries(0):
        archives.archive_months()


def test_archives_in_english_live_under_en(client):
    ArticleFactory(published_at=local(2025, 11, 3, 9))
    page = client.get("/en/archives/2025/11/")
    assert page.status_code == 200
    assert 'href="/en/archives/"' in page.content.decode()
