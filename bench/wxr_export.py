"""`python bench/wxr_export.py OUT.xml --posts 50000 --comments 200000`: a large, realistic
WordPress export, beside the other scale data (bench/scale_data.py); not shipped with the site.

For measuring the importer (docs/import.md) and for the memory tests
(tests/system/test_import_at_scale.py): what WordPress's exporter
writes (WXR 1.2, CDATA sections, postmeta, threaded comments), with classic-editor posts
(paragraphs separated by blank lines, `[caption]` and page-builder shortcodes) and block-editor
posts, in every status. Written as a stream, so the generator itself needs little memory.
Deterministic for a given `--seed`.
"""

import argparse
import random
from pathlib import Path
from xml.sax.saxutils import escape

WORDS = (
    "gouvernement",
    "élection",
    "député",
    "assemblée",
    "ministre",
    "réforme",
    "budget",
    "sécurité",
    "frontière",
    "coopération",
    "sommet",
    "accord",
    "diplomatie",
    "économie",
    "port",
    "agriculture",
    "coton",
    "récolte",
    "santé",
    "école",
    "université",
    "jeunesse",
    "emploi",
    "marché",
    "commerce",
    "transport",
    "route",
    "électricité",
    "eau",
    "justice",
    "tribunal",
    "presse",
    "liberté",
    "société",
    "culture",
    "festival",
    "musique",
    "football",
    "équipe",
    "victoire",
    "région",
    "commune",
    "maire",
    "village",
    "développement",
    "projet",
    "financement",
    "partenaires",
    "bailleurs",
)
CATEGORIES = [
    (2, "politique", "Politique", ""),
    (3, "elections", "Élections", "politique"),
    (4, "diplomatie", "Diplomatie", "politique"),
    (5, "economie", "Économie", ""),
    (6, "societe", "Société &amp; culture", ""),
    (7, "sport", "Sport", ""),
    (8, "afrique", "Afrique", ""),
    (9, "benin", "Bénin", "afrique"),
    (10, "rd-congo", "RD Congo", "afrique"),
    (11, "cote-divoire", "Côte d'Ivoire", "afrique"),
]
COUNTRY_SLUGS = ["benin", "rd-congo", "cote-divoire"]
TOPIC_SLUGS = ["politique", "elections", "diplomatie", "economie", "societe", "sport"]
STATUSES = ["publish"] * 90 + ["draft"] * 4 + ["private", "pending", "future", "trash"]


def cdata(text: str) -> str:
    """As WordPress's `wxr_cdata()`: a `]]>` inside is split across two sections."""
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


