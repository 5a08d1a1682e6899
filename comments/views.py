"""Posting, replying and reporting. Function views: the posting flow reads best top to bottom.

Every refusal re-renders the article page with the form as the person filled it, so nothing
they typed is lost; every success redirects (Post/Redirect/Get) to the comment's anchor.
"""

import datetime as dt
import json
from urllib.parse import quote

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.csrf import csrf_failure as django_csrf_failure
from django.views.decorators.http import require_http_methods, require_safe

from articles.models import Article
from articles.rendering import render_article_page
from articles.selectors import moved_article_slug, public_article
from comments import blocklist, conf, pending_cookie, services, threads
from comments.forms import CommentForm, FlagForm
from comments.models import Comment, Flag
from plumbing import captcha
from plumbing.clientip import client_ip, network_of
from plumbing.login import is_signed_in_staff
from plumbing.ratelimit import limited
from subscriptions import proof as address_proof
from subscriptions import services as reply_mail
from tagcache import cached_page

REFUSED, FORBIDDEN, TOO_MANY = 400, 403, 429
# Where the outcome of a post is said (templates/comments/section.html): the page lands there.
OUTCOME_ANCHOR = "statut-commentaire"
COMMENTS_ANCHOR = "commentaires"  # the comment section (templates/comments/section.html)
# The tag of messages shown in the comment section, where the reader lands, not atop the page.
OUTCOME_TAG = "commentaire"
# …and of the one saying the comment is held: the script puts it beside the reader's held comment.
HELD_TAG = "en-attente"


def render_article_with_form(request, article, form, *, status, error=None):
    """The article page again, with the bound form, its errors and our message above it."""
    if error:
        form.add_error(None, error)
    response = render_article_page(request, article, extra_context={"comment_form": form})
    response.status_code = status
    return response


def article_gone(request):
    """The article was withdrawn while the reader wrote: say so, and hand back the text (a bare
    404 lost it: an attacker's trial)."""
    body = str(request.POST.get("body", ""))[: conf.get("COMMENTS_BODY_MAX_LENGTH") * 2]
    return render(request, "comments/article_gone.html", {"body": body}, status=404)


def rate_limited(request, group: str = "comments", setting: str = "COMMENTS_RATE_LIMIT") -> bool:
    """Count this attempt against the reader's network (IPv4 address or IPv6 /64, and its /56
    more loosely: plumbing/ratelimit.py): one person picking a new address of their /64 for
    each post is still one person. Posting calls it only
    once the form is valid (a typo in an e-mail costs nothing); « Signaler » has its own group.
    Fails open, like every limit: the cache down lets people comment rather than fail the page."""
    return limited(request, group, conf.get(setting))


def noscript_limited(request) -> bool:
    """Comments without JavaScript skip the captcha (no token can come) and are all held, so
    their own, tighter limit per network keeps a script from filling the queue that way."""
    return rate_limited(request, group="comments-noscript", setting="COMMENTS_NOSCRIPT_RATE_LIMIT")


def remember_commenter(request, response, form: CommentForm) -> None:
    """With consent, keep name and email in a cookie our script uses to fill the form.

    Secure whenever the page came over HTTPS (``is_secure()`` honours SECURE_PROXY_SSL_HEADER
    behind the proxy), so a year of name and email never travels in clear; plain HTTP in
    development still gets it. Not HttpOnly: static/js/comments.js reads it to fill the form,
    since the article page is cached for everyone and cannot carry anyone's name.
    """
    cookie = conf.get("COMMENTS_REMEMBER_COOKIE")
    if form.cleaned_data.get("remember"):
        value = quote(
            json.dumps({"name": form.cleaned_data["name"], "email": form.cleaned_data["email"]})
        )
        response.set_cookie(
            cookie, value, max_age=365 * 24 * 3600, samesite="Lax", secure=request.is_secure()
        )
    else:
        response.delete_cookie(cookie, samesite="Lax")


