"""Step 6, comments of a batch of posts: threads rebuilt as the site builds them, statuses
mapped, personal data checked; never through the captcha gate."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.translation import gettext as _

from articles.models import Article
from comments.models import Comment
from wordpress import content as wp_content
from wordpress.importer.context import ImportContext, moment
from wordpress.importer.rows import Kind, dates_as_given, fingerprint
from wordpress.models import WordPressItem
from wordpress.wxr import Item

COMMENT_STATUSES = {
    "1": Comment.Status.PUBLISHED,
    "approve": Comment.Status.PUBLISHED,
    "0": Comment.Status.PENDING,
    "hold": Comment.Status.PENDING,
    "spam": Comment.Status.SPAM,
    "trash": Comment.Status.REMOVED,
    "post-trashed": Comment.Status.REMOVED,
}
UPDATED_FIELDS = [
    "author_name",
    "email",
    "website",
    "body",
    "status",
    "ip_address",
    "published_at",
    "created_at",
]
is_web_url = URLValidator(schemes=["http", "https"])

Placement = tuple[int | None, int]  # (WordPress ID of the comment it attaches to, depth)


@dataclass
class _Plan:
    """What one batch writes: new comments level by level (a reply needs its parent's id)."""

    existing: dict[str, WordPressItem]
    placements: dict[int, Placement] = field(default_factory=dict)
    to_create: dict[int, list[tuple[int | None, Comment, str]]] = field(default_factory=dict)
    to_update: list[Comment] = field(default_factory=list)
    update_rows: list[WordPressItem] = field(default_factory=list)


def import_comments(ctx: ImportContext, batch: list[Item], articles: dict[int, Article]) -> None:
    wanted = [c for item in batch if item.id in articles for c in item.comments if c.id]
    if not wanted:
        return
    plan = _Plan(
        existing={
            row.key: row
            for row in WordPressItem.objects.filter(
                site=ctx.site, kind=Kind.COMMENT, key__in=[str(c.id) for c in wanted]
            ).select_related("comment")
        }
    )
    for item in batch:
        if item.id in articles:
            _plan_thread(ctx, plan, item, articles[item.id])
        elif item.comments:
            ctx.report.count("comment", "skipped", len(item.comments))
    _apply_updates(ctx, plan)
    _create_by_depth(ctx, plan)


def place(ctx: ImportContext, wp_comment, by_id, placements: dict[int, Placement]) -> Placement:
    """Where `comments.threads.reply_target` would place this reply: past the deepest level,
    replies join the deepest level."""
    if wp_comment.id in placements:
        return placements[wp_comment.id]
    chain, node = [], wp_comment
    while node.parent and node.parent in by_id and node.parent not in chain:
        chain.append(node.parent)
        node = by_id[node.parent]
    if wp_comment.parent and wp_comment.parent not in by_id:
        ctx.report.problem(
            "comment",
            wp_comment.id,
            _("répond au commentaire %(parent)s, absent de l'export : placé au premier niveau")
            % {"parent": wp_comment.parent},
        )
    # Place from the root down.
    parent_id: int | None = None
    for ancestor_id in [*reversed(chain), wp_comment.id]:
        placement = (None, 0) if parent_id is None else _below(ctx, parent_id, placements)
        placements.setdefault(ancestor_id, placement)
        parent_id = ancestor_id
    return placements[wp_comment.id]


def comment_values(ctx: ImportContext, wp_comment) -> dict:
    status = COMMENT_STATUSES.get(wp_comment.approved)
    if status is None:
        ctx.report.problem(
            "comment",
            wp_comment.id,
            _("statut WordPress inconnu « %(status)s » : mis en attente")
            % {"status": wp_comment.approved},
        )
        status = Comment.Status.PENDING
    written = moment(ctx, wp_comment.date_gmt, wp_comment.date) or ctx.now
    return {
        "author_name": wp_content.one_line(wp_comment.author, 80) or _("Anonyme"),
        "email": _email(wp_comment.email),
        "website": _website(wp_comment.url),
        "body": wp_content.plain_text(wp_comment.content),
        "status": status,
        # Older ones would be erased by the next `purge_comment_data` anyway.
        "ip_address": _ip(wp_comment.ip) if ctx.now - written < ctx.retention else None,
        "created_at": written,
        "published_at": written if status == Comment.Status.PUBLISHED else None,
        "verdict_reason": "import WordPress",
    }


def _plan_thread(ctx: ImportContext, plan: _Plan, item: Item, article: Article) -> None:
    by_id = {c.id: c for c in item.comments if c.id}
    for wp_comment in item.comments:
        if not wp_comment.id:
            continue
        if wp_comment.type not in ("", "comment"):
            ctx.report.count("comment", "skipped")  # pingbacks and trackbacks
            continue
        checksum = fingerprint(_comment_source(wp_comment))
        row = plan.existing.get(str(wp_comment.id))
        if row is not None and row.comment is None:
            ctx.report.count("comment", "skipped")  # deleted here since
            continue
        if row is not None and row.checksum == checksum:
            ctx.report.count("comment", "unchanged")
            continue
        values = comment_values(ctx, wp_comment)
        if row is not None:
            for name, value in values.items():
                setattr(row.comment, name, value)
            row.checksum = checksum
            plan.to_update.append(row.comment)
            plan.update_rows.append(row)
            continue
        parent_wp, depth = place(ctx, wp_comment, by_id, plan.placements)
        comment = Comment(article=article, depth=depth, **values)
        comment._wp_id = wp_comment.id
        plan.to_create.setdefault(depth, []).append((parent_wp, comment, checksum))
        plan.placements[wp_comment.id] = (parent_wp, depth)


def _below(ctx: ImportContext, parent_id: int, placements: dict[int, Placement]) -> Placement:
    """A reply to `parent_id`: one level deeper, or beside its parent at the deepest level."""
    grand, parent_depth = placements[parent_id]
    if parent_depth + 1 < ctx.max_depth:
        return (parent_id, parent_depth + 1)
    if grand is None:
        return (parent_id, 0) if ctx.max_depth > 1 else (None, 0)
    return (grand, parent_depth)


def _apply_updates(ctx: ImportContext, plan: _Plan) -> None:
    if not plan.to_update:
        return
    Comment.objects.bulk_update(plan.to_update, UPDATED_FIELDS)
    for row in plan.update_rows:
        row.save(update_fields=["checksum", "imported_at"])
    ctx.report.count("comment", "updated", len(plan.to_update))


def _create_by_depth(ctx: ImportContext, plan: _Plan) -> None:
    known = {key: row.comment_id for key, row in plan.existing.items() if row.comment_id}
    for depth in sorted(plan.to_create):
        level = plan.to_create[depth]
        for parent_wp, comment, _checksum in level:
            comment.parent_id = known.get(str(parent_wp)) if parent_wp else None
        comments = [comment for _parent, comment, _checksum in level]
        with dates_as_given(Comment, "created_at"):
            Comment.objects.bulk_create(comments, batch_size=500)
        rows = []
        for _parent, comment, checksum in level:
            known[str(comment._wp_id)] = comment.pk
            rows.append(
                WordPressItem(
                    site=ctx.site,
                    kind=Kind.COMMENT,
                    key=str(comment._wp_id),
                    checksum=checksum,
                    comment=comment,
                )
            )
        WordPressItem.objects.bulk_create(rows, batch_size=500)
        ctx.report.count("comment", "created", len(comments))


def _email(raw: str) -> str:
    email = raw.strip()[:254]
    try:
        validate_email(email)
    except ValidationError:
        return ""
    return email


def _website(raw: str) -> str:
    """http or https only, and short enough for the field."""
    website = raw.strip()
    try:
        is_web_url(website)
    except ValidationError:
        return ""
    return website if len(website) <= 200 else ""


def _ip(raw: str) -> str | None:
    if not raw:
        return None
    try:
        return str(ipaddress.ip_address(raw.strip()))
    except ValueError:
        return None


def _comment_source(comment) -> list:
    return [
        comment.author,
        comment.email,
        comment.url,
        comment.ip,
        comment.date_gmt,
        comment.date,
        comment.content,
        comment.approved,
        comment.parent,
    ]
