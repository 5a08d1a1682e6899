"""End to end in a real Chromium: the service worker keeps the
articles a reader opened and shows them offline, marked « Enregistré le … »; anything else
offline is the offline page; the data saver holds pictures back until tapped and an article
then costs under 15 KB on the wire; alerts are offered after the second article only.

Bytes are counted on the wire by a loopback TCP relay in front of the live server (everything
the browser received: headers, bodies, its service worker's fetches), not from the browser's
own accounting.
"""

import contextlib
import gzip
import re
import socket
import threading
import time
from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from reach import vapid
from tests.support.factories import AdSlotFactory, ArticleFactory, CommentFactory
from tests.support.fixtures.browser import PHONE, axe_violations, settle

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed")
expect = sync_api.expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BUDGET = 15 * 1024


def noisy_photo() -> ContentFile:
    """A photo with detail in it: a flat test colour would weigh next to nothing as WebP."""
    buffer = BytesIO()
    Image.effect_noise((1600, 900), 60).convert("RGB").save(buffer, "JPEG", quality=85)
    return ContentFile(buffer.getvalue(), name="foule.jpg")


class ByteCounter:
    """A TCP relay on 127.0.0.1 that counts the bytes going back to the browser."""

    def __init__(self, target_port: int):
        self.target_port = target_port
        self.received = 0
        self._lock = threading.Lock()
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port = self._server.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _address = self._server.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            threading.Thread(target=self._pipe, args=(client, upstream, False), daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, client, True), daemon=True).start()

    def _pipe(self, source, target, counted):
        try:
            while chunk := source.recv(65536):
                if counted:
                    with self._lock:
                        self.received += len(chunk)
                target.sendall(chunk)
        except OSError:
            pass
        finally:
            for end in (source, target):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)

    def reset(self) -> None:
        with self._lock:
            self.received = 0

    def close(self):
        self._server.close()


@pytest.fixture
def site(live_server):
    """The live server behind the counting relay, as http://localhost:<port> (a secure
    context: service workers work there without HTTPS)."""
    counter = ByteCounter(int(live_server.url.rsplit(":", 1)[1]))
    counter.url = f"http://localhost:{counter.port}"
    yield counter
    counter.close()


@pytest.fixture(autouse=True)
def _no_browser_page_cache(settings):
    """Pages are fresh in the browser's own cache for PAGE_MAX_AGE (10 s), before any worker
    is asked: a reader comes back hours later. Here it is seconds later, so no such freshness."""
    settings.PAGE_MAX_AGE = 0


def phone_page(browser):
    """A new context (not a kept one, whose earlier service workers could hold `set_offline`)."""
    context = browser.new_context(fresh=True, locale="fr-FR", viewport=PHONE)
    yield context.new_page()
    context.close()


@pytest.fixture
def page(chromium):
    yield from phone_page(chromium)


@pytest.fixture
def whole_browser_page(whole_chromium):
    """In the whole browser: the headless shell says « denied » to every site's notifications
    before it asks, where a reader's Chromium says « default »."""
    yield from phone_page(whole_chromium)


# `page.evaluate` has no timeout of its own, and these evaluations await the page's Cache
# Storage: one that never settled would hold the worker until pytest-timeout's 180 s. Each gives
# up after this long, and `until` asks again. (The module's one hang seen, about one run in
# twenty, was `set_offline` instead: `phone_page`.)
EVALUATION_MS = 2000
UNANSWERED = "unanswered"


def evaluate(page, script: str, arg=None):
    """`script` (a function) evaluated in the page, or UNANSWERED after EVALUATION_MS."""
    bounded = f"""arg => Promise.race([
        Promise.resolve().then(() => ({script})(arg)),
        new Promise(answer => setTimeout(() => answer("{UNANSWERED}"), {EVALUATION_MS})),
    ])"""
    return page.evaluate(bounded, arg)


def until(page, script: str, arg=None, seconds: float = 5):
    """Poll a function in the page until it returns something true (wait_for_function would
    evaluate a string, which the site's CSP rightly refuses)."""
    deadline, unanswered = time.monotonic() + seconds, 0
    while time.monotonic() < deadline:
        answer = evaluate(page, script, arg)
        if answer == UNANSWERED:
            unanswered += 1
        elif answer:
            return
        page.wait_for_timeout(100)
    detail = f" ({unanswered} evaluations never answered)" if unanswered else ""
    raise AssertionError(f"still false after {seconds} s{detail}: {script}")


