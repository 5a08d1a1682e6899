"""Moving a newsroom off WordPress: `manage.py import_wordpress` (wordpress/importer/). The old
site's addresses afterwards: test_middleware.py; reading hostile files: test_wxr.py.

The sample export (tests/wordpress/sample.xml) was written for these tests: a category tree
listed out of order, two categories that are countries, a block-editor post with a whole
comment thread (replies deeper than the site allows, pending, spam, trash, a pingback), a
classic-editor post with the Newspaper theme's shortcodes and hostile HTML, a draft, a
scheduled post, a private one, one in review, one behind a password, one in the trash, an
author missing from the authors list, a featured image whose file is gone, a page and a menu
entry. The hostile files sit beside it.
"""

import datetime as dt
import re
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.test import Client

from articles.models import Article, Category, Country
from comments.models import Comment
from plumbing.renditions import rendition_name
from tests.support.factories import ArticleFactory, CountryFactory, jpeg_file
from tests.support.text import fr
from tests.support.wordpress import SAMPLE, article, counts, run_import
from wordpress.models import WordPressItem

pytestmark = pytest.mark.django_db


def _stored_files() -> set[str]:
    root = Path(default_storage.location)
    return {str(p) for p in root.rglob("*") if p.is_file()} if root.exists() else set()


