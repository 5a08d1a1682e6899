"""Moving a large newsroom off WordPress: a 20 MB export is read, and a 9 MB one imported, with
memory that follows the batch, not the file (the rest of the importer: tests/wordpress/).
"""

import tracemalloc

import pytest

from articles.models import Article
from bench.wxr_export import write_export
from comments.models import Comment
from tests.support.wordpress import run_import
from wordpress.wxr import Item, read_wxr

pytestmark = pytest.mark.django_db


def test_reading_a_large_export_takes_bounded_memory(tmp_path):
    """A 20 MB export is read with a few megabytes: each item is dropped once read."""
    export = tmp_path / "large.xml"
    write_export(export, posts=2_300, comments=9_000)
    assert export.stat().st_size > 20_000_000
    tracemalloc.start()
    try:
        items = sum(1 for entity in read_wxr(export) if isinstance(entity, Item))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert items == 2_300
    assert peak < 10_000_000, f"peak {peak / 1e6:.1f} MB"


def test_importing_a_large_export_takes_bounded_memory(tmp_path):
    """The importer holds one batch of posts at a time: a 9 MB export (1,000 posts, 4,000
    comments) peaked at about 11 MB of Python memory when measured, an export a quarter its
    size at about 10 MB: memory follows the batch, not the file."""
    export = tmp_path / "large.xml"
    write_export(export, posts=1_000, comments=4_000)
    assert export.stat().st_size > 8_000_000
    tracemalloc.start()
    try:
        run_import(export, country_categories="")
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert Article.objects.count() > 950 and Comment.objects.count() > 3_800
    assert peak < 20_000_000, f"peak {peak / 1e6:.1f} MB"
