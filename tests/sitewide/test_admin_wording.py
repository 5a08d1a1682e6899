"""Every admin screen a Rédacteur or an Éditeur can open reads as a newsroom's French.

The walk is built from the admin's own registry and each role's permissions, so a screen
someone adds later is visited without anyone listing it here: its index entry, list, add form,
the change form and history of one of its rows (the test gives every model a row when a
factory knows how, and uses whatever rows exist otherwise). What it looks for is the list of
mistakes below, kept short and concrete: add to it when a tester finds another.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from contextlib import suppress
from html import unescape
from html.parser import HTMLParser
from pprint import pformat

import pytest
from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from articles.models import Article, Category
from live.models import Coverage, Entry
from reach.models import PushAlert
from sitewide.admin_site import TECHNICAL_APPS
from tests.support.factories import (
    AdSlotFactory,
    ArticleFactory,
    BodyImageFactory,
    CategoryFactory,
    CommentFactory,
    CountryFactory,
    StaffFactory,
)
from tests.support.text import fr
from wordpress.models import WordPressItem

pytestmark = pytest.mark.django_db

# What a tester found, and what would come back with a new screen. Case-sensitive on purpose:
# « Add » is English, « add » may be part of a French word.
MISTAKES = {
    "« de » before a vowel (« de article »)": re.compile(
        r"(?<![\w-])(?:de|le|la|du|que|ne) (?!une\b|un\b|huit|onze|haut|hiérarchie)"
        r"[aeiouyéèêâàîôh]",
        re.IGNORECASE,
    ),
    "« objet »": re.compile(r"\bobjets?\b", re.IGNORECASE),
    "« (e) » agreements": re.compile(r"\((?:e|es|s)\)"),
    "English verbs": re.compile(
        r"\b(?:Add|Change|Select|Delete|View|Save|Search|Filter|Remove|Choose|Show|Hide)\b"
    ),
    "English permission names": re.compile(r"\bCan (?:add|change|delete|view)\b"),
    "English nouns": re.compile(
        r"\b(?:History|None|Heading|bold|italic|blockquote|unordered list|ordered list|"
        r"log entry|content type|Toggle fullscreen|Home)\b"
    ),
    "technical app names": re.compile(r"\b(?:AXES|Axes|OTP|TOTP|OTP_TOTP|django_otp)\b"),
    "Django's « Administration de … »": re.compile(r"Administration de\b"),
    "« slug », the developers' word for an address": re.compile(r"\bslugs?\b", re.IGNORECASE),
    "« : ; ! ? » glued to the word before (« Actuellement: »)": re.compile(
        r"[^\W\d_][:;!?](?:\s|$)"
    ),
    "« Par » before a yes-or-no filter (« Par à la une »)": re.compile(
        r"\bPar (?:à la une|dernière minute|dans le menu|essentielle?|active?)\b", re.IGNORECASE
    ),
}


class VisibleText(HTMLParser):
    """The text a person reads or hears: content, titles, labels, options, button values.
    Scripts, styles and the editor's JSON configuration are not read by anyone."""

    SKIP = {"script", "style", "template", "textarea"}
    SPOKEN = ("title", "aria-label", "placeholder", "alt")

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        attributes = dict(attrs)
        self.parts += [attributes[name] for name in self.SPOKEN if attributes.get(name)]
        if inline := attributes.get("data-inline-formset"):  # Django's script writes these
            options = json.loads(inline)["options"]
            self.parts += [options["addText"], options["deleteText"]]
        if tag == "input" and attributes.get("type") in {"submit", "button"}:
            self.parts.append(attributes.get("value") or "")

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping and data.strip():
            self.parts.append(data.strip())


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return "\n".join(parser.parts)


def heading(response) -> str:
    return unescape(re.search(r"<h1>(.*?)</h1>", response.content.decode(), re.S)[1])


def success_messages(response) -> list[str]:
    found = re.findall(r'<li class="success">(.*?)</li>', response.content.decode(), re.S)
    return [unescape(re.sub(r"<[^>]+>", "", message)).strip() for message in found]


