"""The text the newsroom pastes into its WhatsApp channel: the title in bold (WhatsApp's
*…*), two lines of standfirst, and the link tagged so the audience editor can count what the
channel brings (utm_source=whatsapp)."""

from django.conf import settings
from django.utils.text import Truncator

from articles.seo import search_description

STANDFIRST_CHARS = 160  # about two lines on a phone's WhatsApp
# WhatsApp reads these as formatting marks (*bold*, _italic_, ~struck~, `code`).
_MARKS = str.maketrans({"*": "", "_": " ", "~": "", "`": "'"})


def article_link(article, request=None) -> str:
    path = f"{article.get_absolute_url()}?utm_source=whatsapp"
    if site_url := getattr(settings, "SITE_URL", ""):
        return site_url.rstrip("/") + path
    return request.build_absolute_uri(path) if request is not None else path


def whatsapp_text(article, request=None) -> str:
    title = " ".join(article.title.translate(_MARKS).split())
    lines = [f"*{title}*"]
    standfirst = Truncator(search_description(article)).chars(STANDFIRST_CHARS)
    if standfirst and standfirst != article.title:
        lines.append(standfirst)
    lines += ["", article_link(article, request)]
    return "\n".join(lines)