class TestWhatOneImportWrites:
    """The sample imported once for the class, with the default options (`imported_sample`,
    its report); each test's own writes are rolled back."""

    pytestmark = pytest.mark.usefixtures("imported_sample")

    def test_categories_keep_their_tree_and_countries_become_countries(self):
        elections = Category.objects.get(slug="elections")
        assert elections.parent.slug == "politique"
        assert elections.name == "Élections"
        assert Category.objects.get(slug="politique").description == (
            "La vie politique nationale et régionale."
        )
        assert Category.objects.get(slug="societe-culture").name == "Société & culture"
        assert Category.objects.filter(slug="afrique", parent=None).exists()
        assert not Category.objects.filter(slug__in=["benin", "rd-congo"]).exists()
        assert dict(Country.objects.values_list("name", "iso_code")) == {
            "Bénin": "BJ",
            "RD Congo": "CD",
        }

    def test_authors_are_staff_without_a_usable_password(self):
        awa = get_user_model().objects.get(username="akone")
        assert awa.is_staff and not awa.has_usable_password()
        assert awa.get_full_name() == "Awa Koné"
        assert awa.email == "awa.kone@example.org"
        assert get_user_model().objects.get(username="jmensah").first_name == "Jean Mensah"
        assert not awa.is_superuser and not awa.groups.exists()

    def test_posts_keep_title_slug_standfirst_dates_and_place(self):
        post = article(10)
        assert post.title == "Élection au Bénin : le dépouillement s’achève"
        assert post.slug == "election-au-benin"
        assert post.standfirst == "Les résultats provisoires sont attendus dans la nuit."
        assert post.published_at == dt.datetime(2026, 10, 27, 13, 5, tzinfo=dt.UTC)
        assert post.updated_at == dt.datetime(2026, 10, 27, 14, 0, tzinfo=dt.UTC)
        assert post.revised_at == post.updated_at  # WordPress's « modified »: « Mis à jour le … »
        assert post.category.slug == "elections" and post.country.name == "Bénin"
        assert post.author.username == "akone" and post.comments_open and not post.is_lead
        kinshasa = article(11)
        assert kinshasa.category.slug == "politique"  # Yoast's primary category, not the first
        assert kinshasa.country.name == "RD Congo"
        assert kinshasa.is_lead and not kinshasa.comments_open  # sticky, comments closed
        assert (kinshasa.seo_title, kinshasa.seo_description) == (  # Yoast's, written by hand
            "Loi électorale en RD Congo : ce qui change",
            "Le Parlement de Kinshasa adopte la nouvelle loi électorale.",
        )
        assert (post.seo_title, post.seo_description) == ("", "")  # none: title and standfirst
        artisans = article(18)
        assert artisans.category.slug == "afrique"  # only a country: its parent category
        assert artisans.country.name == "Bénin"

    def test_every_status_lands_where_a_newsroom_expects_it(self):
        published, draft = Article.Status.PUBLISHED, Article.Status.DRAFT
        assert article(10).is_public and article(11).is_public
        assert (
            article(12).status == draft and article(12).slug == "brouillon-sur-la-saison-des-pluies"
        )
        assert article(12).published_at == dt.datetime(
            2026, 10, 25, 8, 0, tzinfo=dt.UTC
        )  # site zone
        assert article(13).status == published and article(13).is_scheduled
        assert article(14).status == draft  # private
        assert article(15).status == Article.Status.REVIEW  # pending: « À relire » on the desk
        assert article(16).status == draft  # password-protected: never public here
        assert not WordPressItem.objects.filter(kind="post", key="17").exists()  # trash
        assert Article.objects.count() == 8

    def test_block_markup_is_removed_and_classic_text_gets_its_paragraphs(self):
        body = article(10).body
        assert "wp:" not in body and "<!--" not in body
        assert "<h2>Une participation en hausse</h2>" in body
        assert "<strong>62 %</strong>" in body
        assert 'href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"' in body
        classic = article(11).body
        assert classic.startswith("<p>Les députés ont adopté le texte en seconde lecture.<br>")
        assert "<p>L'opposition a annoncé un recours.</p>" in classic  # [vc_*] unwrapped
        assert "td_block" not in classic and "[vc_" not in classic
        assert "« historique » [sic]" in classic  # brackets that are not shortcodes stay
        assert "<tr><td>Pour</td><td>312</td></tr>" in classic  # a table, as the editor's
        assert 'href="https://www.youtube.com/watch?v=abc123"' in classic  # [embed]

    def test_hostile_html_is_cleaned_like_the_editor_would(self):
        body = article(11).body
        assert "<script" not in body and "evil.example" not in body
        assert "onclick" not in body and "javascript:" not in body
        assert "Un paragraphe piégé." in body

    def test_without_uploads_the_original_image_addresses_are_kept_and_reported(
        self, imported_sample
    ):
        assert not article(10).image
        item = WordPressItem.objects.get(kind="post", key="10")
        url = "https://ancien.example.org/wp-content/uploads/2026/10/port-cotonou.jpg"
        assert item.data["image_url"] == url
        assert (
            "articles 10\u00a0: " + fr(f"image à la une non importée (sans --uploads) : {url}")
            in imported_sample
        )
        assert "urne-1024x683.jpg" in article(11).body
        assert "articles 11\u00a0: 1 image du texte reste sur l'ancien site" in imported_sample

    def test_readers_see_the_imported_thread_and_nothing_held_back(self, client):
        page = client.get(article(10).get_absolute_url())
        text = page.content.decode()
        assert page.status_code == 200
        assert "Attendons les chiffres officiels" in text
        assert "Et la réponse à la réponse de la réponse." in text
        assert "Gagnez gros" not in text and "attendait la modération" not in text
        assert "kossi@example.org" not in text

    def test_links_between_old_articles_point_at_the_new_addresses(self):
        # Post 10 links to post 18, which comes later in the file.
        assert 'href="/article/porto-novo-artisans/"' in article(10).body
        artisans = article(18).body
        assert 'href="/article/loi-electorale-kinshasa/#vote"' in artisans  # www. and ?p=, fragment
        assert 'href="https://ancien.example.org/?p=12"' in artisans  # a draft: left alone


def test_links_are_rewritten_only_in_articles_the_old_site_exported():
    """The old site's host is what the export says: an export naming another site (a paper the
    newsroom links to) must not turn the newsroom's own links to it into links to its posts."""
    before = (
        '<p>Lire <a href="https://ancien.example.org/2026/10/20/loi-electorale-kinshasa/">'
        "l'article d'origine</a>.</p>"
    )
    written_here = ArticleFactory(body=before)
    written_here.refresh_from_db()
    stored = written_here.body
    run_import()
    written_here.refresh_from_db()
    assert "https://ancien.example.org/2026/10/20/loi-electorale-kinshasa/" in stored
    assert written_here.body == stored
    assert 'href="/article/porto-novo-artisans/"' in article(10).body  # the export's own


