"""Posts → articles, in batches (a mixin of the importer): values, slugs, dates, place,
images, bulk creation with a first history version, updates, and their old addresses."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from html import escape
from urllib.parse import unquote

from django.conf import settings
from django.db import reset_queries
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import override
from simple_history.utils import bulk_create_with_history

from articles.body import add_image_dimensions
from articles.models import Article, BodyImage, Category, Country, SlugRedirect
from wordpress import content as wp_content
from wordpress.common import Kind, dates_as_given, fingerprint
from wordpress.models import LegacyRedirect, WordPressItem
from wordpress.redirects import normalise, path_of, query_key
from wordpress.wxr import Item, wp_datetime

PUBLIC_STATUSES = {"publish", "future"}
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp", ".gif")
PRIMARY_CATEGORY_META = ("_yoast_wpseo_primary_category", "rank_math_primary_category")
# Yoast's or Rank Math's SEO title and description → the article's SEO fields, with their limits.
SEO_META = {
    "seo_title": (("_yoast_wpseo_title", "rank_math_title"), 70),
    "seo_description": (("_yoast_wpseo_metadesc", "rank_math_description"), 160),
}
FALLBACK_CATEGORY = ("non-classe", "Non classé")
# Bump when the conversion changes: every post is then rewritten on the next run.
CONVERTER_VERSION = "1"


class Posts:
    """Posts → articles; needs the importer's state (site, options, report, images, terms)."""

    def _import_posts(self, batch: list[Item]) -> None:
        if not batch:
            return
        existing = {
            item.key: item
            for item in WordPressItem.objects.filter(
                site=self.site, kind=Kind.POST, key__in=[str(i.id) for i in batch]
            ).select_related("article")
        }
        thumbnails = self._attachments(
            i.meta.get("_thumbnail_id", "").strip() for i in batch if i.meta.get("_thumbnail_id")
        )
        created: list[tuple[Item, Article, dict]] = []
        articles_by_post: dict[int, Article] = {}
        used_slugs = set(
            Article.objects.filter(
                slug__in=[self._slug_for(i, wp_content.one_line(i.title, 200)) for i in batch]
            ).values_list("slug", flat=True)
        )
        rewritten: set[int] = set()  # created or updated: their old addresses are (re)written
        for item in batch:
            if item.status in ("trash", "auto-draft", "inherit") or not item.id:
                self.report.count("post", "skipped")
                if item.status == "trash":
                    self.report.problem("post", item.id, _("à la corbeille dans WordPress"))
                continue
            checksum = fingerprint(self.signature, _post_source(item))
            row = existing.get(str(item.id))
            if row is not None and row.article is None:
                self.report.count("post", "skipped")
                self.report.problem("post", item.id, _("article supprimé ici depuis l'import"))
                continue
            if row is not None and row.checksum == checksum:
                self.report.count("post", "unchanged")
                articles_by_post[item.id] = row.article
                continue
            if row is not None and row.article.updated_at != row.local_stamp:
                self.report.count("post", "skipped")
                self.report.problem(
                    "post",
                    item.id,
                    _(
                        "modifié dans le portail depuis l'import : la version WordPress plus "
                        "récente n'a pas été appliquée"
                    ),
                )
                articles_by_post[item.id] = row.article
                continue
            values, extra = self._article_values(item, thumbnails, row)
            if row is None:
                values["slug"] = self._unique_slug(values["slug"], used_slugs, None)
                article = Article(**values)
                created.append((item, article, extra))
            else:
                article = self._update_article(item, row, values, extra, checksum, used_slugs)
            articles_by_post[item.id] = article
            rewritten.add(item.id)
        self._create_articles(created)
        WordPressItem.objects.bulk_create(
            [
                WordPressItem(
                    site=self.site,
                    kind=Kind.POST,
                    key=str(item.id),
                    article=article,
                    checksum=fingerprint(self.signature, _post_source(item)),
                    local_stamp=article.updated_at,
                    data=extra,
                )
                for item, article, extra in created
            ]
        )
        redirects = []
        for item in batch:
            if item.id in rewritten:
                redirects += self._post_redirects(item, articles_by_post[item.id])
        self._save_redirects(redirects)
        self._import_comments(batch, articles_by_post)
        # With DEBUG on, Django keeps the last 9,000 queries: bulk inserts of whole articles.
        reset_queries()

    def _attachments(self, ids: Iterable[str]) -> dict[str, WordPressItem]:
        keys = [i for i in ids if i.isdigit()]
        if not keys:
            return {}
        return {
            item.key: item
            for item in WordPressItem.objects.filter(
                site=self.site, kind=Kind.ATTACHMENT, key__in=keys
            )
        }

    def _article_values(
        self,
        item: Item,
        thumbnails: dict[str, WordPressItem],
        row: WordPressItem | None,
    ) -> tuple[dict, dict]:
        author = self._user_for(item.creator, item.id)
        title = wp_content.one_line(item.title, 200) or _("Sans titre")
        if len(wp_content.plain_text(item.title)) > 200:
            self.report.problem("post", item.id, _("titre raccourci à 200 caractères"))
        converted = wp_content.convert_body(
            item.content, gallery=lambda attributes: self._gallery(item, attributes)
        )
        for note in converted.notes:
            self.report.problem("post", item.id, note)
        body, remote = self._localise_images(converted.html, item, author, title)
        if remote and not (self.options.dry_run and self.options.uploads):
            self.report.problem(
                "post",
                item.id,
                _("%(count)s image(s) du texte restent sur l'ancien site : %(urls)s")
                % {"count": len(remote), "urls": ", ".join(remote[:5])},
            )
        category, country = self._placement(item)
        published_at, created_at, updated_at = self._dates(item)
        status = Article.Status.DRAFT
        if item.status in PUBLIC_STATUSES and not item.password:
            status = Article.Status.PUBLISHED
        elif item.status == "pending" and not item.password:
            status = Article.Status.REVIEW  # « En attente de relecture »: the desk's pile
        if item.password:
            self.report.problem(
                "post",
                item.id,
                _("protégé par mot de passe dans WordPress : importé en brouillon"),
            )
        values = {
            "title": title,
            "slug": self._slug_for(item, title),
            "standfirst": wp_content.one_line(item.excerpt, 600),
            "body": body,
            "category": category,
            "country": country,
            "author": author,
            "status": status,
            "published_at": published_at,
            "created_at": created_at,
            "updated_at": updated_at,
            "comments_open": item.comment_status != "closed",
            "is_lead": item.sticky,
            **seo_values(item),
        }
        extra = {"slug": values["slug"]}
        values.update(self._featured_image(item, thumbnails, author, title, extra))
        return values, extra

    def _slug_for(self, item: Item, title: str) -> str:
        return (
            slugify(unquote(item.name))[:190]
            or slugify(title)[:190]
            or f"article-wordpress-{item.id}"
        )

    def _unique_slug(self, slug: str, used: set[str], exclude_pk: int | None) -> str:
        """The slug, or `slug-2`, `-3`… when taken (here or earlier in this batch). `used`
        starts with the batch's slugs already in the database (one query per batch)."""
        candidate, n = slug, 1
        while candidate in used or (
            candidate != slug
            and Article.objects.filter(slug=candidate).exclude(pk=exclude_pk).exists()
        ):
            n += 1
            candidate = f"{slug}-{n}"
        used.add(candidate)
        return candidate

    def _dates(self, item: Item) -> tuple[dt.datetime, dt.datetime, dt.datetime]:
        published = self._moment(item.date_gmt, item.date) or self.now
        modified = self._moment(item.modified_gmt, item.modified) or published
        return published, min(published, modified), max(published, modified)

    def _moment(self, gmt: str, local: str) -> dt.datetime | None:
        """WordPress keeps both: UTC when set, else the local time in the site's zone."""
        value = wp_datetime(gmt)
        if value is not None:
            return value.replace(tzinfo=dt.UTC)
        value = wp_datetime(local)
        return timezone.make_aware(value, self.tz) if value is not None else None

    def _placement(self, item: Item) -> tuple[Category, Country | None]:
        """The primary category (Yoast's or Rank Math's choice, else the first listed that is
        not a country, else a country's parent category) and the country."""
        slugs = [slug for taxonomy, slug, _name in item.terms if taxonomy == "category"]
        for meta in PRIMARY_CATEGORY_META:
            value = item.meta.get(meta, "").strip()
            if value.isdigit() and (primary := self.term_ids.get(int(value))):
                slugs.insert(0, primary)
        category_pk = country_pk = None
        for slug in slugs:
            kind, pk = self.term_targets.get(slug, ("", None))
            if kind == "category" and category_pk is None:
                category_pk = pk
            if kind == "country" and country_pk is None:
                country_pk = pk
        for slug in slugs:  # a country's own parent category, or a category inside a country
            node, seen = self.category_parent.get(slug, ""), set()
            while node and node not in seen:
                seen.add(node)
                kind, pk = self.term_targets.get(node, ("", None))
                if kind == "category" and category_pk is None:
                    category_pk = pk
                if kind == "country" and country_pk is None:
                    country_pk = pk
                node = self.category_parent.get(node, "")
        if category_pk is None:
            self.report.problem(
                "post",
                item.id,
                _("sans rubrique : rangé dans « %(name)s »") % {"name": FALLBACK_CATEGORY[1]},
            )
            category = self._fallback_category()
        else:
            category = Category(pk=category_pk)
        country = Country(pk=country_pk) if country_pk else None
        return category, country

    def _fallback_category(self) -> Category:
        if self.fallback_category is None:
            slug, name = FALLBACK_CATEGORY
            self.fallback_category, _created = Category.objects.get_or_create(
                slug=slug, defaults={"name": name}
            )
        return self.fallback_category

    def _featured_image(self, item, thumbnails, author, title, extra: dict) -> dict:
        thumbnail_id = item.meta.get("_thumbnail_id", "").strip()
        if not thumbnail_id:
            return {}
        attachment = thumbnails.get(thumbnail_id)
        if attachment is None:
            self.report.problem(
                "post",
                item.id,
                _("image à la une introuvable (fichier joint %(id)s absent de l'export)")
                % {"id": thumbnail_id},
            )
            return {}
        data = attachment.data
        extra["image_url"] = data.get("url", "")
        if self.options.uploads is None:
            self.report.problem(
                "post",
                item.id,
                _("image à la une non importée (sans --uploads) : %(url)s")
                % {"url": data.get("url")},
            )
            return {}
        alt = data.get("alt") or data.get("caption") or title
        image = self.images.fetch(
            data.get("file", ""),
            alt=alt,
            caption=data.get("caption", ""),
            user=author,
            wp_id=item.id,
        )
        if image is None:
            return {}
        return {
            "image": image.image.name,
            "library_image": image,  # the media library's entry for that file
            "image_width": image.image_width,
            "image_height": image.image_height,
            "image_alt": alt[:250],
            "image_caption": data.get("caption", "")[:300],
        }

    def _localise_images(self, body: str, item: Item, author, title: str) -> tuple[str, list[str]]:
        """Images of the old site's uploads folder → the library; returns the body and the
        image URLs that stay remote."""
        stored: dict[str, BodyImage] = {}

        def replace(url: str) -> str | None:
            relative = wp_content.upload_path(url, (self.uploads_prefix, "/wp-content/uploads/"))
            if relative is None or self.options.uploads is None:
                return None
            if not relative.lower().endswith(IMAGE_EXTENSIONS):
                return None  # a PDF or a document linked from the text stays where it is
            image = self.images.fetch(relative, alt=title, caption="", user=author, wp_id=item.id)
            if image is None:
                return None
            stored[image.image.name] = image
            return image.image.url

        body = wp_content.rewrite_urls(body, replace)
        remote = [u for u in wp_content.image_urls(body) if u.startswith(("http:", "https:", "//"))]
        if stored:
            body = add_image_dimensions(
                body,
                {name: (i.image_width, i.image_height) for name, i in stored.items()},
            )
        return body, remote

    def _gallery(self, item: Item, attributes: dict[str, str]) -> str:
        """`[gallery ids="1,2"]` (or all images attached to the post): one figure each."""
        ids = [i.strip() for i in attributes.get("ids", "").split(",") if i.strip().isdigit()]
        if ids:
            found = self._attachments(ids)
            attachments = [found[i] for i in ids if i in found]
        else:
            attachments = list(
                WordPressItem.objects.filter(
                    site=self.site, kind=Kind.ATTACHMENT, parent_key=str(item.id)
                ).order_by("key")
            )
        figures = []
        for attachment in attachments[:100]:
            data = attachment.data
            url = data.get("url", "")
            if not url.startswith(("http://", "https://")):
                continue
            caption = data.get("caption", "")
            figures.append(
                f'<figure><img src="{escape(url)}" '
                f'alt="{escape(data.get("alt") or caption or data.get("title", ""))}">'
                + (f"<figcaption>{escape(caption)}</figcaption>" if caption else "")
                + "</figure>"
            )
        return "\n\n" + "\n".join(figures) + "\n\n"

    def _create_articles(self, created: list[tuple[Item, Article, dict]]) -> None:
        if not created:
            return
        articles = [article for _item, article, _extra in created]
        SlugRedirect.objects.filter(old_slug__in=[a.slug for a in articles]).delete()
        with (
            override(settings.LANGUAGE_CODE),
            dates_as_given(Article, "created_at", "updated_at"),
        ):
            bulk_create_with_history(
                articles,
                Article,
                batch_size=self.options.batch_size,
                default_change_reason=_("Import WordPress"),
            )
        if any(a.pk is None for a in articles):  # a database that returns no ids
            by_slug = dict(
                Article.objects.filter(slug__in=[a.slug for a in articles]).values_list(
                    "slug", "pk"
                )
            )
            for article in articles:
                article.pk = article.id = by_slug[article.slug]
        self.report.count("post", "created", len(articles))

    def _update_article(self, item, row, values, extra, checksum, used_slugs) -> Article:
        article = row.article
        new_slug = values.pop("slug")
        if new_slug != row.data.get("slug"):
            article.slug = self._unique_slug(new_slug, used_slugs, article.pk)
        extra["slug"] = new_slug
        updated_at = values.pop("updated_at")
        values.pop("created_at")
        for name, value in values.items():
            setattr(article, name, value)
        article._change_reason = _("Import WordPress (mise à jour)")
        article.save()
        Article.objects.filter(pk=article.pk).update(updated_at=updated_at)
        article.updated_at = updated_at
        row.checksum, row.local_stamp, row.data = (
            checksum,
            updated_at,
            {**row.data, **extra},
        )
        row.save(update_fields=["checksum", "local_stamp", "data", "imported_at"])
        self.report.count("post", "updated")
        return article

    def _post_redirects(self, item: Item, article: Article) -> list[LegacyRedirect]:
        rows = [LegacyRedirect(old_path=query_key("p", str(item.id)), article=article)]
        if item.status in PUBLIC_STATUSES:
            paths = set()
            link = item.link.strip()
            if link and "?" not in link:
                paths.add(path_of(link))
            local = wp_datetime(item.date)
            if local and item.name:
                paths.add(normalise(f"/{local:%Y/%m/%d}/{unquote(item.name)}"))
            paths.discard("/")
            rows += [LegacyRedirect(old_path=p[:500], article=article) for p in paths]
        return rows


def _post_source(item: Item) -> list:
    """What WordPress said about a post, for the fingerprint (comments are fingerprinted apart)."""
    return [
        item.title,
        item.name,
        item.link,
        item.content,
        item.excerpt,
        item.status,
        item.date,
        item.date_gmt,
        item.modified_gmt,
        item.creator,
        item.terms,
        item.meta.get("_thumbnail_id", ""),
        [item.meta.get(m, "") for m in PRIMARY_CATEGORY_META],
        item.sticky,
        item.comment_status,
        bool(item.password),
    ]


def seo_values(item: Item) -> dict[str, str]:
    """The SEO title and description written by hand in Yoast or Rank Math. A value holding
    the plugin's variables (`%%title%% %%sep%% %%sitename%%`, `%title%`) is a template, and
    our fallback (title, standfirst) is what it said: left empty."""
    values = {}
    for field, (keys, limit) in SEO_META.items():
        raw = next((item.meta[key] for key in keys if item.meta.get(key, "").strip()), "")
        values[field] = "" if "%" in raw else wp_content.one_line(raw, limit)
    return values