def worker_ready(page):
    until(page, "() => Boolean(navigator.serviceWorker && navigator.serviceWorker.controller)")


# Whether the service worker keeps a copy of the page at `path`.
KEPT = "path => caches.open('reach-pages-1').then(c => c.match(path)).then(Boolean)"


def saved(page, path: str) -> bool:
    answer = evaluate(page, KEPT, path)
    assert answer != UNANSWERED, f"the page's cache never said whether {path} is kept"
    return answer


def open_and_keep(page, url: str, path: str):
    """Open an article with the worker in control, and wait until its copy is kept."""
    page.goto(url)
    until(page, KEPT, path)


def test_an_article_opened_before_reads_offline_marked_saved(page, site):
    article = ArticleFactory(title="La Cédéao se réunit à Abuja", with_image=True)
    other = ArticleFactory(title="Un autre article")
    page.goto(f"{site.url}/")
    worker_ready(page)
    open_and_keep(page, f"{site.url}{article.get_absolute_url()}", article.get_absolute_url())
    settle(page)

    page.context.set_offline(True)
    page.goto(f"{site.url}{article.get_absolute_url()}")

    expect(page.locator("h1")).to_have_text("La Cédéao se réunit à Abuja")
    banner = page.locator("[data-saved-banner]")
    expect(banner).to_contain_text("Enregistré le ")
    expect(banner).to_contain_text(" h ")  # « vendredi 4 décembre 2026 à 18 h 40 »
    # The picture was kept with the page.
    figure = page.locator(".article__figure img")
    until(page, "img => img.complete && img.naturalWidth > 1", figure.element_handle())

    # The article list of the offline page names it.
    page.goto(f"{site.url}{other.get_absolute_url()}")
    expect(page.locator("[data-saved-articles] a")).to_have_text(["La Cédéao se réunit à Abuja"])


def test_an_article_never_opened_gets_the_offline_page(page, site):
    article = ArticleFactory(title="Jamais ouvert sur ce téléphone")
    page.goto(f"{site.url}/")
    worker_ready(page)
    page.context.set_offline(True)
    page.goto(f"{site.url}{article.get_absolute_url()}")
    expect(page.locator("h1")).to_have_text("Pas de connexion")
    expect(page.locator("main")).to_contain_text(
        "Cette page n'est pas enregistrée sur votre appareil."
    )
    expect(page.locator("[data-saved-articles]")).to_be_hidden()  # nothing kept yet
    expect(page.get_by_role("link", name="Réessayer la page d'accueil")).to_be_visible()


def test_online_the_network_always_wins(page, site):
    article = ArticleFactory(title="Titre du matin")
    page.goto(f"{site.url}/")
    worker_ready(page)
    open_and_keep(page, f"{site.url}{article.get_absolute_url()}", article.get_absolute_url())
    article.title = "Titre du soir"
    article.save()
    page.goto(f"{site.url}{article.get_absolute_url()}")
    expect(page.locator("h1")).to_have_text("Titre du soir")
    expect(page.locator("[data-saved-banner]")).to_have_count(0)


def test_only_the_last_20_articles_are_kept(page, site):
    articles = ArticleFactory.create_batch(21)
    page.goto(f"{site.url}/")
    worker_ready(page)
    for article in articles:
        open_and_keep(page, f"{site.url}{article.get_absolute_url()}", article.get_absolute_url())
    # 20 articles and the two offline pages
    until(page, "() => caches.open('reach-pages-1').then(c => c.keys()).then(k => k.length === 22)")
    assert not saved(page, articles[0].get_absolute_url())
    assert saved(page, articles[1].get_absolute_url())


