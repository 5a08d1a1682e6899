from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SitewideConfig(AppConfig):
    """The site-wide app: ads, the site's settings, roles, accounts, the admin site, error pages.

    Its label stays « portal », the package it grew out of: its tables (`portal_adslot`,
    `portal_sitesettings`), content types, permission codenames and applied migrations keep
    their names, so a database migrated before the move needs nothing done to it."""

    name = "sitewide"
    label = "portal"
    verbose_name = _("Site")

    def ready(self):
        from plumbing import checks  # noqa: F401 - the CSRF middleware check registers itself
        from plumbing.siteurl import name_outgoing_mail
        from sitewide import caching

        caching.register()
        name_outgoing_mail()
        name_other_apps()


def name_other_apps() -> None:
    """Their sections in French, in the admin's menu, titles and breadcrumbs (an app's name is
    no model option: no migration follows)."""
    from django.apps import apps

    from sitewide.admin_site import THIRD_PARTY_APP_NAMES

    installed = {config.label: config for config in apps.get_app_configs()}
    for label, name in THIRD_PARTY_APP_NAMES.items():
        if label in installed:
            installed[label].verbose_name = name