def test_a_category_named_like_an_existing_country_becomes_that_country():
    CountryFactory(name="Bénin", slug="benin-pays", iso_code="BJ")
    run_import(country_categories="")
    assert Country.objects.count() == 1
    assert article(10).country.iso_code == "BJ"
    assert not Category.objects.filter(slug="benin").exists()
    assert Category.objects.filter(slug="rd-congo").exists()  # not named, not known: a category


def test_images_come_from_the_uploads_folder_with_renditions(uploads):
    run_import(uploads=str(uploads))
    post = article(10)
    assert post.image and post.image_width == 1600 and post.image_height == 900
    assert post.image_alt == "Des grues sur les quais du port de Cotonou"
    assert post.image_caption == "Le port de Cotonou au petit matin"
    assert post.library_image.image.name == post.image.name  # reusable from the library
    assert default_storage.exists(rendition_name(post.image.name, 800))
    figure = re.search(r"<figure>.*?</figure>", article(11).body, re.DOTALL).group(0)
    library = WordPressItem.objects.get(kind="file", key="2026/10/urne.jpg").image
    assert f'src="{library.image.url}"' in figure  # the original, not the 1024px copy
    assert 'width="1200" height="800"' in figure
    assert "<figcaption>Le scrutin de 2023 à Kinshasa</figcaption>" in figure
    assert "ancien.example.org" not in figure  # the link around it points here too
    page = Client().get(post.get_absolute_url())
    assert page.status_code == 200
    assert rendition_name(post.image.name, 800) in page.content.decode()


def test_comments_keep_their_thread_status_and_author(settings):
    settings.COMMENTS_MAX_DEPTH = 3
    settings.COMMENTS_IP_RETENTION_DAYS = 100_000  # the sample's IPs are not yet too old
    run_import()
    by_wp = {
        int(row.key): row.comment
        for row in WordPressItem.objects.filter(kind="comment").select_related("comment")
    }
    first, reply, deep, deeper = by_wp[201], by_wp[202], by_wp[203], by_wp[204]
    assert (first.parent, first.depth) == (None, 0)
    assert (reply.parent, reply.depth) == (first, 1)
    assert (deep.parent, deep.depth) == (reply, 2)
    # A reply past the deepest level joins the deepest level, as on the site.
    assert (deeper.parent, deeper.depth) == (reply, 2)
    assert [by_wp[i].status for i in (205, 206, 207)] == ["pending", "spam", "removed"]
    assert 208 not in by_wp  # pingback
    assert first.author_name == "Kossi A." and first.email == "kossi@example.org"
    assert first.website == "https://kossi.example.org"
    assert first.ip_address == "192.0.2.10" and reply.ip_address == "2001:db8::7"
    assert first.created_at == dt.datetime(2026, 10, 27, 14, 0, tzinfo=dt.UTC)
    assert first.published_at == first.created_at
    assert first.body == "Enfin une participation digne de ce nom.\nBravo aux électeurs."
    assert deeper.website == "" and deeper.ip_address is None  # javascript: URL, not an IP
    assert "<script" not in deeper.body
    # Never through the captcha gate: no score, marked as imported.
    assert first.captcha_score is None and first.verdict_reason == "import WordPress"


def test_old_comment_ips_are_not_imported(settings):
    settings.COMMENTS_IP_RETENTION_DAYS = 1
    run_import()
    assert not Comment.objects.exclude(ip_address=None).exists()


def test_the_report_counts_and_lists_every_problem_with_its_wordpress_id(uploads):
    output = run_import(uploads=str(uploads))
    assert "articles : 8 importés, 1 ignoré" in output
    assert "commentaires : 7 importés, 1 ignoré" in output
    assert "rubriques : 4 importées" in output and "pays : 2 importés" in output
    assert "auteurs : 3 importés" in output
    assert "images : 2 importées, 1 ignorée" in output
    for line in [
        "articles 17\u00a0: à la corbeille dans WordPress",
        "articles 18\u00a0: auteur inconnu « ancien.stagiaire » (absent des auteurs exportés)",
        "images 18\u00a0: image introuvable dans le dossier uploads : 2026/10/absente.jpg",
        "articles 11\u00a0: HTML nettoyé : balises retirées (script)",
        "articles 11\u00a0: HTML nettoyé : attributs de script (on…) retirés",
        "articles 11\u00a0: HTML nettoyé : liens javascript: ou data: retirés",
        "articles 11\u00a0: shortcodes retirés : td_block_big_grid_1",
        "articles 16\u00a0: protégé par mot de passe dans WordPress : importé en brouillon",
        "pages 20\u00a0: page « À propos » (/a-propos) non importée",
    ]:
        assert fr(line) in output, line
    assert "commentaires 204" not in output  # its parent is in the export, listed after it


