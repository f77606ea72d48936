"""factory_boy factories of the home app's pages (the news page, articles and events): they
build the demo news and the test data, on the page factory of ``fiches.factories``."""

from datetime import timedelta

import factory
from django.utils import timezone
from wagtail.rich_text import RichText

from fiches.factories import PageFactory, local_datetime
from home.models import ArticlePage, ArticleRelatedFiche, EventPage, NewsIndexPage


class NewsIndexPageFactory(PageFactory):
    class Meta:
        model = NewsIndexPage

    title = "Actualités"
    slug = "actualites"
    intro = (
        "<p>Les nouvelles du réseau et les prochains rendez-vous de l'achat public "
        "socialement et écologiquement responsable.</p>"
    )
    show_in_menus = True


class NewsEntryFactory(PageFactory):
    """Articles and events go below the news page (created if missing) unless given a parent."""

    class Meta:
        abstract = True

    chapo = "Acheteurs publics et structures de l'ESS se retrouvent pour partager leurs pratiques."
    body = factory.LazyFunction(
        lambda: [
            (
                "paragraph",
                RichText("<p>Retours d'expérience, échanges et conseils pratiques.</p>"),
            )
        ]
    )

    @classmethod
    def default_parent(cls):
        home = super().default_parent()
        return NewsIndexPage.objects.child_of(home).first() or NewsIndexPageFactory(parent=home)


class ArticlePageFactory(NewsEntryFactory):
    """A published article; ``related_fiches`` takes the fiches it links to."""

    class Meta:
        model = ArticlePage

    title = factory.Sequence(lambda n: f"Actualité n°{n}")
    date = factory.LazyFunction(timezone.localdate)
    related_fiches = ()

    @classmethod
    def _relations(cls, kwargs):
        kwargs["related_fiche_links"] = [
            ArticleRelatedFiche(fiche=fiche) for fiche in kwargs.pop("related_fiches")
        ]
        return kwargs

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        return model_class(*args, **cls._relations(kwargs))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return super()._create(model_class, *args, **cls._relations(kwargs))


class EventPageFactory(NewsEntryFactory):
    """A published event, by default a day in a month's time in Rennes."""

    class Meta:
        model = EventPage

    title = factory.Sequence(lambda n: f"Rencontre acheteurs et ESS n°{n}")
    start = factory.LazyFunction(
        lambda: local_datetime(timezone.localdate() + timedelta(days=30), 9)
    )
    end = factory.LazyAttribute(lambda o: o.start + timedelta(hours=8))
    place_name = "Hôtel de Région"
    city = "Rennes"
