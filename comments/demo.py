"""Demo comments: realistic French threads on a few demo articles, loaded by `load_demo`.

Idempotent: each comment is keyed by its article, author and text. Runs after the articles
demo; articles it names that are missing are simply skipped.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from articles.models import Article
from comments.models import Comment


@dataclass(frozen=True)
class DemoComment:
    key: str  # to attach replies
    author: str
    body: str
    hours_after: int
    status: str = Comment.Status.PUBLISHED
    reply_to: str = ""
    score: float = 0.9
    website: str = ""


THREADS = {
    "cotonou-reunion-securite-maritime-golfe-de-guinee": [
        DemoComment(
            "a",
            "Rachidatou B.",
            "Enfin une coopération concrète entre les marines de la "
            "région. Les pêcheurs de Grand-Popo attendent ces patrouilles depuis longtemps.",
            2,
        ),
        DemoComment(
            "b",
            "Serge Agossou",
            "Il faudra voir si les moyens suivent : des vedettes sans "
            "carburant ne protègent personne.",
            3,
            reply_to="a",
        ),
        DemoComment(
            "c",
            "Rachidatou B.",
            "C'est juste. L'article parle d'un financement commun, "
            "espérons qu'il soit voté rapidement.",
            4,
            reply_to="b",
        ),
        DemoComment(
            "d",
            "Yao K.",
            "Merci pour cet article clair. Une carte des zones concernées aurait été utile.",
            6,
            website="https://example.org/yao",
        ),
        DemoComment(
            "e",
            "Un lecteur pressé",
            "Encore une réunion de plus…",
            7,
            status=Comment.Status.PENDING,
            score=0.5,
        ),
    ],
    "kinshasa-dialogue-grands-lacs": [
        DemoComment(
            "a",
            "Mireille Tshibanda",
            "Le dialogue est la seule voie. Mais les "
            "populations de l'Est doivent être associées aux discussions.",
            1,
        ),
        DemoComment(
            "b",
            "Patrick M.",
            "Tout à fait d'accord avec Mireille. Les sociétés civiles "
            "locales ont des propositions précises.",
            5,
            reply_to="a",
        ),
        DemoComment(
            "c",
            "Gains-faciles",
            "Gagnez 500 € par jour depuis chez vous, cliquez ici !!!",
            5,
            status=Comment.Status.SPAM,
            score=0.1,
        ),
    ],
    "senegal-debat-code-electoral": [
        DemoComment(
            "a",
            "Aminata Sow",
            "Bon résumé des positions. Dommage que le calendrier des "
            "consultations ne soit pas encore publié.",
            2,
        ),
        DemoComment(
            "b",
            "Ibrahima",
            "Le calendrier a été évoqué hier à la radio : la semaine "
            "prochaine, d'après le ministère.",
            4,
            reply_to="a",
        ),
        DemoComment(
            "c",
            "Fatou D.",
            "Je rejoins Aminata : la transparence commence par là.",
            8,
            status=Comment.Status.PENDING,
            score=0.6,
        ),
    ],
    "cotonou-zemidjans-electriques": [
        DemoComment(
            "a",
            "Koffi Dossou",
            "J'ai essayé une moto électrique pendant un mois : "
            "l'autonomie suffit pour une journée en ville.",
            3,
        ),
        DemoComment(
            "b",
            "Bernadette H.",
            "Et la recharge ? Les coupures de courant restent fréquentes dans mon quartier.",
            5,
            reply_to="a",
        ),
        DemoComment(
            "c",
            "Koffi Dossou",
            "Les stations d'échange de batteries règlent une partie "
            "du problème, comme l'explique l'article.",
            6,
            reply_to="b",
        ),
    ],
}


@dataclass
class CommentsReport:
    created: int = 0

    def __str__(self) -> str:
        return f"Commentaires de démonstration : {self.created} créés."


@transaction.atomic
def load() -> CommentsReport:
    report = CommentsReport()
    articles = Article.objects.in_bulk(list(THREADS), field_name="slug")
    for slug, thread in THREADS.items():
        article = articles.get(slug)
        if article is None:
            continue
        by_key: dict[str, Comment] = {}
        for demo in thread:
            parent = by_key.get(demo.reply_to)
            created_at = article.published_at + dt.timedelta(hours=demo.hours_after)
            comment, created = Comment.objects.update_or_create(
                article=article,
                author_name=demo.author,
                body=demo.body,
                defaults={
                    "parent": parent,
                    "depth": parent.depth + 1 if parent else 0,
                    "email": f"{slug[:20]}-{demo.key}@lecteurs.example.org",
                    "website": demo.website,
                    "status": demo.status,
                    "captcha_score": demo.score,
                    "captcha_action": "comment",
                    "verdict": {"published": "publish", "pending": "hold"}.get(
                        demo.status, "refuse"
                    ),
                    "verdict_reason": "demo",
                    "published_at": created_at if demo.status == "published" else None,
                },
            )
            # created_at is auto_now_add: set it after, so threads read in a plausible order.
            Comment.objects.filter(pk=comment.pk).update(created_at=min(created_at, timezone.now()))
            by_key[demo.key] = comment
            report.created += created
    return report
