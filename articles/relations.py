"""What an article shows besides its own row: its tags (« sujets »), its other countries and its
co-authors, for any number of articles in ONE query (a UNION over the three tables), so the
article page and the feeds cost one query more, not one per kind or per article.

`attach(articles)` sets on each article `topic_list`, `other_country_list` and
`contribution_list` (contributions with their person and public profile). `byline(article)`
groups the people by role for the page, the feeds and the JSON-LD.

Callers declare `topics` and `taxonomy` (tag, country and people's names) before calling
(tagcache/README.md: versions first, then the data).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import BigIntegerField, CharField, F, Value
from django.db.models.functions import Cast

from articles.models import Article, Contribution, Country, Tag
from authors.models import AuthorProfile
from authors.services import profile_for

COLUMNS = (
    "kind",
    "article_ref",
    "ref",
    "label",
    "key",
    "extra",
    "rank",
    "last_name",
    "username",
    "display_name",
    "profile_ref",
    "active",
)


def _text(value=""):
    # Typed: PostgreSQL gives an untyped NULL or literal in a UNION the type `text`, and then
    # refuses to match it with the next query's column.
    return Cast(Value(value), CharField())


def _number(value):
    return Cast(Value(value), BigIntegerField())


def _rows(article_ids: list[int]):
    """(kind, article id, id, name, slug, extra, rank, …) for tags, countries, contributions."""
    none = _text(None)
    no_profile = _number(None)
    tags = Article.tags.through.objects.filter(article_id__in=article_ids).annotate(
        kind=_text("tag"),
        article_ref=F("article_id"),
        ref=F("tag_id"),
        label=F("tag__name"),
        key=F("tag__slug"),
        extra=_text(),
        rank=_number(0),
        last_name=none,
        username=none,
        display_name=none,
        profile_ref=no_profile,
        active=Value(True),
    )
    countries = Article.other_countries.through.objects.filter(article_id__in=article_ids).annotate(
        kind=_text("country"),
        article_ref=F("article_id"),
        ref=F("country_id"),
        label=F("country__name"),
        key=F("country__slug"),
        extra=F("country__iso_code"),
        rank=_number(0),
        last_name=none,
        username=none,
        display_name=none,
        profile_ref=no_profile,
        active=Value(True),
    )
    people = Contribution.objects.filter(article_id__in=article_ids).annotate(
        kind=_text("person"),
        article_ref=F("article_id"),
        ref=F("user_id"),
        label=F("user__first_name"),
        key=F("user__profile__slug"),
        extra=F("role"),
        rank=F("position"),
        last_name=F("user__last_name"),
        username=F("user__username"),
        display_name=F("user__profile__display_name"),
        profile_ref=F("user__profile__id"),
        active=F("user__is_active"),  # a departed journalist keeps the credit, not the link
    )
    parts = [qs.order_by().values_list(*COLUMNS) for qs in (tags, countries, people)]
    return parts[0].union(*parts[1:], all=True).order_by("kind", "rank", "label", "ref")


def attach(articles) -> None:
    """Give each article (a list) its tags, other countries and contributions; one query."""
    by_id = {article.pk: article for article in articles}
    for article in articles:
        article.topic_list, article.other_country_list, article.contribution_list = [], [], []
    if not by_id:
        return
    User = get_user_model()
    for kind, article_id, ref, label, key, extra, rank, *person in _rows(list(by_id)):
        article = by_id[article_id]
        if kind == "tag":
            article.topic_list.append(Tag(pk=ref, name=label, slug=key))
        elif kind == "country":
            article.other_country_list.append(Country(pk=ref, name=label, slug=key, iso_code=extra))
        else:
            last_name, username, display_name, profile_id, active = person
            user = User(pk=ref, first_name=label or "", last_name=last_name or "")
            user.is_active = bool(active)
            user.username = username
            if profile_id is not None:
                user.profile = AuthorProfile(
                    pk=profile_id, user=user, slug=key, display_name=display_name or ""
                )
            article.contribution_list.append(
                Contribution(article=article, user=user, role=extra, position=rank)
            )


def ensure(article) -> None:
    """`attach` for one article that may already have its relations (read with it, from cache);
    an unsaved article (the desk's preview) has none stored yet."""
    if hasattr(article, "topic_list"):
        return
    if article.pk:
        attach([article])
    else:
        article.topic_list, article.other_country_list, article.contribution_list = [], [], []


@dataclass(frozen=True)
class Byline:
    """Who signs an article, as profiles: the text's authors (the main author first), then the
    photo and translation credits."""

    writers: list[AuthorProfile]
    photographers: list[AuthorProfile]
    translators: list[AuthorProfile]


def byline(article) -> Byline:
    ensure(article)
    people: dict[str, list[AuthorProfile]] = {role: [] for role in Contribution.Role.values}
    people[Contribution.Role.TEXT].append(profile_for(article.author))
    for contribution in article.contribution_list:
        profile = profile_for(contribution.user)
        listed = people[contribution.role]
        if all(other.slug != profile.slug for other in listed):
            listed.append(profile)
    return Byline(
        writers=people[Contribution.Role.TEXT],
        photographers=people[Contribution.Role.PHOTOS],
        translators=people[Contribution.Role.TRANSLATION],
    )
