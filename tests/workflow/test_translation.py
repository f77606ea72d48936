"""French is the source, English the translation: untranslated pages never answer in English,
translated fiches show English labels, and the switcher links only live translations."""

import pytest
from django.test import Client, TestCase
from django.urls import reverse
from wagtail.models import Locale, Page
from wagtail_localize.models import Translation

from fiches import factories, selectors
from fiches.choices import Nature, Procedure
from fiches.models import FichePage

DUMMY = {"CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator", "OPTIONS": {}}


@pytest.fixture
def english(db):
    return Locale.objects.create(language_code="en")


@pytest.fixture
def translator(client, settings, moderator):
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = DUMMY
    client.force_login(moderator)
    return client


@pytest.fixture
def french_fiche(index):
    return factories.FichePageFactory(
        parent=index,
        title="Entretien des espaces verts",
        nature=Nature.WORKS,
        procedure=Procedure.OPEN,
    )


def translate(client, page, locale):
    """Translates ``page`` through wagtail-localize's admin views, as a moderator would: submit
    the translation, fill it with the machine translator, publish it."""
    # wagtail-localize publishes once the transaction commits, which tests never do.
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            reverse("wagtail_localize:submit_page_translation", args=[page.pk]),
            {"locales": [locale.pk]},
        )
        assert response.status_code == 302
        translation = Translation.objects.get(
            source__object_id=page.translation_key, target_locale=locale
        )
        response = client.post(
            reverse("wagtail_localize:machine_translate", args=[translation.pk]),
            {"next": "/"},
        )
        assert response.status_code == 302
        translation.save_target(user=None, publish=True)
    return FichePage.objects.get(translation_key=page.translation_key, locale=locale)


class TestUntranslatedPages:
    def test_the_english_root_does_not_serve_the_french_home(self, client, home, english):
        response = client.get("/en/")
        assert response.status_code == 302
        assert response["Location"] == "/fr/"

    def test_an_untranslated_fiche_is_not_served_under_english_urls(
        self, client, french_fiche, english
    ):
        english_url = french_fiche.url.replace("/fr/", "/en/", 1)
        response = client.get(english_url)
        assert response.status_code == 302
        assert response["Location"] == french_fiche.url

    def test_french_pages_have_no_switcher_without_translation(self, client, french_fiche):
        content = client.get(french_fiche.url).content.decode()
        assert "language-switcher" not in content
        assert 'hreflang="en"' not in content


class TestTranslatedFiche:
    def test_machine_translation_produces_an_english_page(
        self, translator, client, french_fiche, english
    ):
        english_fiche = translate(translator, french_fiche, english)

        assert english_fiche.live
        assert english_fiche.url.startswith("/en/")
        # The dummy translator reverses the words.
        assert english_fiche.title == "verts espaces des Entretien"
        client.logout()
        response = client.get(english_fiche.url)
        content = response.content.decode()
        assert response.status_code == 200
        assert '<html lang="en">' in content
        assert "Open call for tenders" in content
        assert "Works" in content
        assert "Brittany" in content
        assert "Appel d&#x27;offres ouvert" not in content

    def test_the_parents_created_as_aliases_do_not_leak_french(
        self, translator, client, french_fiche, english, index
    ):
        translate(translator, french_fiche, english)
        english_index = Page.objects.get(translation_key=index.translation_key, locale=english)
        assert english_index.alias_of_id == index.pk
        client.logout()
        response = client.get(english_index.url)
        assert response.status_code == 302
        assert response["Location"] == index.url

    def test_the_switcher_appears_once_the_translation_is_live(
        self, translator, french_fiche, english
    ):
        client = Client()
        assert "language-switcher" not in client.get(french_fiche.url).content.decode()

        english_fiche = translate(translator, french_fiche, english)
        english_fiche.unpublish()
        assert "language-switcher" not in client.get(french_fiche.url).content.decode()

        english_fiche.get_latest_revision().publish()
        content = client.get(french_fiche.url).content.decode()
        assert "language-switcher" in content
        assert f'href="{english_fiche.url}" hreflang="en" lang="en">English</a>' in content
        assert f'hreflang="en" href="http://testserver{english_fiche.url}"' in content
        english_content = client.get(english_fiche.url).content.decode()
        assert f'href="{french_fiche.url}" hreflang="fr" lang="fr">Français</a>' in english_content

    def test_the_switcher_costs_one_query(
        self, translator, client, french_fiche, english, django_assert_num_queries
    ):
        translate(translator, french_fiche, english)
        # The first call also loads the sites' root paths, cached afterwards.
        selectors.page_translations(page=french_fiche, request=None)
        with django_assert_num_queries(1):
            translations = selectors.page_translations(page=french_fiche, request=None)
        assert [item["language_code"] for item in translations] == ["fr", "en"]
        assert [item["is_current"] for item in translations] == [True, False]


def test_english_listings_leave_out_alias_fiches(translator, index, french_fiche, english):
    english_fiche = translate(translator, french_fiche, english)
    english_index = Page.objects.get(translation_key=index.translation_key, locale=english)
    untranslated = factories.FichePageFactory(parent=index, title="Seulement en français")
    alias = untranslated.create_alias(
        parent=english_index, update_locale=english, reset_translation_key=False
    )
    assert alias.live

    assert list(selectors.published_fiches(locale=english)) == [english_fiche]


@pytest.mark.parametrize(
    ("factory", "model_name"),
    [
        (factories.ThemeFactory, "theme"),
        (factories.BuyerFactory, "buyer"),
        (factories.ESSStructureFactory, "essstructure"),
        (factories.OperatorFactory, "operator"),
    ],
)
def test_actors_and_themes_are_translated_with_wagtail_localize(
    translator, english, factory, model_name
):
    """Moderators submit a theme or an actor for translation from the admin; the English copy
    is created in the English locale, ready for wagtail-localize's editor."""
    source = factory(name="Jardins solidaires")
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = translator.post(
            reverse(
                "wagtail_localize:submit_snippet_translation",
                args=["fiches", model_name, source.pk],
            ),
            {"locales": [english.pk]},
        )
    assert response.status_code == 302
    assert Translation.objects.filter(
        source__object_id=source.translation_key, target_locale=english
    ).exists()
    copy = type(source).objects.get(translation_key=source.translation_key, locale=english)
    assert copy.pk != source.pk


@pytest.mark.parametrize(("accept", "prefix"), [("en-GB,en;q=0.9", "/en/"), ("fr-FR", "/fr/")])
def test_the_root_redirects_by_browser_language(client, home, english, accept, prefix):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302
    assert response["Location"] == prefix


def test_translating_a_fiche_creates_an_english_draft(translator, index, french_fiche, english):
    """wagtail-localize would publish the English copy at once, with the French text: it is a
    draft until a moderator publishes it (WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = translator.post(
            reverse("wagtail_localize:submit_page_translation", args=[french_fiche.pk]),
            {"locales": [english.pk]},
        )
    assert response.status_code == 302
    copy = FichePage.objects.get(translation_key=french_fiche.translation_key, locale=english)
    assert not copy.live
    assert copy.title == french_fiche.title  # still the French text
    assert not selectors.visible_pages(FichePage.objects.filter(pk=copy.pk)).exists()
    listing = Client().get("/api/v2/pages/?type=fiches.FichePage&locale=en").json()
    assert listing["items"] == []
    translation = Translation.objects.get(
        source__object_id=french_fiche.translation_key, target_locale=english
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        translation.save_target(user=None, publish=True)
    copy.refresh_from_db()
    assert copy.live
