"""Scale data for `make bench`: N articles and M comments, bulk-created in minutes.

    scale_data.py [--articles N] [--comments M] [--batch B] [--seed S]

Runs after `load_demo` (it reuses its categories, countries and authors). Rows are tagged by
their slug prefix `scale-`, so a second run only adds what is missing. One article,
`scale-article-50-commentaires`, gets exactly 50 published comments (threaded) for the
benchmark's article page.

Run by bench/run.py with the benchmark's environment (DJANGO_ENV, DATABASE_URL); by hand, give
it the same.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

import tagcache  # noqa: E402
from articles.models import Article, Category, Country  # noqa: E402
from comments.models import Comment  # noqa: E402

BENCH_ARTICLE_SLUG = "scale-article-50-commentaires"
WORDS = [
    *("gouvernement", "réforme", "sommet", "coopération", "élections", "budget", "marché"),
    *("port", "route", "santé", "école", "université", "agriculture", "cacao", "coton"),
    *("pêche", "sécurité", "frontière", "diplomatie", "jeunesse", "culture", "musique"),
    *("football", "festival", "climat", "forêt", "énergie", "solaire", "commerce", "douane"),
]


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[:1].upper() + text[1:] + "."


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--comments", type=int, default=200_000)
    parser.add_argument("--batch", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=20261125)
    options = parser.parse_args(argv)
    rng = random.Random(options.seed)
    categories = list(Category.objects.all())
    countries = list(Country.objects.all())
    authors = list(get_user_model().objects.filter(is_staff=True))
    if not (categories and authors):
        sys.exit("Run `manage.py load_demo` first: scale data reuses its sections.")
    started = time.monotonic()
    created_articles = create_articles(
        options.articles, rng, categories, countries, authors, options.batch
    )
    created_comments = create_comments(options.comments, rng, options.batch)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # fresh statistics, or the planner guesses
            cursor.execute("ANALYZE articles_article, comments_comment")
    tagcache.invalidate_everything()  # bulk rows: every page may show them
    print(
        f"{created_articles} articles and {created_comments} comments created "
        f"in {time.monotonic() - started:.1f} s "
        f"({Article.objects.count()} articles, {Comment.objects.count()} comments in all)."
    )


def create_articles(total, rng, categories, countries, authors, batch) -> int:
    existing = Article.objects.filter(slug__startswith="scale-").count()
    now = timezone.now()
    rows = []
    for n in range(existing, total):
        title = sentence(rng, 8)[:-1]
        rows.append(
            Article(
                title=title,
                slug=BENCH_ARTICLE_SLUG if n == 0 else f"scale-{n}",
                standfirst=sentence(rng, 25),
                body="".join(f"<p>{sentence(rng, 60)}</p>" for _ in range(6)),
                category=rng.choice(categories),
                country=rng.choice(countries + [None]) if countries else None,
                author=rng.choice(authors),
                status=Article.Status.PUBLISHED,
                # Spread over about three years, newest first; the first one is the newest.
                published_at=now - dt.timedelta(minutes=5 + n * 79),
            )
        )
    for chunk in itertools.batched(rows, batch, strict=False):
        with transaction.atomic():
            Article.objects.bulk_create(chunk, batch_size=batch)
    return len(rows)


def create_comments(total, rng, batch) -> int:
    existing = Comment.objects.filter(article__slug__startswith="scale-").count()
    missing = max(0, total - existing)
    if not missing:
        return 0
    created = 0
    bench_article = Article.objects.get(slug=BENCH_ARTICLE_SLUG)
    if not bench_article.comments.exists():
        created += thread(bench_article, 50, rng)
    ids = list(
        Article.objects.filter(slug__startswith="scale-")
        .exclude(pk=bench_article.pk)
        .values_list("pk", flat=True)
    )
    now = timezone.now()

    def rows():
        for n in range(missing - created):
            status = rng.choices(["published", "pending", "spam"], weights=[90, 7, 3])[0]
            yield Comment(
                article_id=rng.choice(ids),
                author_name=f"Lecteur {n}",
                email=f"lecteur{n}@example.org",
                body=sentence(rng, rng.randint(8, 60)),
                status=status,
                captcha_score=round(rng.random(), 2),
                verdict="publish",
                published_at=now if status == "published" else None,
            )

    for chunk in itertools.batched(rows(), batch, strict=False):
        with transaction.atomic():
            Comment.objects.bulk_create(chunk, batch_size=batch)
    return missing


def thread(article: Article, count: int, rng: random.Random) -> int:
    """`count` published comments: two thirds replies, up to three levels."""
    made: list[Comment] = []
    for n in range(count):
        parent = rng.choice(made) if made and n % 3 else None
        if parent is not None and parent.depth >= 2:
            parent = parent.parent
        made.append(
            Comment.objects.create(
                article=article,
                parent=parent,
                depth=parent.depth + 1 if parent else 0,
                author_name=f"Lectrice {n}",
                email=f"lectrice{n}@example.org",
                body=" ".join(sentence(rng, rng.randint(10, 40)) for _ in range(2)),
                status=Comment.Status.PUBLISHED,
                captcha_score=0.9,
                verdict="publish",
                published_at=timezone.now(),
            )
        )
    return count


if __name__ == "__main__":
    main()
