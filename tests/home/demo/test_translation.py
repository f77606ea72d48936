"""seed_demo's English demo: translated through wagtail-localize, published, served under /en/;
the fiches it does not translate stay French-only."""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.utils.html import escape
from wagtail.models import Locale, Page
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from fiches.models import Buyer, ESSStructure, FichePage, Operator, Theme
from home.demo import english
from home.models import ArticlePage, ContentPage, EventPage, HomePage, NewsIndexPage
from home.public_content import PAGES
from tests.home.demo.conftest import run_seed_demo

pytestmark = pytest.mark.django_db

UNTRANSLATED = "reemploi-mobilier-bureau-scic"


def english_pages(model):
    return model.objects.filter(locale__language_code="en").order_by("path")


def french_of(page):
    return page.get_translation(Locale.get_default())


def test_every_translated_object_has_its_english_text(seeded):
    assert "Pas de version anglaise" not in seeded
    assert "38 traduction(s) anglaise(s) créée(s)." in seeded
    assert Locale.objects.filter(language_code="en").exists()


@pytest.mark.parametrize(
    ("model", "count"),
    [
        (HomePage, 1),
        (FichePage, len(english.FICHES)),
        (ContentPage, 4),
        (NewsIndexPage, 1),
        (ArticlePage, 2),
        (EventPage, 1),
    ],
)
def test_english_pages_are_live_and_served_in_english(seeded, client, model, count):
    pages = list(english_pages(model))
    assert len(pages) == count
    for page in pages:
        assert page.live and page.alias_of_id is None
        assert page.url.startswith("/en/")
        response = client.get(page.url)
        content = response.content.decode()
        assert response.status_code == 200, page.url
        assert '<html lang="en">' in content
        assert escape(page.title) in content
        assert escape(french_of(page).title) not in content


def test_english_home_and_catalogue(seeded, client):
    home = client.get("/en/").content.decode()
    assert "Public contracts awarded to social and solidarity economy organisations" in home
    catalogue = client.get("/en/case-studies/")
    content = catalogue.content.decode()
    assert catalogue.status_code == 200
    for fiche in english_pages(FichePage):
        assert escape(fiche.title) in content
    assert "Réemploi du mobilier de bureau" not in content


def test_an_english_fiche_reads_in_english(seeded, client):
    fiche = english_pages(FichePage).get(slug="green-spaces-rennes-work-integration")
    content = client.get(fiche.url).content.decode()
    for text in (
        "Background",
        "The parks department reserved one lot out of four.",
        "Technical merit",
        "Work-integration hours completed",
        "The teams have become real gardeners, and the residents know them.",
        "Green spaces",
        "Brittany",
    ):
        assert text in content, text
    for text in ("Le contexte", "Valeur technique", "La direction des jardins", "Espaces verts"):
        assert text not in content, text


def test_english_fiches_link_english_themes_and_actors(seeded):
    for fiche in english_pages(FichePage):
        assert {theme.locale.language_code for theme in fiche.themes.all()} == {"en"}
        assert fiche.author.locale.language_code == "en"
        for relation in ("buyer_links", "supplier_links", "operator_links"):
            for link in getattr(fiche, relation).all():
                assert link.actor.locale.language_code == "en", link.actor
    assert Theme.objects.filter(locale__language_code="en").count() == len(english.THEMES)
    for model in (Buyer, ESSStructure, Operator):
        for actor in model.objects.filter(locale__language_code="en"):
            assert actor.short_description == f"{actor.name} — demonstration profile."


def test_translations_are_wagtail_localize_translations(seeded):
    """The admin shows them as translated: a source, an enabled translation, every string
    translated by hand."""
    for page in Page.objects.filter(locale__language_code="en").specific():
        source = TranslationSource.objects.get(object_id=page.translation_key)
        translation = Translation.objects.get(source=source, target_locale=page.locale)
        assert translation.enabled
        total, done = translation.get_progress()
        assert total == done > 0, page
    assert not StringTranslation.objects.exclude(translation_type="manual").exists()


def test_the_moderator_can_open_the_english_fiche_in_the_translation_editor(seeded, client):
    moderator = get_user_model().objects.get(username="moderateur")
    client.force_login(moderator)
    fiche = english_pages(FichePage).first()
    response = client.get(f"/admin/pages/{fiche.pk}/edit/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "wagtail_localize/js/TranslationEditor" in content or "translation-editor" in content
    french = client.get(f"/admin/pages/{french_of(fiche).pk}/edit/").content.decode()
    assert "/admin/localize/update/" in french  # « Synchroniser les pages traduites »


def test_the_switcher_and_hreflang_on_a_translated_fiche(seeded, client):
    fiche = english_pages(FichePage).first()
    french = french_of(fiche)
    content = client.get(french.url).content.decode()
    assert "language-switcher" in content
    assert f'href="{fiche.url}" hreflang="en" lang="en">English</a>' in content
    assert f'hreflang="en" href="http://testserver{fiche.url}"' in content
    english_content = client.get(fiche.url).content.decode()
    assert f'hreflang="fr" href="http://testserver{french.url}"' in english_content


def test_an_untranslated_fiche_stays_french_only(seeded, client):
    fiche = FichePage.objects.get(slug=UNTRANSLATED)
    assert not Page.objects.filter(
        translation_key=fiche.translation_key, locale__language_code="en"
    ).exists()
    content = client.get(fiche.url).content.decode()
    assert "language-switcher" not in content
    assert 'hreflang="en"' not in content
    for english_url in (
        fiche.url.replace("/fr/", "/en/", 1),
        fiche.url.replace("/fr/fiches/", "/en/case-studies/", 1),
    ):
        assert client.get(english_url).status_code == 404, english_url


def test_the_english_api_lists_the_translated_fiches_only(seeded, client):
    response = client.get("/api/v2/pages/?type=fiches.FichePage&locale=en&limit=50")
    assert response.status_code == 200
    titles = {item["title"] for item in response.json()["items"]}
    assert titles == set(english_pages(FichePage).values_list("title", flat=True))


def test_the_english_export_holds_the_translated_fiches(seeded, client):
    response = client.get("/api/v2/exports/fiches.csv?locale=en")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
    assert {row["titre"] for row in rows} == set(
        english_pages(FichePage).values_list("title", flat=True)
    )
    assert {row["langue"] for row in rows} == {"en"}


def test_seeding_twice_translates_nothing_more(seeded):
    def counts():
        return [
            model.objects.count()
            for model in (Page, Locale, Theme, Translation, TranslationSource, StringTranslation)
        ]

    before = counts()
    output = run_seed_demo("--with-admin")
    assert counts() == before
    assert "0 traduction(s) anglaise(s) créée(s)." in output


def test_the_public_pages_are_translated_and_the_english_footer_links_them(seeded, client):
    for spec in PAGES:
        english_page = Page.objects.get(
            translation_key=spec.translation_key, locale__language_code="en"
        )
        assert english_page.live and english_page.alias_of_id is None
        assert (english_page.slug, english_page.title) == (spec.slug[1], spec.title[1])
    home = client.get("/en/").content.decode()
    footer = home[home.index('<footer class="site-footer">') :]
    for slug in ("site-map", "legal-notice", "personal-data", "accessibility-statement"):
        assert f'href="/en/{slug}/"' in footer, slug
    remedies = client.get("/en/accessibility-statement/").content.decode()
    # The English keeps the French links.
    assert 'Write to the <a href="https://formulaire.defenseurdesdroits.fr/">' in remedies
