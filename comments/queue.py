"""What the moderation queue says about a comment, in words a moderator reads at a glance: the
captcha score as a band in French (« moyen 0,55 », with the thresholds the gate and the
score filter use) and the reason of the verdict (`score_mid` → « score moyen »). Codes nobody
has named yet are shown as they are rather than hidden."""

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from comments import conf
from comments.models import Comment

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
    # Two decimals at most, the locale's comma, no trailing zero: 0,9 rather than 0,90.
    figure = number_format(round(score, 2), decimal_pos=2).rstrip("0").rstrip(",.")
    return f"{band} {figure}"


def reason_words(code: str) -> str:
    return str(REASONS.get(code, code)) if code else "—"


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
