"""En direct: a live coverage is an article with entries; who may post what; the
update document open pages poll (small, 304 when nothing changed, never a waiting or deleted
entry's text, never a draft's); entries fetched one by one; older entries folded at constant
cost; LiveBlogPosting for search engines; and every change reaching the cached pages.

These tests commit for real (`transaction=True`): cache invalidation runs on commit."""

import datetime as dt
import html
import json
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.formats import time_format

from live import services
from live.models import Coverage, Entry
from tests.support.budgets import BUDGETS
from tests.support.factories import AdSlotFactory, ArticleFactory, StaffFactory, jpeg_file
from tests.support.helpers import count_queries
from tests.support.text import fr, text_of
from tests.system.test_french_spaces import breakable_spaces

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def editor():
    return StaffFactory(role="Éditeur", first_name="Edwige", last_name="Houngbo")


@pytest.fixture
def reporter():
    """With the public profile a byline gives them (made at the first render otherwise, which
    renames nobody but moves `taxonomy`, and the first cached fragment with it)."""
    from authors.services import profile_for

    user = StaffFactory(role="Rédacteur", first_name="Rachid", last_name="Sanni")
    profile_for(user)
    return user


@pytest.fixture
def writer():
    return StaffFactory(role="Rédacteur", first_name="Wassi", last_name="Adé")


@pytest.fixture
def coverage(reporter):
    article = ArticleFactory(title="Présidentielle : la nuit du dépouillement", slug="nuit")
    coverage = Coverage.objects.create(article=article)
    coverage.reporters.add(reporter)
    return coverage


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post_entry(user, coverage, text, **fields):
    return services.entry_post(coverage=coverage, user=user, body=text, **fields)


def updates(client=None, slug="nuit", **headers):
    return (client or Client()).get(f"/direct/{slug}/maj/", headers=headers)


def article_page(client=None) -> str:
    response = (client or Client()).get("/article/nuit/")
    assert response.status_code == 200
    return response.content.decode()


# -- Who may post what -----------------------------------------------------------------------


def test_a_coverage_on_a_draft_is_open_only_to_its_author_its_reporters_and_editors(
    editor, reporter, writer
):
    """Any Rédacteur read a colleague's draft's coverage on the desk, its entries in the admin,
    and could post into it (an attacker's trial)."""
    its_author = StaffFactory(role="Rédacteur")
    draft = ArticleFactory(
        title="Enquête : les loyers", slug="loyers", draft=True, author=its_author
    )
    coverage = Coverage.objects.create(article=draft)
    post_entry(editor, coverage, "Entrée encore secrète.")
    colleague = client_for(writer)

    assert "Enquête" not in colleague.get("/direct/", follow=True).content.decode()
    assert colleague.get("/direct/loyers/bureau/").status_code == 404
    assert colleague.post("/direct/loyers/bureau/", {"body": "Intrus"}).status_code == 404
    for admin_list in ("/admin/live/entry/", "/admin/live/coverage/"):
        page = colleague.get(admin_list).content.decode()
        assert "secrète" not in page and "Enquête" not in page, admin_list
    assert Entry.objects.count() == 1

    coverage.reporters.add(writer)  # named by an Éditeur: theirs to post to
    assert colleague.get("/direct/loyers/bureau/").status_code == 200
    for allowed in (editor, its_author):
        assert client_for(allowed).get("/direct/loyers/bureau/").status_code == 200
    assert client_for(reporter).get("/direct/loyers/bureau/").status_code == 404


def test_the_entries_list_and_form_name_only_the_coverages_open_to_their_reader(
    coverage, editor, writer
):
    """With a public coverage beside a colleague's draft's, the entries list's « direct »
    filter and an entry's form listed both headlines to a Rédacteur; and the filter's own links
    answered 400 to everyone (a coverage's key is its article's; an attacker's trial)."""
    draft = ArticleFactory(title="Enquête : les loyers", slug="loyers", draft=True)
    Coverage.objects.create(article=draft)
    waiting = post_entry(writer, coverage, "Entrée de Wassi en attente.")
    colleague = client_for(writer)

    listed = colleague.get("/admin/live/entry/").content.decode()
    form = colleague.get(f"/admin/live/entry/{waiting.pk}/change/").content.decode()
    for page in (listed, form):
        assert "Enquête" not in page
    assert f'href="?direct={coverage.pk}"' in listed
    assert "Présidentielle" in form and "<select" not in form.split('name="body"')[0]

    for who, seen in ((colleague, 1), (client_for(editor), 1)):
        filtered = who.get("/admin/live/entry/", {"direct": coverage.pk})
        assert filtered.status_code == 200
        assert filtered.context["cl"].result_count == seen
    assert colleague.get("/admin/live/entry/", {"direct": draft.pk}).context["cl"].result_count == 0
    assert colleague.get("/admin/live/entry/", {"direct": "abc"}).status_code == 200


def test_a_photo_from_a_phone_is_published_under_a_name_that_tells_nothing(coverage, reporter):
    """A phone names its photos by the second they were taken (IMG_20261206_231514.jpg): the
    desk published that name in the picture's public address."""
    response = client_for(reporter).post(
        "/direct/nuit/bureau/",
        {
            "body": "La file devant le bureau de vote de Cadjèhoun.",
            "image": jpeg_file(1200, 800, name="IMG_20261206_231514.jpg"),
            "image_alt": "Des électeurs en file",
        },
    )

    assert response.status_code == 302
    stored = Entry.objects.get().image.name
    assert re.fullmatch(r"direct/\d{4}/\d{2}/[0-9a-f]{12}\.jpg", stored), stored
    page = article_page()
    assert stored.rsplit("/", 1)[1].removesuffix(".jpg") in page and "IMG_2026" not in page