def test_progress_goes_to_stderr():
    err = StringIO()
    call_command("import_wordpress", str(SAMPLE), stdout=StringIO(), stderr=err)
    assert "Lecture" in err.getvalue() and "100 %" in err.getvalue()


def test_running_twice_changes_nothing(uploads):
    run_import(uploads=str(uploads))
    before = counts()
    stamps = dict(Article.objects.values_list("pk", "updated_at"))
    output = run_import(uploads=str(uploads))
    assert counts() == before
    assert dict(Article.objects.values_list("pk", "updated_at")) == stamps
    assert "import" not in output.split("Problèmes")[0].split(" : ", 1)[1]  # nothing imported
    assert "mis à jour" not in output and "mises à jour" not in output
    assert "articles : 8 inchangés, 1 ignoré" in output


def test_a_newer_export_adds_what_is_new_and_updates_what_changed(tmp_path):
    run_import()
    newer = SAMPLE.read_text(encoding="utf-8")
    newer = newer.replace(
        "Kinshasa : le Parlement adopte la loi électorale",
        "Kinshasa : le Parlement adopte enfin la loi électorale",
    ).replace(
        "<wp:post_modified_gmt><![CDATA[2026-10-20 20:30:00]]>",
        "<wp:post_modified_gmt><![CDATA[2026-10-29 10:00:00]]>",
    )
    new_comment = """<wp:comment><wp:comment_id>209</wp:comment_id>
        <wp:comment_author><![CDATA[Nouveau lecteur]]></wp:comment_author>
        <wp:comment_author_email><![CDATA[nouveau@example.org]]></wp:comment_author_email>
        <wp:comment_date_gmt><![CDATA[2026-10-30 10:00:00]]></wp:comment_date_gmt>
        <wp:comment_content><![CDATA[Arrivé après la première importation.]]></wp:comment_content>
        <wp:comment_approved><![CDATA[1]]></wp:comment_approved>
        <wp:comment_parent>202</wp:comment_parent></wp:comment>
        <wp:comment>
            <wp:comment_id>201</wp:comment_id>"""
    newer = newer.replace("<wp:comment>\n\t\t\t<wp:comment_id>201</wp:comment_id>", new_comment)
    new_post = SAMPLE.read_text(encoding="utf-8").split("<!-- 12:")[1].split("</item>")[0]
    new_post = new_post.split("-->", 1)[1].replace("<wp:post_id>12<", "<wp:post_id>40<")
    newer = newer.replace("</channel>", new_post + "</item>\n</channel>")
    export = tmp_path / "newer.xml"
    export.write_text(newer, encoding="utf-8")
    articles, comments = Article.objects.count(), Comment.objects.count()

    output = run_import(export)

    assert Article.objects.count() == articles + 1
    assert Comment.objects.count() == comments + 1
    assert article(11).title == "Kinshasa : le Parlement adopte enfin la loi électorale"
    assert article(11).updated_at == dt.datetime(2026, 10, 29, 10, 0, tzinfo=dt.UTC)
    assert article(40).slug == "brouillon-sur-la-saison-des-pluies-2"
    newcomer = WordPressItem.objects.get(kind="comment", key="209").comment
    assert newcomer.parent == WordPressItem.objects.get(kind="comment", key="202").comment
    assert "articles : 1 importé, 1 mis à jour, 7 inchangés, 1 ignoré" in output


def test_work_done_here_is_not_overwritten_by_a_newer_export(tmp_path):
    run_import()
    post = article(10)
    post.title = "Titre retravaillé par la rédaction"
    post.save()
    export = tmp_path / "newer.xml"
    export.write_text(
        SAMPLE.read_text(encoding="utf-8").replace(
            "le dépouillement s&#8217;achève", "le dépouillement est terminé"
        ),
        encoding="utf-8",
    )
    output = run_import(export)
    assert article(10).title == "Titre retravaillé par la rédaction"
    assert "articles 10\u00a0: modifié dans le portail depuis l'import" in output


