"""A moderation queue a moderator enjoys. It opens on « En attente », the
count waits beside « Commentaires » in the menu and on the dashboard, each row reads (the text,
the article's title, the score as a band in French, the reason in words), and each row has its
one-click decisions: POST only, CSRF-checked, for moderators only, back to the same list."""

import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from comments.models import Comment
from tests.support.factories import ArticleFactory, CommentFactory, StaffFactory
from tests.support.text import fr

pytestmark = pytest.mark.django_db

QUEUE = "/admin/comments/comment/"


def client_for(role: str) -> Client:
    client = Client()
    client.force_login(StaffFactory(role=role))
    return client


@pytest.fixture
def editor_client():
    return client_for("Éditeur")


def text(response) -> str:
    assert response.status_code == 200, response.status_code
    return html.unescape(response.content.decode())


def one_click(pk: int, decision: str) -> str:
    return f"{QUEUE}{pk}/moderer/{decision}/"


# -- Opens on « En attente » ------------------------------------------------------------------


def test_the_queue_opens_on_pending_and_all_stays_reachable(editor_client):
    CommentFactory(status="pending", body="Un avis qui attend")
    CommentFactory(status="published", body="Un avis déjà publié")

    queue = text(editor_client.get(QUEUE))
    assert "Un avis qui attend" in queue and "Un avis déjà publié" not in queue
    selected = re.search(r'<li class="selected">\s*<a href="([^"]+)">En attente</a>', queue)
    assert selected and selected.group(1) == "?status__exact=pending"
    # Sorting or paging keeps the queue: every link carries the filter.
    assert 'href="?o=2&status__exact=pending"' in queue

    assert 'href="?status__exact=all">Tous</a>' in queue
    everything = text(editor_client.get(QUEUE, {"status__exact": "all"}))
    assert "Un avis qui attend" in everything and "Un avis déjà publié" in everything


def test_the_reported_queue_is_not_hidden_behind_the_pending_default(editor_client):
    CommentFactory(body="Signalé par cinq réseaux", flag_count=5)
    queue = text(editor_client.get(QUEUE))
    assert 'href="?signales=review"' in queue
    reported = text(editor_client.get(QUEUE, {"signales": "review"}))
    assert "Signalé par cinq réseaux" in reported


# -- The count --------------------------------------------------------------------------------


def test_the_waiting_counts_show_in_the_menu_and_on_the_dashboard_one_query_each(
    editor_client, django_assert_max_num_queries
):
    CommentFactory.create_batch(3, status="pending")
    CommentFactory(status="published")
    # Reported from enough networks (3): « Signalés »; three reports said nothing in the menu.
    CommentFactory.create_batch(2, status="published", flag_count=3)
    CommentFactory(status="published", flag_count=2)
    dashboard = text(editor_client.get("/admin/"))
    assert re.search(
        r"Commentaires <span class=\"moderation-badge\">3 en attente</span></a> "
        r"<a class=\"moderation-badge\" href=\"/admin/comments/comment/\?signales=review\">"
        r"2 signalés</a>",
        dashboard,
    )
    reported = editor_client.get("/admin/comments/comment/?signales=review")
    assert reported.context["cl"].result_count == 2  # the badge leads to what it counts
    menu = text(editor_client.get("/admin/articles/article/"))
    assert "3 en attente" in menu

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        editor_client.get("/admin/")
    counts = [q["sql"] for q in queries if "COUNT" in q["sql"] and "comments_comment" in q["sql"]]
    assert len(counts) == 2, counts  # one per queue, each on its own index


def test_no_badge_when_nothing_waits_or_for_who_cannot_see_comments(editor_client):
    CommentFactory(status="published")
    assert "moderation-badge" not in text(editor_client.get("/admin/"))
    CommentFactory(status="pending")
    assert "moderation-badge" not in text(client_for("Rédacteur").get("/admin/"))


# -- Each row -----------------------------------------------------------------------------------


