"""The workflow as the article's change form shows it (articles/workflow.py holds the rules):
which buttons the submit row offers to whom, which fields appear, what the desk is told once
a move is saved."""

from django.template.defaultfilters import linebreaksbr
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from articles import services, workflow
from articles.models import Article, ArticleTransition, DeskState

# The buttons' names in the POST, and the action each one is.
ACTIONS = {
    "_submit": "submit",
    "_withdraw": "withdraw",
    "_send_back": "send_back",
    "_publish": "publish",
    "_unpublish": "unpublish",
}
# What an Éditeur's button does to the status (a Rédacteur's: services.writer_status).
EDITOR_ACTIONS = {
    "publish": Article.Status.PUBLISHED,
    "send_back": Article.Status.DRAFT,
    "unpublish": Article.Status.DRAFT,  # one click, where the status menu took three
}
JOURNAL_LENGTH = 50  # the form lists the latest moves; an article rarely has more


def desk_action(request) -> str:
    if request.method != "POST":
        return ""
    return next((action for name, action in ACTIONS.items() if name in request.POST), "")


def desk_buttons(user, article: Article | None) -> dict[str, bool]:
    """Which workflow buttons the submit row shows (the form's own « Enregistrer » stays)."""
    status = article.status if article is not None else Article.Status.DRAFT
    if not services.can_publish(user):
        return {
            "desk_submit": status == Article.Status.DRAFT,
            "desk_withdraw": status == Article.Status.REVIEW,
        }
    # A scheduled story is not on the site yet: « Dépublier » said the opposite of what the
    # button does there (a newsroom's trial). The same action, in its words.
    scheduled = status == Article.Status.PUBLISHED and not article.is_public
    return {
        "desk_publish": status != Article.Status.PUBLISHED,
        "desk_unpublish": status == Article.Status.PUBLISHED and not scheduled,
        "desk_unschedule": scheduled,
        "desk_send_back": status == Article.Status.REVIEW and article.author_id != user.pk,
    }


def journal(article: Article) -> list[ArticleTransition]:
    """The article's moves, newest first, read once per request (the fieldsets and two
    read-only fields ask)."""
    if article is None or article.pk is None:
        return []
    if not hasattr(article, "_desk_journal"):
        article._desk_journal = list(article.transitions.select_related("user")[:JOURNAL_LENGTH])
    return article._desk_journal


def desk_fieldsets(fieldsets, article, *, editor: bool, feedback, submission=None) -> list:
    """The note to the author is the Éditeurs' to write; the journal and the dates exist once the
    article does; « À la une », « Dernière minute » and its end show to a Rédacteur (who cannot
    set them) only when set; an Éditeur's note on a sent-back draft heads the form, where its author
    looks first; and who sent an article « à relire », and when, heads it for the Éditeur (it
    was in the journal, far down)."""
    dropped = set()
    if not editor:
        dropped.add("desk_note")
        # « À la une » and « Dernière minute », the Éditeurs' to set, show to a Rédacteur only
        # when set: unset, two red ✖ under the Éditeurs' instructions read as errors (a
        # newsroom's trial).
        for flag, shown in (
            ("is_lead", article is not None and article.is_lead),
            ("is_breaking", article is not None and article.is_breaking),
            ("breaking_until", article is not None and article.breaking_until is not None),
        ):
            if not shown:
                dropped.add(flag)
    if article is None:
        dropped |= {"desk_journal", "created_at", "updated_at"}
    fieldsets = [
        (name, {**options, "fields": [f for f in options["fields"] if f not in dropped]})
        for name, options in fieldsets
    ]
    heading = None
    if feedback:
        heading = (_("Renvoyé par l'éditeur"), {"fields": ["desk_feedback"]})
    elif submission and editor:
        heading = (_("À relire"), {"fields": ["desk_submission"]})
    if heading:
        # Under a heading of its own, the text's fields need one too: untitled, they sat under
        # an empty bar.
        fieldsets = [(name or _("L'article"), options) for name, options in fieldsets]
        fieldsets.insert(0, heading)
    return fieldsets


def desk_message(article: Article, transition: ArticleTransition | None):
    """What the desk reads after a move; None when nothing moved (Django's message stays)."""
    if transition is None or transition.from_state == transition.to_state:
        return None
    title = article.title
    match transition.to_state:
        case DeskState.SCHEDULED:
            return _("Programmé pour le %(moment)s : « %(title)s ».") % {
                "moment": workflow.moment(article.published_at),
                "title": title,
            }
        case DeskState.PUBLISHED:
            return format_html(
                '{} <a href="{}">{}</a>', _("Publié :"), article.get_absolute_url(), title
            )
        case DeskState.REVIEW:
            return _("« %(title)s » est soumis à l'éditeur : les éditeurs sont prévenus.") % {
                "title": title
            }
    if transition.from_state == DeskState.PUBLISHED:
        return _("« %(title)s » n'est plus en ligne : il est repassé en brouillon.") % {
            "title": title
        }
    if transition.from_state == DeskState.SCHEDULED:
        return _("« %(title)s » n'est plus programmé : il est repassé en brouillon.") % {
            "title": title
        }
    if workflow.is_sent_back(transition):
        return _("« %(title)s » est renvoyé à son auteur, avec votre note.") % {"title": title}
    return _("« %(title)s » est repassé en brouillon.") % {"title": title}


def feedback_html(article: Article) -> str:
    """The Éditeur's note at the top of a sent-back draft: who, when, what to rework."""
    transition = workflow.latest_send_back(article, journal(article))
    if transition is None:
        return "—"
    return format_html(
        '<div class="desk-feedback"><p>{}</p><blockquote>{}</blockquote></div>',
        _("%(name)s, le %(moment)s :")
        % {
            "name": workflow.person(transition.user),
            "moment": workflow.moment(transition.created_at),
        },
        linebreaksbr(transition.note),
    )


def submission_html(article: Article) -> str:
    """Who sent the article « à relire », when, and what they said if they wrote a note."""
    transition = workflow.latest_submission(article, journal(article))
    if transition is None:
        return "—"
    said = _("Soumis par %(name)s, le %(moment)s.") % {
        "name": workflow.person(transition.user),
        "moment": workflow.moment(transition.created_at),
    }
    if not transition.note:
        return format_html('<div class="desk-feedback"><p>{}</p></div>', said)
    return format_html(
        '<div class="desk-feedback"><p>{}</p><blockquote>{}</blockquote></div>',
        said,
        linebreaksbr(transition.note),
    )


def journal_html(article: Article) -> str:
    """Each move, newest first: « samedi 5 décembre à 7 h 00 — Awa Koné : À relire →
    Brouillon », and its note."""
    entries = journal(article)
    if not entries:
        return "—"
    return format_html(
        '<ol class="desk-journal">{}</ol>',
        format_html_join(
            "",
            '<li><time datetime="{}">{}</time> — {} : {}{}</li>',
            (
                (
                    entry.created_at.isoformat(),
                    workflow.moment(entry.created_at),
                    workflow.person(entry.user),
                    entry,
                    format_html("<br><q>{}</q>", entry.note) if entry.note else "",
                )
                for entry in entries
            ),
        ),
    )
