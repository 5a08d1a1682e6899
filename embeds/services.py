"""Links alone in their paragraph become embeds: found in cleaned HTML, fetched once at save.

`embed_links(html)` is called by whoever saves rich text (Article.save), after the HTML was
sanitised. The body itself is left as the editor wrote it (`<p><a href=…>…</a></p>`), so the
editor shows the link and the facade is put in place at render (embeds/render.py). For each
recognised link not yet known, the provider's fixed oEmbed endpoint is asked (never the pasted
address), the answer reduced to plain fields, the thumbnail copied into our media. Anything
that goes wrong leaves no row: the link stays a plain link and the next save tries again.
"""

from __future__ import annotations

import json
import logging
import re
import time
from html import unescape
from urllib.parse import urlencode

from django.utils.html import strip_tags

from embeds import conf
from embeds.fetch import FetchError, get
from embeds.models import Embed
from embeds.providers import Link, recognise
from embeds.thumbnails import copy_thumbnail

logger = logging.getLogger(__name__)

# nh3's serialisation: double-quoted attributes, no raw `<` in text (articles/sanitize.py).
LONE_LINK = re.compile(
    r'<p>\s*<a href="(?P<href>[^"]*)"[^>]*>(?P<text>[^<]*)</a>\s*(?:<br>\s*)?</p>'
)


def lone_links(html: str) -> list[tuple[re.Match, Link]]:
    """Paragraphs holding nothing but a link to a provider we embed, with what it points at."""
    found = []
    for match in LONE_LINK.finditer(html or ""):
        link = recognise(unescape(match["href"]))
        if link is not None:
            found.append((match, link))
    return found


def embed_links(html: str) -> list[Embed]:
    """Fetch, once, what providers say about the links alone in their paragraph; return the
    embeds the text now has. Never raises for a provider's sake."""
    links = {link.url: link for _match, link in lone_links(html)}
    if not links:
        return []
    known = {embed.url: embed for embed in Embed.objects.filter(url__in=links)}
    deadline = time.monotonic() + conf.save_budget()
    for url, link in links.items():
        existing = known.get(url)
        if existing is not None and not (existing.is_card and conf.meta_token()):
            continue  # fetched once; a card is asked again once a token is configured
        if time.monotonic() > deadline:  # the rest waits for the next save
            logger.warning("oEmbed: save budget spent, %s left as a link", link.provider.name)
            break
        embed = fetch_embed(link, existing)
        if embed is not None:
            known[url] = embed
    return [known[url] for url in links if url in known]


def fetch_embed(link: Link, existing: Embed | None = None) -> Embed | None:
    """Ask the provider's endpoint about `link` and store the answer (over `existing`, a card
    kept while no token was configured); None if it failed."""
    provider = link.provider
    if provider.needs_token and not conf.meta_token():
        # No app token: a card with the link, which asks Meta nothing.
        embed, _created = Embed.objects.update_or_create(
            url=link.url, defaults={"provider": provider.name, "player_url": ""}
        )
        return embed
    data = ask_provider(link)
    if data is None:
        return existing
    embed = existing or Embed(url=link.url)
    embed.provider = provider.name
    embed.title = data["title"]
    embed.author_name = data["author_name"]
    embed.player_url = link.player_url
    thumbnail = copy_thumbnail(data["thumbnail_url"], provider.name)
    if thumbnail is not None:
        embed.thumbnail.save(thumbnail.file.name, thumbnail.file, save=False)
    embed.save()
    return embed


def ask_provider(link: Link) -> dict[str, str] | None:
    """The provider's oEmbed answer reduced to plain text fields, or None when it is down,
    slow, or answers anything but a JSON object about this link."""
    provider = link.provider
    key = provider.name
    if key == "facebook" and "/plugins/post.php" in link.player_url:
        key = "facebook_post"
    endpoint = conf.endpoints().get(key)
    if not endpoint:
        return None
    query = {"url": link.url, "format": "json"}
    if provider.needs_token:
        query["access_token"] = conf.meta_token()
    if provider.name == "x":
        query["omit_script"] = "1"
    separator = "&" if "?" in endpoint else "?"
    try:
        raw = get(
            f"{endpoint}{separator}{urlencode(query)}",
            timeout=conf.timeout(),
            max_bytes=conf.max_bytes(),
            accept="application/json",
        )
        answer = json.loads(raw)
    except (FetchError, ValueError) as exc:
        logger.warning("oEmbed: %s left as a link (%s)", provider.name, exc)
        return None
    if not isinstance(answer, dict):
        logger.warning("oEmbed: %s answered something other than an object", provider.name)
        return None
    title = _text(answer.get("title"), 300)
    if not title and provider.name == "x":
        # A post has no title: its text, from the quoted post, stripped of every tag.
        title = _text(strip_tags(str(answer.get("html") or "")), 300)
    thumbnail_url = answer.get("thumbnail_url")
    return {
        "title": title,
        "author_name": _text(answer.get("author_name"), 200),
        "thumbnail_url": thumbnail_url if isinstance(thumbnail_url, str) else "",
    }


def _text(value, limit: int) -> str:
    """A provider's field as one line of plain text (escaped again when shown)."""
    if not isinstance(value, str):
        return ""
    text = " ".join(unescape(strip_tags(value)).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
