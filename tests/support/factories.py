"""factory_boy factories for the articles app; other apps add theirs beside these."""

import datetime as dt
from io import BytesIO

import factory
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from articles.models import Article, Category, Country
from articles.readership import current_hour, hour_start


def jpeg_file(width=1600, height=900, name="photo.jpg", color=(180, 60, 40)) -> ContentFile:
    buffer = BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, "JPEG")
    return ContentFile(buffer.getvalue(), name=name)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"auteur{n}")
    first_name = "Awa"
    last_name = factory.Sequence(lambda n: f"Koné{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Rubrique {n}")
    slug = factory.Sequence(lambda n: f"rubrique-{n}")


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country

    name = factory.Sequence(lambda n: f"Pays {n}")
    slug = factory.Sequence(lambda n: f"pays-{n}")

    @factory.lazy_attribute_sequence
    def iso_code(self, n):
        # The first code from the n-th on that no country holds yet: tests also create countries
        # with real codes (BJ, CI…), which a bare sequence reaches in some test orders (xdist).
        for m in range(n, n + 676):
            code = f"{chr(65 + m // 26 % 26)}{chr(65 + m % 26)}"
            if not Country.objects.filter(iso_code=code).exists():
                return code
        raise ValueError("every two-letter code is taken")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Article numéro {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    standfirst = "Un chapeau qui résume l'article."
    body = "<p>Le texte de l'article.</p>"
    category = factory.SubFactory(CategoryFactory)
    author = factory.SubFactory(UserFactory)
    status = Article.Status.PUBLISHED
    published_at = factory.Sequence(lambda n: timezone.now() - dt.timedelta(hours=n + 1))

    class Params:
        draft = factory.Trait(status=Article.Status.DRAFT)
        scheduled = factory.Trait(
            published_at=factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=1))
        )
        with_image = factory.Trait(
            image=factory.LazyFunction(jpeg_file), image_alt="Une photo de test"
        )
        # Where only the picture's presence counts (query budgets over dozens of articles): one
        # 480 px rendition, not three from 1,600 px (a tenth of the Pillow time).
        with_small_image = factory.Trait(
            image=factory.LazyFunction(lambda: jpeg_file(480, 270)), image_alt="Une photo de test"
        )

    @factory.post_generation
    def author_profile(self, create, extracted, **kwargs):
        """Whoever signs an article has a public profile, as the admin, the import and the
        authors migration give them (authors.services.profile_for)."""
        if create:
            from authors.services import profile_for

            profile_for(self.author)


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "comments.Comment"

    article = factory.SubFactory(ArticleFactory)
    author_name = factory.Sequence(lambda n: f"Lecteur {n}")
    email = factory.Sequence(lambda n: f"lecteur{n}@example.org")
    body = factory.Sequence(lambda n: f"Un avis argumenté, numéro {n}.")
    status = "published"
    captcha_score = 0.9
    published_at = factory.LazyFunction(timezone.now)


STAFF_PASSWORD = "un-mot-de-passe-solide"


class StaffFactory(UserFactory):
    """A newsroom login: `StaffFactory(role="Éditeur")` or `role="Rédacteur"` (the groups the
    data migrations create)."""

    class Meta:
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"redaction{n}")
    is_staff = True
    password = factory.django.Password(STAFF_PASSWORD)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            from django.contrib.auth.models import Group

            from tests.support.helpers import ensure_newsroom_roles

            if not Group.objects.filter(name=extracted).exists():
                ensure_newsroom_roles()
            self.groups.add(Group.objects.get(name=extracted))


class BodyImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "articles.BodyImage"

    image = factory.LazyFunction(lambda: jpeg_file(1600, 1000, name="dans-le-texte.jpg"))
    alt_text = "Le port de Cotonou au lever du jour"
    caption = "Le port de Cotonou"

    class Params:
        # Where the picture's size does not count (who sees it, what it is called): one 480 px
        # rendition, not three from 1,600 px (0.005 s of Pillow, not 0.12).
        small = factory.Trait(
            image=factory.LazyFunction(lambda: jpeg_file(480, 300, name="dans-le-texte.jpg"))
        )


class AdSlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "portal.AdSlot"

    name = factory.Sequence(lambda n: f"Annonceur {n}")
    placement = "header"
    image = factory.LazyFunction(lambda: jpeg_file(728, 90, name="banniere.jpg"))
    link = "https://annonceur.example.org/offre"
    alt_text = "Offre de l'annonceur"


class ArticleViewsFactory(factory.django.DjangoModelFactory):
    """Reads of an article during one hour: `ArticleViewsFactory(hours_ago=30, count=12)`."""

    class Meta:
        model = "articles.ArticleViews"

    class Params:
        hours_ago = 0

    article = factory.SubFactory(ArticleFactory)
    hour = factory.LazyAttribute(lambda o: hour_start(current_hour() - o.hours_ago))
    count = 1