def test_a_photo_cut_short_on_the_way_is_refused_and_the_entry_text_is_kept(coverage, reporter):
    """Half a photo (a phone's upload interrupted) was a 500 on election night, the entry's
    text gone (an attacker's trial)."""
    from tests.plumbing.test_uploads import photo_cut_short

    response = client_for(reporter).post(
        "/direct/nuit/bureau/",
        {
            "body": "Le décompte commence à Parakou.",
            "image": photo_cut_short(),
            "image_alt": "Des assesseurs",
        },
    )

    assert response.status_code == 400  # the desk's form again, as for any refused entry
    page = html.unescape(response.content.decode())
    assert "n'est pas une image lisible" in page
    assert "Le décompte commence à Parakou." in page and 'value="Des assesseurs"' in page
    assert not Entry.objects.exists()


def test_the_desks_photos_get_the_checks_of_every_other_upload(coverage, reporter, settings):
    """The desk's form skipped them all (format, weight, pixels): a 60-megapixel picture went
    through to its re-encoding (an attacker's trial)."""
    from tests.plumbing.test_uploads import image_file

    settings.ARTICLE_IMAGE_MAX_PIXELS = 1_000_000
    sent = {
        "png named .jpg": (image_file("PNG", name="photo.jpg"), "mais contient une image PNG"),
        "too many pixels": (jpeg_file(1600, 900), "trop pour être traitée"),
    }
    for what, (photo, said) in sent.items():
        response = client_for(reporter).post(
            "/direct/nuit/bureau/", {"body": "Texte.", "image": photo, "image_alt": "Photo"}
        )
        assert said in html.unescape(response.content.decode()), what
    assert not Entry.objects.exists()


def test_the_desk_is_a_tool_and_shows_no_advertising(coverage, reporter):
    """At 360 px the banner pushed the reporter's text box below the first screen."""
    AdSlotFactory(placement="header")
    assert "ad__label" in article_page()
    for path in ("/direct/", "/direct/nuit/bureau/"):
        desk = client_for(reporter).get(path, follow=True).content.decode()
        assert "ad__label" not in desk, path


def test_the_desk_leads_back_to_the_admin_from_its_header(coverage, reporter, editor):
    """A newsroom's trial: signed in at the admin, a reporter reached the desk from « Directs »
    and found no way back to it but the browser's. A discreet link atop the desk, before its
    title, leads to the admin's home; on the list of coverages live too."""
    summit = Coverage.objects.create(article=ArticleFactory(title="Sommet", slug="sommet"))
    summit.reporters.add(reporter)
    for user, path in ((reporter, "/direct/nuit/bureau/"), (editor, "/direct/")):
        page = client_for(user).get(path).content.decode()
        header = page[page.index('<header class="live-desk__header">') : page.index("</h1>")]
        link = re.search(r'<a href="([^"]+)">([^<]+)</a>', header)
        assert link[1] == reverse("admin:index"), path
        assert html.unescape(link[2]) == "Retour à l'administration", path


def test_no_line_of_the_desk_starts_with_french_punctuation(coverage, reporter, editor, writer):
    """On a 360 px phone, a newsroom's trial: « Parakou / : le décompte », a line of the desk
    began with « : »; the public page kept each « : ; ! ? » and « » » with its word. The desk
    now writes the same no-break spaces (the `french_spaces` filter), in the entries, on those
    waiting, in the headline, and when asking before a deletion."""
    text = "Parakou : le décompte continue ; « calme » ! Et Kandi ?"
    entry = post_entry(reporter, coverage, text)
    post_entry(writer, coverage, f"À vérifier : {text}")
    Coverage.objects.create(article=ArticleFactory(title="Sommet : Abuja ?", slug="sommet"))
    desk = client_for(editor)
    pages = {  # each with what it shows of the newsroom's words
        "desk": (desk.get("/direct/nuit/bureau/"), "la nuit du dépouillement"),
        "desks live": (desk.get("/direct/"), "Abuja"),
        "edit": (desk.get(f"/direct/entree/{entry.pk}/modifier/"), "la nuit du dépouillement"),
        "delete": (
            desk.post(f"/direct/entree/{entry.pk}/modifier/", {"action": "delete"}),
            "le décompte",
        ),
    }
    for name, (response, words) in pages.items():
        page = response.content.decode()
        assert response.status_code == 200, name
        assert words in text_of(page) and not breakable_spaces(page), name
    assert text_of(pages["desk"][0].content.decode()).count("le décompte") == 2


def test_the_desk_is_a_tool_and_hides_the_breaking_news_ticker(coverage, reporter, settings):
    """At 360 px on election night the « Dernière minute » bar took 75 px above the reporter's
    text box (a newsroom's trial), like the banner before it. The ticker is drawn by base.html
    outside any block a page can empty: each page of the desk carries its body class, which
    portal.css and the light page's saver.css hide the ticker under; readers keep it."""
    ArticleFactory(title="Coup de tonnerre à Cotonou", is_breaking=True)
    assert "Coup de tonnerre" in article_page() and "live-desk-page" not in article_page()
    entry = post_entry(reporter, coverage, "Bureau 4 dépouillé.")
    desk = client_for(reporter)
    pages = {
        "desk": desk.get("/direct/nuit/bureau/"),
        "edit": desk.get(f"/direct/entree/{entry.pk}/modifier/"),
        "delete": desk.post(f"/direct/entree/{entry.pk}/modifier/", {"action": "delete"}),
        "desks live": desk.get("/direct/", follow=True),
    }
    for name, response in pages.items():
        assert '<body class="live-desk-page">' in response.content.decode(), name
    for sheet in ("portal.css", "saver.css"):
        css = (settings.BASE_DIR / "static" / "css" / sheet).read_text()
        assert re.search(r"\.live-desk-page \.breaking \{ display: none; \}", css), sheet