def test_data_saver_holds_pictures_until_tapped_and_an_article_costs_under_15_kb(page, site):
    article = ArticleFactory(
        image=noisy_photo(),
        image_alt="Une foule sur la place",
        body="<p>" + "Un paragraphe de texte à lire. " * 120 + "</p>",
    )
    first, *_others = ArticleFactory.create_batch(3, category=article.category, with_image=True)
    page.goto(f"{site.url}/")
    worker_ready(page)
    page.get_by_role("button", name="Économie de données").click()
    expect(page.get_by_role("button", name="Économie de données")).to_have_attribute(
        "aria-pressed", "true"
    )
    # Said what it does (the switch alone said nothing: a reader's trial).
    expect(page.locator("[data-reach-status]")).to_have_text(
        "Économie de données activée : les images ne se chargent que si vous les touchez."
    )
    settle(page)

    # The reader came from a link to another article (this live server sends static files
    # uncompressed, production gzips them: the first article is counted, not judged).
    site.reset()
    page.goto(f"{site.url}{first.get_absolute_url()}")
    settle(page)
    page.wait_for_timeout(300)
    print(f"\nfirst article of the visit, data saver on: {site.received} bytes on the wire")

    site.reset()
    page.goto(f"{site.url}{article.get_absolute_url()}")
    settle(page)
    page.wait_for_timeout(300)  # the read beacon and anything late
    cost = site.received
    print(f"next article, data saver on: {cost} bytes on the wire")
    assert cost < BUDGET, cost

    # The picture is held, with a button to show it; a tap brings it.
    hold = page.locator(".article__figure .image-held")
    expect(hold).to_have_text("Image non chargée (économie de données) : touchez pour l'afficher")
    site.reset()
    hold.click()
    until(
        page,
        "() => { const i = document.querySelector('.article__figure img');"
        " return i.complete && i.naturalWidth > 1; }",
    )
    expect(hold).to_have_count(0)
    settle(page)
    print(f"the picture, once tapped: {site.received} bytes")
    assert site.received > 20_000  # what the saver spared: the photo alone outweighs the page


def first_visit(chromium, url: str, site, *, save_data: bool) -> int:
    """Bytes a first visit costs on the wire (empty cache, a fresh profile), everything the
    browser received counted by the relay; static files counted as production sends them
    (collectstatic's gzip, served by nginx's gzip_static; this live server sends them raw).
    A new context, not kept: a kept one's reset would send its headers to this page's service
    worker, still starting (see `phone_page`)."""
    headers = {"Save-Data": "on"} if save_data else {}
    context = chromium.new_context(
        fresh=True, locale="fr-FR", viewport=PHONE, extra_http_headers=headers
    )
    static = []
    page = context.new_page()
    page.on("response", lambda r: static.append(r) if "/static/" in r.url else None)
    site.reset()
    page.goto(url)
    settle(page)
    page.wait_for_timeout(500)  # the read beacon, a worker's install, anything late
    wire = site.received
    for response in static:
        body = response.body()
        wire += len(gzip.compress(body, 9)) - len(body)
    context.close()
    return wire


def test_a_first_visit_with_save_data_costs_under_15_kb_everything_included(chromium, page, site):
    article = ArticleFactory(
        image=noisy_photo(),
        image_alt="Une foule sur la place",
        body="<p>" + "Un paragraphe de texte à lire, chaque fois un peu différent. " * 60 + "</p>",
    )
    for number in range(6):
        CommentFactory(article=article, body=f"Avis de lecteur numéro {number}. " * 6)
    AdSlotFactory(placement="article_top", image=ContentFile(noisy_photo().read(), "pub.jpg"))
    ArticleFactory.create_batch(4, category=article.category, with_image=True)
    url = f"{site.url}{article.get_absolute_url()}"

    light = first_visit(chromium, url, site, save_data=True)
    full = first_visit(chromium, url, site, save_data=False)
    print(f"\nfirst visit, Save-Data: on: {light} bytes; without: {full} bytes")
    assert light < BUDGET, light
    assert full > 3 * BUDGET  # the photo and the ad: what the light page spared

    # The picture waits behind a tap, and comes on one, without any script of the page's.
    page.context.set_extra_http_headers({"Save-Data": "on"})
    page.goto(url)
    held = page.locator(".article__figure details.image-held")
    expect(held.locator("summary")).to_have_text(
        "Image non chargée (économie de données) : touchez pour l'afficher"
    )
    expect(held.locator("img")).to_have_count(0)  # nothing to fetch before the tap
    held.locator("summary").click()
    picture = held.locator("img")
    expect(picture).to_have_count(1)
    until(page, "img => img.complete && img.naturalWidth > 1", picture.element_handle())

    # Scripts off (a reader saving data may have them off): a lazy picture in the page was
    # fetched at once all the same (a reader's trial). None is; the tap opens the picture.
    quiet = chromium.new_context(java_script_enabled=False, extra_http_headers={"Save-Data": "on"})
    try:
        reading = quiet.new_page()
        media = []
        reading.on(
            "request", lambda request: "/media/" in request.url and media.append(request.url)
        )
        reading.goto(url)
        reading.wait_for_load_state("load")
        assert media == [], media
        held = reading.locator(".article__figure details.image-held")
        held.locator("summary").click()
        expect(held.get_by_role("link")).to_have_attribute("href", re.compile(r"^/media/"))
    finally:
        quiet.close()


