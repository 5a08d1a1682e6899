"""The live desk's writes: posting, editing, deleting and approving entries.

Who may do what, in one place: Éditeurs (`articles.publish_article`) everything; the reporters
an Éditeur named on the coverage publish at once and edit or delete their own entries; anyone
else on the desk with `live.add_entry` submits entries an Éditeur approves. Every path (the
phone desk, the admin) asks these functions, so none can skip them.
"""

import re
from html import unescape

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape

from articles.services import can_publish
from live.models import Coverage, Entry


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
    entry.save()
    return entry


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
    if not can_publish(user):
        raise PermissionDenied
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
