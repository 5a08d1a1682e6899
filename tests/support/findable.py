"""Reading a page the way search engines and feed readers do: the <head> with an HTML parser,
sitemaps and feeds with an XML parser against their namespaces; and `hidden`, a draft and a
scheduled article that must never show.
"""

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import feedparser
import pytest

from tests.support.factories import ArticleFactory

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
    "image": "http://www.google.com/schemas/sitemap-image/1.1",
}


class Head(HTMLParser):
    """The <title>, <meta>, <link> and JSON-LD blocks of a page."""

    def __init__(self, html: str):
        super().__init__()
        self.title, self.metas, self.links, self.jsonld = "", [], [], []
        self._in = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            self.metas.append(attrs)
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "title" or (tag == "script" and attrs.get("type") == "application/ld+json"):
            self._in = tag
            self._text = ""

    def handle_data(self, data):
        if self._in:
            self._text += data

    def handle_endtag(self, tag):
        if tag == self._in == "title":
            self.title = self._text.strip()
        elif tag == self._in == "script":
            self.jsonld.append(json.loads(self._text))
        if tag == self._in:
            self._in = None

    def meta(self, key: str) -> str | None:
        """A meta tag's content, by name (description, twitter:*) or property (og:*)."""
        for m in self.metas:
            if key in (m.get("name"), m.get("property")):
                return m["content"]
        return None

    def link(self, rel: str, **match) -> list[dict]:
        return [
            link
            for link in self.links
            if link.get("rel") == rel and all(link.get(k) == v for k, v in match.items())
        ]

    def hreflangs(self) -> dict:
        return {
            link["hreflang"]: link["href"] for link in self.link("alternate") if "hreflang" in link
        }


def head_of(client, url, **extra) -> Head:
    response = client.get(url, **extra)
    assert response.status_code == 200, (url, response.status_code)
    return Head(response.content.decode())


def xml_of(client, url, **extra) -> ET.Element:
    response = client.get(url, **extra)
    assert response.status_code == 200, (url, response.status_code)
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)


def feed_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return response, parsed


def served_bytes(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, url
    return b"".join(response.streaming_content) if response.streaming else response.content


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


@pytest.fixture
def hidden():
    """A draft and a scheduled article whose words are everywhere a published one's are."""
    return [
        ArticleFactory(title="Brouillon sur Cotonou", body="<p>Cotonou</p>", draft=True),
        ArticleFactory(title="Programmé sur Cotonou", body="<p>Cotonou</p>", scheduled=True),
    ]