@require_http_methods(["GET", "HEAD", "POST"])
def post_comment(request, slug):
    article = public_article(slug)  # with what its page shows, drawn again around a refusal
    if article is None and (moved_to := moved_article_slug(slug)):
        article = public_article(moved_to)  # its address changed while the reader wrote
    if article is None:
        if request.method == "POST":
            return article_gone(request)
        raise Http404
    if request.method != "POST":
        # A refused comment's page stands at this address: its language link, a reload that
        # does not send again or a restored tab ask for it. Back to the article's comments.
        return HttpResponseRedirect(f"{article.get_absolute_url()}#{COMMENTS_ANCHOR}")
    newsroom = is_signed_in_staff(request)
    form = CommentForm(request.POST, article=article, newsroom=newsroom)
    if not article.comments_open:
        return render_article_with_form(
            request,
            article,
            form,
            status=FORBIDDEN,
            error=_("Les commentaires sont fermés pour cet article."),
        )
    if not form.is_valid():
        if "parent" in form.errors:
            form.data = form.data.copy()
            form.data["parent"] = ""
        return render_article_with_form(request, article, form, status=REFUSED)
    if form.is_bot:
        return render_article_with_form(
            request,
            article,
            form,
            status=REFUSED,
            error=_(
                "Votre commentaire n'a pas pu être envoyé. Laissez vide le champ "
                "« Laissez ce champ vide » et réessayez."
            ),
        )

    data = form.cleaned_data
    ip_address = client_ip(request) or None
    sent = {"article": article, "email": data["email"], "body": data["body"]}
    # A double click or a resend, from where the first copy came: before the limit and the
    # captcha, which the second copy must not cost. Only from there: from elsewhere, the answer
    # told anyone who copied a comment whether an e-mail address wrote it, and handed over a
    # held one's cookie (two attackers' trials). A phone that changed networks between two
    # sends posts a second copy, which the moderators can remove.
    duplicate = services.find_duplicate(**sent, network=network_of(ip_address or ""))
    if duplicate is not None:
        return answer_duplicate(request, duplicate)

    # Only posts that reach the captcha count: a refused form (a typo in the e-mail, a text
    # too long) is corrected and sent again, it is not a second comment. Those of the newsroom's
    # moderators are neither counted nor scored (services.newsroom_verdict).
    moderator = newsroom and services.answers_for_the_newsroom(request.user)
    if not moderator and rate_limited(request):
        return render_article_with_form(
            request,
            article,
            form,
            status=TOO_MANY,
            error=_(
                "Vous avez envoyé beaucoup de commentaires en peu de temps. "
                "Patientez quelques minutes avant de réessayer ; votre texte est conservé."
            ),
        )
    if moderator:
        gate = services.newsroom_verdict()
    else:
        gate = captcha.verify(data.get("captcha"), request, scripted=form.ran_javascript)
    if gate.reason == captcha.NO_JAVASCRIPT and noscript_limited(request):
        return render_article_with_form(
            request,
            article,
            form,
            status=TOO_MANY,
            error=_(
                "Sans JavaScript, chaque commentaire est relu avant publication, et leur nombre "
                "est limité : réessayez plus tard, ou activez JavaScript. Votre texte est "
                "conservé."
            ),
        )
    # Trust first, blocklist last: a blocked word still holds a trusted commenter's comment.
    verdict = blocklist.apply(
        services.moderated(services.trusted_verdict(gate, email=data["email"])),
        body=data["body"],
        email=data["email"],
        ip_address=ip_address,
    )
    if verdict.decision == captcha.REFUSE and (
        not verdict.status  # refused, nothing to keep
        or services.find_duplicate(**sent, refused=True)  # again: the moderators have it once
    ):
        return render_article_with_form(
            request, article, form, status=REFUSED, error=verdict.message
        )

    comment = services.comment_create(
        article=article,
        parent=data["parent"],
        author_name=data["name"],
        email=data["email"],
        website=data["website"],
        body=data["body"],
        verdict=verdict,
        ip_address=ip_address,
        user_agent=request.headers.get("User-Agent", ""),
        notify_replies=data.get("notify_replies", False),
        address_proven=address_proof.proves(request, data["email"]),
        language=request.LANGUAGE_CODE,
        by_newsroom=newsroom,
    )
    if verdict.decision == captcha.REFUSE:  # kept as spam for moderators, refused to the reader
        return render_article_with_form(
            request, article, form, status=REFUSED, error=verdict.message
        )

    return answer_created(request, form, comment)