def test_each_row_reads_title_text_author_score_band_and_reason_in_words(editor_client):
    article = ArticleFactory(title="Le port de Cotonou s'agrandit")
    long_text = "Une phrase argumentée sur le port. " * 10
    CommentFactory(
        article=article,
        status="pending",
        author_name="Mariam Diallo",
        body=long_text,
        captcha_score=0.55,
        verdict_reason="score_mid",
    )
    CommentFactory(status="pending", captcha_score=0.21, verdict_reason="dev_verifier")
    CommentFactory(status="pending", captcha_score=0.9, verdict_reason="trusted")
    CommentFactory(status="pending", captcha_score=None, verdict_reason="no_javascript")
    CommentFactory(status="pending", captcha_score=0.6, verdict_reason="demo")  # `make run`

    queue = text(editor_client.get(QUEUE))
    assert f'<a href="{article.get_absolute_url()}">Le port de Cotonou s\'agrandit</a>' in queue
    assert "Voir sur le site" not in queue
    assert long_text.strip() in queue, "the whole text, not 80 characters"
    assert "<strong>Mariam Diallo</strong>" in queue
    for words in (
        fr("Score : </span>moyen 0,55"),
        fr("Score : </span>faible 0,21"),
        fr("Score : </span>élevé 0,9"),
        fr("Score : </span>aucun"),
        "vérificateur de développement",
        "commentateur de confiance",
        "sans vérification (pas de JavaScript)",
        "contenu de démonstration",
    ):
        assert words in queue, words
    assert "dev_verifier" not in queue and "0.55" not in queue
    assert '<td class="field-reason">demo</td>' not in queue
    # On a phone's card, without the table's headers, each value says what it is.
    assert fr('<span class="phone-label">Motif : </span>') in queue
    assert fr('<span class="phone-label">Score : </span>') in queue


def test_each_row_has_its_one_click_buttons_posting_with_the_lists_csrf_token(editor_client):
    pending = CommentFactory(status="pending")
    queue = text(editor_client.get(QUEUE, {"score": "high", "status__exact": "pending"}))
    form = queue.split('<form id="changelist-form"')[1].split("</form>")[0]
    assert 'name="csrfmiddlewaretoken"' in form
    for decision, label in (
        ("approve", "Approuver"),
        ("spam", "Indésirable"),
        ("remove", "Retirer"),
        ("reply", "Approuver et répondre"),
    ):
        target = one_click(pending.pk, decision)
        button = re.search(
            rf'<button type="submit" formmethod="post" formaction="{target}'
            rf'\?_changelist_filters=([^"]+)"[^>]*>{label}<',
            form,
        )
        assert button, decision
        assert "score%3Dhigh" in button.group(1)


# -- One click -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("decision", "status"),
    [("approve", "published"), ("spam", "spam"), ("remove", "removed")],
)
def test_one_click_decides_and_comes_back_to_the_same_list(editor_client, decision, status):
    comment = CommentFactory(status="pending", author_name="Kofi")
    filters = "score=mid&status__exact=pending"
    back = "_changelist_filters=score%3Dmid%26status__exact%3Dpending"
    response = editor_client.post(f"{one_click(comment.pk, decision)}?{back}")
    assert response.status_code == 302
    assert response["Location"] == f"{QUEUE}?{filters}"
    comment.refresh_from_db()
    assert comment.status == status
    if status == "published":
        assert comment.published_at is not None
    assert "Kofi" in text(editor_client.get(response["Location"]))  # the message says whose


def test_a_name_starting_with_a_vowel_is_elided_in_what_the_desk_and_readers_read(
    editor_client, client
):
    """« Commentaire d'Aïcha approuvé », « Signaler le commentaire d'Aïcha », « Détails du
    commentaire d'Aïcha » (they read « de Aïcha »); « de Kofi » stays."""
    aicha = CommentFactory(status="pending", author_name="Aïcha Traoré")
    CommentFactory(status="pending", author_name="Ama Mensah")
    response = editor_client.post(one_click(aicha.pk, "approve"))
    listing = text(editor_client.get(response["Location"]))
    assert "Commentaire d'Aïcha Traoré approuvé." in listing
    assert "> du commentaire d'Ama Mensah<" in listing  # after « Détails », for screen readers
    CommentFactory(article=aicha.article, author_name="Kofi")
    page = text(client.get(aicha.article.get_absolute_url()))
    assert "> le commentaire d'Aïcha Traoré</span>" in page  # « Signaler », for screen readers
    assert "> le commentaire de Kofi</span>" in page
    assert "de Aïcha" not in page and "de Aïcha" not in listing