def bare_nouns() -> re.Pattern:
    """« Ajouter article », « Modifier rubrique »: Django's verb glued to a model's name, with
    no article, for every model the admin knows (screens added later included)."""
    names = {str(model._meta.verbose_name) for model in admin.site._registry}
    alternatives = "|".join(sorted(map(re.escape, names), key=len, reverse=True))
    return re.compile(
        rf"\b(?:Ajouter|Ajout de|Modifier|Supprimer|Afficher|Consulter|Voir|Rétablir) "
        rf"(?:{alternatives})\b"
    )


def mistakes_in(text: str) -> list[str]:
    checks = {**MISTAKES, "a verb glued to a model's name": bare_nouns()}
    found = []
    for line in text.splitlines():
        found += [f"{what}: {line!r}" for what, pattern in checks.items() if pattern.search(line)]
    return found


def test_the_mistake_list_catches_what_the_tester_found():
    for sentence in [
        "Ajout de article",
        "Ajout de image du texte",
        "Sélectionnez l'objet article à changer",
        "Aucun(e) disponible",
        "AXES",
        "OTP_TOTP",
        "Can add log entry",
        "Heading 2",
        "bold",
        "Ajouter article",
        "Rétablir article",
        "Actuellement: photo.jpg",
        "Modifier:",
    ]:
        assert mistakes_in(sentence), sentence
    for sentence in [
        "Nouvel article",
        "Modifier l'image du texte",
        "à la une",
        "Articles",
        "Actuellement\u00a0: photo.jpg",
        "à 11:58",
        "https://portail.example.org",
    ]:
        assert not mistakes_in(sentence), sentence


def some_rows(editor, writer):
    """A row of every model a factory knows, with French content that cannot itself trip
    the check (no « de » before a vowel in it)."""
    category = CategoryFactory(name="Politique")
    CategoryFactory(name="Bénin", parent=category)
    country = CountryFactory(name="Togo", iso_code="TG")
    ArticleFactory(
        title="Le budget voté", author=writer, status="draft", category=category, country=country
    )
    published = ArticleFactory(
        title="La session close", author=editor, category=category, country=country
    )
    CommentFactory(article=published, body="Merci pour ce papier.")
    BodyImageFactory(
        small=True, uploaded_by=writer, alt_text="Le port", caption="Le port", credit="Studio"
    )
    AdSlotFactory(name="Bannière du haut", alt_text="Publicité")
    # Rows that name people: each must show them as they sign.
    published.notes.create(kind="correction", text="Chiffre corrigé.", made_by=editor)
    coverage = Coverage.objects.create(article=published)
    coverage.reporters.add(writer)
    Entry.objects.create(coverage=coverage, author=writer, body="Les urnes arrivent.")
    PushAlert.objects.create(article=published, requested_by=editor)
    WordPressItem.objects.create(site="https://ancien.example", kind="author", key="7", user=writer)


def version_pages(model_admin, row) -> list[str]:
    """The page of one past version, where the admin keeps versions (django-simple-history)."""
    history = getattr(row, "history", None)
    record = history.first() if history is not None else None
    if record is None or not hasattr(model_admin, "history_form_view"):
        return []
    opts = model_admin.opts
    name = f"admin:{opts.app_label}_{opts.model_name}_simple_history"
    return [reverse(name, args=[row.pk, record.pk])]


def pages_for(user) -> list[str]:
    """Every admin address this user may open, read from the admin's registry."""
    request = RequestFactory().get("/admin/")
    request.user = user
    urls = [reverse("admin:index"), reverse("two_factor")]
    urls += [app["app_url"] for app in admin.site.get_app_list(request)]
    for model, model_admin in admin.site._registry.items():
        if not model_admin.has_module_permission(request):
            continue
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        if model_admin.has_view_or_change_permission(request):
            urls.append(reverse(f"{info}_changelist"))
            row = model_admin.get_queryset(request).first()
            if row is not None and model_admin.has_view_or_change_permission(request, row):
                urls.append(reverse(f"{info}_change", args=[row.pk]))
                with suppress(NoReverseMatch):
                    urls.append(reverse(f"{info}_history", args=[row.pk]))
                urls += version_pages(model_admin, row)
                if model_admin.has_delete_permission(request, row):
                    urls.append(reverse(f"{info}_delete", args=[row.pk]))
        if model_admin.has_add_permission(request):
            urls.append(reverse(f"{info}_add"))
    return urls


