"""Comments of a batch of posts (a mixin of the importer): threads rebuilt as the site
builds them, statuses mapped, personal data checked; never through the captcha gate."""

from __future__ import annotations

import ipaddress

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.translation import gettext as _

from articles.models import Article
from comments.models import Comment
from wordpress import content as wp_content
from wordpress.common import Kind, dates_as_given, fingerprint
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
is_web_url = URLValidator(schemes=["http", "https"])


class Comments:
    """Comments of the posts just imported; `_place` mirrors `comments.threads.reply_target`."""

    def _import_comments(self, batch: list[Item], articles: dict[int, Article]) -> None:
        wanted = [(item, c) for item in batch if item.id in articles for c in item.comments if c.id]
        if not wanted:
            return
        existing = {
            row.key: row
            for row in WordPressItem.objects.filter(
                site=self.site,
                kind=Kind.COMMENT,
                key__in=[str(c.id) for _i, c in wanted],
            ).select_related("comment")
        }
        placements: dict[int, tuple[int | None, int]] = {}
        to_create: dict[int, list[tuple[object, Comment, str]]] = {}
        to_update: list[Comment] = []
        update_rows: list[WordPressItem] = []
        for item in batch:
            if item.id not in articles:
                if item.comments:
                    self.report.count("comment", "skipped", len(item.comments))
                continue
            by_id = {c.id: c for c in item.comments if c.id}
            for wp_comment in item.comments:
                if not wp_comment.id:
                    continue
                if wp_comment.type not in ("", "comment"):
                    self.report.count("comment", "skipped")  # pingbacks and trackbacks
                    continue
                checksum = fingerprint(_comment_source(wp_comment))
                row = existing.get(str(wp_comment.id))
                if row is not None and row.comment is None:
                    self.report.count("comment", "skipped")
                    continue
                if row is not None and row.checksum == checksum:
                    self.report.count("comment", "unchanged")
                    continue
                values = self._comment_values(wp_comment)
                if row is not None:
                    for name, value in values.items():
                        setattr(row.comment, name, value)
                    to_update.append(row.comment)
                    row.checksum = checksum
                    update_rows.append(row)
                    continue
                parent_wp, depth = self._place(wp_comment, by_id, placements, item)
                comment = Comment(article=articles[item.id], depth=depth, **values)
                to_create.setdefault(depth, []).append((parent_wp, comment, checksum))
                placements[wp_comment.id] = (parent_wp, depth)
                comment._wp_id = wp_comment.id
        if to_update:
            Comment.objects.bulk_update(
                to_update,
                [
                    "author_name",
                    "email",
                    "website",
                    "body",
                    "status",
                    "ip_address",
                    "published_at",
                    "created_at",
                ],
            )
            for row in update_rows:
                row.save(update_fields=["checksum", "imported_at"])
            self.report.count("comment", "updated", len(to_update))
        known = {key: row.comment_id for key, row in existing.items() if row.comment_id}
        for depth in sorted(to_create):
            level = to_create[depth]
            for parent_wp, comment, _checksum in level:
                comment.parent_id = known.get(str(parent_wp)) if parent_wp else None
            comments = [comment for _p, comment, _c in level]
            with dates_as_given(Comment, "created_at"):
                Comment.objects.bulk_create(comments, batch_size=500)
            rows = []
            for _parent, comment, checksum in level:
                known[str(comment._wp_id)] = comment.pk
                rows.append(
                    WordPressItem(
                        site=self.site,
                        kind=Kind.COMMENT,
                        key=str(comment._wp_id),
                        checksum=checksum,
                        comment=comment,
                    )
                )
            WordPressItem.objects.bulk_create(rows, batch_size=500)
            self.report.count("comment", "created", len(comments))

    def _place(self, wp_comment, by_id, placements, item) -> tuple[int | None, int]:
        """(WordPress ID of the comment it attaches to, depth), as `comments.threads.reply_target`
        would place a reply: past the deepest level, replies join the deepest level."""
        if wp_comment.id in placements:
            return placements[wp_comment.id]
        chain, node = [], wp_comment
        while node.parent and node.parent in by_id and node.parent not in chain:
            chain.append(node.parent)
            node = by_id[node.parent]
        if wp_comment.parent and wp_comment.parent not in by_id:
            self.report.problem(
                "comment",
                wp_comment.id,
                _("répond au commentaire %(parent)s, absent de l'export : placé au premier niveau")
                % {"parent": wp_comment.parent},
            )
        # Place from the root down.
        placement: tuple[int | None, int] = (None, 0)
        parent_placement: tuple[int | None, int] | None = None
        parent_id: int | None = None
        for ancestor_id in [*reversed(chain), wp_comment.id]:
            if parent_id is None:
                placement = (None, 0)
            else:
                grand, parent_depth = parent_placement
                if parent_depth + 1 < self.max_depth:
                    placement = (parent_id, parent_depth + 1)
                elif grand is None:
                    placement = (parent_id, 0) if self.max_depth > 1 else (None, 0)
                else:
                    placement = (grand, parent_depth)
            placements.setdefault(ancestor_id, placement)
            parent_placement = placements[ancestor_id]
            parent_id = ancestor_id
        return placements[wp_comment.id]

    def _comment_values(self, wp_comment) -> dict:
        status = COMMENT_STATUSES.get(wp_comment.approved)
        if status is None:
            self.report.problem(
                "comment",
                wp_comment.id,
                _("statut WordPress inconnu « %(status)s » : mis en attente")
                % {"status": wp_comment.approved},
            )
            status = Comment.Status.PENDING
        moment = self._moment(wp_comment.date_gmt, wp_comment.date) or self.now
        email = wp_comment.email.strip()[:254]
        try:
            validate_email(email)
        except ValidationError:
            email = ""
        website = wp_comment.url.strip()
        try:
            is_web_url(website)
            if len(website) > 200:
                raise ValidationError("long")
        except ValidationError:
            website = ""
        ip = None
        if wp_comment.ip and self.now - moment < self.retention:
            try:
                ip = str(ipaddress.ip_address(wp_comment.ip.strip()))
            except ValueError:
                ip = None
        return {
            "author_name": wp_content.one_line(wp_comment.author, 80) or _("Anonyme"),
            "email": email,
            "website": website,
            "body": wp_content.plain_text(wp_comment.content),
            "status": status,
            "ip_address": ip,
            "created_at": moment,
            "published_at": moment if status == Comment.Status.PUBLISHED else None,
            "verdict_reason": "import WordPress",
        }


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
