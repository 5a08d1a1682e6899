"""The live desk's writes: posting, editing, deleting and approving entries.

Who may do what, in one place: Éditeurs (`articles.publish_article`) everything; the reporters
an Éditeur named on the coverage publish at once and edit or delete their own entries; anyone
else on the desk with `live.add_entry` submits entries an Éditeur approves. Every path (the
phone desk, the admin) asks these functions, so none can skip them.
"""

import logging
import re
from html import unescape

from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from articles.services import can_publish
from articles.workflow import editor_emails
from live.models import Coverage, Entry
from plumbing import siteurl
from plumbing.tasks import enqueue_quietly
from plumbing.text import one_line, text_of_html
from plumbing.throttle import claim_again, claimed, first_in
from sitewide.accounts import signed_name

logger = logging.getLogger(__name__)


def is_reporter(user, coverage: Coverage) -> bool:
    return coverage.reporters.filter(pk=user.pk).exists()


def can_post(user, coverage: Coverage) -> bool:
    return bool(user and user.is_active) and (
        can_publish(user) or is_reporter(user, coverage) or user.has_perm("live.add_entry")
    )


def posts_at_once(user, coverage: Coverage, *, reporter: bool | None = None) -> bool:
    """Speed matters on the night: Éditeurs and the named reporters skip the approval.
    `reporter` as in can_change()."""
    if can_publish(user):
        return True
    return is_reporter(user, coverage) if reporter is None else reporter


def can_change(user, entry: Entry, *, reporter: bool | None = None) -> bool:
    """`reporter`: whether `user` is one of the coverage's reporters, when the caller knows
    (the desk asks for thirty entries of one coverage: one query, not thirty)."""
    if can_publish(user):
        return True
    if entry.author_id != user.pk:
        return False
    if entry.status == Entry.Status.SUBMITTED:
        return True
    return is_reporter(user, entry.coverage) if reporter is None else reporter


def text_to_html(text: str) -> str:
    """What a reporter types on a phone: paragraphs separated by blank lines, line breaks kept.
    Text that is already HTML (from the rich-text editor) passes as is; clean_html() runs on
    save either way."""
    if re.search(r"<(p|h[2-4]|ul|ol|table|blockquote|figure)\b", text, re.IGNORECASE):
        return text
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    return "".join(
        "<p>" + "<br>".join(escape(line) for line in p.splitlines()) + "</p>" for p in paragraphs
    )


def html_to_text(html: str) -> str:
    """The other way, for the desk's edit form: plain paragraphs come back as typed; anything
    richer (a table from the admin's editor) stays HTML, which text_to_html() passes through."""
    paragraphs = re.findall(r"<p>(.*?)</p>", html, re.DOTALL)
    rest = re.sub(r"<p>.*?</p>", "", html, flags=re.DOTALL).strip()
    if rest or any(re.search(r"<(?!br\s*/?>)", p) for p in paragraphs):
        return html
    lines = (re.sub(r"<br\s*/?>", "\n", p) for p in paragraphs)
    return "\n\n".join(unescape(p) for p in lines)


class CoverageEnded(Exception):
    """An entry for a coverage readers were told is over: an Éditeur reopens it first."""


@transaction.atomic
def entry_post(*, coverage: Coverage, user, body: str, image=None, image_alt="", is_key=False):
    if not can_post(user, coverage):
        raise PermissionDenied
    if coverage.state == Coverage.State.ENDED:
        raise CoverageEnded
    now = timezone.now()
    at_once = posts_at_once(user, coverage)
    entry = Entry(
        coverage=coverage,
        author=user,
        body=text_to_html(body),
        image_alt=image_alt,
        is_key=is_key and at_once,  # pinning is the desk's call on what it approves
        status=Entry.Status.PUBLISHED if at_once else Entry.Status.SUBMITTED,
        created_at=now,
        published_at=now if at_once else None,
        changed_at=now,
    )
    if image:
        entry.image = image
    # The Éditeurs hear of a waiting entry when the coverage had none waiting: the next ones
    # join the list their « à valider » badge counts, without an e-mail each on a busy night.
    first_waiting = not at_once and not coverage.entries.to_approve().exists()
    entry.save()
    if first_waiting:
        transaction.on_commit(lambda: _tell_editors_waiting(entry))
    return entry


# A writer posting, deleting and posting again sent a mail each time (an attacker's trial):
# one an author may cause per coverage in this long; the badge counts the rest.
WAITING_MAIL_EVERY = 600  # seconds