# A copy sent this soon after the first is the same post (a double click, a resend on a slow
# network): the reader is told what became of it, as the first answer would have.
SAME_POST_SECONDS = 120


def answer_duplicate(request, duplicate: Comment):
    """The same comment sent twice: to the first one. Just sent, what became of it (the second
    click's page is the one the reader sees: it said « déjà reçu » and never « publié »);
    sent long ago, said so."""
    if timezone.now() - duplicate.created_at < dt.timedelta(seconds=SAME_POST_SECONDS):
        tell_outcome(request, duplicate)
    else:
        messages.info(
            request,
            _("Nous avions déjà reçu ce commentaire : il n'a pas été envoyé deux fois."),
            extra_tags=OUTCOME_TAG,
        )
    response = HttpResponseRedirect(redirect_target(duplicate))
    if duplicate.status == Comment.Status.PENDING:  # theirs: found by their e-mail
        pending_cookie.remember_pending(request, response, duplicate)
    return response


def tell_outcome(request, comment: Comment) -> None:
    if comment.status == Comment.Status.PUBLISHED:
        messages.success(
            request, _("Merci ! Votre commentaire est publié."), extra_tags=OUTCOME_TAG
        )
    else:
        messages.info(
            request,
            _(
                "Merci ! Votre commentaire est en attente de modération : "
                "il paraîtra dès qu'un modérateur l'aura validé."
            ),
            extra_tags=f"{OUTCOME_TAG} {HELD_TAG}",
        )


def answer_created(request, form: CommentForm, comment: Comment):
    """To the new comment, with what became of it; its author remembered (name, held ones)."""
    tell_outcome(request, comment)
    if form.cleaned_data.get("notify_replies") and reply_mail.awaits_confirmation(comment):
        messages.info(
            request,
            _(
                "Pour recevoir les réponses par e-mail, confirmez votre adresse : cliquez sur "
                "le lien du message que nous vous avons envoyé."
            ),
            extra_tags=OUTCOME_TAG,
        )
    response = HttpResponseRedirect(redirect_target(comment))
    remember_commenter(request, response, form)
    if comment.status == Comment.Status.PENDING:
        pending_cookie.remember_pending(request, response, comment)
    return response


def redirect_target(comment: Comment) -> str:
    if comment.status == Comment.Status.PUBLISHED:
        return threads.comment_url(comment)  # the page of the thread that holds it
    return f"{comment.article.get_absolute_url()}#{OUTCOME_ANCHOR}"


@require_safe
def permalink(request, pk):
    """`/commentaires/<id>/`, the address e-mails and `get_absolute_url` give: a 302 (not
    301: the page that holds a comment changes as the thread grows) to the thread's page and
    the comment's anchor. Unknown, unpublished, or on an article readers cannot see: 404."""
    comment = get_object_or_404(Comment.objects.on_the_site().select_related("article"), pk=pk)
    return HttpResponseRedirect(threads.comment_url(comment))


