"""SQL queries per page with every cache cleared (the worst case), printed as JSON.

Run by bench/run.py with the benchmark's environment (production settings, PostgreSQL).
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

PAGES = {
    "article": "/article/scale-article-50-commentaires/",
    "home": "/",
    "category": "/rubrique/news-infos/",
    "search": "/recherche/?q=Cotonou",
}

client = Client(SERVER_NAME="127.0.0.1")
counts = {}
for name, path in PAGES.items():
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        status = client.get(path).status_code
    counts[name] = len(queries) if status == 200 else -status
print(json.dumps(counts))