def _tell_editors_waiting(entry: Entry) -> None:
    """Unless this author's last mail on the coverage is under WAITING_MAIL_EVERY old and its
    entry was never approved (withdrawn, refused): once an Éditeur has approved it, the author's
    next entry is news again, however soon it comes (a newsroom's trial: it waited unseen)."""
    from live import tasks

    key = f"live:waiting-mail:{entry.coverage_id}:{entry.author_id}"
    if not first_in(key, WAITING_MAIL_EVERY, claim=entry.pk):
        mailed_about = claimed(key)
        if mailed_about is None:  # the period ended between the two reads: a new one
            if not first_in(key, WAITING_MAIL_EVERY, claim=entry.pk):
                return
        elif Entry.objects.filter(pk=mailed_about, status=Entry.Status.PUBLISHED).exists():
            claim_again(key, WAITING_MAIL_EVERY, entry.pk)
        else:
            return
    enqueue_quietly(tasks.tell_editors_waiting, entry.pk)


def notify_entry_waiting(entry_id: int) -> bool:
    """E-mail the Éditeurs (all but its author) that an entry waits for them, if it still does:
    its author, its text, how many wait on that coverage, and a link to them on the desk."""
    entry = (
        Entry.objects.to_approve()
        .filter(pk=entry_id)
        .select_related("coverage__article", "author__profile")
        .first()
    )
    recipients = editor_emails(besides=entry.author) if entry else []
    if not recipients:
        return False
    title = entry.coverage.article.title
    waiting = Entry.objects.to_approve().filter(coverage=entry.coverage_id).count()
    # The desk, where an Éditeur publishes each in one tap from the phone, at the list of those
    # waiting; not the admin's list (a newsroom's trial).
    desk = reverse("live:desk", kwargs={"slug": entry.coverage.article.slug}) + "#a-valider"
    subject = _("Direct « %(title)s » : une entrée à valider") % {"title": one_line(title)}
    message = _(
        "%(name)s a envoyé une entrée au direct « %(title)s » :\n\n%(text)s\n\n"
        "%(waiting)s\nValider, modifier ou supprimer : %(link)s"
    ) % {
        "name": signed_name(entry.author),
        "title": title,
        "text": Truncator(text_of_html(entry.body)).chars(1000) or _("(une photo sans texte)"),
        "waiting": ngettext(
            "%(n)s entrée attend sur ce direct.", "%(n)s entrées attendent sur ce direct.", waiting
        )
        % {"n": waiting},
        "link": siteurl.absolute(desk),
    }
    try:
        send_mail(subject, message, None, recipients)
    except Exception:  # the entry is saved; the badge and the list show it even if mail is down
        logger.exception("could not email the editors about live entry %s", entry.pk)
        return False
    return True


@transaction.atomic
def entry_edit(*, entry: Entry, user, body: str, image=None, image_alt=None, is_key=None):
    if not can_change(user, entry):
        raise PermissionDenied
    now = timezone.now()
    entry.body = text_to_html(body)
    if image:
        entry.image = image
    if image_alt is not None:
        entry.image_alt = image_alt
    if is_key is not None and (can_publish(user) or is_reporter(user, entry.coverage)):
        entry.is_key = is_key
    if entry.published_at is not None:
        entry.edited_at = now  # « modifiée à 21 h 14 », for readers who saw the first version
    entry.changed_at = now
    entry.save()
    return entry


@transaction.atomic
def entry_delete(*, entry: Entry, user) -> None:
    """Readers' open pages must drop it too: the row stays, marked, and the update document
    lists it as removed; an entry nobody saw simply goes."""
    if not can_change(user, entry):
        raise PermissionDenied
    if entry.published_at is None:
        entry.delete()
        return
    entry.deleted_at = entry.changed_at = timezone.now()
    entry.is_key = False
    entry.save(update_fields=["deleted_at", "changed_at", "is_key"])


@transaction.atomic
def entry_approve(*, entry: Entry, user) -> Entry:
    """An Éditeur publishes a waiting entry; not into a coverage readers were told is over
    (`CoverageEnded`: an Éditeur reopens it first), from the admin as from the desk."""
    if not can_publish(user):
        raise PermissionDenied
    if entry.status != Entry.Status.PUBLISHED and entry.coverage.state == Coverage.State.ENDED:
        raise CoverageEnded
    if entry.status != Entry.Status.PUBLISHED:
        now = timezone.now()
        entry.status = Entry.Status.PUBLISHED
        entry.published_at = entry.changed_at = now
        entry.save(update_fields=["status", "published_at", "changed_at"])
    return entry


def coverage_end(*, coverage: Coverage, user) -> Coverage:
    if not can_publish(user):
        raise PermissionDenied
    coverage.state = Coverage.State.ENDED
    coverage.save()
    return coverage
