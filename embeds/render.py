"""At render: a link alone in its paragraph, known as an embed, becomes its facade or card.

The facade references only our own media and our own wrapper page (/integration/<id>/<key>/): the
reader's browser asks the provider nothing until the reader taps. It is a plain link, so it
works the same without JavaScript. A link with no stored embed (the provider was down at save,
or the link is not one we embed) is left exactly as it was.
"""

from __future__ import annotations

from django.template.loader import render_to_string

from embeds.models import Embed
from embeds.services import lone_links


def with_facades(html: str) -> str:
    """`html` (cleaned rich text) with its embeddable lone links replaced; one query, and none
    when the text holds no such link."""
    found = lone_links(html)
    if not found:
        return html
    embeds = {e.url: e for e in Embed.objects.filter(url__in={link.url for _m, link in found})}
    pieces, position = [], 0
    for match, link in found:
        embed = embeds.get(link.url)
        if embed is None:
            continue
        pieces += [html[position : match.start()], facade(embed)]
        position = match.end()
    pieces.append(html[position:])
    return "".join(pieces)


def facade(embed: Embed) -> str:
    template = "embeds/card.html" if embed.is_card else "embeds/facade.html"
    return render_to_string(template, {"embed": embed}).strip()
