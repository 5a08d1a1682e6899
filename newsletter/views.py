"""« L'essentiel » for readers: signing up (`/lettre/`), and the three links of its e-mails.

Signing up refuses like the contact form: every refusal renders the page again with the form as
the reader filled it (400, 429), so nothing typed is lost; an accepted address redirects to a
page saying to look in the inbox, the same page whether the address was new, waiting or already
confirmed (the form tells a stranger nothing about someone's address).

The e-mail links carry a signed token, their only credential. None acts on GET (mail scanners
open every link): confirming and saving preferences are forms; unsubscribing also answers the
mail client's one-click POST (RFC 8058), hence `csrf_exempt` on that view alone.
"""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from newsletter import conf, links, services
from newsletter.forms import PreferencesForm, SignupForm
from plumbing import captcha
from plumbing.forms import captcha_mode

REFUSED, TOO_MANY = 400, 429


def invalid_link(request):
    return render(request, "newsletter/invalid.html", status=REFUSED)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def signup(request):
    if request.method != "POST":
        return render_signup(request, SignupForm())
    form = SignupForm(request.POST)
    if not form.is_valid():
        return render_signup(request, form, status=REFUSED)
    outcome, gate = captcha.human_check(
        request,
        form,
        action=conf.get("NEWSLETTER_CAPTCHA_ACTION"),
        group="newsletter",
        rate=conf.get("NEWSLETTER_RATE_LIMIT"),
        noscript_rate=conf.get("NEWSLETTER_NOSCRIPT_RATE_LIMIT"),
    )
    if outcome == captcha.BOT:
        error = _("Inscription refusée. Laissez vide le champ « Laissez ce champ vide ».")
        return render_signup(request, form, status=REFUSED, error=error)
    if outcome in (captcha.TOO_MANY, captcha.NOSCRIPT_TOO_MANY):
        return render_signup(request, form, status=TOO_MANY, error=too_many())
    if outcome == captcha.REFUSED:
        return render_signup(request, form, status=REFUSED, error=refusal(gate))
    # Held verdicts (middling score, Google unreachable, no JavaScript) go on: nothing is
    # published, and the confirmation e-mail is the real proof that the address is the reader's.
    data = form.cleaned_data
    services.subscriber_request(
        email=data["email"],
        wants_daily=data["wants_daily"],
        wants_breaking=data["wants_breaking"],
        language=request.LANGUAGE_CODE,
    )
    # The address as typed, on the next page, so that a typo shows (a reader's trial: the page
    # said « Vérifiez votre boîte » and nothing of which one). In the signed messages cookie,
    # never in the address. The way back to the form is a link (it was plain text on a page with
    # no form: another reader's trial); the same for every address, so it tells nothing either.
    messages.info(
        request,
        format_html(
            '{} <a href="{}">{}</a>.',
            _("Adresse saisie : %(email)s. Une faute de frappe ?") % {"email": data["email"]},
            reverse("newsletter:signup"),
            _("Inscrivez-vous avec la bonne adresse"),
        ),
    )
    return HttpResponseRedirect(reverse("newsletter:check_inbox"))


def too_many() -> str:
    return _(
        "Trop d'inscriptions depuis votre connexion en peu de temps. Réessayez dans une heure ; "
        "votre adresse est conservée dans le formulaire."
    )


def refusal(gate) -> str:
    if gate.status == captcha.SPAM:
        return _(
            "Inscription refusée : le captcha n'a pas confirmé que vous n'êtes pas un robot. "
            "Réessayez, ou écrivez-nous par la page Contact."
        )
    return gate.message  # « La vérification du captcha a échoué. »


def render_signup(request, form, *, status=200, error=None):
    if error:
        form.add_error(None, error)
    context = {"form": form, "captcha_mode": captcha_mode(), "standalone": True}
    return render(request, "newsletter/signup.html", context, status=status)


@never_cache
@require_safe
def check_inbox(request):
    return render(request, "newsletter/check_inbox.html")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    subscriber = links.subscriber_to_confirm(token)
    if subscriber is None:
        return invalid_link(request)
    preferences = reverse("newsletter:preferences", args=[links.manage_token(subscriber)])
    if subscriber.confirmed_at is not None:
        # The link opened again: it asked to confirm what was (a reader's trial).
        return HttpResponseRedirect(f"{preferences}?deja=1")
    if request.method == "POST":
        services.subscriber_confirm(subscriber)
        return HttpResponseRedirect(f"{preferences}?bienvenue=1")
    return render(request, "newsletter/confirm.html", {"subscriber": subscriber})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def preferences(request, token):
    subscriber = links.subscriber_to_manage(token)
    if subscriber is None or subscriber.confirmed_at is None:
        return invalid_link(request)
    saved = False
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            services.subscriber_choose(subscriber, **form.cleaned_data)
            saved = True
    else:
        form = PreferencesForm(
            initial={
                "wants_daily": subscriber.wants_daily,
                "wants_breaking": subscriber.wants_breaking,
                "paused": subscriber.paused,
            }
        )
    context = {
        "form": form,
        "saved": saved,
        "welcome": "bienvenue" in request.GET,
        "already_confirmed": "deja" in request.GET,
        "token": token,
    }
    return render(
        request,
        "newsletter/preferences.html",
        context,
        status=REFUSED if form.is_bound and not form.is_valid() else 200,
    )


@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    subscriber = links.subscriber_to_manage(token)
    if subscriber is None:
        # Already gone (the link opened again, a mail client's retry): say so, change nothing.
        if links.signed_manage_token(token):
            return render(request, "newsletter/unsubscribed.html")
        return invalid_link(request)
    if request.method != "POST":
        return render(request, "newsletter/unsubscribe.html", {"token": token})
    services.subscriber_unsubscribe(subscriber)
    return render(request, "newsletter/unsubscribed.html")
