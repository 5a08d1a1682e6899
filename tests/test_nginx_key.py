"""The shipped nginx cache keys pages on the query parameters the portal's cached pages read:
a parameter missing from the key would serve one variant for another (the newest comments
first to a reader who asked for the picks, a section's search results for the whole site)."""

import re
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

from tagcache.pages import spec_for

NGINX = Path(__file__).resolve().parent.parent / "deploy" / "nginx.conf"


def views(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from views(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            yield pattern.callback


def test_every_parameter_a_cached_page_reads_is_in_the_nginx_cache_key():
    (key,) = re.findall(r'proxy_cache_key "([^"]+)"', NGINX.read_text())
    read = {
        name
        for view in views(get_resolver().url_patterns)
        if (spec := spec_for(view)) is not None
        for name in spec.params
    }

    assert read, "no cached page found: the walk over the URL patterns is broken"
    missing = sorted(name for name in read if f"{name}=$arg_{name}" not in key)
    assert not missing, f"nginx would mix the variants of: {missing}"
