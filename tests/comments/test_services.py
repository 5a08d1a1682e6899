"""Comments sent without JavaScript, and commenters the moderators already trust.

Without JavaScript no captcha token can come: such a comment is held (reason
``no_javascript``), under its own tighter limit per network, and listed apart in the queue
(« sans vérification »). With the script's ``js`` marker, a missing token is still refused.

A commenter whose last COMMENTS_TRUSTED_AFTER decided comments were all published is published
at a middle score (reason ``trusted``); one spam or removal among them, a low score, a comment
without JavaScript or COMMENTS_MODERATE_ALL, and they wait like everyone else.
"""

import html
import logging

import pytest

from comments import services
from comments.models import BlockedTerm, Comment
from plumbing.captcha import Verdict
from tests.support.factories import ArticleFactory, CommentFactory
from tests.support.text import fr

pytestmark = pytest.mark.django_db

TYPED = {
    "body": "Et au Bénin, la réforme est-elle déjà appliquée ?",
    "name": "Awa Traoré",
    "email": "awa@example.org",
    "website": "",
}
MID, HIGH, LOW = 0.5, 0.9, 0.1


@pytest.fixture
def article():
    return ArticleFactory(comments_open=True)


def post(client, article, *, js="1", token="jeton-valide", ip="192.0.2.10", **changes):
    """A post as the form sends it: with JavaScript, the script sets `js` and the token."""
    data = {**TYPED, "js": js, "captcha": token, **changes}
    data = {key: value for key, value in data.items() if value is not None}
    return client.post(f"/commentaires/{article.slug}/envoyer/", data, REMOTE_ADDR=ip)


def post_without_javascript(client, article, **changes):
    """What a browser without JavaScript sends: the marker and the token stay empty."""
    return post(client, article, js="", token="", **changes)


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def history(email, *statuses):
    """Past comments of `email`, oldest first, each decided as given."""
    for status in statuses:
        CommentFactory(email=email, status=status)


# -- without JavaScript ------------------------------------------------------------------


def test_a_comment_without_javascript_is_held_with_its_reason(client, article, siteverify):
    response = post_without_javascript(client, article)

    assert response.status_code == 302
    comment = Comment.objects.get()
    assert (comment.status, comment.verdict, comment.verdict_reason) == (
        Comment.Status.PENDING,
        "hold",
        "no_javascript",
    )
    assert comment.captcha_score is None
    assert siteverify.requests == []  # nothing to ask Google
    said = page_text(client.get(response["Location"]))
    # Moderators decide, not « un éditeur » (a commenter's trial: the newsroom's titles).
    assert "en attente de modération" in said and "dès qu'un modérateur l'aura validé" in said


def test_with_the_javascript_marker_a_missing_token_is_still_refused(client, article, siteverify):
    response = post(client, article, token="")
    assert response.status_code == 400
    assert "La vérification du captcha a échoué" in page_text(response)
    assert Comment.objects.count() == 0


def test_a_token_without_the_marker_is_checked_as_usual(client, article, siteverify):
    siteverify.answer(score=HIGH, action="comment", hostname="testserver")
    post(client, article, js="")
    assert Comment.objects.get().verdict_reason == "score_high"


def test_comments_without_javascript_have_their_own_tighter_limit(client, article, settings):
    settings.COMMENTS_NOSCRIPT_RATE_LIMIT = "2/h"
    settings.COMMENTS_RATE_LIMIT = "50/m"
    statuses = [
        post_without_javascript(client, article, body=f"Sans script, avis {n}.").status_code
        for n in range(2)
    ]
    # Another address of the same IPv6 /64 is the same person.
    statuses.append(
        post_without_javascript(
            client, article, body="Sans script, avis 2.", ip="2001:db8::1"
        ).status_code
    )
    statuses.append(
        post_without_javascript(
            client, article, body="Sans script, avis 3.", ip="2001:db8::2"
        ).status_code
    )
    refused = post_without_javascript(
        client, article, body="Sans script, avis 4.", ip="2001:db8::3"
    )
    statuses.append(refused.status_code)

    assert statuses == [302, 302, 302, 302, 429]
    assert "réessayez plus tard, ou activez JavaScript" in page_text(refused)
    assert "Sans script, avis 4." in page_text(refused)  # the text is kept
    assert Comment.objects.count() == 4


