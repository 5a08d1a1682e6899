"""The newsroom's roles and what each may do: the one place where they are defined.

`apply_roles()` makes the groups say exactly this. It runs from data migrations
(sitewide/migrations/0004_roles_in_one_place.py, 0005_roles_with_alerts.py once the
alerts' model existed, 0007_moderator_role.py for the Modérateur) and from
`manage.py apply_roles`, which
restores the groups after someone edited them in the admin, and gives a new permission to
the roles once it is added here. The older migrations that granted permissions one app at a
time stay as they ran on existing databases; this file supersedes them.

A role is a Django group. A permission is named `app_label.codename`; `MANAGE` is the four
of Django's model permissions (add, change, delete, view).
"""

from __future__ import annotations

from django.apps import apps as installed_apps
from django.contrib.auth.management import create_permissions

WRITER = "Rédacteur"
EDITOR = "Éditeur"
MODERATOR = "Modérateur"

MANAGE = ("add", "change", "delete", "view")


def model_permissions(app_label: str, model: str, verbs=MANAGE) -> list[str]:
    return [f"{app_label}.{verb}_{model}" for verb in verbs]


def holders_of(permission: str):
    """Active accounts holding `permission` (« app_label.codename »), through a role or in
    person: who is told an article waits, who may be named a reporter."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission
    from django.db.models import Q

    app_label, codename = permission.split(".")
    granted = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    return (
        get_user_model()
        .objects.filter(Q(groups__permissions__in=granted) | Q(user_permissions__in=granted))
        .filter(is_active=True)
        .distinct()
    )


ROLES: dict[str, list[str]] = {
    # Writes and submits their own drafts (articles/workflow.py says who moves what);
    # uploads pictures and credits co-authors; files live entries where named a reporter.
    WRITER: [
        *model_permissions("articles", "article", ("add", "change", "view")),
        "articles.view_articlenote",
        *model_permissions("articles", "bodyimage", ("add", "view")),
        "articles.view_category",
        *model_permissions("articles", "contribution"),
        "articles.view_country",
        "articles.view_tag",
        "live.view_coverage",
        *model_permissions("live", "entry", ("add", "change", "view")),
    ],
    # Everything a writer does, and: publishes and schedules, corrects, runs the sections,
    # countries and topics, moderates comments, runs live coverage, the newsletter and the
    # alerts, the site's pages, ads and settings, and the old WordPress addresses.
    EDITOR: [
        *model_permissions("articles", "article"),
        "articles.publish_article",
        *model_permissions("articles", "articlenote"),
        *model_permissions("articles", "bodyimage"),
        *model_permissions("articles", "category"),
        *model_permissions("articles", "contribution"),
        *model_permissions("articles", "country"),
        *model_permissions("articles", "slugredirect"),
        *model_permissions("articles", "tag"),
        *model_permissions("authors", "authorprofile", ("change", "view")),
        *model_permissions("comments", "blockedterm"),
        *model_permissions("comments", "comment"),
        "comments.moderate_comment",
        *model_permissions("comments", "flag"),
        *model_permissions("live", "coverage"),
        *model_permissions("live", "entry"),
        *model_permissions("newsletter", "edition"),
        *model_permissions("newsletter", "editionitem"),
        *model_permissions("newsletter", "subscriber", ("change", "delete", "view")),
        *model_permissions("pages", "page", ("add", "change", "view")),
        *model_permissions("pages", "publisher", ("change", "view")),
        *model_permissions("portal", "adslot"),
        *model_permissions("portal", "sitesettings", ("change", "view")),
        "reach.view_pushalert",  # the alerts they send (sent from the article's form)
        *model_permissions("wordpress", "legacyredirect"),
        "wordpress.view_wordpressitem",
    ],
    # The comments and nothing else: decides on the queue (publish, spam, take off, reply,
    # the reports, a commenter's erasure on request) and keeps the blocklist. Not an article,
    # not a page; Django's deletion (`delete`, which takes other people's replies with it)
    # stays the Éditeurs'. Told of held and reported
    # comments by e-mail, like the Éditeurs; a second factor in production, like them (they
    # see commenters' addresses).
    MODERATOR: [
        *model_permissions("comments", "comment", ("change", "view")),
        "comments.moderate_comment",
        *model_permissions("comments", "blockedterm"),
        "comments.view_flag",
    ],
}

# Who is told of a held or reported comment, and must give a second factor in production
# (comments/services.py, plumbing/twofactor.py through OTP_GROUPS).
MODERATING = (EDITOR, MODERATOR)


def create_permissions_now(apps) -> None:
    """Permissions are created after migrations by a post_migrate signal; a migration that
    grants them needs them now. Harmless when they exist. create_permissions skips an app
    without a models module, as a migration's historical apps all are: each is given one for
    the call, then its own back (the installed apps' real modules, which dumpdata reads)."""
    for app_config in apps.get_app_configs():
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        try:
            create_permissions(app_config, verbosity=0, apps=apps)
        finally:
            app_config.models_module = models_module


def apply_roles(apps=installed_apps, *, strict=True) -> dict[str, tuple[set[str], set[str]]]:
    """Make each role's group hold exactly its permissions in ROLES. `apps`: the
    migration's historical apps, or the installed ones. Returns, per role, the permissions
    given and taken away. `strict=False` (the migration) leaves out the permissions of models
    that a later migration creates; `manage.py apply_roles` after `migrate` gives them."""
    create_permissions_now(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    known = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in Permission.objects.values_list(
            "pk", "content_type__app_label", "codename"
        )
    }
    changes = {}
    for role, names in ROLES.items():
        missing = sorted(set(names) - known.keys())
        if missing and strict:
            raise LookupError(f"{role}: no such permission {', '.join(missing)}")
        group, _created = Group.objects.get_or_create(name=role)
        held = {
            f"{app_label}.{codename}"
            for app_label, codename in group.permissions.values_list(
                "content_type__app_label", "codename"
            )
        }
        wanted = set(names) & known.keys()
        group.permissions.set([known[name] for name in wanted])
        changes[role] = (wanted - held, held - wanted)
    return changes


def grant_in_migration(apps, grants: dict[str, list[tuple[str, str]]]) -> None:
    """What the data migrations written before ROLES called (articles 0007 and 0008, live
    0002): kept for them, as they ran. New grants go into ROLES."""
    create_permissions_now(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in grants.items():
        group, _created = Group.objects.get_or_create(name=name)
        for app_label, codename in codenames:
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
