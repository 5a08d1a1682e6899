"""Authors, categories, countries and tags of an export (a mixin of the importer).

They are few and come first in the file: each is matched on its WordPress ID, an existing
category with the same slug or country with the same name is reused, and their old addresses
(`/category/a/b/`, `/author/login/`, `/tag/slug/`) are recorded.
"""

from __future__ import annotations

from urllib.parse import unquote

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import override

from articles.models import Category, Country
from authors.services import profile_for
from wordpress import content as wp_content
from wordpress.common import Kind, fingerprint
from wordpress.countries import fold, iso_code
from wordpress.models import LegacyRedirect
from wordpress.redirects import normalise, query_key
from wordpress.wxr import Author, Term, WxrError

FALLBACK_AUTHOR = "redaction"


class TermsAndPeople:
    """Authors, categories, countries, tags: few, imported before the posts that use them."""

    def _import_people_and_terms(self) -> None:
        for author in self.authors:
            self._import_author(author)
        self._import_categories([t for t in self.terms if t.taxonomy == "category"])
        self._import_tags([t for t in self.terms if t.taxonomy == "post_tag"])

    def _import_author(self, author: Author) -> None:
        User = get_user_model()
        item = self._item(Kind.AUTHOR, str(author.id or author.login))
        if item and item.user_id:
            self.users[author.login.lower()] = item.user
            self.report.count("author", "unchanged")
            self._author_redirects(author, item.user)
            return
        if item and not item.user_id:
            self.report.count("author", "skipped")
            self.report.problem("author", author.id, _("compte supprimé ici depuis l'import"))
            return
        user = None
        if author.email:
            user = User.objects.filter(email__iexact=author.email).order_by("pk").first()
        if user is not None:
            self.report.problem(
                "author",
                author.id,
                _("« %(login)s » rattaché au compte existant « %(username)s » (même adresse)")
                % {"login": author.login, "username": user.get_username()},
            )
            self.report.count("author", "unchanged")
        else:
            user = self._new_user(author.login, author)
            self.report.count("author", "created")
        self._remember(Kind.AUTHOR, str(author.id or author.login), user=user)
        self.users[author.login.lower()] = user
        self._author_redirects(author, user)

    def _new_user(self, login: str, author: Author | None):
        User = get_user_model()
        base = "".join(c for c in login if c.isalnum() or c in "@.+-_")[:140] or FALLBACK_AUTHOR
        username, n = base, 1
        while User.objects.filter(username__iexact=username).exists():
            n += 1
            username = f"{base}-wp{n if n > 2 else ''}"
        first, last = (author.first_name, author.last_name) if author else ("", "")
        if author and not (first or last) and author.display_name:
            first = author.display_name
        email = author.email if author else ""
        try:
            validate_email(email)
        except ValidationError:
            email = ""
        user = User(
            username=username,
            email=email[:254],
            first_name=first[:150],
            last_name=last[:150],
            is_staff=True,
            is_active=True,
        )
        # No usable password: they choose one through a reset, never a guessable default.
        user.set_unusable_password()
        user.save()
        return user

    def _author_redirects(self, author: Author, user) -> None:
        # Old author links lead to the public profile (a slug from the name, not the login).
        profile_for(user)
        rows = [LegacyRedirect(old_path=query_key("author", str(author.id)), author=user)]
        nicename = slugify(author.login)
        if nicename:
            rows.append(
                LegacyRedirect(
                    old_path=normalise(f"/{self.options.author_base}/{nicename}"),
                    author=user,
                )
            )
        self._save_redirects(rows)

    def _user_for(self, login: str, wp_id):
        """The account for a post's `dc:creator`; a login missing from the exported authors
        (or no login at all: « redaction ») gets an account once, remembered for next runs."""
        key = (login or "").strip().lower()
        if key in self.users:
            return self.users[key]
        login = login.strip() or FALLBACK_AUTHOR
        item = self._item(Kind.AUTHOR, f"login:{login.lower()}")
        if item is not None and item.user is not None:
            user = item.user
        else:
            self.report.problem(
                "post",
                wp_id,
                _("auteur inconnu « %(login)s » (absent des auteurs exportés) : compte créé")
                % {"login": login},
            )
            user = self._new_user(login, None)
            self.report.count("author", "created")
            self._remember(Kind.AUTHOR, f"login:{login.lower()}", user=user)
        self.users[key] = user
        return user

    def _import_categories(self, terms: list[Term]) -> None:
        by_slug = {t.slug: t for t in terms if t.slug}
        self.category_parent = {t.slug: t.parent_slug for t in terms if t.parent_slug}
        self.term_ids = {t.id: t.slug for t in terms if t.id}
        countries = self._existing_countries()
        done: set[str] = set()

        def visit(term: Term, trail: tuple[str, ...] = ()) -> None:
            if term.slug in done or term.slug in trail:
                return
            parent = by_slug.get(term.parent_slug)
            if parent is not None:
                visit(parent, (*trail, term.slug))
            self._import_category(term, countries)
            done.add(term.slug)

        for term in terms:
            if term.slug:
                visit(term)
        for term in terms:
            self._category_redirects(term, by_slug)

    def _existing_countries(self) -> dict[str, Country]:
        found = {}
        for country in Country.objects.all():
            for key in (fold(country.name), country.slug, country.iso_code.lower()):
                found.setdefault(key, country)
        return found

    def _country_for(self, term: Term, countries: dict[str, Country]) -> Country | None:
        name = wp_content.one_line(term.name, 100)
        wanted = self.options.country_categories
        named = fold(name) in wanted or term.slug in wanted
        code = wanted.get(fold(name)) or wanted.get(term.slug)
        existing = countries.get(fold(name)) or countries.get(term.slug)
        if existing is not None:
            return existing
        if not named:
            return None
        code = (code or iso_code(name) or "").upper()
        if len(code) != 2:
            raise WxrError(
                _(
                    "Pays « %(name)s » : code ISO inconnu. Donnez-le : "
                    '--country-categories "%(name)s=XX".'
                )
                % {"name": name}
            )
        country = Country.objects.filter(iso_code=code).first()
        if country is None:
            country = Country(name=name, slug=self._free_slug(Country, term.slug, name, 100))
            country.iso_code = code
            country.save()
            country._just_created = True
        countries[fold(name)] = countries[term.slug] = country
        return country

    def _import_category(self, term: Term, countries: dict[str, Country]) -> None:
        key = str(term.id or term.slug)
        country = self._country_for(term, countries)
        if country is not None:
            known = self._item(Kind.COUNTRY, key) is not None
            self._remember(Kind.COUNTRY, key, country=country)
            self.term_targets[term.slug] = ("country", country.pk)
            created = getattr(country, "_just_created", False) and not known
            self.report.count("country", "created" if created else "unchanged")
            return
        name = wp_content.one_line(term.name, 100) or term.slug
        description = wp_content.plain_text(term.description)
        parent = self._category_parent(term.parent_slug)
        checksum = fingerprint(name, description, parent.pk if parent else None)
        item = self._item(Kind.CATEGORY, key)
        if item and item.category_id:
            category = item.category
            if item.checksum != checksum:
                category.name, category.description, category.parent = (
                    name,
                    description,
                    parent,
                )
                category.save()
                self.report.count("category", "updated")
            else:
                self.report.count("category", "unchanged")
        elif item:
            self.report.count("category", "skipped")
            self.report.problem("category", term.id, _("rubrique supprimée ici depuis l'import"))
            return
        else:
            slug = slugify(unquote(term.slug))[:100] or slugify(name)[:100] or f"rubrique-{key}"
            category = Category.objects.filter(slug=slug).first()
            if category is None:
                category = Category.objects.create(
                    name=name, slug=slug, parent=parent, description=description
                )
                self.report.count("category", "created")
            else:
                self.report.count("category", "unchanged")
        self._remember(Kind.CATEGORY, key, category=category, checksum=checksum)
        self.term_targets[term.slug] = ("category", category.pk)

    def _category_parent(self, slug: str) -> Category | None:
        """The nearest ancestor that is a category (a country in between is skipped)."""
        seen = set()
        while slug and slug not in seen:
            seen.add(slug)
            kind, pk = self.term_targets.get(slug, ("", 0))
            if kind == "category":
                return Category.objects.get(pk=pk)
            slug = self.category_parent.get(slug, "")
        return None

    def _category_redirects(self, term: Term, by_slug: dict[str, Term]) -> None:
        kind, pk = self.term_targets.get(term.slug, ("", 0))
        if not kind:
            return
        chain, node, seen = [], term, set()
        while node is not None and node.slug not in seen:
            seen.add(node.slug)
            chain.append(unquote(node.slug))
            node = by_slug.get(node.parent_slug)
        target = {"category_id": pk} if kind == "category" else {"country_id": pk}
        base = self.options.category_base.strip("/")
        paths = {
            f"/{base}/{'/'.join(reversed(chain))}",
            f"/{base}/{unquote(term.slug)}",
        }
        rows = [LegacyRedirect(old_path=normalise(p), **target) for p in paths]
        if term.id:
            rows.append(LegacyRedirect(old_path=query_key("cat", str(term.id)), **target))
        self._save_redirects(rows)

    def _import_tags(self, terms: list[Term]) -> None:
        """No tags here: a tag's page becomes a search for its name."""
        with override(settings.LANGUAGE_CODE):
            try:
                search = reverse("articles:search")
            except NoReverseMatch:
                return
        rows = []
        for term in terms:
            name = wp_content.one_line(term.name, 100)
            if not term.slug or not name:
                continue
            target = f"{search}?{urlencode({'q': name})}"
            rows.append(
                LegacyRedirect(
                    old_path=normalise(f"/{self.options.tag_base}/{unquote(term.slug)}"),
                    new_path=target,
                )
            )
            rows.append(
                LegacyRedirect(old_path=query_key("tag", unquote(term.slug)), new_path=target)
            )
        known = LegacyRedirect.objects.filter(old_path__in=[r.old_path for r in rows]).count()
        self.report.count("tag", "created", (len(rows) - known) // 2)
        self.report.count("tag", "unchanged", known // 2)
        self._save_redirects(rows)

    def _free_slug(self, model, slug: str, name: str, length: int) -> str:
        base = slugify(unquote(slug))[:length] or slugify(name)[:length] or "pays"
        candidate, n = base, 1
        while model.objects.filter(slug=candidate).exists():
            n += 1
            candidate = f"{base[: length - 4]}-{n}"
        return candidate