def test_an_ended_coverage_takes_no_new_entry_and_keeps_what_was_typed(coverage, reporter):
    """A reporter's entry reached the page of a coverage that readers were told was over."""
    coverage.state = Coverage.State.ENDED
    coverage.save()
    desk = client_for(reporter)

    page = html.unescape(desk.get("/direct/nuit/bureau/").content.decode())
    assert "Ce direct est terminé" in page and 'name="body"' not in page

    typed = "Dernière minute : le taux de participation à Parakou."
    refused = desk.post("/direct/nuit/bureau/", {"body": typed})
    assert refused.status_code == 409
    assert typed in html.unescape(refused.content.decode())
    assert not Entry.objects.exists()
    assert typed not in article_page()


def test_the_desk_shows_an_approved_entry_at_the_time_readers_see(coverage, reporter):
    """Written at 21 h 04, approved at 21 h 22: the desk said 21 h 04, readers 21 h 22."""
    now = timezone.now()
    Entry.objects.create(
        coverage=coverage,
        author=reporter,
        body="<p>Les premiers bulletins arrivent.</p>",
        status=Entry.Status.PUBLISHED,
        created_at=now - dt.timedelta(minutes=18),
        published_at=now,
        changed_at=now,
    )
    desk = client_for(reporter).get("/direct/nuit/bureau/").content.decode()
    shown = re.search(r'<p class="live-desk__meta"><time datetime="([^"]+)"', desk)[1]
    assert shown == date_format(timezone.localtime(now), r"Y-m-d\TH:i:sO")


def test_past_midnight_the_desk_says_the_day_of_each_entry_not_of_the_first(coverage, reporter):
    """« 23 h 39 » sat below « 00 h 04 » with nothing to say the day had changed."""
    started = timezone.localtime(coverage.started_at)
    next_day = started + dt.timedelta(days=1)
    for moment in (started, next_day):
        Entry.objects.create(
            coverage=coverage,
            author=reporter,
            body="<p>Une entrée.</p>",
            status=Entry.Status.PUBLISHED,
            created_at=moment,
            published_at=moment,
            changed_at=moment,
        )

    desk = client_for(reporter).get("/direct/nuit/bureau/").content.decode()

    times = re.findall(r'<p class="live-desk__meta"><time datetime="[^"]+">([^<]+)</time>', desk)
    assert times == [
        f"{date_format(next_day, 'D j')} {time_format(next_day)}",
        time_format(started),
    ]


def test_a_named_reporter_publishes_at_once_and_readers_see_it(coverage, reporter):
    response = client_for(reporter).post(
        "/direct/nuit/bureau/", {"body": "Premiers résultats à Parakou."}
    )

    assert response.status_code == 302
    entry = Entry.objects.get()
    assert entry.status == Entry.Status.PUBLISHED and entry.published_at
    assert "Premiers résultats à Parakou." in article_page()


def test_a_coverage_counts_its_entries_in_the_readers_language_zero_in_the_singular(
    coverage, reporter
):
    """French puts zero in the singular: « 0 entrée ». Without a French catalogue gettext chose
    by English's rule and said « 0 entrées » (tools/french_catalogue.py)."""
    counted = re.compile(r'class="visually-hidden">([^<]+)</span>\s*</h2>')

    assert counted.search(article_page()).group(1) == "0 entrée"
    post_entry(reporter, coverage, "Les bureaux ouvrent.")
    assert counted.search(article_page()).group(1) == "1 entrée"
    post_entry(reporter, coverage, "Premiers chiffres à Parakou.")
    assert counted.search(article_page()).group(1) == "2 entrées"
    english = Client().get("/en/article/nuit/").content.decode()
    assert counted.search(english).group(1) == "2 entries"


def test_someone_else_on_the_desk_submits_and_readers_see_nothing_until_approved(
    coverage, writer, editor
):
    client_for(writer).post("/direct/nuit/bureau/", {"body": "Rumeur à vérifier à Kandi."})
    entry = Entry.objects.get()
    assert entry.status == Entry.Status.SUBMITTED

    assert "Kandi" not in article_page()
    assert str(entry.pk) not in updates().content.decode()
    assert Client().get(f"/direct/entree/{entry.pk}/").status_code == 404

    response = client_for(editor).post(
        f"/direct/entree/{entry.pk}/modifier/", {"action": "approve"}
    )

    assert response.status_code == 302
    assert "Rumeur à vérifier à Kandi." in article_page()
    assert [entry.pk, 1] == [updates().json()["changements"][0][i] for i in (0, 2)]


