"""What the moderation queue says about a comment, in words a moderator reads at a glance: the
captcha score as a band in French (« moyen 0,55 », with the thresholds the gate and the
score filter use), the reason of the verdict (`score_mid` → « score moyen »), what a reply
answers (« en réponse à Awa K. : « Le chiffre cité… » ») and how long a held comment has
waited (« en attente depuis 3 jours »). Codes nobody has named yet are shown as they are rather
than hidden."""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.timesince import timesince
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from comments import conf
from comments.models import Comment
from plumbing.text import one_line, short_figure

# What a reply's card quotes of the comment it answers: a line, enough to judge the reply by.
PARENT_EXCERPT_LENGTH = 140

REASONS = {
    "score_low": _("score faible"),
    "score_mid": _("score moyen"),
    "score_high": _("score élevé"),
    "moderate_all": _("tout est modéré (réglage)"),
    "dev_verifier": _("vérificateur de développement"),
    "demo": _("contenu de démonstration"),  # what `make run` loads (comments/demo.py)
    "no_javascript": _("sans vérification (pas de JavaScript)"),
    "trusted": _("commentateur de confiance"),
    "blocklist": _("terme bloqué"),
    "not_configured": _("captcha non configuré"),
    "siteverify_timeout": _("captcha injoignable (délai dépassé)"),
    "siteverify_unreachable": _("captcha injoignable"),
    "siteverify_error": _("erreur du captcha"),
    "siteverify_bad_response": _("réponse illisible du captcha"),
    "siteverify_misconfigured": _("clé captcha refusée (configuration)"),
    "missing_token": _("jeton captcha absent"),
    "malformed_token": _("jeton captcha malformé"),
    "invalid_token": _("jeton captcha refusé"),
    "wrong_action": _("jeton captcha d'une autre action"),
    "wrong_hostname": _("jeton captcha d'un autre site"),
}


def refuse_below() -> float:
    return getattr(settings, "CAPTCHA_SCORE_REFUSE_BELOW", 0.3)


def publish_at() -> float:
    return getattr(settings, "CAPTCHA_SCORE_PUBLISH_AT", 0.7)


def score_band(score: float | None) -> str:
    """« faible 0,21 », « moyen 0,55 », « élevé 0,9 », « aucun »: under the column « Score »
    and after « Score : » on a phone's card (« Score : score moyen 0,5 » said it twice)."""
    if score is None:
        return str(pgettext_lazy("captcha score", "aucun"))
    if score < refuse_below():
        band = pgettext_lazy("captcha score", "faible")
    elif score < publish_at():
        band = pgettext_lazy("captcha score", "moyen")
    else:
        band = pgettext_lazy("captcha score", "élevé")
    # Two decimals at most: 0,9 rather than 0,90.
    return f"{band} {short_figure(score, 2)}"


def reason_words(code: str) -> str:
    return str(REASONS.get(code, code)) if code else "—"


def replying_to(parent: Comment) -> SafeString:
    """« en réponse à Awa K. : « Le chiffre cité… » »: the card said « réponse à un autre
    commentaire », and the moderator left the queue to read what the reply answered (a
    moderator's trial). The parent comes with the page's rows (`list_select_related`)."""
    if not parent.body.strip():  # erased at its author's request (services.erase_commenter)
        return format_html("{}", gettext("en réponse à un commentaire effacé"))
    excerpt = one_line(parent.body.strip())
    if len(excerpt) > PARENT_EXCERPT_LENGTH:  # « …sur ce sujet… », not « sujet … »
        excerpt = excerpt[: PARENT_EXCERPT_LENGTH - 1].rstrip() + "…"
    return format_html(
        gettext("en réponse à {name} : « {excerpt} »"), name=parent.author_name, excerpt=excerpt
    )


def waiting_for(since: datetime, now: datetime | None = None) -> str:
    """« en attente depuis 3 jours », « depuis 2 heures »: the largest unit only (Django's
    `timesince`, in the interface's language, no-break space inside)."""
    now = now or timezone.now()
    if now - since < timedelta(minutes=1):
        return gettext("en attente depuis moins d'une minute")
    return gettext("en attente depuis %(time)s") % {"time": timesince(since, now, depth=1)}


def waiting_counts() -> dict[str, int]:
    """The queues' lengths for the badges beside « Commentaires » in the admin's menu and on its
    dashboard: « en attente » (held for a decision) and « signalés » (on the page, reported
    from enough networks since a moderator last looked; three reports said nothing in the
    menu, a moderator's trial). Two counts, each on its own index: one query with both counts
    as filters read the whole table, 68 ms a page for 500,000 comments."""
    return {
        "pending": Comment.objects.pending().count(),
        "reported": Comment.objects.reported(conf.get("COMMENTS_FLAGS_TO_REVIEW")).count(),
    }