def test_alerts_are_offered_after_the_second_article_and_no_is_remembered(
    whole_browser_page, site, settings, axe_source
):
    page = whole_browser_page
    pair = vapid.generate()
    settings.WEBPUSH_VAPID_PRIVATE_KEY, settings.WEBPUSH_VAPID_PUBLIC_KEY = (
        pair.private,
        pair.public,
    )
    first, second, third = ArticleFactory.create_batch(3)
    prompt = page.locator("[data-alerts-prompt]")

    page.goto(f"{site.url}/")
    worker_ready(page)
    expect(prompt).to_be_hidden()  # never on arrival
    page.goto(f"{site.url}{first.get_absolute_url()}")
    page.wait_for_load_state("load")
    expect(prompt).to_be_hidden()
    # A comment sent empty comes back at the form's address: the same article, not a second
    # one (the bar covered the box the reader was correcting).
    page.get_by_role("button", name="Publier le commentaire").click()
    page.wait_for_load_state("load")
    expect(page.locator(".comment-form [aria-invalid=true]").first).to_be_visible()
    expect(prompt).to_be_hidden()
    page.goto(f"{site.url}{second.get_absolute_url()}")
    expect(prompt).to_be_visible()
    expect(prompt.get_by_role("button", name="Recevoir les alertes")).to_be_visible()
    assert axe_violations(page, axe_source) == []  # the bar, at 360 px, passes axe-core
    page.emulate_media(color_scheme="dark")  # and in dark mode (white on #ff8a80 was 2.3:1)
    assert axe_violations(page, axe_source) == []
    page.emulate_media(color_scheme="light")
    # Chosen from the keyboard, the bar gives focus back where the reader was.
    link = page.locator("footer a").first
    link.focus()
    prompt.get_by_role("button", name="Non merci").focus()
    page.keyboard.press("Enter")
    expect(prompt).to_be_hidden()
    expect(link).to_be_focused()  # back where the reader was, not at the top of the page
    page.goto(f"{site.url}{third.get_absolute_url()}")
    page.wait_for_load_state("load")
    expect(prompt).to_be_hidden()


def test_the_answer_to_recevoir_les_alertes_shows_in_the_bar(whole_browser_page, site, settings):
    """Refused (here the browser can reach no push service), the answer went to the footer,
    5,000 px down on a phone: the bar went and nothing else happened (a reader's trial)."""
    page = whole_browser_page
    pair = vapid.generate()
    settings.WEBPUSH_VAPID_PRIVATE_KEY, settings.WEBPUSH_VAPID_PUBLIC_KEY = (
        pair.private,
        pair.public,
    )
    first, second = ArticleFactory.create_batch(2)
    prompt = page.locator("[data-alerts-prompt]")
    page.goto(f"{site.url}/")
    worker_ready(page)
    page.goto(f"{site.url}{first.get_absolute_url()}")
    page.wait_for_load_state("load")
    page.goto(f"{site.url}{second.get_absolute_url()}")
    expect(prompt).to_be_visible()

    page.context.grant_permissions(["notifications"])
    prompt.get_by_role("button", name="Recevoir les alertes").click()
    expect(prompt).to_be_visible()
    expect(prompt).to_contain_text(
        re.compile("L'abonnement n'a pas abouti|Les notifications sont bloquées")
    )
    expect(prompt).not_to_contain_text("Registration")  # never the browser's English
    close = prompt.get_by_role("button", name="Fermer")
    expect(close).to_be_focused()
    close.click()
    expect(prompt).to_be_hidden()


def test_pages_load_no_script_from_elsewhere(page, site):
    scripts = []
    page.on("request", lambda r: scripts.append(r.url) if r.resource_type == "script" else None)
    article = ArticleFactory()
    page.goto(f"{site.url}{article.get_absolute_url()}")
    settle(page)
    assert scripts and all(url.startswith(site.url) for url in scripts), scripts
