"""`wordpress_import()`: a WordPress export (WXR) into the portal, in one transaction.

The import is a row of steps, each a module of plain functions taking one `ImportContext`
(`context.py`: the options, the report, what was read and the maps from WordPress IDs to our
rows), in this order:

1. `read`: a first streaming pass checks the whole file and keeps the site, its authors and
   terms, and each attachment (as a `WordPressItem` row: a featured image often comes later in
   the file than its post);
2. `people`: authors → staff accounts;
3. `terms`: categories → categories or countries, tags → searches;
4. `posts` (with `post_values`), for each batch of the second pass (`read.post_batches`): posts
   → articles, bulk-created with their first history version;
5. `media`: the images those posts use, stored in the library as the posts ask for them;
6. `comments`: the batch's comments, threads rebuilt as the site builds them;
7. `addresses`: old addresses → `LegacyRedirect` (every step records its own), then the
   images' and attachments' addresses, then links between old articles rewritten;
8. `report`: what the command prints — counts per kind and every problem with its WordPress ID.

Everything happens in one transaction: a file that turns out truncated, or any error, leaves the
database as it was (and the images written are deleted); `dry_run` rolls back at the end, after
the full report. Matching is on WordPress IDs (`WordPressItem`, `rows.py`), so running it again
changes nothing, and a newer export adds what is new and updates what changed — unless the
newsroom edited that article here since, in which case the article is left alone and reported.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.db import reset_queries, transaction

import tagcache
from wordpress.importer import addresses, comments, media, people, posts, read, terms
from wordpress.importer.context import ImportContext, ImportOptions, Progress, new_context
from wordpress.importer.report import Report
from wordpress.importer.rows import fingerprint
from wordpress.wxr import WxrError


def wordpress_import(
    path: str | os.PathLike,
    *,
    options: ImportOptions,
    report: Report,
    progress: Progress | None = None,
) -> None:
    """Import an export file; raises `WxrError` (nothing imported) when the file is unsound."""
    ctx = new_context(Path(path), options, report, progress)
    try:
        # Every imported row's tags are bumped once, when the import commits (none on a dry
        # run, which rolls back).
        with transaction.atomic(), tagcache.batch():
            _run_steps(ctx)
            if options.dry_run:
                transaction.set_rollback(True)
    except BaseException:
        media.discard_written(ctx)
        raise
    if options.dry_run:
        media.discard_written(ctx)


def _run_steps(ctx: ImportContext) -> None:
    read.read_export(ctx)
    people.import_authors(ctx)
    terms.import_terms(ctx)
    for batch in read.post_batches(ctx):
        _import_batch(ctx, batch)
        del batch  # memory follows one batch: not kept while the next one is read
    addresses.file_redirects(ctx)
    addresses.attachment_redirects(ctx)
    addresses.rewrite_internal_links(ctx)


def _import_batch(ctx: ImportContext, batch: list) -> None:
    articles = posts.import_posts(ctx, batch)
    comments.import_comments(ctx, batch, articles)
    # With DEBUG on, Django keeps the last 9,000 queries: bulk inserts of whole articles.
    reset_queries()


__all__ = ["ImportOptions", "Report", "WxrError", "fingerprint", "wordpress_import"]