@require_http_methods(["GET", "HEAD", "POST"])
def flag_comment(request, pk):
    """« Signaler »: asked first (a page with the comment, « Oui, signaler » or « Annuler »);
    then one report per network counts; enough of them put the comment in the
    moderators' « Signalés » queue, and it stays on the page until one of them decides. The
    answer is the same whether the report counted or not. The address opened as a page (a
    copied link) reports nothing and leads to the comment. Under an article readers cannot see:
    404, like the permalink."""
    comment = get_object_or_404(Comment.objects.on_the_site().select_related("article"), pk=pk)
    if request.method != "POST":
        return HttpResponseRedirect(threads.comment_url(comment))
    confirmed = request.POST.get("confirm") == "oui"  # asked first: the button sits by « Répondre »
    form = FlagForm(request.POST if confirmed else None)
    if not form.is_valid():  # the question, or the answer again with its error and its words
        context = {
            "comment": comment,
            "back": threads.comment_url(comment),
            "reasons": Flag.Reason.choices,
            "form": form,
        }
        status = REFUSED if form.is_bound else 200
        return render(request, "comments/flag_confirm.html", context, status=status)
    if rate_limited(request, group="comments-flag", setting="COMMENTS_FLAG_RATE_LIMIT"):
        messages.error(
            request,
            _("Trop de demandes : réessayez dans quelques minutes."),
            extra_tags=OUTCOME_TAG,
        )
    else:
        services.comment_flag(
            comment=comment,
            ip_address=client_ip(request) or None,
            reason=form.cleaned_data["reason"],
            details=form.cleaned_data["details"],
        )
        messages.success(
            request,
            _("Merci, ce commentaire a été signalé à la rédaction."),
            extra_tags=OUTCOME_TAG,
        )
    # Back to the comment, not to the form at the thread's foot (a reader's trial): the thread's
    # page that holds it, where comments.js puts the thanks beside it.
    return HttpResponseRedirect(threads.comment_url(comment))


def csrf_failure(request, reason=""):
    """A comment sent from a page left open too long: say so, and give the text back."""
    match = getattr(request, "resolver_match", None)
    if request.method == "POST" and match is not None and match.url_name == "post":
        article = Article.objects.published().filter(slug=match.kwargs.get("slug")).first()
        if article is not None:
            form = CommentForm(request.POST, article=article)
            form.is_valid()
            return render_article_with_form(
                request,
                article,
                form,
                status=FORBIDDEN,
                error=_(
                    "La page était ouverte depuis trop longtemps et votre commentaire n'a pas "
                    "été envoyé. Votre texte est conservé ci-dessous : vérifiez-le puis "
                    "renvoyez-le."
                ),
            )
    return django_csrf_failure(request, reason=reason)


@cached_page()
@require_safe
def privacy(request):
    """« Politique de confidentialité »: what is kept, and for how long (from the settings)."""
    return render(
        request,
        "comments/privacy.html",
        {"retention_days": conf.get("COMMENTS_IP_RETENTION_DAYS")},
    )


@require_safe
def pending_comments(request, slug):
    """The reader's own comments of this article still awaiting moderation, for the page's
    script to show in place (comments/pending_cookie.py): only the ids their valid signed cookie
    holds. Never cached anywhere, and the cookie is dropped once none of its comments is pending."""
    article = get_object_or_404(Article.objects.published(), slug=slug)
    ids = pending_cookie.pending_ids(request)
    waiting = list(pending_cookie.still_pending(ids)) if ids else []
    own = sorted((c for c in waiting if c.article_id == article.pk), key=lambda c: c.created_at)
    response = JsonResponse(
        {
            "comments": [
                {
                    "id": comment.pk,
                    "parent": comment.parent_id,
                    "html": render_to_string(
                        "comments/pending.html", {"comment": comment}, request=request
                    ),
                }
                for comment in own
            ]
        }
    )
    if request.COOKIES.get(conf.get("COMMENTS_PENDING_COOKIE")) and not waiting:
        pending_cookie.forget_pending(response)
    response["Cache-Control"] = "private, no-store"
    patch_vary_headers(response, ["Cookie"])
    return response