def test_an_editor_sees_atop_the_desk_how_many_entries_wait_and_publishes_them_first(
    coverage, writer, editor, reporter
):
    """Election night, a newsroom's trial: entries a Rédacteur sent sat in the time-ordered
    list marked only by a small grey « à valider », no count, and slid down unseen under the
    reporters' entries. An Éditeur reads how many wait atop the desk, above the text box, and
    finds them listed apart before the latest entries, each with its « Publier »; readers still
    see none of them, nor the writer any count."""
    first = post_entry(writer, coverage, "Rumeur à vérifier à Kandi.")
    post_entry(writer, coverage, "Incident signalé à Djougou.")
    for number in range(3):  # the reporters keep posting: the waiting ones slid down
        post_entry(reporter, coverage, f"Bureau {number} dépouillé.")

    page = client_for(editor).get("/direct/nuit/bureau/").content.decode()
    desk = text_of(page)

    above, below = page.split("<textarea")[0], page.split("</textarea>")[1]  # the text box
    assert "2 entrées à valider" in text_of(above) and "2 entrées à valider" in text_of(below)
    waiting = desk[desk.rindex("2 entrées à valider") : desk.index("Dernières entrées")]
    assert waiting.index("Kandi") < waiting.index("Djougou")  # the longest wait first
    assert waiting.count("Publier l'entrée de") == 2 and "Bureau" not in waiting
    latest = desk[desk.index("Dernières entrées") :]
    assert "Kandi" not in latest and "Djougou" not in latest  # listed once, apart
    assert "Kandi" not in article_page() and "Djougou" not in article_page()
    assert first.pk not in [change[0] for change in updates().json()["changements"]]
    theirs = text_of(client_for(writer).get("/direct/nuit/bureau/").content.decode())
    assert "entrées à valider" not in theirs and "Publier l'entrée" not in theirs

    client_for(editor).post(f"/direct/entree/{first.pk}/modifier/", {"action": "approve"})
    desk = text_of(client_for(editor).get("/direct/nuit/bureau/").content.decode())
    assert "1 entrée à valider" in desk and "2 entrées" not in desk
    assert "Kandi" in article_page() and "Djougou" not in article_page()


def test_after_publier_the_editor_is_back_at_the_waiting_list_and_reads_it_there(
    coverage, writer, editor
):
    """Clearing a busy night's list, the Éditeur was sent to the top of the desk after each
    « Publier », the message there, to scroll down again (a newsroom's trial): back to the
    waiting list while entries wait, the message with them; the last one, back to the top."""
    kandi, djougou, parakou = (
        post_entry(writer, coverage, f"Rumeur à vérifier à {town}.")
        for town in ("Kandi", "Djougou", "Parakou")
    )
    desk_client = client_for(editor)

    response = desk_client.post(f"/direct/entree/{kandi.pk}/modifier/", {"action": "approve"})

    assert response["Location"] == "/direct/nuit/bureau/#a-valider"
    page = desk_client.get(response["Location"]).content.decode()
    atop, waiting = page.split('id="a-valider"')
    assert "Entrée publiée." in text_of(waiting.split("Dernières entrées")[0])
    assert "Entrée publiée." not in text_of(atop)

    # A colleague clears the list before the page comes back: the message is said atop.
    desk_client.post(f"/direct/entree/{djougou.pk}/modifier/", {"action": "approve"})
    client_for(StaffFactory(role="Éditeur")).post(
        f"/direct/entree/{parakou.pk}/modifier/", {"action": "approve"}
    )
    page = desk_client.get("/direct/nuit/bureau/").content.decode()
    assert 'id="a-valider"' not in page
    assert "Entrée publiée." in text_of(page.split("<textarea")[0])

    last = post_entry(writer, coverage, "Coupure signalée à Natitingou.")
    response = desk_client.post(f"/direct/entree/{last.pk}/modifier/", {"action": "approve"})

    assert response["Location"] == "/direct/nuit/bureau/"
    page = desk_client.get(response["Location"]).content.decode()
    assert 'id="a-valider"' not in page
    assert "Entrée publiée." in text_of(page.split("<textarea")[0])


def test_the_desk_says_what_each_button_does_and_where_an_error_is(coverage, writer, editor):
    """At 360 px with a screen reader: « Envoyer à l'éditeur » says the entry waits for
    approval; each « Publier » and « Modifier » of the list names its entry (the Éditeur heard
    « Publier » twice); an empty text is refused with the focus on the text box."""
    desk = html.unescape(client_for(writer).get("/direct/nuit/bureau/").content.decode())
    button = re.search(r'<button type="submit"[^>]*aria-describedby="([^"]+)"[^>]*>', desk)
    assert button and "Envoyer à l'éditeur" in desk
    assert "Un éditeur la relit avant qu'elle paraisse." in desk
    assert f'id="{button[1]}"' in desk

    client_for(writer).post("/direct/nuit/bureau/", {"body": "Rumeur à vérifier à Kandi."})
    page = html.unescape(client_for(editor).get("/direct/nuit/bureau/").content.decode())
    approve = re.search(r'value="approve"[^>]*>(.*?)</button>', page, re.S)[1]
    assert re.fullmatch(
        r'Publier<span class="visually-hidden"> l\'entrée de \d{1,2} h \d\d</span>', approve
    )
    assert re.search(r">Modifier<span class=\"visually-hidden\"> l'entrée de \d{1,2} h", page)

    refused = client_for(editor).post("/direct/nuit/bureau/", {"body": ""}).content.decode()
    textarea = re.search(r"<textarea[^>]*>", refused)[0]
    assert "autofocus" in textarea and 'aria-describedby="body-error"' in textarea
    assert 'aria-invalid="true"' in textarea


def test_a_reporter_cannot_pin_or_approve_what_waits_and_readers_cannot_reach_the_desk(
    coverage, reporter, writer
):
    waiting = post_entry(writer, coverage, "En attente.")
    response = client_for(reporter).post(
        f"/direct/entree/{waiting.pk}/modifier/", {"action": "approve"}
    )
    assert response.status_code == 404
    assert Entry.objects.get(pk=waiting.pk).status == Entry.Status.SUBMITTED
    # A reader gets the site's 404: a redirect to the login gave away the secret ADMIN_URL.
    for path in ("/direct/", "/direct/nuit/bureau/", f"/direct/entree/{waiting.pk}/modifier/"):
        response = Client().get(path)
        assert response.status_code == 404 and not response.has_header("Location"), path
    stranger = StaffFactory()  # staff with no role on the coverage
    assert client_for(stranger).get("/direct/nuit/bureau/").status_code == 404