class WxrWriter:
    """Writes a WXR 1.2 file piece by piece."""

    def __init__(self, handle, *, site: str = "https://ancien.example.org"):
        self.out = handle
        self.site = site

    def header(self, title: str = "Le Journal") -> None:
        self.out.write(
            '<?xml version="1.0" encoding="UTF-8" ?>\n'
            '<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:wfw="http://wellformedweb.org/CommentAPI/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
            f"<title>{escape(title)}</title>\n<link>{self.site}</link>\n"
            "<language>fr-FR</language>\n<wp:wxr_version>1.2</wp:wxr_version>\n"
            f"<wp:base_site_url>{self.site}</wp:base_site_url>\n"
            f"<wp:base_blog_url>{self.site}</wp:base_blog_url>\n"
        )

    def author(self, author_id: int, login: str, email: str, first: str, last: str) -> None:
        self.out.write(
            f"<wp:author><wp:author_id>{author_id}</wp:author_id>"
            f"<wp:author_login>{cdata(login)}</wp:author_login>"
            f"<wp:author_email>{cdata(email)}</wp:author_email>"
            f"<wp:author_display_name>{cdata(f'{first} {last}')}</wp:author_display_name>"
            f"<wp:author_first_name>{cdata(first)}</wp:author_first_name>"
            f"<wp:author_last_name>{cdata(last)}</wp:author_last_name></wp:author>\n"
        )

    def category(self, term_id: int, slug: str, name: str, parent: str = "") -> None:
        self.out.write(
            f"<wp:category><wp:term_id>{term_id}</wp:term_id>"
            f"<wp:category_nicename>{cdata(slug)}</wp:category_nicename>"
            f"<wp:category_parent>{cdata(parent)}</wp:category_parent>"
            f"<wp:cat_name>{cdata(name)}</wp:cat_name></wp:category>\n"
        )

    def item(
        self,
        *,
        post_id: int,
        title: str,
        slug: str,
        content: str,
        date: str,
        date_gmt: str,
        creator: str,
        post_type: str = "post",
        status: str = "publish",
        excerpt: str = "",
        categories: list[tuple[str, str]] = (),
        meta: dict[str, str] | None = None,
        comments: list[dict] = (),
        parent: int = 0,
        attachment_url: str = "",
        link: str = "",
    ) -> None:
        link = link or (
            f"{self.site}/{date[:4]}/{date[5:7]}/{date[8:10]}/{slug}/"
            if status == "publish"
            else f"{self.site}/?p={post_id}"
        )
        parts = [
            f"<item><title>{cdata(title)}</title><link>{escape(link)}</link>",
            f'<guid isPermaLink="false">{self.site}/?p={post_id}</guid>',
            f"<dc:creator>{cdata(creator)}</dc:creator>",
            f"<content:encoded>{cdata(content)}</content:encoded>",
            f"<excerpt:encoded>{cdata(excerpt)}</excerpt:encoded>",
            f"<wp:post_id>{post_id}</wp:post_id>",
            f"<wp:post_date>{cdata(date)}</wp:post_date>",
            f"<wp:post_date_gmt>{cdata(date_gmt)}</wp:post_date_gmt>",
            f"<wp:post_modified>{cdata(date)}</wp:post_modified>",
            f"<wp:post_modified_gmt>{cdata(date_gmt)}</wp:post_modified_gmt>",
            "<wp:comment_status>open</wp:comment_status>",
            f"<wp:post_name>{cdata(slug)}</wp:post_name>",
            f"<wp:status>{cdata(status)}</wp:status>",
            f"<wp:post_parent>{parent}</wp:post_parent><wp:menu_order>0</wp:menu_order>",
            f"<wp:post_type>{cdata(post_type)}</wp:post_type>",
            "<wp:post_password></wp:post_password><wp:is_sticky>0</wp:is_sticky>",
        ]
        if attachment_url:
            parts.append(f"<wp:attachment_url>{cdata(attachment_url)}</wp:attachment_url>")
        for nicename, name in categories:
            parts.append(
                f'<category domain="category" nicename="{escape(nicename)}">'
                f"{cdata(name)}</category>"
            )
        for key, value in (meta or {}).items():
            parts.append(
                f"<wp:postmeta><wp:meta_key>{cdata(key)}</wp:meta_key>"
                f"<wp:meta_value>{cdata(value)}</wp:meta_value></wp:postmeta>"
            )
        for comment in comments:
            parts.append(
                "<wp:comment>"
                f"<wp:comment_id>{comment['id']}</wp:comment_id>"
                f"<wp:comment_author>{cdata(comment['author'])}</wp:comment_author>"
                f"<wp:comment_author_email>{cdata(comment['email'])}</wp:comment_author_email>"
                f"<wp:comment_author_url>{cdata(comment.get('url', ''))}</wp:comment_author_url>"
                f"<wp:comment_author_IP>{cdata(comment.get('ip', ''))}</wp:comment_author_IP>"
                f"<wp:comment_date>{cdata(comment['date'])}</wp:comment_date>"
                f"<wp:comment_date_gmt>{cdata(comment['date_gmt'])}</wp:comment_date_gmt>"
                f"<wp:comment_content>{cdata(comment['content'])}</wp:comment_content>"
                f"<wp:comment_approved>{cdata(comment.get('approved', '1'))}</wp:comment_approved>"
                f"<wp:comment_type>{cdata(comment.get('type', 'comment'))}</wp:comment_type>"
                f"<wp:comment_parent>{comment.get('parent', 0)}</wp:comment_parent>"
                "<wp:comment_user_id>0</wp:comment_user_id></wp:comment>"
            )
        parts.append("</item>\n")
        self.out.write("".join(parts))

    def footer(self) -> None:
        self.out.write("</channel>\n</rss>\n")


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng, rng.randint(8, 18)) for _ in range(rng.randint(3, 6)))


