"""Who we are (site pages), writing to the newsroom, and the 404 page's suggestions.

The contact form refuses like the comment form: every refusal renders the page again with the
form as the reader filled it (status 400, 429 or 503), so nothing typed is lost; a sent message
redirects (Post/Redirect/Get) to the page with a thank-you.
"""

import re

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

import tagcache
from articles import vocabulary
from articles.models import Article
from articles.search import STOP_WORDS, SearchTooBroad, fold, search_articles, time_limit
from pages import conf, selectors, services
from pages.forms import ContactForm
from pages.models import Publisher
from plumbing import captcha
from plumbing.clientip import client_network
from plumbing.forms import captcha_mode
from plumbing.ratelimit import search_limited, too_many_requests
from plumbing.seo import PageMeta, describe
from tagcache import cached_page

REFUSED, TOO_MANY, UNAVAILABLE = 400, 429, 503
CONTACT_PAGE = "contact"  # the page whose text introduces the form, if the desk wrote one


@cached_page()
@require_safe
def page(request, slug):
    """`/infos/<slug>/`: À propos, Rédaction, Mentions légales… as the Éditeurs wrote them."""
    site_page = selectors.public_page(slug)
    if site_page is None:
        raise Http404(_("Aucune page à cette adresse."))
    if slug == CONTACT_PAGE:
        return HttpResponseRedirect(reverse("pages:contact"))
    return render(
        request,
        "pages/page.html",
        {
            "page": site_page,
            "publisher": Publisher.load() if site_page.shows_publisher else None,
            "team": selectors.newsroom_team() if site_page.shows_team else None,
            "meta": PageMeta(
                title=site_page.title,
                description=site_page.summary or describe(site_page.body),
                # Written by the newsroom in French, like the articles
                # (plumbing.seo.page_languages).
                translated=False,
            ),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def contact(request):
    """`/contact/`: the form, then the message mailed to the newsroom."""
    if request.method == "POST":
        return send_contact(request)
    return render_contact(request, ContactForm())


def render_contact(request, form, *, status=200, error=None):
    if error:
        form.add_error(None, error)
    return render(
        request,
        "pages/contact.html",
        {
            "form": form,
            "intro": selectors.public_page(CONTACT_PAGE),
            "publisher": Publisher.load(),
            "captcha_mode": captcha_mode(),
            "meta": PageMeta(
                title=_("Contacter la rédaction"),
                description=_(
                    "Écrire à la rédaction : une information, une correction, une question."
                ),
                translated=True,
            ),
        },
        status=status,
    )


def send_contact(request):
    form = ContactForm(request.POST)
    if not form.is_valid():
        return render_contact(request, form, status=REFUSED)
    outcome, gate = captcha.human_check(
        request,
        form,
        action=conf.get("CONTACT_CAPTCHA_ACTION"),
        group="contact",
        rate=conf.get("CONTACT_RATE_LIMIT"),
        noscript_rate=conf.get("CONTACT_NOSCRIPT_RATE_LIMIT"),
    )
    if outcome == captcha.BOT:
        error = _(
            "Votre message n'a pas pu être envoyé. Laissez vide le champ "
            "« Laissez ce champ vide » et réessayez."
        )
        return render_contact(request, form, status=REFUSED, error=error)
    if outcome == captcha.TOO_MANY:
        error = _(
            "Vous avez envoyé beaucoup de messages en peu de temps. Patientez une heure "
            "avant de réessayer ; votre texte est conservé."
        )
        return render_contact(request, form, status=TOO_MANY, error=error)
    if outcome == captcha.NOSCRIPT_TOO_MANY:
        error = _(
            "Sans JavaScript, le nombre de messages est limité : réessayez plus tard, ou "
            "activez JavaScript. Votre texte est conservé."
        )
        return render_contact(request, form, status=TOO_MANY, error=error)
    if outcome == captcha.REFUSED:
        return render_contact(request, form, status=REFUSED, error=refusal_message(gate))
    data = form.cleaned_data
    try:
        services.contact_send(
            contact=services.ContactMessage(
                name=data["name"],
                email=data["email"],
                subject=data["subject"],
                message=data["message"],
            ),
            to_check=to_check(gate),
            network=client_network(request),
        )
    except services.NotSent:
        return render_contact(
            request,
            form,
            status=UNAVAILABLE,
            error=_(
                "Votre message n'a pas pu partir : notre serveur de messagerie ne répond pas. "
                "Réessayez dans quelques minutes ; votre texte est conservé."
            ),
        )
    messages.success(
        request, _("Merci ! Votre message est parti à la rédaction, qui vous répondra par e-mail.")
    )
    return HttpResponseRedirect(reverse("pages:contact"))


def refusal_message(gate) -> str:
    if gate.status == captcha.SPAM:  # a low score: the gate's own words ask to contact us
        email = Publisher.load().email
        message = _(
            "Votre message n'a pas pu être envoyé : le captcha n'a pas confirmé que vous n'êtes "
            "pas un robot. Votre texte est conservé ; réessayez plus tard."
        )
        if email:
            message += " " + _("Vous pouvez aussi nous écrire à %(email)s.") % {"email": email}
        return message
    return gate.message  # « La vérification du captcha a échoué. »


def to_check(gate) -> str:
    """Why the newsroom should look twice at a message the gate let through ("" if no reason):
    a middle score, no JavaScript, or Google unreachable (the comments' « moderate all » is
    theirs: comments.services.moderated)."""
    if gate.decision != captcha.HOLD:
        return ""
    score = f"{gate.score:.1f}" if gate.score is not None else "?"
    return f"captcha {gate.reason}, score {score}"


# -- The 404 page's suggestions ---------------------------------------------------------------

# Words of our own addresses and of the web's, which say nothing about what was looked for.
PATH_NOISE = frozenset(
    ("article", "articles", "rubrique", "pays", "auteur", "archives", "recherche", "flux")
    + ("html", "htm", "php", "asp", "aspx", "amp", "www", "index", "page", "category", "tag")
    + ("infos", "contact", "fr", "en")
)
_PATH_WORD = re.compile(r"[^\W_]+")
MAX_PATH_LENGTH = 300


def path_words(path: str) -> list[str]:
    """The words of an address worth searching for: « /article/cotonu-port-2024/ » →
    ["cotonu", "port"]."""
    words = []
    for word in _PATH_WORD.findall(fold(path[:MAX_PATH_LENGTH]) or ""):
        if len(word) > 2 and not word.isdigit() and word not in STOP_WORDS | PATH_NOISE:
            words.append(word)
    return list(dict.fromkeys(words))[: conf.get("NOT_FOUND_MAX_WORDS")]


@require_safe
def suggestions(request):
    """`/suggestions/?chemin=/article/…`: three published articles near the words of a broken
    address, for the 404 page's script. Kept per words until an article changes (tag `search`);
    a miss counts against the search limit, so made-up addresses cannot make the database work."""
    words = path_words(request.GET.get("chemin", ""))
    found = []
    if words:
        parts = (tuple(words), conf.get("NOT_FOUND_SUGGESTIONS"))
        found = tagcache.peek("not-found", parts)
        if found is None:
            if search_limited(request):
                return too_many_requests(
                    request, _("Trop de demandes : réessayez dans une minute.")
                )
            try:
                found = tagcache.cached(
                    "not-found", parts, lambda: near(words), tags=["search"], timeout=3600
                )
            except SearchTooBroad:
                found = []
    response = JsonResponse({"articles": found})
    response["Cache-Control"] = "no-store"
    return response


def near(words: list[str]) -> list[dict]:
    """The published articles holding most of these words (each misspelling first replaced by
    the archive's spelling), best first."""
    query = vocabulary.correct(" ".join(words)) or " ".join(words)
    ranked = search_articles(Article.objects.published(), query, any_word=True)
    with time_limit():
        articles = list(ranked.only("title", "slug")[: conf.get("NOT_FOUND_SUGGESTIONS")])
    return [{"title": a.title, "url": a.get_absolute_url()} for a in articles]