def test_reply_approves_a_waiting_comment_and_opens_its_reply_form(editor_client):
    comment = CommentFactory(status="pending")
    response = editor_client.post(one_click(comment.pk, "reply"))
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED
    url = f"{comment.article.get_absolute_url()}?reply_to={comment.pk}#formulaire-commentaire"
    assert response["Location"] == url
    page = text(editor_client.get(url.split("#")[0]))
    assert f"En réponse à {comment.author_name}" in page


def test_reply_to_a_removed_comment_is_refused(editor_client):
    comment = CommentFactory(status="removed")
    response = editor_client.post(one_click(comment.pk, "reply"))
    assert response["Location"] == QUEUE
    comment.refresh_from_db()
    assert comment.status == Comment.Status.REMOVED


@pytest.mark.parametrize("decision", ["approve", "spam", "remove", "reply"])
def test_one_click_answers_405_to_a_get_and_changes_nothing(editor_client, decision):
    comment = CommentFactory(status="pending")
    assert editor_client.get(one_click(comment.pk, decision)).status_code == 405
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


@pytest.mark.parametrize("decision", ["approve", "spam", "remove", "reply"])
def test_a_redacteur_cannot_moderate_in_one_click(decision):
    comment = CommentFactory(status="pending")
    writer = client_for("Rédacteur")
    assert writer.post(one_click(comment.pk, decision)).status_code == 403
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_one_click_needs_the_csrf_token(editor_client):
    comment = CommentFactory(status="pending")
    editor = StaffFactory(role="Éditeur")
    checked = Client(enforce_csrf_checks=True)
    checked.force_login(editor)
    assert checked.post(one_click(comment.pk, "approve")).status_code == 403
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_one_click_on_nothing_is_a_404_never_a_500(editor_client):
    for path in (one_click(999999, "approve"), one_click(int("9" * 18), "spam")):
        assert editor_client.post(path).status_code == 404
    comment = CommentFactory(status="pending")
    assert editor_client.post(one_click(comment.pk, "delete-everything")).status_code in (403, 404)
    # Past 18 digits the path is not ours: the admin's own answer, never an error.
    assert editor_client.post(f"{QUEUE}{'9' * 30}/moderer/approve/").status_code < 500


def test_anonymous_visitors_are_sent_to_the_login_page():
    comment = CommentFactory(status="pending")
    response = Client().post(one_click(comment.pk, "approve"))
    assert response.status_code == 302 and "/login/" in response["Location"]
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_the_back_link_cannot_leave_the_queue(editor_client):
    comment = CommentFactory(status="pending")
    response = editor_client.post(
        f"{one_click(comment.pk, 'approve')}?_changelist_filters=%2F%2Fevil.example%2F"
    )
    assert response["Location"].startswith(f"{QUEUE}?")


def test_bulk_actions_are_kept(editor_client):
    comments = CommentFactory.create_batch(2, status="pending")
    editor_client.post(QUEUE, {"action": "mark_spam", "_selected_action": [c.pk for c in comments]})
    assert set(Comment.objects.values_list("status", flat=True)) == {"spam"}


def test_select_all_in_the_queue_acts_on_the_queue_alone(editor_client):
    """« Sélectionner tous les 57 commentaires » on the queue as it opens (« En attente », no
    parameter in its address) marked all 79 comments of the site as spam, published ones
    included: the action form posts to that bare address (an attacker's trial)."""
    waiting = CommentFactory.create_batch(2, status="pending")
    published = CommentFactory(status="published")
    response = editor_client.post(
        QUEUE,
        {
            "action": "mark_spam",
            "select_across": "1",
            "index": "0",
            "_selected_action": [c.pk for c in waiting],
        },
        follow=True,
    )
    assert "2 commentaires marqués indésirables." in [
        str(message) for message in response.context["messages"]
    ]
    published.refresh_from_db()
    assert published.status == "published"
    assert set(
        Comment.objects.filter(pk__in=[c.pk for c in waiting]).values_list("status", flat=True)
    ) == {"spam"}