def walk(client, user, logins=()) -> tuple[list[str], dict[str, list[str]]]:
    """The pages the user opens, and what is wrong on each: a mistake of wording, or one of
    `logins` shown (half a password) anywhere but on the accounts' own pages."""
    client.force_login(user)
    visited, problems = [], {}
    for url in pages_for(user):
        response = client.get(url, follow=True)
        assert response.status_code == 200, (url, response.status_code)
        visited.append(url)
        text = visible_text(response.content.decode())
        found = mistakes_in(text)
        if '<div class="breadcrumbs">' in response.content.decode():  # Django 5's, unstyled in 6
            found.append("breadcrumb without Django's style")
        if "/auth/user/" not in url:
            found += [f"login shown: {login}" for login in logins if login in text]
        if found:
            problems[url] = found
    return visited, problems


@pytest.fixture
def newsroom():
    editor = StaffFactory(role="Éditeur", first_name="Aminata", last_name="Diallo")
    writer = StaffFactory(role="Rédacteur", first_name="Kofi", last_name="Mensah")
    some_rows(editor, writer)
    return editor, writer


@pytest.mark.parametrize("role", ["Rédacteur", "Éditeur"])
def test_every_admin_screen_reads_as_french(client, newsroom, role):
    editor, writer = newsroom
    user = writer if role == "Rédacteur" else editor
    visited, problems = walk(client, user, logins=[editor.username, writer.username])
    # The walk reached the screens that matter, through the registry.
    assert reverse("admin:articles_article_add") in visited
    assert any("/articles/article/" in url and url.endswith("/change/") for url in visited)
    assert not problems, pformat(problems, width=100)


def test_technical_apps_are_hidden_from_the_newsroom_and_refused_by_address(client, newsroom):
    editor, _writer = newsroom
    # Even a group that was given the back room's permissions does not open it.
    editor.user_permissions.add(*Permission.objects.filter(content_type__app_label="axes"))
    client.force_login(editor)
    index = visible_text(client.get(reverse("admin:index")).content.decode())
    for hidden in ["AXES", "Axes", "OTP", "TOTP", "Access attempts", "Tentatives"]:
        assert hidden not in index
    assert client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 403
    assert client.get("/admin/axes/").status_code == 404
    assert client.get(reverse("admin:otp_totp_totpdevice_changelist")).status_code == 403


def test_a_superuser_still_has_the_back_room(admin_client):
    index = admin_client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:otp_totp_totpdevice_changelist") in index
    assert admin_client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 200


def test_titles_say_the_noun_with_its_gender_and_elision(client, newsroom):
    editor, _writer = newsroom
    client.force_login(editor)
    article = Article.objects.first()
    category = Category.objects.first()
    pages = {
        reverse("admin:articles_article_add"): "Nouvel article",
        reverse("admin:articles_category_add"): "Nouvelle rubrique",
        reverse("admin:articles_country_add"): "Nouveau pays",
        reverse("admin:articles_article_change", args=[article.pk]): "Modifier l'article",
        reverse("admin:articles_category_change", args=[category.pk]): "Modifier la rubrique",
        reverse("admin:articles_article_changelist"): "Articles",
        reverse("admin:articles_article_history", args=[article.pk]): "Historique de l'article",
    }
    for url, expected in pages.items():
        assert heading(client.get(url)) == expected, url
    listing = client.get(reverse("admin:articles_category_changelist")).content.decode()
    assert "Nouvelle rubrique" in visible_text(listing)
    assert "Supprimer les rubriques sélectionnées" in listing
    # A list's hidden search heading (« Rechercher dans les médiathèque » before).
    library = client.get(reverse("admin:articles_bodyimage_changelist")).content.decode()
    assert fr(">Rechercher : Images de la médiathèque</h2>") in library
    assert "Supprimer les images de la médiathèque sélectionnées" in library


