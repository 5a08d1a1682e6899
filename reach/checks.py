"""`check --deploy`: alerts need a VAPID pair in production (`manage.py make_vapid_keys`)."""

from django.core.checks import Tags, Warning, register

from reach import conf, vapid


@register(Tags.security, deploy=True)
def vapid_keys(app_configs, **kwargs):
    private, public = conf.get("WEBPUSH_VAPID_PRIVATE_KEY"), conf.get("WEBPUSH_VAPID_PUBLIC_KEY")
    if not private:
        return [
            Warning(
                "No WEBPUSH_VAPID_PRIVATE_KEY: breaking-news alerts are off.",
                hint="manage.py make_vapid_keys prints a pair for the environment.",
                id="reach.W001",
            )
        ]
    try:
        derived = vapid.public_of(private)
    except ValueError:
        derived = None
    if public and derived != public:
        return [
            Warning(
                "WEBPUSH_VAPID_PUBLIC_KEY is not the public half of WEBPUSH_VAPID_PRIVATE_KEY: "
                "browsers would subscribe with a key our pushes are not signed with.",
                id="reach.W002",
            )
        ]
    return []