@pytest.mark.parametrize(
    ("action", "count", "said"),
    [
        ("publish", 1, "1 commentaire publié."),
        ("publish", 2, "2 commentaires publiés."),
        ("mark_spam", 1, "1 commentaire marqué indésirable."),
        ("remove", 2, "2 commentaires retirés du site."),
    ],
)
def test_bulk_decisions_say_how_many_in_french(editor_client, action, count, said):
    """Not « 2 commentaire(s) retiré(s). »."""
    comments = CommentFactory.create_batch(count, status="pending")
    response = editor_client.post(
        QUEUE, {"action": action, "_selected_action": [c.pk for c in comments]}, follow=True
    )
    assert said in [str(message) for message in response.context["messages"]]


def test_erasing_for_good_and_taking_off_the_site_are_told_apart(editor_client):
    """Django's « Supprimer les commentaires sélectionnés » sat beside « Retirer du site » and the
    row's « Supprimer »: a moderator's trial took the one that erases, replies and all, for the
    one that can be undone."""
    CommentFactory(status="pending")
    page = text(editor_client.get(f"{QUEUE}?status__exact=all"))

    assert "Effacer définitivement, réponses comprises (pas de retour possible)" in page
    assert "Supprimer les commentaires sélectionnés" not in page
    assert "Retirer du site" in page


def test_the_comment_page_says_the_reason_in_words_and_links_to_the_site_only_when_public(
    editor_client,
):
    """« Motif du verdict : blocklist » on the comment's page while the queue said « terme
    bloqué »; « Voir sur le site » on a held comment led to a 404."""
    held = CommentFactory(status="pending", verdict_reason="blocklist")
    shown = CommentFactory(status="published")

    page = text(editor_client.get(f"{QUEUE}{held.pk}/change/"))
    assert "terme bloqué" in page and "blocklist" not in page
    assert "Voir sur le site" not in page
    assert "Voir sur le site" in text(editor_client.get(f"{QUEUE}{shown.pk}/change/"))


def test_a_moderator_decides_in_the_queue_and_sees_nothing_else(settings):
    """The Modérateur role (sitewide/roles.py): the queue and its decisions, told of what waits
    by e-mail; no article, no page; erasing for good is not offered."""
    from django.core import mail

    from comments import services

    moderator = StaffFactory(role="Modérateur", email="modo@example.org")
    client = Client()
    client.force_login(moderator)
    waiting = CommentFactory(status="pending", published_at=None)

    page = text(client.get(QUEUE))
    assert "Effacer définitivement" not in page
    response = client.post(one_click(waiting.pk, "approve"), {"next": QUEUE})
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == Comment.Status.PUBLISHED
    assert client.get("/admin/articles/article/").status_code == 403
    assert client.get("/admin/pages/page/").status_code == 403
    assert client.get("/admin/live/entry/").status_code == 403  # waiting entries, drafts'

    # A comment stays under its article: the field is shown, never changed (typed, a draft's
    # id named its headline, and the comment moved under it).
    draft = ArticleFactory(title="EMBARGO : le remaniement", draft=True)
    change = f"{QUEUE}{waiting.pk}/change/"
    form = text(client.get(change))
    assert 'name="article"' not in form and "EMBARGO" not in form
    posted = client.post(
        change, {"article": draft.pk, "body": "Déplacé ?", "status": "published"}, follow=True
    )
    assert "EMBARGO" not in text(posted)
    waiting.refresh_from_db()
    assert waiting.article_id != draft.pk

    held = CommentFactory(status="pending", published_at=None)
    services.notify_moderators(held.pk)
    assert ["modo@example.org"] in [message.to for message in mail.outbox]


