"""The newsroom's side of the write-load lines of `make bench`: a Django process on the bench's
own settings and environment (DJANGO_ENV=production, the same DATABASE_URL and REDIS_URL), so
its writes go through the models and the cache invalidation exactly as an Éditeur's would.

    newsroom.py clean
        Delete the comments the benchmark posted (their e-mail domain says so), so every round
        reads pages of the same size; prints {"deleted": n}.
    newsroom.py edit BASE_URL NEAR_SLUG [EXCLUDED_SLUG …]
        Pick a published article in NEAR_SLUG's section, not among the excluded ones, print
        {"ready": …}, wait for a line on stdin, then save it once a second (a new title each
        time) until stdin closes; after each save, GET its page as a reader without cookies and
        check the new title is there. Then put the title back and print a summary line.

Run by bench/run.py with the benchmark's environment; not meant to be run by hand.
"""

from __future__ import annotations

import json
import os
import random
import re
import sys
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from articles.models import Article  # noqa: E402
from comments.models import Comment  # noqa: E402

# Comments posted by bench/writeload.py carry addresses at this domain.
BENCH_EMAIL_DOMAIN = "orage.example.org"
VERSION_SUFFIX = re.compile(r" \(version [\w-]+\)$")


def say(**fields) -> None:
    print(json.dumps(fields, ensure_ascii=False), flush=True)


def clean() -> None:
    # QuerySet.delete(): each row's post_delete drops its article's page (tagcache).
    deleted, _ = Comment.objects.filter(email__endswith="@" + BENCH_EMAIL_DOMAIN).delete()
    say(deleted=deleted)


def shows(url: str, text: str, address: str) -> bool:
    """Whether a reader without cookies, at `address`, finds `text` on the page now."""
    request = urllib.request.Request(url, headers={"X-Forwarded-For": address})
    with urllib.request.urlopen(request, timeout=10) as response:
        return text in response.read().decode()


def edit(base: str, near_slug: str, excluded: list[str]) -> None:
    near = Article.objects.published().get(slug=near_slug)
    article = (
        Article.objects.published()
        .filter(category_id=near.category_id, slug__startswith="scale-")
        .exclude(slug__in=[near_slug, *excluded])
        .order_by("-published_at")
        .first()
    )
    original = VERSION_SUFFIX.sub("", article.title)  # a crashed earlier run may have left one
    run = f"{random.randrange(16**6):06x}"
    url = base + article.get_absolute_url()
    say(ready=True, slug=article.slug, section=article.category.name, url=url)

    go = sys.stdin.readline()  # bench/run.py says "go" once its readers are connected,
    closed = threading.Event()  # and closes our stdin when they are done
    if go:
        threading.Thread(target=lambda: (sys.stdin.read(), closed.set()), daemon=True).start()
    else:
        closed.set()
    saves, save_ms, not_shown, errors = 0, [], [], 0
    started = next_at = time.monotonic()
    while not closed.is_set():
        saves += 1
        version = f"(version {run}-{saves})"
        began = time.monotonic()
        article.title = f"{original} {version}"
        article.save()
        save_ms.append((time.monotonic() - began) * 1000)
        try:  # each check from an address of its own: no reader's render limit is spent
            if not shows(url, version, f"198.18.{saves // 250 % 250}.{saves % 250 + 1}"):
                not_shown.append(saves)
        except OSError:
            errors += 1
        next_at += 1.0
        closed.wait(max(0.0, next_at - time.monotonic()))
    seconds = time.monotonic() - started
    article.title = original
    article.save()
    save_ms.sort()
    say(
        slug=article.slug,
        saves=saves,
        per_second=round(saves / seconds, 2) if saves else 0.0,
        shown_next_get=saves - len(not_shown) - errors,
        not_shown_next_get=not_shown[:20],
        check_errors=errors,
        save_ms_p50=round(save_ms[len(save_ms) // 2], 1) if save_ms else None,
        save_ms_max=round(save_ms[-1], 1) if save_ms else None,
    )


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    if command == "clean":
        clean()
    elif command == "edit":
        edit(args[0], args[1], args[2:])
    else:
        sys.exit(f"unknown command {command!r}")