def test_the_desk_offers_to_change_only_the_entries_one_may_change(coverage, reporter, editor):
    """A Rédacteur's « Modifier » would lead to a « Page introuvable » on someone else's entry."""
    theirs = post_entry(editor, coverage, "Entrée de l'éditrice.")
    own = post_entry(reporter, coverage, "Entrée du reporter.")

    def edit_links(user) -> set[str]:
        page = client_for(user).get("/direct/nuit/bureau/").content.decode()
        return set(re.findall(r'href="/direct/entree/(\d+)/modifier/"', page))

    assert edit_links(reporter) == {str(own.pk)}
    assert edit_links(editor) == {str(own.pk), str(theirs.pk)}
    assert client_for(reporter).get(f"/direct/entree/{theirs.pk}/modifier/").status_code == 404


def test_a_writer_pinning_their_submitted_entry_is_not_pinned(coverage, writer):
    entry = post_entry(writer, coverage, "Important !", is_key=True)

    assert not entry.is_key


# -- What an entry may hold ------------------------------------------------------------------


def test_entry_text_is_escaped_and_editor_html_sanitised(coverage, reporter, editor):
    typed = post_entry(reporter, coverage, "<script>alert(1)</script> 5 < 6\n\nDeuxième ligne")
    rich = post_entry(
        editor,
        coverage,
        '<p onclick="x()">Résultats</p><table><tr><th scope="col">Candidat</th></tr>'
        "<tr><td>A</td></tr></table><script>alert(2)</script>",
    )

    html = article_page()
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert typed.body.count("<p>") == 2
    assert "onclick" not in rich.body and "<table>" in rich.body and "alert(2)" not in rich.body


def test_an_edit_shows_when_it_was_made_and_the_desk_gives_back_the_typed_text(coverage, reporter):
    entry = post_entry(reporter, coverage, "Taux de participation : 52 %\n\nSource : CENA")
    client = client_for(reporter)
    form = client.get(f"/direct/entree/{entry.pk}/modifier/").content.decode()
    assert "Taux de participation : 52 %\n\nSource : CENA" in form

    client.post(f"/direct/entree/{entry.pk}/modifier/", {"body": "Taux de participation : 54 %"})

    html = article_page()
    assert "Taux de participation : 54 %" in html and "52 %" not in html
    assert re.search(r"modifiée à \d{1,2} h \d\d", html)


@pytest.mark.parametrize("meanwhile", ["approved", "deleted"])
def test_a_correction_to_an_entry_an_editor_handled_meanwhile_comes_back(
    coverage, writer, editor, meanwhile
):
    """The writer corrected a waiting entry while an Éditeur approved (or deleted) it: a bare
    404, the correction lost (an attacker's trial). It comes back, to post again."""
    entry = post_entry(writer, coverage, "Taux de participation : 52 %")
    address = f"/direct/entree/{entry.pk}/modifier/"
    client = client_for(writer)
    assert client.get(address).status_code == 200
    if meanwhile == "approved":
        services.entry_approve(entry=entry, user=editor)
    else:
        services.entry_delete(entry=entry, user=editor)

    response = client.post(address, {"body": "Taux de participation : 54 %"})

    page = html.unescape(response.content.decode())
    assert response.status_code == 409
    assert "Votre modification n'a pas été enregistrée" in page
    assert "Taux de participation : 54 %" in page
    desk = "/direct/nuit/bureau/" if meanwhile == "approved" else "/direct/"  # gone: the list
    assert f'href="{desk}"' in page
    assert "54 %" not in article_page()
    # Someone else's entry is nobody's correction to give back: still « Page introuvable ».
    if meanwhile == "approved":
        colleague = client_for(StaffFactory(role="Rédacteur"))
        assert colleague.post(address, {"body": "Autre"}).status_code == 404


# -- The update document ---------------------------------------------------------------------


def test_the_update_document_is_small_and_answers_304_when_nothing_changed(coverage, reporter):
    for number in range(40):
        post_entry(reporter, coverage, f"Bureau de vote numéro {number} dépouillé.")

    first = updates()
    assert first.status_code == 200 and first["Content-Type"] == "application/json"
    assert len(first.content) < 1024, len(first.content)
    document = first.json()
    assert document["etat"] == "live" and len(document["changements"]) == 25
    assert not document["complet"]
    assert updates(**{"If-None-Match": first["ETag"]}).status_code == 304

    post_entry(reporter, coverage, "Nouvelle entrée.")

    again = updates(**{"If-None-Match": first["ETag"]})
    assert again.status_code == 200 and again["ETag"] != first["ETag"]


def test_nginx_keeps_the_update_document_briefly_and_browsers_ask_again(
    coverage, reporter, settings
):
    settings.LIVE_PROXY_SECONDS = 3
    post_entry(reporter, coverage, "Une entrée.")

    first, again = updates(), updates()

    assert first["X-Accel-Expires"] == again["X-Accel-Expires"] == "3"  # from the page cache too
    assert again["X-Page-Cache"] == "hit"


def test_a_deleted_entry_is_listed_as_removed_and_gone_from_pages_and_fragments(coverage, reporter):
    entry = post_entry(reporter, coverage, "Une erreur de chiffres.")
    assert "Une erreur de chiffres." in article_page()
    assert Client().get(f"/direct/entree/{entry.pk}/").status_code == 200

    client_for(reporter).post(
        f"/direct/entree/{entry.pk}/modifier/", {"action": "delete", "confirm": "oui"}
    )

    change = updates().json()["changements"][0]
    assert change[0] == entry.pk and change[2] == 0
    assert "Une erreur de chiffres." not in article_page()
    assert "erreur" not in updates().content.decode()
    assert Client().get(f"/direct/entree/{entry.pk}/").status_code == 404