def test_a_reported_comment_is_kept_online_in_one_click(editor_client):
    """In « Signalés », keeping a comment online (its reports back to zero) was a bulk action
    only; the row offered « Indésirable », « Retirer » and « Répondre » (a moderator's trial)."""
    reported = CommentFactory(status="published", flag_count=4, author_name="Kofi")
    quiet = CommentFactory(status="published")
    queue = text(editor_client.get(QUEUE, {"signales": "review"}))
    assert one_click(reported.pk, "keep") in queue
    assert one_click(quiet.pk, "keep") not in text(
        editor_client.get(QUEUE, {"status__exact": "all"})
    )

    response = editor_client.post(one_click(reported.pk, "keep"), follow=True)

    reported.refresh_from_db()
    assert (reported.status, reported.flag_count) == (Comment.Status.PUBLISHED, 0)
    said = [str(message) for message in response.context["messages"]]
    assert "Commentaire de Kofi gardé en ligne, signalements remis à zéro." in said


def fieldsets(page: str) -> list[tuple[str, bool, str]]:
    """The change form's fieldsets: heading (« » for the first), open, the labels inside."""
    found = []
    for block in re.findall(r'<fieldset class="module aligned[^"]*".*?</fieldset>', page, re.S):
        heading = re.search(r'<h2[^>]*class="fieldset-heading"[^>]*>(.*?)</h2>', block, re.S)
        folded = "<details" in block and "<details open" not in block
        labels = re.findall(r"<label[^>]*>([^<:]+?)\s*:?</label>", block)
        found.append((heading.group(1).strip() if heading else "", not folded, labels))
    return found


def test_the_comment_page_reads_what_was_said_then_the_decision_details_folded_away():
    """Twenty fields in the model's order: the article and the comment answered last, the
    captcha's hostname and action between the status and the reports (a moderator's trial)."""
    moderator = client_for("Modérateur")
    reply = CommentFactory(
        parent=CommentFactory(), captcha_score=0.55, ip_address="192.0.2.7", user_agent="Bot/1"
    )
    page = text(moderator.get(reverse("admin:comments_comment_change", args=[reply.pk])))
    sections = fieldsets(page)
    headings = [heading for heading, _open, _labels in sections]
    assert headings == ["", "Décision", "Aucun signalement", "Détails techniques"]

    said, decision, reports, technical = sections
    assert said[2][:3] == ["Article", "En réponse à", "Nom"] and said[1]
    assert decision[1] and {"Statut", "Motif", "Score captcha", "Bloquer"} <= set(decision[2])
    assert "moyen 0,55" in page
    assert not reports[1] and not technical[1]  # folded: one click away
    assert {"Hôte captcha", "Adresse IP", "Navigateur"} <= set(technical[2])
    assert "192.0.2.7" in page and "Bot/1" in page

    reply.flags.create(reason="spam")
    Comment.objects.filter(pk=reply.pk).update(flag_count=2)
    page = text(moderator.get(reverse("admin:comments_comment_change", args=[reply.pk])))
    heading, shown, _labels = fieldsets(page)[2]
    assert heading == "2 signalements" and shown  # reported: open


def test_a_moderator_blocks_a_commenter_from_the_comment_in_two_clicks():
    """The address and network were copied by hand from « Détails » into « Termes bloqués ›
    Ajouter » (a moderator's trial): links open that form filled; it still asks."""
    moderator = client_for("Modérateur")
    comment = CommentFactory(email="spam@example.org", ip_address="2001:db8:1:2::7")

    page = text(moderator.get(reverse("admin:comments_comment_change", args=[comment.pk])))
    links = dict(
        (label, href)
        for href, label in re.findall(
            r'<a href="(/admin/comments/blockedterm/add/\?[^"]+)">([^<]+)</a>', page
        )
    )
    assert set(links) == {"cette adresse e-mail", "ce réseau (2001:db8:1:2::/64)"}

    form = text(moderator.get(links["cette adresse e-mail"]))
    assert 'value="spam@example.org"' in form and '<option value="email" selected>' in form
    assert f'value="Commentaire n° {comment.pk}"' in form.replace("\xa0", " ")
    network = text(moderator.get(links["ce réseau (2001:db8:1:2::/64)"]))
    assert 'value="2001:db8:1:2::/64"' in network


# -- A moderator's trial: what a reply answers, who waits longest, the comment's page, reports'
# words, the keyboard ------------------------------------------------------------------------


def plain(page: str) -> str:
    """No-break spaces read as spaces: French catalogues write them, msgids do not."""
    return page.replace("\xa0", " ").replace("\u202f", " ")