def test_the_noscript_limit_leaves_readers_with_javascript_alone(
    client, article, settings, siteverify
):
    settings.COMMENTS_NOSCRIPT_RATE_LIMIT = "1/h"
    siteverify.answer(score=HIGH, action="comment", hostname="testserver")
    assert post_without_javascript(client, article, body="Premier, sans script.").status_code == 302
    assert post_without_javascript(client, article, body="Second, sans script.").status_code == 429
    assert post(client, article, body="Avec le script, cette fois.").status_code == 302
    assert Comment.objects.filter(status=Comment.Status.PUBLISHED).count() == 1


def test_the_queue_lists_comments_without_verification_apart(admin_client, article):
    CommentFactory(
        article=article,
        status="pending",
        verdict_reason="no_javascript",
        body="Avis-envoye-sans-script",
    )
    CommentFactory(
        article=article, status="pending", verdict_reason="score_mid", body="Avis-avec-score-moyen"
    )

    queue = admin_client.get("/admin/comments/comment/").content.decode()
    apart = admin_client.get("/admin/comments/comment/?verification=sans").content.decode()

    assert "Sans vérification" in html.unescape(queue)
    assert "Avis-envoye-sans-script" in apart and "Avis-avec-score-moyen" not in apart


# -- trusted commenters ------------------------------------------------------------------


@pytest.fixture
def mid_score(siteverify):
    siteverify.answer(score=MID, action="comment", hostname="testserver")
    return siteverify


def test_after_three_published_comments_a_middle_score_is_published(client, article, mid_score):
    history("awa@example.org", "published", "published", "published")

    response = post(client, article)

    comment = Comment.objects.get(article=article)
    assert (comment.status, comment.verdict_reason) == (Comment.Status.PUBLISHED, "trusted")
    assert comment.captcha_score == MID
    assert "Votre commentaire est publié" in page_text(client.get(response["Location"]))


def test_the_address_is_matched_whatever_its_case(client, article, mid_score):
    history("Awa@Example.org", "published", "published", "published")
    post(client, article)
    assert Comment.objects.get(article=article).verdict_reason == "trusted"


def test_pending_comments_are_not_decisions_and_do_not_count(client, article, mid_score):
    history("awa@example.org", "published", "published", "published", "pending", "pending")
    post(client, article)
    assert Comment.objects.get(article=article).status == Comment.Status.PUBLISHED


@pytest.mark.parametrize(
    "past",
    [
        ("published", "published"),  # not yet three
        ("published", "spam", "published", "published"),  # spam among the last three
        ("published", "published", "published", "removed"),  # a moderator took one down
        (),
    ],
    ids=["two", "spam", "removed", "none"],
)
def test_otherwise_a_middle_score_still_waits(client, article, mid_score, past):
    history("awa@example.org", *past)
    post(client, article)
    comment = Comment.objects.get(article=article)
    assert (comment.status, comment.verdict_reason) == (Comment.Status.PENDING, "score_mid")


def test_a_moderators_spam_decision_resets_the_trust(client, article, mid_score):
    history("awa@example.org", "published", "published", "published")
    post(client, article, body="Premier avis, publié en confiance.")
    trusted = Comment.objects.get(article=article)
    assert trusted.status == Comment.Status.PUBLISHED

    services.comments_moderate([trusted], Comment.Status.SPAM)
    post(client, article, body="Second avis, après l'indésirable.")

    assert Comment.objects.get(article=article, body__startswith="Second").status == "pending"


def test_a_low_score_is_still_refused(client, article, siteverify):
    siteverify.answer(score=LOW, action="comment", hostname="testserver")
    history("awa@example.org", "published", "published", "published")
    response = post(client, article)
    assert response.status_code == 400
    assert Comment.objects.get(article=article).status == Comment.Status.SPAM


def test_a_trusted_commenter_without_javascript_still_waits(client, article, siteverify):
    history("awa@example.org", "published", "published", "published")
    post_without_javascript(client, article)
    comment = Comment.objects.get(article=article)
    assert (comment.status, comment.verdict_reason) == (Comment.Status.PENDING, "no_javascript")


def test_moderate_all_holds_trusted_commenters_too(client, article, mid_score, settings):
    settings.COMMENTS_MODERATE_ALL = True
    history("awa@example.org", "published", "published", "published")
    post(client, article)
    assert Comment.objects.get(article=article).status == Comment.Status.PENDING


def test_the_blocklist_still_holds_a_trusted_commenters_comment(client, article, mid_score):
    BlockedTerm.objects.create(kind="word", value="réforme", action="hold")
    history("awa@example.org", "published", "published", "published")
    post(client, article)
    assert Comment.objects.get(article=article).status == Comment.Status.PENDING


def test_the_number_of_comments_is_a_setting(client, article, mid_score, settings):
    settings.COMMENTS_TRUSTED_AFTER = 1
    history("awa@example.org", "spam", "published")
    post(client, article)
    assert Comment.objects.get(article=article).status == Comment.Status.PUBLISHED