@pytest.mark.parametrize("how", ["save", "bulk « Dépublier »"])
def test_unpublishing_the_article_takes_its_entries_fragments_down_at_once(coverage, reporter, how):
    """An open page fetches each new entry at /direct/entree/<id>/: that fragment depended on
    the entry alone, and stayed up after « Dépublier » on the article (an attacker's trial read
    it for minutes, until the server restarted)."""
    entry = post_entry(reporter, coverage, "Premiers résultats à Parakou.")
    fragment = f"/direct/entree/{entry.pk}/"
    assert Client().get(fragment).status_code == 200
    assert Client().get(fragment)["X-Page-Cache"] == "hit"

    article = coverage.article
    if how == "save":
        article.status = article.Status.DRAFT
        article.save()
    else:
        type(article).objects.filter(pk=article.pk).update(status=article.Status.DRAFT)

    assert Client().get(fragment).status_code == 404
    assert Client().get("/article/nuit/").status_code == 404


def test_an_entrys_fragment_follows_its_author_renamed(coverage, reporter):
    """The fragment open pages fetch names the entry's author: a renamed profile reached the
    article's page, and the fragment kept the old name until its timeout."""
    profile = reporter.profile
    entry = post_entry(reporter, coverage, "Premiers résultats à Parakou.")
    fragment = f"/direct/entree/{entry.pk}/"
    assert "Rachid Sanni" in Client().get(fragment).content.decode()
    assert Client().get(fragment)["X-Page-Cache"] == "hit"

    profile.display_name = "R. Sanni-Adjovi"
    profile.save()

    page = Client().get(fragment).content.decode()
    assert "R. Sanni-Adjovi" in page and "Rachid Sanni" not in page


def test_deleting_an_entry_from_the_phone_asks_first(coverage, reporter):
    """« Supprimer l'entrée », a thumb's width under « Enregistrer », took the entry off every
    reader's open page at the first tap, with no way back."""
    entry = post_entry(reporter, coverage, "Une erreur de chiffres.")
    desk = client_for(reporter)
    url = f"/direct/entree/{entry.pk}/modifier/"

    question = desk.post(url, {"action": "delete"})

    page = html.unescape(question.content.decode())
    assert question.status_code == 200 and fr("Supprimer cette entrée ?") in page
    assert "Une erreur de chiffres." in page  # which one, in its words
    assert f'href="{url}"' in page  # « Annuler »: back to the entry
    assert "Une erreur de chiffres." in article_page()
    answered = desk.post(url, {"action": "delete", "confirm": "oui"})
    assert answered.status_code == 302
    assert "Une erreur de chiffres." not in article_page()


def test_nothing_of_a_draft_coverage_reaches_readers(reporter):
    draft = ArticleFactory(slug="brouillon-direct", draft=True)
    coverage = Coverage.objects.create(article=draft)
    coverage.reporters.add(reporter)
    entry = post_entry(reporter, coverage, "Pas encore public.")

    assert updates(slug="brouillon-direct").status_code == 404
    assert Client().get(f"/direct/entree/{entry.pk}/").status_code == 404
    assert Client().get("/direct/brouillon-direct/entrees/").status_code == 404


def test_each_entry_has_a_heading_for_screen_readers(coverage, reporter):
    """Entries could not be reached by heading; each link said only « 08 h 05 » (a reader's
    trial): each has one, named by its time and author, an h3 under « En direct », an h2 under
    the archive's h1."""
    entry = post_entry(reporter, coverage, "Les bureaux ferment.", is_key=True)
    time = time_format(timezone.localtime(entry.published_at))

    page = html.unescape(Client().get(coverage.article.get_absolute_url()).content.decode())
    archive = html.unescape(Client().get("/direct/nuit/entrees/").content.decode())

    heading = f'id="entree-{entry.pk}-titre">{time}, Rachid Sanni (point clé)</h'
    assert f'<h3 class="visually-hidden" {heading}3>' in page.replace("\xa0", " ")
    assert f'<h2 class="visually-hidden" {heading}2>' in archive.replace("\xa0", " ")
    assert f'aria-labelledby="entree-{entry.pk}-titre"' in page


def test_the_entry_fragment_is_one_entry_with_its_anchor(coverage, reporter):
    entry = post_entry(reporter, coverage, "Le fragment.", is_key=True)

    response = Client().get(f"/direct/entree/{entry.pk}/")

    html = response.content.decode().strip()
    assert response.status_code == 200 and response["ETag"]
    assert html.startswith(f'<article class="live-entry live-entry--key" id="entree-{entry.pk}"')
    assert f'href="/article/nuit/#entree-{entry.pk}"' in html


# -- The page --------------------------------------------------------------------------------


def test_the_page_puts_the_key_points_first_then_entries_newest_first(coverage, reporter):
    post_entry(reporter, coverage, "Ouverture des bureaux à 7 h.", is_key=True)
    post_entry(reporter, coverage, "Affluence moyenne à Cotonou.")
    post_entry(reporter, coverage, "Fermeture des bureaux.")

    page = article_page()
    html = page[page.index('<section class="live"') :]  # not the JSON-LD in the head

    key = html.index("Les points clés")
    assert key < html.index("Fermeture des bureaux.") < html.index("Affluence moyenne")
    assert html.index("Affluence moyenne") < html.rindex("Ouverture des bureaux")
    assert "En direct" in html and 'data-live-updates="/direct/nuit/maj/"' in page