def inline_add_links(page: str) -> list[str]:
    """The text of each inline's « add » link, as Django's script will write it."""
    return [
        json.loads(unescape(data))["options"]["addText"]
        for data in re.findall(r'data-inline-formset="([^"]+)"', page)
    ]


def test_an_inlines_add_link_is_a_command_not_the_message_after_a_save(client, newsroom):
    """The article form's link under its credits read « + Vous pouvez ajouter un autre
    co-auteur ou crédit ci-dessous. », with none above it: the message shown after « Enregistrer
    et ajouter un nouveau » had taken the link's name (two dictionaries of the same name)."""
    editor, _writer = newsroom
    client.force_login(editor)
    page = client.get(reverse("admin:articles_article_add")).content.decode()
    links = inline_add_links(page)
    assert links and all(text.startswith("Ajouter ") for text in links), links
    # None yet on a new article: « Ajouter un autre … » offered another of nothing.
    assert not [text for text in links if " autre " in text], links
    assert "Ajouter un co-auteur ou crédit" in links, links
    article = ArticleFactory(author=editor)
    article.contributions.create(user=_writer, role="photos")
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    links = inline_add_links(page)
    assert "Ajouter un autre co-auteur ou crédit" in links, links
    response = client.post(
        reverse("admin:articles_category_add"),
        {"name": "Sport", "slug": "sport", "position": 0, "_addanother": "1"},
        follow=True,
    )
    assert success_messages(response) == [
        fr(
            "La rubrique « Sport » a été enregistrée. Vous pouvez ajouter une autre rubrique "
            "ci-dessous."
        )
    ]


def test_saving_says_what_was_saved_in_french(client, newsroom):
    editor, _writer = newsroom
    client.force_login(editor)
    response = client.post(
        reverse("admin:articles_category_add"),
        {"name": "Économie", "slug": "economie", "position": 0, "show_in_menu": "on"},
        follow=True,
    )
    assert success_messages(response) == [fr("La rubrique « Économie » a été enregistrée.")]
    category = Category.objects.get(slug="economie")
    response = client.post(
        reverse("admin:articles_category_change", args=[category.pk]),
        {"name": "Économie", "slug": "economie", "position": 1, "_continue": "1"},
        follow=True,
    )
    assert success_messages(response) == [
        fr(
            "La rubrique « Économie » a été enregistrée. Vous pouvez continuer à la modifier "
            "ci-dessous."
        )
    ]
    response = client.post(
        reverse("admin:articles_category_delete", args=[category.pk]), {"post": "yes"}, follow=True
    )
    assert success_messages(response) == [fr("La rubrique « Économie » a été supprimée.")]


def test_permission_pickers_offer_no_back_room_to_account_managers(client):
    manager = StaffFactory(first_name="Rama", last_name="Sow")
    manager.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="auth"),
    )
    client.force_login(manager)
    user = get_user_model().objects.create_user("awa", is_staff=True)
    html = client.get(reverse("admin:auth_user_change", args=[user.pk])).content.decode()
    group_form = client.get(reverse("admin:auth_group_add")).content.decode()
    for page in (html, group_form):
        assert "articles" in page  # the newsroom's permissions are offered...
        for app_label in TECHNICAL_APPS:  # ...the back room's are not
            assert f"{app_label} |" not in page
        assert "Can add" not in page