def test_a_held_reply_says_whom_it_answers_and_their_first_words_one_query_for_the_page(
    editor_client, django_assert_max_num_queries
):
    """A held reply's card said « réponse à un autre commentaire »: neither who nor what it
    answered, and the moderator left the queue to judge it (a moderator's trial)."""
    parent = CommentFactory(
        status="published",
        author_name="Awa K.",
        body="Le chiffre cité <b>est faux</b> : l'INSAE donne 12 %.\n" + "Et encore. " * 20,
    )
    CommentFactory(
        status="pending", parent=parent, article=parent.article, body="Non, il est juste"
    )

    response = editor_client.get(QUEUE)
    page = plain(text(response))
    excerpt = re.search(r"en réponse à Awa K\. : « (.*?) »</p>", page)
    assert excerpt, "whom the reply answers"
    assert excerpt.group(1).startswith("Le chiffre cité <b>est faux</b> : l'INSAE donne 12 %. Et")
    assert len(excerpt.group(1)) <= 140 and excerpt.group(1).endswith("Et encor…")  # cut
    assert "&lt;b&gt;est faux&lt;/b&gt;" in response.content.decode()  # escaped, not bold
    assert "réponse à un autre commentaire" not in page

    from tests.support.helpers import count_queries

    one = count_queries(editor_client, QUEUE)
    for n in range(12):
        other = CommentFactory(status="published", author_name=f"Lecteur {n}")
        CommentFactory(status="pending", parent=other, article=other.article)
    with django_assert_max_num_queries(one):
        count_queries(editor_client, QUEUE)  # 13 replies: what one reply costs


def test_a_reply_to_an_erased_comment_says_so(editor_client):
    erased = CommentFactory(status="removed", author_name="", body="", email="")
    CommentFactory(status="pending", parent=erased, article=erased.article)
    assert "en réponse à un commentaire effacé" in text(editor_client.get(QUEUE))


def test_the_pending_queue_serves_the_longest_waiting_first_and_says_for_how_long(editor_client):
    """« En attente » showed the newest first: a comment held for days sat at the foot of the
    queue, its wait unsaid (a moderator's trial). First come, first served; other views keep
    their order."""
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    for name, ago in (
        ("Deux heures", timedelta(hours=2, minutes=5)),
        ("Trois jours", timedelta(days=3, hours=4)),
        ("A l'instant", timedelta(seconds=10)),
    ):
        comment = CommentFactory(status="pending", author_name=name)
        Comment.objects.filter(pk=comment.pk).update(created_at=now - ago)

    def order(page: str) -> list[str]:
        return re.findall(r"<strong>(Deux heures|Trois jours|A l'instant)</strong>", page)

    page = plain(text(editor_client.get(QUEUE)))
    assert order(page) == ["Trois jours", "Deux heures", "A l'instant"]
    assert "en attente depuis 3 jours" in page
    assert "en attente depuis 2 heures" in page
    assert "en attente depuis moins d'une minute" in page

    everything = text(editor_client.get(QUEUE, {"status__exact": "all"}))
    assert order(everything) == ["A l'instant", "Deux heures", "Trois jours"]  # as it was
    published = CommentFactory(status="published", author_name="Publiée")
    assert (
        "en attente depuis"
        not in text(editor_client.get(f"{QUEUE}?status__exact=published")).split(
            published.author_name
        )[1]
    )