def post_content(rng: random.Random, post_id: int, blocks: bool) -> str:
    paragraphs = [paragraph(rng) for _ in range(rng.randint(4, 8))]
    if blocks:
        body = [f"<!-- wp:paragraph -->\n<p>{p}</p>\n<!-- /wp:paragraph -->" for p in paragraphs]
        body.insert(2, "<!-- wp:heading -->\n<h2>Les enjeux</h2>\n<!-- /wp:heading -->")
        return "\n\n".join(body)
    paragraphs.insert(
        1,
        f'[caption id="attachment_{post_id}" width="800"]<img class="wp-image-{post_id}" '
        f'src="https://ancien.example.org/wp-content/uploads/2024/05/photo-{post_id}-800x533.jpg"'
        f' alt="Illustration" width="800" height="533" /> Légende de la photo[/caption]',
    )
    paragraphs.insert(3, "[vc_row][vc_column][vc_column_text]" + paragraph(rng))
    paragraphs.insert(4, "[/vc_column_text][/vc_column][/vc_row]")
    return "\n\n".join(paragraphs)


def stamp(rng: random.Random, year_from: int = 2016) -> tuple[str, str]:
    year = rng.randint(year_from, 2026)
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    hour, minute = rng.randint(0, 22), rng.randint(0, 59)
    local = f"{year}-{month:02d}-{day:02d} {hour + 1:02d}:{minute:02d}:00"
    return local, f"{year}-{month:02d}-{day:02d} {hour:02d}:{minute:02d}:00"  # UTC+1


def write_export(path: Path, *, posts: int, comments: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as handle:
        writer = WxrWriter(handle)
        writer.header()
        authors = [
            ("akone", "Awa", "Koné"),
            ("jmensah", "Jean", "Mensah"),
            ("fdiallo", "Fatou", "Diallo"),
        ]
        for number, (login, first, last) in enumerate(authors, start=1):
            writer.author(number, login, f"{login}@example.org", first, last)
        names = {slug: name for _id, slug, name, _parent in CATEGORIES}
        for term_id, slug, name, parent in CATEGORIES:
            writer.category(term_id, slug, name, parent)
        comment_id = 1
        per_post = comments / max(posts, 1)
        for number in range(posts):
            post_id = 1000 + number
            local, gmt = stamp(rng)
            status = rng.choice(STATUSES)
            if status == "future":
                local, gmt = "2099-01-01 09:00:00", "2099-01-01 08:00:00"
            if status == "draft":
                gmt = "0000-00-00 00:00:00"
            count = int(per_post * (number + 1)) - int(per_post * number)
            thread = []
            for index in range(count):
                c_local, c_gmt = stamp(rng, min(int(local[:4]), 2026))
                parent = thread[rng.randrange(len(thread))]["id"] if thread and index % 3 else 0
                thread.append(
                    {
                        "id": comment_id,
                        "author": f"Lecteur {comment_id % 997}",
                        "email": f"lecteur{comment_id % 997}@example.org",
                        "ip": f"192.0.2.{comment_id % 250 + 1}",
                        "date": c_local,
                        "date_gmt": c_gmt,
                        "content": sentence(rng, rng.randint(10, 40)),
                        "approved": rng.choice(["1"] * 8 + ["0", "trash"]),
                        "parent": parent,
                    }
                )
                comment_id += 1
            topic, country = rng.choice(TOPIC_SLUGS), rng.choice(COUNTRY_SLUGS)
            writer.item(
                post_id=post_id,
                title=sentence(rng, rng.randint(5, 11))[:-1],
                slug=f"article-{post_id}",
                content=post_content(rng, post_id, blocks=number % 2 == 0),
                excerpt=sentence(rng, 20) if number % 3 else "",
                date=local,
                date_gmt=gmt,
                creator=authors[number % len(authors)][0],
                status=status,
                categories=[(topic, names[topic]), (country, names[country])],
                meta={"_edit_last": "1"},
                comments=thread,
            )
        writer.footer()


def main() -> None:
    parser = argparse.ArgumentParser(description="A WordPress export (WXR) as large as asked.")
    parser.add_argument("output", type=Path)
    parser.add_argument("--posts", type=int, default=50_000)
    parser.add_argument("--comments", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    write_export(options.output, posts=options.posts, comments=options.comments, seed=options.seed)
    print(f"{options.output}: {options.output.stat().st_size / 1e6:,.1f} MB")


if __name__ == "__main__":
    main()