def test_the_log_names_a_fingerprint_never_the_address(client, article, mid_score, caplog):
    history("awa@example.org", "published", "published", "published")
    with caplog.at_level(logging.INFO):
        post(client, article)
    assert any("trusted commenter" in record.getMessage() for record in caplog.records)
    assert "awa@example.org" not in caplog.text
    assert services.email_fingerprint("awa@example.org") in caplog.text


# -- erasure ----------------------------------------------------------------------------------


def test_erasing_a_commenter_keeps_the_replies_other_people_wrote(
    client, django_capture_on_commit_callbacks
):
    """Koffi asks to be erased: every comment of his goes, and nothing of his stays (name,
    address, text, network, browser), but Awa's and Ben's answers to him stay on the page. (A
    cascade deleted them with his, and the admin counted them as his.)"""
    article = ArticleFactory()
    koffi = {"email": "koffi@example.org", "author_name": "Koffi Dossou"}
    asked = CommentFactory(
        article=article, body="Qui paie le corridor ?", ip_address="203.0.113.9", **koffi
    )
    awa = CommentFactory(article=article, parent=asked, depth=1, body="L'Union africaine.")
    thanks = CommentFactory(article=article, parent=awa, depth=2, body="Merci Awa.", **koffi)
    ben = CommentFactory(article=article, parent=thanks, depth=3, body="De rien, dit Ben.")
    alone = CommentFactory(article=ArticleFactory(), body="Sans réponse.", **koffi)
    unrelated = CommentFactory(article=article, body="Un autre fil.")

    assert "corridor" in client.get(article.get_absolute_url()).content.decode()  # kept

    with django_capture_on_commit_callbacks(execute=True):  # pages drop at the commit
        assert services.erase_commenter("KOFFI@example.org ") == 3

    assert not Comment.objects.filter(pk=alone.pk).exists()
    assert set(Comment.objects.filter(email__iexact="koffi@example.org")) == set()
    for erased in Comment.objects.filter(pk__in=[asked.pk, thanks.pk]):
        assert erased.status == Comment.Status.REMOVED
        assert (erased.author_name, erased.email, erased.body, erased.website) == ("", "", "", "")
        assert (erased.ip_address, erased.user_agent) == (None, "")
    page = client.get(article.get_absolute_url()).content.decode()
    for kept in (awa, ben, unrelated):
        assert kept.body.replace("'", "&#x27;") in page
    assert "Koffi" not in page and "corridor" not in page and "Merci Awa" not in page


def test_moderate_all_holds_what_the_captcha_would_publish(settings):
    settings.COMMENTS_MODERATE_ALL = True
    published = Verdict("publish", "score_high", "", 0.9, "comment", "testserver", "published")

    verdict = services.moderated(published)

    assert (verdict.decision, verdict.reason, verdict.status) == ("hold", "moderate_all", "pending")
    assert verdict.score == 0.9
    assert verdict.message == "Votre commentaire est en attente de modération."


def test_moderate_all_still_refuses_a_low_score_and_keeps_other_holds(settings):
    settings.COMMENTS_MODERATE_ALL = True
    spam = Verdict("refuse", "score_low", "…", 0.1, "comment", "testserver", "spam")
    held = Verdict("hold", "score_mid", "…", 0.5, "comment", "testserver", "pending")

    assert services.moderated(spam) == spam
    assert services.moderated(held) == held
    settings.COMMENTS_MODERATE_ALL = False
    published = Verdict("publish", "score_high", "", 0.9, "comment", "testserver", "published")
    assert services.moderated(published) == published


# -- the Éditeurs' e-mails ------------------------------------------------------------------------


@pytest.fixture
def editor_inbox(settings):
    from django.core import mail

    from tests.support.factories import StaffFactory

    settings.SITE_URL = "https://www.leportail.example"
    StaffFactory(role="Éditeur", email="editrice@example.org")
    return mail.outbox


def test_the_held_comment_mail_links_to_its_page_in_the_admin(editor_inbox):
    """« Modérer : /admin/comments/comment/26/change/ »: a path no mail client can open."""
    comment = CommentFactory(status=Comment.Status.PENDING, published_at=None)

    assert services.notify_moderators(comment.pk)

    admin = f"https://www.leportail.example/admin/comments/comment/{comment.pk}/change/"
    assert fr(f"Modérer : {admin}") in editor_inbox[-1].body


