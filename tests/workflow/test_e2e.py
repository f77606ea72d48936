"""End to end in Chromium: a contributor writes a fiche in the admin and submits it, a moderator
approves it, and the public page and the API show it.

Run with ``make e2e`` (``.ci/run`` does, on PostgreSQL): it needs Debian's Chromium
(/usr/bin/chromium) and a live server on PostgreSQL, whose concurrent requests (autosave,
editing-session pings) in-memory SQLite cannot serve."""

import os
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from wagtail.models import Locale

from fiches import factories
from fiches.models import FichePage
from tests.helpers import choose_in_modal, log_in, make_user, upload_hero_image

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not os.environ.get("E2E"), reason="set E2E=1 to run the browser tests"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Propreté des locaux confiée à une entreprise adaptée"


def test_a_contributor_drafts_and_a_moderator_publishes(browser, live_server, home):
    contributor = make_user("claire", "Contributeurs")
    moderator = make_user("mona", "Modérateurs")
    index = factories.FicheIndexPageFactory(parent=home)
    factories.cpv("90919200-4")
    factories.BuyerFactory(name="Conseil départemental d'Ille-et-Vilaine")

    page = log_in(browser, live_server, contributor)
    page.goto(
        live_server.url + reverse("wagtailadmin_pages:add", args=["fiches", "fichepage", index.pk])
    )
    # « Contenu »: title, chapô, a hero image uploaded with its alternative text, a body block.
    page.fill("#id_title", TITLE)
    page.fill("#id_chapo", "Le département réserve le nettoyage de ses collèges à une EA.")
    upload_hero_image(
        page,
        file_name="equipe.png",
        title="Équipe de l'entreprise adaptée",
        alt="Trois agents d'entretien dans un couloir de collège",
    )
    page.get_by_role("button", name="Insérer un bloc").first.click()
    page.get_by_role("option", name="Intertitre").first.click()
    page.locator("input[name$='-value-text']").first.fill("Le contexte")

    page.get_by_role("tab", name="Caractéristiques techniques").click()
    page.select_option("#id_nature", "services")
    page.select_option("#id_procedure", "appel_offres_ouvert")
    # No default: the contributor says it, « Non renseigné » when the sources do not.
    page.select_option("#id_technique", "sans_objet")
    page.select_option("#id_execution_mode", "non_renseigne")
    choose_in_modal(page, "id_main_cpv", "90919200")
    page.get_by_role("tab", name="Parties prenantes").click()
    page.get_by_role("button", name="Ajouter un acheteur").click()
    choose_in_modal(page, "id_buyer_links-0-actor", "Ille-et-Vilaine")

    page.evaluate("document.querySelector('button[name=action-submit]').click()")
    page.wait_for_url(live_server.url + reverse("wagtailadmin_explore", args=[index.pk]))
    fiche = FichePage.objects.get(title=TITLE)
    assert fiche.get_parent().pk == index.pk
    assert fiche.owner == contributor
    assert fiche.workflow_in_progress
    assert not fiche.live

    page = log_in(browser, live_server, moderator)
    page.goto(live_server.url + reverse("wagtailadmin_pages:edit", args=[fiche.pk]))
    assert page.locator("[data-fiche-completeness]").is_visible()
    with page.expect_navigation():
        page.evaluate("document.querySelector('[data-workflow-action-name=approve]').click()")

    fiche.refresh_from_db()
    assert fiche.live
    assert fiche.hero_alt == "Trois agents d'entretien dans un couloir de collège"
    assert fiche.main_cpv_id == "90919200-4"
    public = page.goto(live_server.url + fiche.url)
    assert public.status == 200
    assert page.locator("h1").inner_text() == TITLE
    api = page.request.get(
        live_server.url + "/api/v2/pages/?type=fiches.FichePage&fields=title",
        headers={"Accept": "application/json"},
    )
    assert api.status == 200
    assert TITLE in [item["title"] for item in api.json()["items"]]


def test_a_moderator_translates_a_fiche_into_english(browser, live_server, home, settings):
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator",
        "OPTIONS": {},
    }
    english = Locale.objects.create(language_code="en")
    moderator = make_user("mona", "Modérateurs")
    index = factories.FicheIndexPageFactory(parent=home)
    french = factories.FichePageFactory(
        parent=index, title="Entretien des espaces verts", procedure="appel_offres_ouvert"
    )

    page = log_in(browser, live_server, moderator)
    page.goto(
        live_server.url + reverse("wagtail_localize:submit_page_translation", args=[french.pk])
    )
    page.check(f"input[name=locales][value='{english.pk}']")
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("^Soumettre")).click()
    page.get_by_role("button", name=re.compile("Traduire avec")).click()
    page.wait_for_load_state("load")
    page.get_by_role("button", name=re.compile("Publier dans")).click()
    page.wait_for_load_state("networkidle")

    translated = FichePage.objects.get(translation_key=french.translation_key, locale=english)
    assert translated.live
    assert translated.title == "verts espaces des Entretien"
    response = page.goto(live_server.url + translated.url)
    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == "en"
    content = page.content()
    assert "Open call for tenders" in content
    assert "Brittany" in content
    page.goto(live_server.url + french.url)
    assert page.locator(".language-switcher a[hreflang=en]").get_attribute("href") == (
        translated.url
    )


