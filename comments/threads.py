"""Build a comment tree in Python from one flat, ordered query."""

from collections.abc import Iterable

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


def reply_target(parent: Comment, max_depth: int) -> tuple[Comment, int]:
    """Where a reply to `parent` attaches, and its depth: past the deepest level it joins
    the deepest level (it becomes a sibling of `parent`)."""
    if parent.depth + 1 < max_depth:
        return parent, parent.depth + 1
    if parent.parent_id is None:  # max_depth of 1: replies are not nested at all
        return parent, 0
    return parent.parent, parent.depth