def test_the_comment_page_decides_in_one_click_and_goes_back_to_the_queue(editor_client):
    """« Détails » had no one-click decision: the « Statut » menu, then « Enregistrer », then
    Django's « Le commentaire « Kossi Lecteur sur « Cotonou … » » a été enregistré. » (a
    moderator's trial)."""
    comment = CommentFactory(status="published", flag_count=4, author_name="Afi Testeuse")
    queue = text(editor_client.get(QUEUE, {"signales": "review"}))
    details = re.search(rf'<a href="({QUEUE}{comment.pk}/change/\?[^"]+)">Détails', queue)
    assert details and "_changelist_filters=signales%3Dreview" in details.group(1)

    page = text(editor_client.get(details.group(1)))
    form = re.search(r'<form [^>]*id="comment_form".*?</form>', page, re.S).group(0)
    actions = re.findall(
        # A form of their own (Enter in a field saves the page's form, decides nothing).
        r'<button type="submit" form="moderation-decide" formmethod="post" '
        r'formaction="([^"]+)"[^>]*>([^<]+)<',
        form,
    )
    labels = [label for _url, label in actions]
    assert labels == ["Garder en ligne", "Indésirable", "Retirer", "Répondre"]
    remove = dict((label, url) for url, label in actions)["Retirer"]
    assert remove == f"{one_click(comment.pk, 'remove')}?_changelist_filters=signales%3Dreview"

    response = editor_client.post(remove, follow=True)
    assert response.redirect_chain[0][0] == f"{QUEUE}?signales=review"
    said = [str(message) for message in response.context["messages"]]
    assert said == ["Commentaire d'Afi Testeuse retiré du site."]
    comment.refresh_from_db()
    assert comment.status == Comment.Status.REMOVED


def test_saving_a_status_on_the_comment_page_says_it_in_the_queues_words(editor_client):
    comment = CommentFactory(status="pending", author_name="Afi Testeuse", body="Bien vu.")
    fields = {
        "author_name": comment.author_name,
        "email": comment.email,
        "website": "",
        "body": comment.body,
        "language": "",
    }
    change = f"{QUEUE}{comment.pk}/change/"

    response = editor_client.post(change, {**fields, "status": "published"}, follow=True)
    said = [str(message) for message in response.context["messages"]]
    assert said == ["Commentaire d'Afi Testeuse approuvé."]
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED and comment.published_at

    response = editor_client.post(
        change, {**fields, "status": "published", "language": "en"}, follow=True
    )
    said = [str(message) for message in response.context["messages"]]
    assert said == ["Commentaire d'Afi Testeuse enregistré."]


def test_readers_words_in_the_reported_queue_are_quoted_with_french_no_break_spaces(
    editor_client,
):
    """The « Signalés » queue showed «Ce commentaire…», without the spaces French puts inside
    guillemets (the e-mail has them): Chromium's own French quotes for <q> (a moderator's
    trial). The stylesheet sets them, no-break (U+00A0, plumbing/text.py `french_spaces`)."""
    from pathlib import Path

    from django.conf import settings

    comment = CommentFactory(status="published", flag_count=3)
    comment.flags.create(reason="spam", details="Ce commentaire fait de la publicité")
    page = text(editor_client.get(QUEUE, {"signales": "review"}))
    assert '<html lang="fr"' in page
    assert '<q class="report-details">Ce commentaire fait de la publicité</q>' in page

    css = (Path(settings.BASE_DIR) / "static/css/admin-moderation.css").read_text()
    rule = re.search(r"\.report-details:lang\(fr\)\s*\{[^}]*quotes:\s*([^;}]+)", css)
    assert rule, "French quotes for the readers' words"
    opening, closing = re.findall(r'"([^"]*)"', rule.group(1))[:2]
    nbsp = ("\\00a0", "\\a0 ", "\xa0")
    assert opening.startswith("«") and any(opening[1:] == space for space in nbsp)
    assert closing.endswith("»") and any(closing[:-1] == space for space in nbsp)


def test_a_keyboard_user_skips_the_filters_with_aller_a_la_liste(editor_client):
    """The first « Approuver » was 67 Tab presses away: every filter came first, every
    article's title under « Par article » (a moderator's trial)."""
    CommentFactory.create_batch(3, status="pending")
    page = text(editor_client.get(QUEUE))
    content = page.split('id="content-start"')[1]
    first_link = re.search(r"<(a|button|input|select)\b[^>]*>", content)
    skip = re.search(r'<a class="skip-to-list" href="#([\w-]+)">Aller à la liste</a>', content)
    assert skip and first_link.start() == skip.start(), "the content's first stop"
    target = content.index(f'id="{skip.group(1)}"')  # the first comment's card
    assert content.index('id="changelist-filter"') < target < content.index(">Approuver<")
    assert content.index("<tbody>") < target
    assert "skip-to-list" not in text(editor_client.get(QUEUE, {"status__exact": "spam"}))
