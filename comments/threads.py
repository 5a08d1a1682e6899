"""Build a comment tree in Python from one flat, ordered query."""

from collections.abc import Iterable, Mapping

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from comments.models import Comment


def build_thread(comments: Iterable[Comment]) -> list[Comment]:
    """Return the top-level comments, each with `.children` (oldest first) at every level.

    A reply whose parent is not in the list (no longer published) is shown at the top level
    rather than hidden: its author did nothing wrong.
    """
    comments = list(comments)
    by_id = {comment.pk: comment for comment in comments}
    roots = []
    for comment in comments:
        comment.children = []
    for comment in comments:
        parent = by_id.get(comment.parent_id)
        if parent is None:
            roots.append(comment)
        else:
            parent.children.append(comment)
    return roots


def thread_html(nodes: list[Comment], pieces: Mapping[int, str]) -> SafeString:
    """The `<li>` of each comment of `nodes` around its own HTML (`pieces`), its replies nested
    in an `<ol>` within, at every level."""
    return format_html_join(
        "",
        '<li class="{}" id="comment-{}">{}{}</li>',
        (
            (
                "comment comment--reply" if node.depth else "comment",
                node.pk,
                pieces[node.pk],
                format_html(
                    '<ol class="comments__replies">{}</ol>', thread_html(node.children, pieces)
                )
                if node.children
                else "",
            )
            for node in nodes
        ),
    )


def reply_target(parent: Comment, max_depth: int) -> tuple[Comment, int]:
    """Where a reply to `parent` attaches, and its depth: past the deepest level it joins
    the deepest level (it becomes a sibling of `parent`)."""
    if parent.depth + 1 < max_depth:
        return parent, parent.depth + 1
    if parent.parent_id is None:  # max_depth of 1: replies are not nested at all
        return parent, 0
    return parent.parent, parent.depth
