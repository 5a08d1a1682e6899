"""The pages app: site pages, the publisher's details, the archive's vocabulary.

Beyond the tables:
- PostgreSQL: the `pg_trgm` extension where the database role may create it, and a GIN trigram
  index on the vocabulary (« Vouliez-vous dire … ? », articles/vocabulary.py); a role that may
  not create extensions gets the difflib fallback instead, and a warning;
- the vocabulary filled from the articles already published;
- the three pages the footer links to (À propos, La rédaction, Mentions légales), empty;
- the desk (« Éditeur ») may edit the pages and the publisher's details.
"""

import logging

from django.contrib.auth.management import create_permissions
from django.db import DatabaseError, migrations, models, transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

TRIGRAM_INDEX = "pages_searchword_trgm"
EDITOR_GRANTS = ["view_page", "add_page", "change_page", "view_publisher", "change_publisher"]


def enable_trigrams(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):  # a savepoint
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError as error:
        logger.warning("pg_trgm unavailable (%s): suggestions use the difflib fallback", error)
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON pages_searchword "
        "USING gin (word gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")
    # The extension stays: other code may rely on it.


def fill_vocabulary(apps, schema_editor):
    from collections import Counter, defaultdict

    from articles.vocabulary import words_of  # a pure function of the text

    Article = apps.get_model("articles", "Article")
    SearchWord = apps.get_model("pages", "SearchWord")
    spellings, documents = defaultdict(Counter), Counter()
    published = Article.objects.filter(status="published", published_at__lte=timezone.now())
    for title, standfirst in published.values_list("title", "standfirst").iterator():
        seen = set()
        for folded, written in words_of(f"{title} {standfirst}"):
            spellings[folded][written] += 1
            seen.add(folded)
        documents.update(seen)
    SearchWord.objects.bulk_create(
        [
            SearchWord(word=w, display=spellings[w].most_common(1)[0][0], articles=n)
            for w, n in documents.items()
        ],
        batch_size=2000,
    )


# The footer links to these by address (pages.models.CORE_PAGES): they exist from the start,
# empty, for the desk to write (load_demo writes the demo's text into empty ones).
CORE_PAGES = (
    ("a-propos", "À propos", False),
    ("redaction", "La rédaction", True),
    ("mentions-legales", "Mentions légales", True),
)


def create_core_pages(apps, schema_editor):
    Page = apps.get_model("pages", "Page")
    for slug, title, shows_publisher in CORE_PAGES:
        Page.objects.get_or_create(
            slug=slug, defaults={"title": title, "shows_publisher": shows_publisher}
        )


def grant(apps, schema_editor):
    # Permissions are normally created after migrations; the grant needs them now.
    app_config = apps.get_app_config("pages")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.filter(name="Éditeur").first()
    if editors is not None:
        editors.permissions.add(
            *Permission.objects.filter(content_type__app_label="pages", codename__in=EDITOR_GRANTS)
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Éditeur"):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="pages", codename__in=EDITOR_GRANTS)
        )


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("articles", "0005_stored_search_vectors"),
        ("portal", "0003_newsroom_roles"),
    ]

    operations = [
        migrations.CreateModel(
            name='Page',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(help_text="La fin de l'adresse : /infos/<adresse>/.", max_length=80, unique=True, verbose_name='adresse')),
                ('title', models.CharField(max_length=120, verbose_name='titre')),
                ('summary', models.CharField(blank=True, help_text='Une phrase pour les moteurs de recherche et les partages.', max_length=300, verbose_name='résumé')),
                ('body', models.TextField(blank=True, verbose_name='texte')),
                ('shows_publisher', models.BooleanField(default=False, help_text='Directeur de la publication, adresse, immatriculation : sous le texte de la page (Rédaction, Mentions légales).', verbose_name="afficher les informations de l'éditeur")),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='mise à jour')),
            ],
            options={
                'verbose_name': 'page du site',
                'verbose_name_plural': 'pages du site',
                'ordering': ['title'],
            },
        ),
        migrations.CreateModel(
            name='Publisher',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('legal_name', models.CharField(blank=True, help_text='Vide : le nom du site.', max_length=200, verbose_name='raison sociale')),
                ('director', models.CharField(blank=True, max_length=120, verbose_name='directeur de la publication')),
                ('editor_in_chief', models.CharField(blank=True, max_length=120, verbose_name='rédacteur en chef')),
                ('address', models.TextField(blank=True, max_length=500, verbose_name='adresse')),
                ('country_code', models.CharField(blank=True, help_text='Par exemple « BJ ».', max_length=2, verbose_name='pays (code ISO)')),
                ('phone', models.CharField(blank=True, max_length=40, verbose_name='téléphone')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='e-mail public')),
                ('newsroom_email', models.EmailField(blank=True, help_text="Où arrivent les messages du formulaire de contact ; jamais affiché. Vide : l'adresse du réglage CONTACT_EMAIL.", max_length=254, verbose_name='e-mail de la rédaction')),
                ('registration', models.CharField(blank=True, max_length=120, verbose_name='immatriculation (RCCM)')),
                ('regulator_authorisation', models.CharField(blank=True, help_text="Le numéro et la date de l'autorisation ou du récépissé.", max_length=200, verbose_name='autorisation HAAC')),
                ('host', models.CharField(blank=True, help_text="Nom et adresse de l'hébergeur.", max_length=300, verbose_name='hébergeur')),
                ('founded', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='année de création')),
            ],
            options={
                'verbose_name': 'éditeur du site',
                'verbose_name_plural': 'éditeur du site',
            },
        ),
        migrations.CreateModel(
            name='SearchWord',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('word', models.CharField(max_length=40, unique=True)),
                ('display', models.CharField(max_length=40)),
                ('articles', models.PositiveIntegerField(default=1)),
            ],
            options={
                'verbose_name': "mot de l'archive",
                'verbose_name_plural': "mots de l'archive",
            },
        ),
            migrations.RunPython(enable_trigrams, drop_trigram_index),
        migrations.RunPython(fill_vocabulary, migrations.RunPython.noop),
        migrations.RunPython(create_core_pages, migrations.RunPython.noop),
        migrations.RunPython(grant, revoke),
    ]
