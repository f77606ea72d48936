"""The demo news: the « Actualités » page, its articles and its upcoming events."""

from datetime import timedelta

from django.utils import timezone
from wagtail.rich_text import RichText

from fiches import factories
from fiches.models import FichePage
from home import factories as home_factories
from home.demo import data as demo_data
from home.demo import media
from home.models import ArticlePage, EventPage, NewsIndexPage


def _demo_events(today):
    """The demo events, dated from ``today``: they stay in the future after seeding."""
    week = today + timedelta(days=45 + (7 - today.weekday()) % 7)  # a Monday
    webinar = today + timedelta(days=14)
    return [
        {
            "slug": "semaine-achats-responsables",
            "title": "La Semaine des achats socialement et écologiquement responsables",
            "start": factories.local_datetime(week, 9),
            "end": factories.local_datetime(week + timedelta(days=4), 17, 30),
            "place_name": "Dans toutes les régions, programme des CRESS",
            "city": "",
            "online_url": "",
            "registration_url": "",
            "chapo": "Une semaine de rencontres, de visites et d'ateliers pour rapprocher "
            "acheteurs publics et structures de l'économie sociale et solidaire.",
            "text": "Chaque CRESS publie son programme : rencontres acheteurs-fournisseurs, "
            "visites de structures d'insertion, ateliers sur les clauses sociales.",
        },
        {
            "slug": "webinaire-ouvrir-ses-marches-aux-siae",
            "title": "Webinaire : ouvrir ses marchés aux SIAE",
            "start": factories.local_datetime(webinar, 10),
            "end": factories.local_datetime(webinar, 11, 30),
            "place_name": "",
            "city": "",
            "online_url": "https://example.org/webinaire-siae",
            "registration_url": "https://example.org/inscription-webinaire-siae",
            "chapo": "Une heure et demie pour comprendre les marchés réservés aux structures "
            "d'insertion, avec deux acheteurs qui les pratiquent.",
            "text": "Au programme : l'article L2113-13, l'allotissement et le sourcing.",
        },
    ]


def seed_news(*, home, index, log=lambda message: None):
    """Creates the demo news page « Actualités » with its articles and events (the events a few
    weeks after today) below ``home``; articles link to fiches of the catalogue ``index``.

    Idempotent: entries that already exist (same slug) are left as they are. Returns the number
    of articles and events created.
    """
    news = NewsIndexPage.objects.child_of(home).first() or home_factories.NewsIndexPageFactory(
        parent=home
    )
    fiches = list(FichePage.objects.child_of(index).live().order_by("path"))
    today = timezone.localdate()
    created = 0
    for seed, spec in enumerate(demo_data.ARTICLES):
        if ArticlePage.objects.child_of(news).filter(slug=spec["slug"]).exists():
            continue
        home_factories.ArticlePageFactory(
            parent=news,
            slug=spec["slug"],
            title=spec["title"],
            date=today - timedelta(days=spec["days_ago"]),
            chapo=spec["chapo"],
            image=media.image(spec["title"], seed=90 + seed),
            body=[("paragraph", RichText(f"<p>{spec['text']}</p>"))],
            related_fiches=fiches[: spec["fiches"]],
        )
        created += 1
        log(f"Actualité créée : {spec['title']}")
    for spec in _demo_events(today):
        if EventPage.objects.child_of(news).filter(slug=spec["slug"]).exists():
            continue
        text = spec.pop("text")
        home_factories.EventPageFactory(
            parent=news, body=[("paragraph", RichText(f"<p>{text}</p>"))], **spec
        )
        created += 1
        log(f"Événement créé : {spec['title']}")
    return created
