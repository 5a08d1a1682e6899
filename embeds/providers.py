"""The providers we embed, what their links look like, and the player each one gets.

A pasted link is recognised only by these patterns (https, exact host names, ids of known
shapes): anything else stays a plain link. The player's address is built here from the id the
pattern captured, never taken from what a provider answers, and its origin is the only
`frame-src` the wrapper page (embeds/views.py) allows.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Provider:
    name: str  # key in settings.OEMBED_ENDPOINTS, and the CSS modifier
    label: str  # shown to readers (brand names are not translated)
    hosts: frozenset[str]
    path: re.Pattern  # matched against the path (with the query for YouTube's watch?v=)
    player: Callable[[re.Match, str], str]  # (match, pasted url) -> iframe src
    player_origin: str
    action: str  # the facade's verb, e.g. « Lire la vidéo »
    needs_token: bool = False


@dataclass(frozen=True)
class Link:
    provider: Provider
    url: str
    player_url: str


def _youtube(match: re.Match, url: str) -> str:
    return f"https://www.youtube-nocookie.com/embed/{match['id']}?autoplay=1"


def _dailymotion(match: re.Match, url: str) -> str:
    return f"https://geo.dailymotion.com/player.html?video={match['id']}&autoplay=1"


def _x(match: re.Match, url: str) -> str:
    return f"https://platform.twitter.com/embed/Tweet.html?id={match['id']}"


def _tiktok(match: re.Match, url: str) -> str:
    return f"https://www.tiktok.com/embed/v2/{match['id']}"


def _instagram(match: re.Match, url: str) -> str:
    return f"https://www.instagram.com/{match['kind']}/{match['id']}/embed/"


def _facebook(match: re.Match, url: str) -> str:
    plugin = "video" if match["video"] else "post"
    return f"https://www.facebook.com/plugins/{plugin}.php?href={quote(url, safe='')}"


def _soundcloud(match: re.Match, url: str) -> str:
    return f"https://w.soundcloud.com/player/?url={quote(url, safe='')}&auto_play=true"


PROVIDERS = (
    Provider(
        name="youtube",
        label="YouTube",
        hosts=frozenset({"www.youtube.com", "youtube.com", "m.youtube.com", "youtu.be"}),
        path=re.compile(
            r"^/(?:watch\?(?:[^#]*&)?v=|shorts/|embed/|live/)?(?P<id>[A-Za-z0-9_-]{11})(?:[?&#].*)?$"
        ),
        player=_youtube,
        player_origin="https://www.youtube-nocookie.com",
        action=_("Lire la vidéo"),
    ),
    Provider(
        name="dailymotion",
        label="Dailymotion",
        hosts=frozenset({"www.dailymotion.com", "dailymotion.com", "dai.ly"}),
        path=re.compile(r"^/(?:video/)?(?P<id>x[a-z0-9]{4,12})(?:[/?#_].*)?$"),
        player=_dailymotion,
        player_origin="https://geo.dailymotion.com",
        action=_("Lire la vidéo"),
    ),
    Provider(
        name="x",
        label="X",
        hosts=frozenset(
            {"x.com", "www.x.com", "twitter.com", "www.twitter.com", "mobile.twitter.com"}
        ),
        path=re.compile(r"^/[A-Za-z0-9_]{1,15}/status/(?P<id>[0-9]{1,25})(?:[/?#].*)?$"),
        player=_x,
        player_origin="https://platform.twitter.com",
        action=_("Afficher la publication"),
    ),
    Provider(
        name="tiktok",
        label="TikTok",
        hosts=frozenset({"www.tiktok.com", "tiktok.com", "m.tiktok.com"}),
        path=re.compile(r"^/@[A-Za-z0-9_.]{1,30}/video/(?P<id>[0-9]{1,25})(?:[/?#].*)?$"),
        player=_tiktok,
        player_origin="https://www.tiktok.com",
        action=_("Lire la vidéo"),
    ),
    Provider(
        name="instagram",
        label="Instagram",
        hosts=frozenset({"www.instagram.com", "instagram.com"}),
        path=re.compile(r"^/(?P<kind>p|reel|tv)/(?P<id>[A-Za-z0-9_-]{5,40})/?(?:[?#].*)?$"),
        player=_instagram,
        player_origin="https://www.instagram.com",
        action=_("Afficher la publication"),
        needs_token=True,
    ),
    Provider(
        name="facebook",
        label="Facebook",
        hosts=frozenset({"www.facebook.com", "facebook.com", "m.facebook.com"}),
        path=re.compile(
            r"^/(?:(?P<video>[\w.-]{1,80}/videos/(?:[\w.-]{1,80}/)?\d{1,25}|watch/?\?v=\d{1,25}"
            r"|reel/\d{1,25})|[\w.-]{1,80}/posts/[\w-]{1,80}|permalink\.php\?story_fbid=[\w-]{1,80})"
            r"/?(?:[?&#].*)?$",
            re.ASCII,
        ),
        player=_facebook,
        player_origin="https://www.facebook.com",
        action=_("Afficher la publication"),
        needs_token=True,
    ),
    Provider(
        name="soundcloud",
        label="SoundCloud",
        hosts=frozenset({"soundcloud.com", "www.soundcloud.com", "m.soundcloud.com"}),
        path=re.compile(r"^/[a-z0-9_-]{1,60}/(?!sets/)[a-z0-9_-]{1,120}/?(?:[?#].*)?$"),
        player=_soundcloud,
        player_origin="https://w.soundcloud.com",
        action=_("Écouter"),
    ),
)
BY_NAME = {provider.name: provider for provider in PROVIDERS}
MAX_URL_LENGTH = 500


def recognise(url: str) -> Link | None:
    """The provider behind a pasted link and the player to build for it, or None.

    Refused: anything but https, user names or ports in the address (`youtube.com@10.0.0.1`),
    hosts that merely look alike (`youtube.com.example`), and ids of the wrong shape.
    """
    url = url.strip()
    if len(url) > MAX_URL_LENGTH or any(ch.isspace() or ord(ch) < 32 for ch in url):
        return None
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme != "https" or parts.username or parts.password or port is not None:
        return None
    host = (parts.hostname or "").lower()
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    for provider in PROVIDERS:
        if host in provider.hosts:
            match = provider.path.match(path)
            if match is None:
                return None
            return Link(provider=provider, url=url, player_url=provider.player(match, url))
    return None
