"""Demo reads and a « Dernière minute », so a fresh `make run` shows « Les plus lus » and the
ticker. Written once: a second load (or reads already counted this week) adds nothing."""

from datetime import datetime, timedelta

from articles.models import Article, ArticleViews
from articles.readership import current_hour, hour_start

# Hours back at which each demo article was read, most recent first (24 h and 7-day windows).
READ_AT_HOURS_AGO = (1, 4, 12, 30, 60, 110, 160)
BREAKING_HOURS = 12


def load(articles: list[Article], now: datetime) -> None:
    load_reads(articles, now)
    load_breaking(articles, now)


def load_reads(articles: list[Article], now: datetime) -> int:
    if ArticleViews.objects.filter(hour__gte=now - timedelta(days=7)).exists():
        return 0
    this_hour = current_hour(now.timestamp())
    rows = []
    for article in articles:
        if article.status != Article.Status.PUBLISHED:
            continue
        weight = 1 + sum(map(ord, article.slug)) % 17  # a stable spread between articles
        for step, hours_ago in enumerate(READ_AT_HOURS_AGO):
            hour = hour_start(this_hour - hours_ago)
            if article.published_at <= hour:
                rows.append(ArticleViews(article=article, hour=hour, count=weight * (8 - step)))
    ArticleViews.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def load_breaking(articles: list[Article], now: datetime) -> None:
    """The newest public article becomes « Dernière minute » for a few hours, unless a ticker
    is already on."""
    if Article.objects.breaking_now().exists():
        return
    public = [a for a in articles if a.status == Article.Status.PUBLISHED and a.published_at <= now]
    if public:
        newest = max(public, key=lambda a: a.published_at)
        newest.is_breaking = True
        newest.breaking_until = now + timedelta(hours=BREAKING_HOURS)
        newest.save()