def test_rubrique_choices_follow_the_tree(client, newsroom):
    editor, _writer = newsroom
    client.force_login(editor)
    economy = CategoryFactory(name="Économie", position=1)
    society = CategoryFactory(name="Société", position=2)
    CategoryFactory(name="Agriculture", parent=society, position=1)
    CategoryFactory(name="Mines", parent=economy, position=2)
    CategoryFactory(name="Banques", parent=economy, position=1)
    page = client.get(reverse("admin:articles_article_add")).content.decode()
    select = re.search(r'<select name="category".*?</select>', page, re.S)[0]
    labels = [
        unescape(label) for label in re.findall(r'<option value="\d+">(.*?)</option>', select)
    ]
    ours = [label for label in labels if label.split(" › ")[0] in {"Économie", "Société"}]
    assert ours == [
        "Économie",
        "Économie › Banques",
        "Économie › Mines",
        "Société",
        "Société › Agriculture",
    ]


def test_bulk_deletion_asks_and_answers_in_french(client, newsroom):
    editor, _writer = newsroom
    client.force_login(editor)
    countries = [CountryFactory(name="Mali", iso_code="ML"), CountryFactory(name="Niger")]
    url = reverse("admin:articles_country_changelist")
    chosen = {"action": "delete_selected", "_selected_action": [c.pk for c in countries]}
    confirmation = client.post(url, chosen)
    text = visible_text(confirmation.content.decode())
    assert fr("Voulez-vous vraiment supprimer la sélection ?") in text
    assert mistakes_in(text) == []
    response = client.post(url, {**chosen, "post": "yes"}, follow=True)
    assert success_messages(response) == [fr("Suppression effectuée : 2 pays.")]


@pytest.mark.django_db
def test_a_nul_pasted_in_any_list_search_is_dropped_not_a_server_error(client):
    """PostgreSQL refuses NUL in any text: the search boxes drop control characters."""
    client.force_login(StaffFactory(role="Éditeur"))
    ArticleFactory(title="Le port de Cotonou")

    response = client.get("/admin/articles/article/", {"q": "Cotonou\x00\x01"})

    assert response.status_code == 200
    assert "Le port de Cotonou" in response.content.decode()


@pytest.mark.parametrize(
    ("typed", "taken"),
    [
        ("14:30", (14, 30)),
        ("14h30", (14, 30)),
        ("14 h 30", (14, 30)),
        ("7h", (7, 0)),
        ("7 h", (7, 0)),
    ],
)
def test_a_time_is_taken_as_the_newsroom_types_it(typed, taken):
    """« 7h » got « Saisissez une heure valide. » and no word of what it wanted."""
    with translation.override("fr"):
        assert forms.TimeField().clean(typed) == dt.time(*taken)


@pytest.mark.parametrize(
    ("prefix", "said"), [("", "1 résultat (2 au total)"), ("/en", "1 result (2 total)")]
)
def test_a_search_says_how_many_articles_there_are_in_all(client, editor, prefix, said):
    """Django's French said « 1 résultat (2 résultats) » (a visual check): two counts of the
    same thing, read as a contradiction."""
    ArticleFactory(title="Les zémidjans à Cotonou")
    ArticleFactory(title="La lagune de Porto-Novo")

    client.force_login(editor)
    page = client.get(f"{prefix}/admin/articles/article/", {"q": "zemidjans"})

    assert said in re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", unescape(page.content.decode())))


def test_a_value_already_taken_is_said_without_objet(client):
    """« Un objet Sujet avec ce champ Nom existe déjà. », « Un objet Direct avec ce champ Article
    existe déjà. » (a newsroom's trial): the model's noun, or a sentence of its own."""
    from articles.models import Tag
    from comments.models import BlockedTerm

    client.force_login(StaffFactory(is_superuser=True))
    Tag.objects.create(name="Élections", slug="elections")
    CategoryFactory(name="Politique", slug="politique")
    coverage = Coverage.objects.create(article=ArticleFactory())
    BlockedTerm.objects.create(kind="word", value="arnaque")
    refused = {
        "articles/tag": {"name": "Élections", "slug": "elections"},
        "articles/category": {"name": "Politique bis", "slug": "politique", "position": 0},
        "live/coverage": {"article": coverage.article_id, "state": "live"},
        "comments/blockedterm": {"kind": "word", "value": "arnaque", "action": "hold"},
    }
    said = {}
    for model, data in refused.items():
        response = client.post(f"/admin/{model}/add/", data)
        assert response.status_code == 200, model  # refused, the form again
        said[model] = " ".join(
            unescape(str(error))
            for errors in response.context["adminform"].form.errors.values()
            for error in errors
        )
    assert all("objet" not in words for words in said.values()), said
    assert fr("Un autre sujet a déjà cette valeur de « adresse »") in said["articles/tag"]
    assert fr("Une autre rubrique a déjà cette valeur de « adresse »") in said["articles/category"]
    assert fr("Cet article a déjà son direct") in said["live/coverage"]
    assert fr("Ce terme est déjà dans la liste, avec ce type.") in said["comments/blockedterm"]