def test_what_was_deleted_here_stays_deleted():
    run_import()
    article(14).delete()
    output = run_import()
    assert not Article.objects.filter(title="Note interne à la rédaction").exists()
    assert "articles 14\u00a0: article supprimé ici depuis l'import" in output


def test_an_existing_category_with_the_same_slug_is_reused():
    politics = Category.objects.create(name="Politique", slug="politique", position=3)
    run_import()
    assert Category.objects.get(slug="elections").parent == politics
    assert Category.objects.filter(slug="politique").count() == 1


def test_dry_run_reports_everything_and_saves_nothing(uploads):
    files = _stored_files()
    output = run_import(uploads=str(uploads), dry_run=True)
    assert fr("Essai à blanc : rien n'a été enregistré.") in output
    assert "articles : 8 importés, 1 ignoré" in output
    assert counts() == {key: 0 for key in counts()}
    assert not WordPressItem.objects.exists()
    assert _stored_files() == files


def test_a_failure_after_images_were_stored_deletes_them(tmp_path, uploads, monkeypatch):
    """One transaction: an error late in the import leaves no rows and no files behind."""
    from wordpress.importer import addresses

    def fail(ctx):
        raise RuntimeError("panne de disque simulée")

    monkeypatch.setattr(addresses, "file_redirects", fail)
    before = _stored_files()
    with pytest.raises(RuntimeError):
        run_import(uploads=str(uploads))
    assert counts() == {key: 0 for key in counts()}
    assert _stored_files() == before


def test_an_attachment_path_cannot_leave_the_uploads_folder(tmp_path, uploads):
    secret = tmp_path / "secret.jpg"
    secret.write_bytes(jpeg_file(50, 50).read())
    export = tmp_path / "export.xml"
    export.write_text(
        SAMPLE.read_text(encoding="utf-8").replace(
            "<![CDATA[2026/10/port-cotonou.jpg]]>", "<![CDATA[../secret.jpg]]>"
        ),
        encoding="utf-8",
    )
    output = run_import(export, uploads=str(uploads))
    assert not article(10).image
    assert fr("image introuvable dans le dossier uploads : ../secret.jpg") in output


def test_control_characters_in_an_export_are_dropped_and_reported(tmp_path):
    export = tmp_path / "export.xml"
    export.write_bytes(
        SAMPLE.read_bytes().replace(
            "ont fermé à 17 heures".encode(), b"ont ferm\xc3\xa9\x0c \xc3\xa0 17 heures"
        )
    )
    output = run_import(export)
    assert "ont fermé à 17 heures" in article(10).body
    assert "autres éléments\u00a0: 1 caractère de contrôle invalide retiré du fichier" in output


def test_an_unknown_country_name_asks_for_its_code(tmp_path):
    export = tmp_path / "export.xml"
    export.write_text(
        SAMPLE.read_text(encoding="utf-8").replace("[RD Congo]", "[Zone franche]"),
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="Zone franche=XX"):
        run_import(export, country_categories="Bénin,Zone franche")
    assert not Article.objects.exists()
    run_import(export, country_categories="Bénin,Zone franche=XZ")
    assert Country.objects.get(iso_code="XZ").name == "Zone franche"


def test_command_refuses_a_missing_file_or_folder(tmp_path):
    with pytest.raises(CommandError, match="Fichier introuvable"):
        run_import(tmp_path / "absent.xml")
    with pytest.raises(CommandError, match="Dossier uploads introuvable"):
        run_import(uploads=str(tmp_path / "absent"))
    with pytest.raises(CommandError, match="deux lettres"):
        run_import(country_categories="Bénin=BEN")


def test_an_author_missing_from_the_export_gets_one_account_across_runs(tmp_path):
    run_import()
    export = tmp_path / "newer.xml"
    export.write_text(
        SAMPLE.read_text(encoding="utf-8").replace(
            "trois cents exposants", "quatre cents exposants"
        ),
        encoding="utf-8",
    )
    run_import(export)
    assert article(18).body.count("quatre cents") == 1
    assert get_user_model().objects.filter(username__startswith="ancien.stagiaire").count() == 1
