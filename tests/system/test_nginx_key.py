"""The shipped nginx cache keys pages on the query parameters the portal's cached pages read:
a parameter missing from the key would serve one variant for another (the newest comments
first to a reader who asked for the picks, a section's search results for the whole site)."""

import re
from pathlib import Path

from tagcache.pages import read_by_some_page, saves_data

NGINX = Path(__file__).resolve().parents[2] / "deploy" / "nginx.conf"


def test_every_parameter_a_cached_page_reads_is_in_the_nginx_cache_key():
    (key,) = re.findall(r'proxy_cache_key "([^"]+)"', NGINX.read_text())
    read = read_by_some_page()  # every parameter a `@cached_page` view names

    assert read, "no cached page found: the walk over the URL patterns is broken"
    missing = sorted(name for name in read if f"{name}=$arg_{name}" not in key)
    assert not missing, f"nginx would mix the variants of: {missing}"


def test_the_data_saver_is_normalised_keyed_and_passed_on_as_keyed():
    """The light page (Save-Data: on) is another page: nginx keys on the same reading of the
    header as the portal (tagcache.pages.saves_data) and sends the portal that reading, so a
    spelling one side takes for « on » and the other for « off » cannot mix the two."""
    conf = NGINX.read_text()
    (key,) = re.findall(r'proxy_cache_key "([^"]+)"', conf)
    assert key.endswith("|$le_portail_saver")
    assert "proxy_set_header Save-Data $le_portail_saver;" in conf
    (pattern,) = re.findall(r'map \$http_save_data \$le_portail_saver \{\s*"([^"]+)"\s+on;', conf)
    nginx_says = re.compile(pattern[2:].replace("\\\\", "\\"), re.IGNORECASE)  # ~* = no case

    class Request:
        def __init__(self, value):
            self.headers = {"Save-Data": value}

    for value in ("on", "On", " on ", "on; q=1", "on;", "off", "", "onward", "no, on", "o n"):
        assert bool(nginx_says.search(value)) == saves_data(Request(value)), value
