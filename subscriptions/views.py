"""The two links of the reply e-mails. The signed URL is the credential: no login.

Neither link acts on GET: mail scanners and link previews open every link of a message, so a
GET only shows a page with a button. Confirming is a form like any other (CSRF token, the page
is never cached). Unsubscribing also answers the mail client's one-click POST (RFC 8058),
which carries no token and no cookie: that view alone is `csrf_exempt`; the signature is what
an attacker cannot forge. A forged, altered or expired link gets the same « lien invalide »
page, never an error.
"""

from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from subscriptions import proof, services, tokens

INVALID = 400


def invalid_link(request):
    return render(request, "subscriptions/invalid.html", status=INVALID)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    subscription = tokens.subscription_to_confirm(token)
    if subscription is None or subscription.unsubscribed_at is not None:
        return invalid_link(request)
    context = {"subscription": subscription, "article": subscription.comment.article}
    if request.method == "POST":
        services.address_confirm(subscription)
        response = render(request, "subscriptions/confirmed.html", context)
        proof.remember(request, response, subscription.email)
        return response
    return render(request, "subscriptions/confirm.html", context)


@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    subscription = tokens.subscription_to_unsubscribe(token)
    if subscription is None:
        return invalid_link(request)
    context = {"subscription": subscription, "article": subscription.comment.article}
    if request.method != "POST":
        return render(request, "subscriptions/unsubscribe.html", context)
    everything = request.POST.get("portee") == "tout"
    if everything:
        services.address_unsubscribe(subscription)
    else:  # the page's first button, or a mail client's List-Unsubscribe=One-Click
        services.subscription_unsubscribe(subscription)
    context["everything"] = everything
    return render(request, "subscriptions/unsubscribed.html", context)