def test_a_name_taken_but_for_capitals_and_accents_is_refused(client):
    """« CÉDÉAO » beside « Cédéao », a second « Diplomatie » under one section, « BENIN »
    beside « Bénin », « Arnaque » beside « arnaque »: all taken, two pages or two opposite
    rules for one thing (a newsroom's trial)."""
    from articles.models import Tag
    from comments.models import BlockedTerm

    client.force_login(StaffFactory(is_superuser=True))
    Tag.objects.create(name="Cédéao", slug="cedeao")
    news = CategoryFactory(name="Actualités", slug="actualites")
    CategoryFactory(name="Diplomatie", slug="diplomatie", parent=news)
    CountryFactory(name="Bénin", slug="benin", iso_code="BJ")
    BlockedTerm.objects.create(kind="word", value="arnaque")
    refused = {
        "articles/tag": (
            {"name": "CÉDÉAO ", "slug": "cedeao-2"},
            "Un sujet de ce nom existe déjà.",
        ),
        "articles/category": (
            {"name": "diplomatie", "slug": "diplomatie-2", "parent": news.pk, "position": 0},
            "Une rubrique de ce nom existe déjà à cet endroit.",
        ),
        "articles/country": (
            {"name": "BENIN", "slug": "benin-2", "iso_code": "BX"},
            "Un pays de ce nom existe déjà.",
        ),
        "comments/blockedterm": (
            {"kind": "word", "value": "Arnaque", "action": "refuse"},
            "Ce terme est déjà dans la liste, avec ce type.",
        ),
    }
    for model, (data, said) in refused.items():
        response = client.post(f"/admin/{model}/add/", data)
        assert response.status_code == 200, model  # refused, the form again
        errors = response.context["adminform"].form.errors
        assert fr(said) in [unescape(str(e)) for field in errors.values() for e in field], errors
    # Elsewhere in the tree, the same name is another section.
    elsewhere = {"name": "Diplomatie", "slug": "diplomatie-3", "position": 0}
    assert client.post("/admin/articles/category/add/", elsewhere).status_code == 302


def test_rows_already_alike_can_still_be_edited_and_the_sections_list_saved(client):
    """The check of names taken refused any save of a row already alike another (to sort them
    out, an editor changes something else first), and the sections list, which saves positions
    alone, answered a 500 (a review)."""
    from articles.models import Tag

    client.force_login(StaffFactory(is_superuser=True))
    Tag.objects.create(name="Cédéao", slug="cedeao")
    twin = Tag.objects.create(name="CEDEAO", slug="cedeao-2")  # from before the check
    data = {"name": "CEDEAO", "slug": "cedeao-2", "description": "Le doublon, à fusionner."}
    assert client.post(f"/admin/articles/tag/{twin.pk}/change/", data).status_code == 302
    sport = CategoryFactory(name="Sport", slug="sport", position=1)
    twin_section = CategoryFactory(name="sport", slug="sport-2", position=2)
    listed = {
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "2",
        "form-0-id": sport.pk,
        "form-0-position": "3",
        "form-0-show_in_menu": "on",
        "form-1-id": twin_section.pk,
        "form-1-position": "4",
        "_save": "Enregistrer",
    }
    response = client.post("/admin/articles/category/", listed)
    assert response.status_code == 302, response.status_code
    sport.refresh_from_db()
    assert sport.position == 3
