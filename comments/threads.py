"""Build a comment tree in Python from flat, ordered queries, a page of it at a time.

A thread of any length costs two queries: its outline (ids, parents, picks: small rows, the
whole thread, so the count and the page of any comment are exact) and the full rows of one
page. A page holds COMMENTS_PER_PAGE top-level comments with all their replies; « Choix de la
rédaction » come first, then the others oldest first (`?tri=recents`: newest first). Replies
always stay under their parent, oldest first.
"""

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from comments import conf
from comments.models import Comment
from tagcache import page_number

OLDEST_FIRST, NEWEST_FIRST = "", "recents"
SORTS = (OLDEST_FIRST, NEWEST_FIRST)


@dataclass(frozen=True)
class Outline:
    """The shape of an article's published thread: `(id, parent id, pick)`, oldest first."""

    rows: list[tuple[int, int | None, bool]]

    @classmethod
    def of(cls, article) -> "Outline":
        return cls(list(Comment.objects.outline_for(article)))

    @property
    def count(self) -> int:
        return len(self.rows)

    def roots(self, sort: str = OLDEST_FIRST) -> list[int]:
        """Top-level ids in display order: picks first, then by date. A reply whose parent is
        no longer published counts as top level (as `build_thread` shows it)."""
        published = {pk for pk, _parent, _pick in self.rows}
        roots = [(pk, pick) for pk, parent, pick in self.rows if parent not in published]
        if sort == NEWEST_FIRST:
            roots.reverse()
        return [pk for pk, pick in roots if pick] + [pk for pk, pick in roots if not pick]

    def root_of(self, pk: int) -> int | None:
        parents = {row_pk: parent for row_pk, parent, _pick in self.rows}
        seen = set()
        while pk in parents and parents[pk] in parents and pk not in seen:
            seen.add(pk)
            pk = parents[pk]
        return pk if pk in parents else None

    def with_replies(self, roots: list[int]) -> list[int]:
        """These top-level ids and every reply under them, at any depth."""
        children: dict[int, list[int]] = {}
        for pk, parent, _pick in self.rows:
            children.setdefault(parent, []).append(pk)
        found, todo = [], list(roots)
        while todo:
            pk = todo.pop()
            found.append(pk)
            todo.extend(children.get(pk, ()))
        return found


@dataclass
class ThreadPage:
    """One page of a thread: its comments as a tree, and where it sits among the pages."""

    roots: list[Comment]
    count: int  # the whole thread's published comments
    number: int
    num_pages: int
    sort: str
    comments: list[Comment] = field(default_factory=list)

    @property
    def has_other_pages(self) -> bool:
        return self.num_pages > 1


def per_page() -> int:
    return max(1, conf.get("COMMENTS_PER_PAGE"))


def page_count(root_count: int) -> int:
    return max(1, math.ceil(root_count / per_page()))


def thread_page(article, *, sort: str = OLDEST_FIRST, number: int = 1) -> ThreadPage:
    """The page `number` of the article's thread (the last one if there are fewer): two
    queries whatever the thread's length."""
    outline = Outline.of(article)
    roots = outline.roots(sort)
    num_pages = page_count(len(roots))
    number = min(max(1, number), num_pages)
    start = (number - 1) * per_page()
    page_roots = roots[start : start + per_page()]
    ids = outline.with_replies(page_roots)
    comments = list(Comment.objects.thread_for(article).filter(pk__in=ids)) if ids else []
    rank = {pk: index for index, pk in enumerate(page_roots)}
    tree = sorted(build_thread(comments), key=lambda c: rank.get(c.pk, len(rank)))
    return ThreadPage(tree, outline.count, number, num_pages, sort, comments)


def page_number_of(comment: Comment) -> int | None:
    """Which page of the default order holds this published comment (None: not shown)."""
    outline = Outline.of(comment.article)
    root = outline.root_of(comment.pk)
    if root is None:
        return None
    return outline.roots().index(root) // per_page() + 1


def page_url(article, *, number: int = 1, sort: str = OLDEST_FIRST) -> str:
    """The article's address for that page and order of its thread; the first page in the
    default order is the article itself (the cache's canonical forms: tagcache/README.md)."""
    params = []
    if sort:
        params.append(f"tri={sort}")
    if number > 1:
        params.append(f"commentaires={number}")
    return article.get_absolute_url() + (f"?{'&'.join(params)}" if params else "")


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


def comment_url(comment: Comment) -> str:
    """Where a published comment is read: its page of the thread, at its anchor (the permalink
    `/commentaires/<id>/` redirects here, since the page changes as the thread grows)."""
    number = page_number_of(comment) or 1
    return f"{page_url(comment.article, number=number)}#comment-{comment.pk}"


def reply_target_for(article, raw_id) -> Comment | None:
    """The published comment a reply goes to (`?reply_to=` without JavaScript, or the `parent`
    of a refused post), if it exists on this article."""
    raw_id = str(raw_id or "")
    # ASCII digits only: str.isdigit() also accepts "²" or "٣", which int() refuses or reads.
    if not (raw_id.isascii() and raw_id.isdigit()) or len(raw_id) > 18:
        return None
    return Comment.objects.published().filter(article=article, pk=int(raw_id)).first()


def thread_view(request) -> tuple[str, int]:
    """(order, page number) asked for by `?tri=` and `?commentaires=`, in the page cache's
    canonical forms (a shared page's GET holds nothing else; a signed-in one is checked
    here the same way)."""
    if request is None:
        return OLDEST_FIRST, 1
    sort = request.GET.get("tri", "")
    number = page_number(request.GET.get("commentaires", "1")) or "1"
    return (sort if sort in SORTS else OLDEST_FIRST), int(number)


def better_thread_address(sender, article, request, **kwargs) -> str | None:
    """Where a request for the article's page goes when its thread parameters name nothing the
    page can show (`articles.rendering.page_requested`): `?reply_to=` a comment this article
    does not show, the page without it; `?commentaires=` past the last page, the last page (a
    302 both: the comment may be published, the thread may grow); `?commentaires=1`, none."""
    query = request.GET
    if "reply_to" not in query and "commentaires" not in query:
        return None
    params = query.copy()
    if "reply_to" in query and reply_target_for(article, query["reply_to"]) is None:
        del params["reply_to"]
    if "commentaires" in query:
        sort, number = thread_view(request)
        number = min(number, page_count(len(Outline.of(article).roots(sort))))
        if number == 1:
            del params["commentaires"]
        else:
            params["commentaires"] = str(number)
    if params == query:
        return None
    return article.get_absolute_url() + (f"?{params.urlencode()}" if params else "")
