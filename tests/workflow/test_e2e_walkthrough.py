"""End to end in Chromium (issue 14, « Tests and proof »): a contributor enters a fiche with an
unknown procedure, a date known to the month, two reserved articles, an impact range, a
groupement solidaire with unnamed members and an amount typed the French way; a moderator
approves it; the page, the PDF, the API, the CSV export and the OCDS release show exactly what
was entered, and no draft is left behind.

Run with ``make e2e`` (see tests/workflow/test_e2e.py): Debian's Chromium and PostgreSQL."""

import csv
import io
import json
import os
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from fiches import factories
from fiches.choices import InclusionStatus
from fiches.models import FichePage
from tests.helpers import (
    choose_in_modal,
    log_in,
    make_user,
    plain_typography,
    upload_hero_image,
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not os.environ.get("E2E"), reason="set E2E=1 to run the browser tests"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Blanchisserie des hôpitaux confiée à un groupement d'ESAT"
BUYER = "Centre hospitalier de Saint-Brieuc"
LEAD = "ESAT Les Ateliers du Goëlo"
SPACES = re.compile(r"\s+")


GROUPEMENT = (
    f"Groupement solidaire de 4 structures, mandataire {LEAD} : {LEAD} et 3 autres structures "
    "non nommées (3 ESAT)"
)
SHOWN = (
    "Procédure Non renseigné",
    "L2113-12 — réservé aux entreprises adaptées et ESAT",
    "L2113-13 — réservé aux SIAE",
    GROUPEMENT,
    "Montant HT 1 600 000 €",
    "Date de notification juillet 2023",
    "personnes en situation de handicap employées 350 à 500 personnes",
)
#: What a guessed default or a misread amount would show.
NOT_SHOWN = ("160 000 000", "Procédure adaptée", "Appel d'offres", "1er juillet", "01/07/2023")


def assert_shows_what_was_entered(text):
    for expected in SHOWN:
        assert expected in text, expected
    for wrong in NOT_SHOWN:
        assert wrong not in text, wrong


def flat(text):
    return SPACES.sub(" ", plain_typography(text))


def enter_the_fiche(page, live_server, index):
    page.goto(
        live_server.url + reverse("wagtailadmin_pages:add", args=["fiches", "fichepage", index.pk])
    )
    page.fill("#id_title", TITLE)
    page.fill("#id_chapo", "L'hôpital réserve le lavage de son linge à trois ESAT associés.")
    upload_hero_image(
        page,
        file_name="linge.png",
        title="Atelier de blanchisserie",
        alt="Des travailleurs plient des draps",
    )
    page.get_by_role("button", name="Insérer un bloc").first.click()
    page.get_by_role("option", name="Intertitre").first.click()
    page.locator("input[name$='-value-text']").first.fill("Le contexte")

    page.get_by_role("tab", name="Caractéristiques techniques").click()
    page.select_option("#id_nature", "services")
    page.select_option("#id_procedure", "non_renseigne")
    page.select_option("#id_technique", "sans_objet")
    page.select_option("#id_execution_mode", "non_renseigne")
    page.check("#id_reserved")
    for row, article in enumerate(("L2113-12", "L2113-13")):
        page.get_by_role("button", name="Ajouter un article").click()
        page.select_option(f"#id_reserved_articles-{row}-article", article)
    choose_in_modal(page, "id_main_cpv", "98311000")
    page.select_option("#id_amount_kind", "exact")
    page.select_option("#id_amount_period", "total")
    page.locator("#id_amount").press_sequentially("1 600 000,00")
    page.fill("#id_notification_date", "juillet 2023")

    page.get_by_role("tab", name="Parties prenantes").click()
    page.get_by_role("button", name="Ajouter un acheteur").click()
    choose_in_modal(page, "id_buyer_links-0-actor", "Saint-Brieuc")
    page.get_by_role("button", name="Ajouter une structure de l'ESS").click()
    choose_in_modal(page, "id_supplier_links-0-actor", "Goëlo")
    page.select_option("#id_supplier_links-0-role", "mandataire")
    page.select_option("#id_groupement", "solidaire")
    page.get_by_role("button", name="Ajouter des membres non nommés").click()
    page.select_option("#id_unnamed_members-0-kind", "esat")
    page.fill("#id_unnamed_members-0-count", "3")

    page.get_by_role("tab", name="Plus-value et impact").click()
    page.get_by_role("button", name="Ajouter un indicateur").click()
    page.fill("#id_impact_indicators-0-indicator", "personnes en situation de handicap employées")
    page.select_option("#id_impact_indicators-0-kind", "fourchette")
    page.fill("#id_impact_indicators-0-unit", "personnes")
    page.locator("#id_impact_indicators-0-value_min").press_sequentially("350")
    page.locator("#id_impact_indicators-0-value_max").press_sequentially("500")

    page.evaluate("document.querySelector('button[name=action-submit]').click()")
    page.wait_for_url(live_server.url + reverse("wagtailadmin_explore", args=[index.pk]))


def test_a_fiche_walks_from_the_form_to_every_output(browser, live_server, home):
    contributor = make_user("claire", "Contributeurs")
    moderator = make_user("mona", "Modérateurs")
    index = factories.FicheIndexPageFactory(parent=home)
    factories.cpv("98311000-6")
    factories.BuyerFactory(name=BUYER)
    factories.ESSStructureFactory(name=LEAD, inclusion_status=InclusionStatus.ESAT)

    page = log_in(browser, live_server, contributor)
    enter_the_fiche(page, live_server, index)
    fiche = FichePage.objects.get(title=TITLE)
    assert fiche.workflow_in_progress
    assert not fiche.live

    page = log_in(browser, live_server, moderator)
    page.goto(live_server.url + reverse("wagtailadmin_pages:edit", args=[fiche.pk]))
    with page.expect_navigation():
        page.evaluate("document.querySelector('[data-workflow-action-name=approve]').click()")

    # Stored as entered, and no phantom draft left by the approval.
    fiche = FichePage.objects.get(pk=fiche.pk)
    assert fiche.live
    assert not fiche.has_unpublished_changes
    assert fiche.latest_revision_id == fiche.live_revision_id
    assert fiche.procedure == "non_renseigne"
    assert fiche.amount == Decimal("1600000.00")
    assert (fiche.amount_kind, fiche.amount_period) == ("exact", "total")
    assert [row.article for row in fiche.reserved_articles.all()] == ["L2113-12", "L2113-13"]
    indicator = fiche.impact_indicators.get()
    assert (indicator.kind, indicator.value_min, indicator.value_max, indicator.value) == (
        "fourchette",
        Decimal("350"),
        Decimal("500"),
        None,
    )
    assert fiche.groupement == "solidaire"
    assert [(row.actor.name, row.role) for row in fiche.supplier_links.all()] == [
        (LEAD, "mandataire")
    ]
    assert [(row.kind, row.count) for row in fiche.unnamed_members.all()] == [("esat", 3)]

    # The public page.
    assert page.goto(live_server.url + fiche.url).status == 200
    text = flat(page.locator("main").inner_text())
    assert_shows_what_was_entered(text)
    assert '<time datetime="2023-07">juillet 2023</time>' in page.content()

    # The PDF.
    response = page.request.get(live_server.url + fiche.url + "pdf/")
    assert response.status == 200
    reader = PdfReader(io.BytesIO(response.body()))
    pdf_text = flat(" ".join(p.extract_text() for p in reader.pages))
    assert_shows_what_was_entered(pdf_text)

    # The API.
    response = page.request.get(
        live_server.url + f"/api/v2/pages/{fiche.pk}/", headers={"Accept": "application/json"}
    )
    assert response.status == 200
    payload = response.json()
    assert payload["procedure"] == {"code": "non_renseigne", "label": "Non renseigné"}
    assert payload["technique"]["code"] == "sans_objet"
    assert payload["execution_mode"]["code"] == "non_renseigne"
    assert [row["code"] for row in payload["reserved_articles"]] == ["L2113-12", "L2113-13"]
    assert payload["notification_date"] == "2023-07"
    assert payload["date_precision"] == "month"
    assert payload["amount"] == {
        "kind": {"code": "exact", "label": "Montant exact"},
        "period": {"code": "total", "label": "Montant total du marché"},
        "years": None,
        "amount": 1600000,
        "min": None,
        "max": None,
        "currency": "EUR",
    }
    (impact,) = payload["impact_indicators"]
    assert (impact["kind"]["code"], impact["value"], impact["min"], impact["max"]) == (
        "fourchette",
        None,
        350,
        500,
    )
    assert impact["unit"] == "personnes"
    groupement = payload["groupement"]
    assert groupement["type"]["code"] == "solidaire"
    assert groupement["lead_unknown"] is False
    assert groupement["size"] == 4
    assert groupement["unnamed_members"] == [
        {"kind": {"code": "esat", "label": "ESAT"}, "count": 3, "note": ""}
    ]
    assert plain_typography(groupement["summary"]) == GROUPEMENT
    (supplier,) = payload["stakeholders"]["suppliers"]
    assert (supplier["role"]["code"], supplier["actor"]["name"]) == ("mandataire", LEAD)

    # The CSV export.
    response = page.request.get(live_server.url + "/api/v2/exports/fiches.csv")
    assert response.status == 200
    (row,) = csv.DictReader(io.StringIO(response.body().decode("utf-8-sig")))
    assert row["procedure"] == ""  # « Non renseigné » is an empty cell
    assert row["marche_reserve"] == "oui"
    assert row["article_reserve"] == "L2113-12 ; L2113-13"
    assert (row["type_montant"], row["periode_montant"], row["montant"]) == (
        "exact",
        "total",
        "1600000.00",
    )
    assert row["date_notification"] == "2023-07"
    assert row["groupement"] == "solidaire"
    assert row["groupement_mandataire_inconnu"] == "non"
    assert row["groupement_membres_non_nommes"] == "3 esat"
    assert (row["titulaire_nom"], row["titulaire_role"]) == (LEAD, "mandataire")
    assert plain_typography(row["indicateurs"]) == (
        "personnes en situation de handicap employées: 350 à 500 personnes"
    )

    # The OCDS release.
    response = page.request.get(live_server.url + f"/api/v2/exports/fiches/{fiche.pk}.ocds.json")
    assert response.status == 200
    ocds = response.json()
    (release,) = ocds["releases"]
    tender, (award,) = release["tender"], release["awards"]
    # An unknown procedure is no procurement method.
    assert "procurementMethod" not in tender
    assert "procurementMethodDetails" not in tender
    assert award["value"] == {"amount": 1600000, "currency": "EUR"}
    assert tender["otherRequirements"]["reservedParticipation"] == ["shelteredWorkshop"]
    (sustainability,) = tender["sustainability"]
    assert sustainability["description"] == "Marché réservé (L2113-12 ; L2113-13)"
    assert plain_typography(award["description"]).startswith(GROUPEMENT)
    lead = next(party for party in release["parties"] if "supplier" in party["roles"])
    assert lead["name"] == LEAD
    assert lead["details"]["roleGroupement"]["code"] == "mandataire"
    # OCDS dates are date-times: a month is left out rather than turned into the 1st of July.
    assert "date" not in award
    assert "contractPeriod" not in award
    assert "2023-07-01" not in json.dumps(ocds)
