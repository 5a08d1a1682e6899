"""Step 2, people: WordPress authors → staff accounts, before the posts that name them.

An author is matched on its WordPress ID, else linked to an existing account with the same
email, else given a new staff account with no usable password and no role. A post's author
missing from the exported authors gets an account too, once (`user_for()`).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.text import slugify
from django.utils.translation import gettext as _

from authors.services import profile_for
from wordpress.importer.addresses import save_redirects
from wordpress.importer.context import ImportContext
from wordpress.importer.rows import Kind, lookup, remember
from wordpress.models import LegacyRedirect
from wordpress.redirects import normalise, query_key
from wordpress.wxr import Author

FALLBACK_AUTHOR = "redaction"


def import_authors(ctx: ImportContext) -> None:
    for author in ctx.authors:
        _import_author(ctx, author)


def user_for(ctx: ImportContext, login: str, wp_id):
    """The account for a post's `dc:creator`; a login missing from the exported authors
    (or no login at all: « redaction ») gets an account once, remembered for next runs."""
    key = (login or "").strip().lower()
    if key in ctx.users:
        return ctx.users[key]
    login = login.strip() or FALLBACK_AUTHOR
    item = lookup(ctx, Kind.AUTHOR, f"login:{login.lower()}")
    if item is not None and item.user is not None:
        user = item.user
    else:
        ctx.report.problem(
            "post",
            wp_id,
            _("auteur inconnu « %(login)s » (absent des auteurs exportés) : compte créé")
            % {"login": login},
        )
        user = _new_user(login, None)
        ctx.report.count("author", "created")
        remember(ctx, Kind.AUTHOR, f"login:{login.lower()}", user=user)
    ctx.users[key] = user
    return user


def _import_author(ctx: ImportContext, author: Author) -> None:
    item = lookup(ctx, Kind.AUTHOR, str(author.id or author.login))
    if item and item.user_id:
        ctx.users[author.login.lower()] = item.user
        ctx.report.count("author", "unchanged")
        _author_redirects(ctx, author, item.user)
        return
    if item and not item.user_id:
        ctx.report.count("author", "skipped")
        ctx.report.problem("author", author.id, _("compte supprimé ici depuis l'import"))
        return
    user = None
    if author.email:
        user = get_user_model().objects.filter(email__iexact=author.email).order_by("pk").first()
    if user is not None:
        ctx.report.problem(
            "author",
            author.id,
            _("« %(login)s » rattaché au compte existant « %(username)s » (même adresse)")
            % {"login": author.login, "username": user.get_username()},
        )
        ctx.report.count("author", "unchanged")
    else:
        user = _new_user(author.login, author)
        ctx.report.count("author", "created")
    remember(ctx, Kind.AUTHOR, str(author.id or author.login), user=user)
    ctx.users[author.login.lower()] = user
    _author_redirects(ctx, author, user)


def _new_user(login: str, author: Author | None):
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


def _author_redirects(ctx: ImportContext, author: Author, user) -> None:
    # Old author links lead to the public profile (a slug from the name, not the login).
    profile_for(user)
    rows = [LegacyRedirect(old_path=query_key("author", str(author.id)), author=user)]
    nicename = slugify(author.login)
    if nicename:
        rows.append(
            LegacyRedirect(
                old_path=normalise(f"/{ctx.options.author_base}/{nicename}"),
                author=user,
            )
        )
    save_redirects(ctx, rows)