def test_the_reported_comment_mail_links_to_the_queue_of_reported_comments(editor_inbox):
    comment = CommentFactory(flag_count=3)

    assert services.notify_reported(comment.pk)

    queue = "https://www.leportail.example/admin/comments/comment/?signales=review"
    assert fr(f"Commentaires signalés : {queue}") in editor_inbox[-1].body


def test_one_report_of_a_threat_reaches_the_moderators_one_of_spam_waits_for_more(
    editor_inbox, settings, django_capture_on_commit_callbacks
):
    """« Insulte ou menace » from one reader waited unseen for two more networks while the
    reader was thanked for telling the newsroom (a reader's trial). Threat, hate and personal
    data count alone; spam, falsehood and the rest still need COMMENTS_FLAGS_TO_REVIEW, so one
    person cannot queue every comment."""
    settings.COMMENTS_FLAGS_TO_REVIEW = 3
    threat, spam = CommentFactory(author_name="Kofi"), CommentFactory()

    with django_capture_on_commit_callbacks(execute=True):
        services.comment_flag(
            comment=threat, ip_address="192.0.2.1", reason="abuse", details="Il menace mon frère."
        )
        services.comment_flag(comment=spam, ip_address="192.0.2.1", reason="spam")

    assert list(Comment.objects.reported(3)) == [threat]
    [mail] = editor_inbox
    assert fr("signalé par un lecteur (motif : insulte ou menace).") in mail.body
    assert "« Il menace mon frère. »" in mail.body  # the reader's words, not only the reason
    services.comment_reports_keep([threat])  # read and kept: out of the queue
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_flag(comment=threat, ip_address="192.0.2.2", reason="false")
    assert not Comment.objects.reported(3).exists()
    # A threat reported again after the keep is news again: queued and mailed (it was mailed
    # once per comment, ever).
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_flag(comment=threat, ip_address="192.0.2.3", reason="hate")
    assert list(Comment.objects.reported(3)) == [threat] and len(editor_inbox) == 2


def test_single_grave_reports_mail_a_few_times_an_hour_and_queue_every_one(
    editor_inbox, settings, django_capture_on_commit_callbacks
):
    """One network's report is enough to queue a comment: a botnet could queue hundreds, and
    without a cap mail every Éditeur about each (a review of the change)."""
    settings.COMMENTS_URGENT_MAILS_PER_HOUR = 2
    comments = CommentFactory.create_batch(4)

    with django_capture_on_commit_callbacks(execute=True):
        for number, comment in enumerate(comments):
            services.comment_flag(comment=comment, ip_address=f"192.0.2.{number}", reason="abuse")

    assert len(editor_inbox) == 2
    assert set(Comment.objects.reported(3)) == set(comments)


def test_one_reader_cannot_use_up_the_hours_mails_about_grave_reports(
    editor_inbox, django_capture_on_commit_callbacks
):
    """Six « insulte ou menace » from one address spent the site's hour, and a real threat
    reported next from elsewhere mailed nobody (an attacker's trial): one mail an hour per
    reporting network."""
    spent, threat = CommentFactory.create_batch(3), CommentFactory(author_name="Kofi")

    with django_capture_on_commit_callbacks(execute=True):
        for comment in spent:
            services.comment_flag(comment=comment, ip_address="198.51.100.7", reason="abuse")
        services.comment_flag(comment=threat, ip_address="192.0.2.1", reason="hate")

    assert len(editor_inbox) == 2
    assert "Kofi" in editor_inbox[-1].body


def test_reports_from_one_homes_ipv6_networks_count_as_one_reader():
    """Three /64s of one /56 (one home) counted as three readers and queued the comment for
    the moderators (an attacker's trial); another home counts apart."""
    comment = CommentFactory()
    home = ["2001:db8:1:200::1", "2001:db8:1:201::1", "2001:db8:1:2ff::9"]

    counted = [services.comment_flag(comment=comment, ip_address=ip) for ip in home]
    counted.append(services.comment_flag(comment=comment, ip_address="2001:db8:1:300::1"))

    assert counted == [True, False, False, True]
    assert comment.flags.count() == 2


def test_a_comment_decided_before_the_mail_goes_sends_none(editor_inbox):
    """The e-mail goes by a task: a moderator quicker than the queue gets no stale one."""
    held = CommentFactory(status=Comment.Status.PENDING, published_at=None)
    reported = CommentFactory(flag_count=3)
    services.comments_moderate([held], Comment.Status.PUBLISHED)
    services.comments_moderate([reported], Comment.Status.REMOVED)

    assert not services.notify_moderators(held.pk)
    assert not services.notify_reported(reported.pk)
    assert editor_inbox == []