def test_an_entrys_text_reads_as_typed_in_the_key_points_the_desk_the_feed_and_json_ld(
    coverage, reporter
):
    """Its HTML made plain once: « & » is not shown as « &amp; », paragraphs and table cells
    keep a space between them. A key point and a headline are the first paragraph: « Les
    points clés » ran a results table into one line (« …des bureaux. Résultats provisoires
    Candidat Voix % »)."""
    post_entry(
        reporter,
        coverage,
        "Questions & réponses : l'UEMOA répond\n\nDeuxième paragraphe",
        is_key=True,
    )
    post_entry(
        reporter,
        coverage,
        "<p>La CENA publie ses premiers résultats.</p><table><caption>Résultats</caption>"
        "<tr><th>Candidat</th><td>A</td></tr></table>",
        is_key=True,
    )
    post_entry(
        reporter,
        coverage,
        "<table><caption>Participation</caption><tr><th>Nord</th><td>48 %</td></tr></table>",
    )
    first = "Questions &amp; réponses : l&#x27;UEMOA répond"
    typed = f"{first} Deuxième paragraphe"

    page = article_page()
    key_points = page[
        page.index("live-key-title") : page.index("</ul>", page.index("live-key-title"))
    ]
    assert fr(first) + "</span></a>" in key_points and "Deuxième" not in key_points
    assert "La CENA publie ses premiers résultats.</span></a>" in key_points
    assert "Candidat" not in key_points and "&amp;amp;" not in page
    desk = client_for(reporter).get("/direct/nuit/bureau/").content.decode()
    # A table by its caption on the desk (its cells ran into the line: a newsroom trial).
    assert fr(typed) in desk and "Participation (tableau)" in desk and "&amp;amp;" not in desk
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    [updates] = [
        data["liveBlogUpdate"] for data in map(json.loads, blocks) if "liveBlogUpdate" in data
    ]
    assert [u["headline"] for u in updates] == [
        "Participation",
        "La CENA publie ses premiers résultats.",
        "Questions & réponses : l'UEMOA répond",
    ]
    assert updates[2]["articleBody"] == "Questions & réponses : l'UEMOA répond Deuxième paragraphe"
    feed = Client().get("/direct/nuit/flux/").content.decode()
    assert "<title>Questions &amp; réponses : l'UEMOA répond</title>" in feed


ENTRY = re.compile(r'class="live-entry(?: live-entry--key)?" id=')


def test_past_fifty_entries_the_page_folds_them_at_constant_cost(coverage, reporter):
    for number in range(5):
        post_entry(reporter, coverage, f"Entrée {number}.")
    few = count_queries(Client(), "/article/nuit/")
    for number in range(5, 60):
        post_entry(reporter, coverage, f"Entrée {number}.")

    many = count_queries(Client(), "/article/nuit/")
    html = article_page()
    older = Client().get("/direct/nuit/entrees/?page=2").content.decode()

    assert many <= few + 1  # the count of all entries, once past one page
    assert len(ENTRY.findall(html)) == 50
    assert "Voir les 10 entrées précédentes" in html
    assert len(ENTRY.findall(older)) == 10 and "Entrée 0." in older
    # A page past the last is no page (it showed the last one again, « page 2 sur 2 »).
    assert Client().get("/direct/nuit/entrees/?page=3").status_code == 404


def test_an_ordinary_article_costs_no_query_for_being_no_coverage():
    ArticleFactory(slug="ordinaire")
    queries = count_queries(Client(), "/article/ordinaire/")
    html = Client().get("/article/ordinaire/").content.decode()

    assert "data-live-updates" not in html
    assert queries <= BUDGETS["article"]


# -- Search engines --------------------------------------------------------------------------


def jsonld(html: str, kind: str) -> dict:
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
        data = json.loads(block)
        if data.get("@type") == kind:
            return data
    raise AssertionError(f"no {kind} JSON-LD")


def test_live_blog_posting_with_start_latest_updates_and_end_once_over(coverage, reporter, editor):
    entry = post_entry(reporter, coverage, "Le président sortant reconnaît sa défaite.")

    live = jsonld(article_page(), "LiveBlogPosting")

    assert live["coverageStartTime"] and "coverageEndTime" not in live
    (update,) = live["liveBlogUpdate"]
    assert update["headline"] == "Le président sortant reconnaît sa défaite."
    assert update["url"].endswith(f"/article/nuit/#entree-{entry.pk}")

    services.coverage_end(coverage=coverage, user=editor)

    ended = jsonld(article_page(), "LiveBlogPosting")
    assert ended["coverageEndTime"]
    assert updates().json()["etat"] == "ended"
    assert "Direct terminé" in article_page()


def test_the_desk_lists_a_table_in_an_entry_by_its_caption(coverage, reporter):
    """The desk's list ran a results table into its line: « …des bureaux. Résultats provisoires
    Candidat Voix % Candidat A 1 204 310 48,6 » (a newsroom trial)."""
    post_entry(
        reporter,
        coverage,
        "<p>Premiers résultats de la CENA.</p><table><caption>Résultats provisoires</caption>"
        "<tr><th>Candidat</th><th>Voix</th></tr><tr><td>Candidat A</td><td>1 204 310</td></tr>"
        "</table>",
    )
    desk = client_for(reporter).get("/direct/nuit/bureau/").content.decode()
    listed = text_of(desk.split('class="live-desk__entries"')[1].split("</ol>")[0])
    assert "Premiers résultats de la CENA. Résultats provisoires (tableau)" in listed
    assert "Candidat A" not in listed