def typed_text(page, selector):
    return page.locator(selector).evaluate("element => element.value")


def test_an_amount_typed_the_french_way_in_french_chromium(browser, live_server, home):
    """In Chromium with a French locale, « 1 600 000,00 » typed in the amount field is stored as
    1600000.00 (it once became 160 000 000 € in a localised number input), « 1,5 » in an indicator
    is 1.5, an English-grouped « 1,600,000 » is refused with a French message, and the page shows
    exactly what was typed."""
    admin = make_user("ada", is_superuser=True, is_staff=True)
    index = factories.FicheIndexPageFactory(parent=home)
    fiche = factories.FichePageFactory(parent=index, title=TITLE)
    edit_url = live_server.url + reverse("wagtailadmin_pages:edit", args=[fiche.pk])

    page = log_in(browser, live_server, admin)
    page.goto(edit_url)
    page.get_by_role("tab", name="Caractéristiques techniques").click()
    assert page.locator("#id_amount").get_attribute("type") == "text"
    page.fill("#id_amount", "")
    page.locator("#id_amount").press_sequentially("1,600,000")
    with page.expect_navigation():
        page.evaluate("document.querySelector('button[name=action-publish]').click()")
    assert "la virgule sépare les décimales" in page.content()
    fiche.refresh_from_db()
    assert fiche.amount == Decimal("120000.00")

    page.goto(edit_url)
    page.get_by_role("tab", name="Caractéristiques techniques").click()
    page.fill("#id_amount", "")
    page.locator("#id_amount").press_sequentially("1 600 000,00")
    assert typed_text(page, "#id_amount") == "1 600 000,00"
    page.get_by_role("tab", name="Plus-value et impact").click()
    page.fill("#id_impact_indicators-0-value", "")
    page.locator("#id_impact_indicators-0-value").press_sequentially("1,5")
    with page.expect_navigation():
        page.evaluate("document.querySelector('button[name=action-publish]').click()")

    fiche.refresh_from_db()
    assert fiche.amount == Decimal("1600000.00")
    assert fiche.amount != Decimal("160000000")
    assert fiche.impact_indicators.get().value == Decimal("1.5")
    public = page.goto(live_server.url + fiche.url)
    assert public.status == 200
    text = page.locator("main").inner_text().replace("\u00a0", " ").replace("\u202f", " ")
    assert "1 600 000 €" in text
    assert "1,5 heures" in text
    page.goto(edit_url)
    page.get_by_role("tab", name="Caractéristiques techniques").click()
    assert typed_text(page, "#id_amount") == "1 600 000"


def test_every_tab_can_be_reached_with_the_status_panel_open(browser, live_server, home):
    """At 1366×768 with the status side panel open, Wagtail's floating « Tout replier » button
    covered the end of the tab bar (cms/static/css/admin.css): « Promotion » could not be
    clicked. Playwright's click fails when another element would receive it."""
    moderator = make_user("mona", "Modérateurs")
    index = factories.FicheIndexPageFactory(parent=home)
    fiche = factories.FichePageFactory(parent=index)
    page = log_in(browser, live_server, moderator)
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(live_server.url + reverse("wagtailadmin_pages:edit", args=[fiche.pk]))
    page.locator("[data-side-panel-toggle='status']").click()
    page.locator("[data-side-panel='status']").wait_for(state="visible")

    collapse = page.locator(".w-minimap__collapse-all").first
    for name in ("Promotion", "Paramètres"):
        tab = page.get_by_role("tab", name=name)
        if collapse.is_visible():
            button, target = collapse.bounding_box(), tab.bounding_box()
            overlaps = not (
                target["x"] + target["width"] <= button["x"]
                or button["x"] + button["width"] <= target["x"]
                or target["y"] + target["height"] <= button["y"]
                or button["y"] + button["height"] <= target["y"]
            )
            assert not overlaps, name
        tab.click(timeout=5_000)
        assert tab.get_attribute("aria-selected") == "true"
