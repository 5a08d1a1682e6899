"""The pages parse without errors in the Nu Html Checker, as `make quality` requires.

The pages are rendered by the test client (DEBUG off) with everything that can appear on them:
the « Dernière minute » ticker, ads in every slot, a comment thread with replies, the comment
form sent empty, search results, the 404 page. vnu.jar comes from npm (`npm ci --prefix tools
--ignore-scripts`) and runs with the machine's Java, once for all the pages; the test skips
without either. The messages kept on purpose, with their reasons, are those of
tools/quality.py (KNOWN_MESSAGES), so both checks accept exactly the same.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import timezone

from newsletter import links
from newsletter.models import Subscriber
from tests.support.factories import (
    AdSlotFactory,
    ArticleFactory,
    CommentFactory,
    CountryFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
VNU = ROOT / "tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def quality_module():
    """tools/quality.py, which is a script, not a package."""
    name = "portail_quality_tool"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / "quality.py")
        sys.modules[name] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(sys.modules[name])
    return sys.modules[name]


@pytest.fixture
def vnu():
    if not VNU.is_file():
        pytest.skip(f"vnu.jar not installed at {VNU}: npm ci --prefix tools --ignore-scripts")
    if not shutil.which("java"):
        pytest.skip("no Java to run the Nu Html Checker: apt-get install -y default-jre-headless")
    return VNU


def test_every_kind_of_page_parses_without_errors(client, vnu, tmp_path):
    country = CountryFactory(name="Bénin", slug="benin")
    article = ArticleFactory(
        title="Le sommet de Cotonou",
        country=country,
        comments_open=True,
        is_breaking=True,
        with_image=True,
    )
    ArticleFactory(category=article.category, country=country, with_image=True)
    comment = CommentFactory(article=article, author_name="Aminata")
    CommentFactory(
        article=article, parent=comment, author_name="Kofi", website="https://k.example/"
    )
    for placement in ("header", "article_top", "in_body", "sidebar"):
        AdSlotFactory(placement=placement)
    article.notes.create(kind="correction", text="Le sommet s'est tenu mardi, non lundi.")
    # Its tags, other country and credits (byline « Par A et B · Photos : C »).
    article.tags.create(name="Sommets", slug="sommets")
    article.other_countries.add(CountryFactory(name="Togo", slug="togo"))
    for role in ("text", "photos"):
        article.contributions.create(user=StaffFactory(), role=role)

    waiting = Subscriber.objects.create(email="attente@example.org", email_hash="a" * 64)
    member = Subscriber.objects.create(
        email="awa@example.org", email_hash="b" * 64, confirmed_at=timezone.now()
    )
    manage = links.manage_token(member)

    pages = {
        "home": client.get("/"),
        "article": client.get(article.get_absolute_url()),
        "article, replying": client.get(f"{article.get_absolute_url()}?reply_to={comment.pk}"),
        "article, comment form in error": client.post(
            f"/commentaires/{article.slug}/envoyer/", {"body": "", "name": ""}
        ),
        "category": client.get(article.category.get_absolute_url()),
        "country": client.get(country.get_absolute_url()),
        "tag": client.get("/sujet/sommets/"),
        "search": client.get("/recherche/", {"q": "Cotonou"}),
        "search, refused": client.get("/recherche/", {"q": "!!!"}),
        "404": client.get("/cette-page-n-existe-pas/"),
        "privacy": client.get("/confidentialite/"),
        "corrections": client.get("/corrections/"),
        "home in English": client.get("/en/"),
        # The audience's pages: « L'essentiel », the offline page, the light page (Save-Data: on).
        "newsletter, sign-up": client.get("/lettre/"),
        "newsletter, sign-up in error": client.post("/lettre/", {"email": "pas-une-adresse"}),
        "newsletter, check your inbox": client.get("/lettre/verifiez/"),
        "newsletter, confirm": client.get(f"/lettre/confirmer/{links.confirm_token(waiting)}/"),
        "newsletter, preferences": client.get(f"/lettre/preferences/{manage}/?bienvenue=1"),
        "newsletter, unsubscribe": client.get(f"/lettre/desabonner/{manage}/"),
        "newsletter, unsubscribed": client.post(f"/lettre/desabonner/{manage}/"),
        "newsletter, dead link": client.get("/lettre/confirmer/lien-invalide/"),
        "offline": client.get("/hors-ligne/"),
        "article, data saver": client.get(article.get_absolute_url(), HTTP_SAVE_DATA="on"),
    }
    files = {}
    for index, (name, response) in enumerate(pages.items()):
        assert response.status_code in (200, 400, 404), (name, response.status_code)
        path = tmp_path / f"page-{index}.html"
        path.write_bytes(response.content)
        files[path.name] = name
    assert "Dernière minute" in pages["home"].content.decode()  # the ticker is in the check
    assert "saver.css" in pages["article, data saver"].content.decode()  # the light page

    answer = subprocess.run(
        ["java", "-jar", str(vnu), "--format", "json", "--exit-zero-always"]
        + [str(tmp_path / name) for name in files],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    known_reason = quality_module().known_reason
    unexplained = [
        f"{files.get(m.get('url', '').rsplit('/', 1)[-1])}: line {m.get('lastLine')}: "
        f"{m['message']}"
        for m in json.loads(answer.stderr or answer.stdout)["messages"]
        if not known_reason(m["message"])
    ]
    assert not unexplained, "\n".join(unexplained)
