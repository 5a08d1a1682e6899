"""The roles are defined once (sitewide/roles.py): a migrated database's groups hold exactly
what that file says, and `manage.py apply_roles` puts back a group someone edited."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from sitewide.roles import EDITOR, MODERATOR, ROLES, WRITER


def held(role: str) -> set[str]:
    return {
        f"{app_label}.{codename}"
        for app_label, codename in Group.objects.get(name=role).permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


@pytest.mark.django_db
def test_the_migrated_groups_hold_exactly_the_roles_file():
    assert held(WRITER) == set(ROLES[WRITER])
    assert held(EDITOR) == set(ROLES[EDITOR])
    assert held(MODERATOR) == set(ROLES[MODERATOR])


def test_a_moderator_may_moderate_and_nothing_else():
    """A newsroom's moderators needed the Éditeur role, which also publishes and deletes
    articles and runs the site (a moderator's trial). Erasing comments for good stays the
    Éditeurs'."""
    assert {name.split(".")[0] for name in ROLES[MODERATOR]} == {"comments"}
    assert "comments.moderate_comment" in ROLES[MODERATOR]
    assert "comments.delete_comment" not in ROLES[MODERATOR]
    assert set(ROLES[MODERATOR]) <= set(ROLES[EDITOR])


def test_an_editor_may_do_all_a_writer_may_and_publish():
    assert set(ROLES[WRITER]) <= set(ROLES[EDITOR])
    assert "articles.publish_article" in ROLES[EDITOR]
    assert "articles.publish_article" not in ROLES[WRITER]
    assert "comments.moderate_comment" not in ROLES[WRITER]


@pytest.mark.django_db
def test_the_command_puts_back_a_group_edited_in_the_admin():
    writers = Group.objects.get(name=WRITER)
    writers.permissions.add(Permission.objects.get(codename="publish_article"))
    writers.permissions.remove(Permission.objects.get(codename="add_article"))
    out = StringIO()

    call_command("apply_roles", stdout=out)

    assert held(WRITER) == set(ROLES[WRITER])
    assert "Rédacteur : + articles.add_article" in out.getvalue()
    assert "Rédacteur : - articles.publish_article" in out.getvalue()
    assert "Éditeur : à jour" in out.getvalue()


@pytest.mark.django_db
def test_a_flushed_database_gets_its_roles_back():
    Group.objects.all().delete()
    call_command("apply_roles", verbosity=0)
    assert held(EDITOR) == set(ROLES[EDITOR])


@pytest.mark.django_db
def test_applying_the_roles_leaves_the_installed_apps_as_they_were():
    """The command runs in the process that serves or dumps: every app keeps its models module
    (dumpdata skips an app without one, and wrote an empty dump after the roles were applied)."""
    from django.apps import apps

    before = {config.label: config.models_module for config in apps.get_app_configs()}
    call_command("apply_roles", verbosity=0)
    out = StringIO()
    call_command("dumpdata", "auth.group", stdout=out)

    assert {config.label: config.models_module for config in apps.get_app_configs()} == before
    assert '"name": "Éditeur"' in out.getvalue() or '"name": "\\u00c9diteur"' in out.getvalue()