def test_an_entrys_page_puts_the_box_before_its_words_and_leads_back_to_the_desk(
    coverage, reporter
):
    """The entry's page had « Point clé » with its box on the right, the desk on the left, and no
    way back but the browser's (a newsroom trial)."""
    entry = post_entry(reporter, coverage, "Les urnes arrivent à Parakou.")
    page = client_for(reporter).get(f"/direct/entree/{entry.pk}/modifier/").content.decode()
    assert re.search(r'<input type="checkbox" name="is_key"[^>]*> <label for="id_is_key">', page)
    assert '<a href="/direct/nuit/bureau/">Annuler</a>' in page


def test_the_coverage_has_a_feed_of_its_entries_and_stays_in_the_news_sitemap_while_live(
    coverage, reporter, editor
):
    import datetime as dt

    import feedparser
    from django.utils import timezone

    entry = post_entry(reporter, coverage, "Le taux de participation atteint 54 %.")
    Coverage.objects.filter(pk=coverage.pk).update(started_at=timezone.now())
    article = coverage.article
    article.published_at = timezone.now() - dt.timedelta(days=5)  # began long ago
    article.save()

    feed = feedparser.parse(Client().get("/direct/nuit/flux/").content)
    (item,) = feed.entries
    assert item.title == "Le taux de participation atteint 54 %."
    assert item.link.endswith(f"/article/nuit/#entree-{entry.pk}")
    assert "/article/nuit/" in Client().get("/sitemap-news.xml").content.decode()

    services.coverage_end(coverage=coverage, user=editor)

    assert "/article/nuit/" not in Client().get("/sitemap-news.xml").content.decode()


def test_the_feed_title_says_en_direct_once(reporter):
    """The demo's title ends « …, en direct »: its feed read « …, en direct — en direct »."""
    import feedparser

    for title, expected in (
        ("Présidentielle : la nuit, en direct", "Présidentielle : la nuit, en direct"),
        ("Présidentielle : la nuit", "Présidentielle : la nuit — en direct"),
    ):
        Coverage.objects.all().delete()
        article = ArticleFactory(title=title, slug="nuit")
        Coverage.objects.create(article=article)
        feed = feedparser.parse(Client().get("/direct/nuit/flux/").content)
        assert feed.feed.title == expected
        article.delete()


def test_the_article_says_en_direct_atop_leading_to_the_entries_while_it_is_live(coverage, editor):
    """On a phone « En direct » was 800 px down, under the picture (a reader's trial)."""
    badge = '<a class="live__state live__state--on" href="#live-title" data-live-badge>'
    page = article_page()
    assert badge in page[: page.index('class="article__title"')]
    assert 'id="live-title"' in page

    services.coverage_end(coverage=coverage, user=editor)

    assert badge not in article_page()
    assert "Direct terminé" in article_page()  # over the entries, as before


def test_an_editor_ends_the_coverage_from_the_desk_and_no_one_else_can(coverage, editor, reporter):
    """Ending it took the admin's list, a 5,000 px form, « État », « Enregistrer »: five
    seconds and more on a phone, on the night (a newsroom trial)."""
    end = "/direct/nuit/bureau/terminer/"
    assert end not in client_for(reporter).get("/direct/nuit/bureau/").content.decode()
    assert client_for(reporter).post(end).status_code == 403
    assert end in client_for(editor).get("/direct/nuit/bureau/").content.decode()
    assert client_for(editor).get(end).status_code == 405  # a link cannot end it

    desk = client_for(editor).post(end, follow=True)

    assert fr("Direct terminé : les lecteurs le voient.") in html.unescape(desk.content.decode())
    assert "dit encore" not in html.unescape(desk.content.decode())  # its headline does not
    coverage.refresh_from_db()
    assert coverage.state == Coverage.State.ENDED
    assert "Direct terminé" in article_page()


def test_ending_a_coverage_whose_headline_says_live_says_to_retitle_it(editor):
    """« Présidentielle : la nuit du dépouillement, en direct » beside « Direct terminé » (a
    reader's trial): the desk reminds the Éditeur, the headline being theirs to change."""
    article = ArticleFactory(
        title="Présidentielle, la nuit du dépouillement en direct", slug="soir"
    )
    Coverage.objects.create(article=article)

    desk = client_for(editor).post("/direct/soir/bureau/terminer/", follow=True)

    assert fr("Le titre dit encore « direct »") in html.unescape(desk.content.decode())


def test_the_home_page_links_to_a_coverage_while_it_is_live(coverage, editor):
    home = Client().get("/").content.decode()
    assert 'class="on-air__link" href="/article/nuit/"' in home

    services.coverage_end(coverage=coverage, user=editor)

    assert "on-air__link" not in Client().get("/").content.decode()


def test_on_english_pages_the_newsrooms_french_is_marked_french(coverage, reporter):
    """An English screen reader read the entries, « L'essentiel » and the home page's « En
    direct » title in an English voice: they are the newsroom's French (a reader's trial)."""
    post_entry(reporter, coverage, "Premiers résultats à Parakou.", is_key=True)

    page = Client().get("/en/article/nuit/").content.decode()
    home = Client().get("/en/").content.decode()

    assert re.search(r'<div class="live-entry__body" lang="fr">\s*<p>Premiers résultats', page)
    # « Les points clés »
    assert re.search(r'</time> <span class="live__key-text" lang="fr">Premiers résultats', page)
    assert re.search(r'<span lang="fr">Présidentielle\u00a0: la nuit du dépouillement</span>', home)
    french = Client().get("/article/nuit/").content.decode()
    assert 'class="live-entry__body">' in french and '<span lang="fr">' not in french
