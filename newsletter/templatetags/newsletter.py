from django import template

from newsletter import conf
from newsletter.forms import SignupForm
from plumbing.forms import captcha_mode

register = template.Library()


@register.inclusion_tag("newsletter/form.html", takes_context=True)
def newsletter_signup(context, form_id="lettre-encart", compact=False):
    """`{% newsletter_signup %}`: the sign-up form for any page, shared caches included (the
    CSRF token is fetched by the script; nothing in it depends on the reader). `compact=True`
    (the home page on a phone): the address and the button, for the morning letter; alerts and
    other choices are one link away."""
    return {
        "form": SignupForm(),
        "form_id": form_id,
        "compact": compact,
        "captcha_mode": captcha_mode(),
        "request": context.get("request"),
    }


@register.simple_tag
def newsletter_unconfirmed_days() -> int:
    """For the privacy page: how long an unconfirmed sign-up is kept."""
    return conf.get("NEWSLETTER_UNCONFIRMED_KEEP_DAYS")


@register.simple_tag
def newsletter_log_days() -> int:
    return conf.get("NEWSLETTER_LOG_KEEP_DAYS")
