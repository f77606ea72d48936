"""The technical card as data (``fiches.rendering.card``): its rows for a full fiche and for a
fiche that says little, without a query; the fiche page and the PDF show exactly these rows."""

import re
from html import unescape

import pytest
from django.utils import translation

from fiches import choices, factories, selectors
from fiches.models import FichePage
from fiches.rendering import card
from fiches.rendering.pdf import card as pdf_card

NBSP = "\u00a0"  # also the French thousands separator


def rows_of(fiche):
    data = selectors.fiche_page(fiche=fiche)
    return card.technical_card(fiche=fiche, criteria=data["criteria"], cpv_codes=data["cpv_codes"])


def summary(rows):
    """Each row as ``(label, value)``: its text, or the texts of its elements."""
    return [
        (
            str(row.label),
            [(item.code, item.text, item.detail) for item in row.items]
            if row.key in ("levers", "criteria", "cpv", "lots")
            else (row.text, row.note),
        )
        for row in rows
    ]


@pytest.fixture
def full_fiche(index):
    return factories.FichePageFactory(
        parent=index,
        technique=choices.Technique.FRAMEWORK,
        execution_mode=choices.ExecutionMode.PURCHASE_ORDERS,
        social_criterion=True,
        lots_count=4,
        lot_concerned="Lot 3 — espaces verts",
        duration_note="1 an reconductible 2 fois",
        amount_kind=choices.AmountKind.RANGE,
        amount=None,
        amount_min=10000,
        amount_max=250000,
        decp_id="21350238800019_2023_0042",
        groupement=choices.Groupement.NONE,
        execution_start="04/2023",
        execution_end="2026",
        milestones=[(choices.MilestoneKind.FIRST_AWARD, "2019", "pour trois ans")],
        criteria=(("Valeur technique", 60), ("Prix", None)),
        additional_cpvs=[factories.cpv("77211300-5")],
    )


@pytest.fixture
def sparse_fiche(index):
    return factories.FichePageFactory(
        parent=index,
        reserved=False,
        reserved_articles=(),
        social_clause=False,
        insertion_hours=None,
        main_cpv=None,
        duration_months=None,
        amount_kind="",
        amount=None,
        notification_date=None,
        region=None,
        commune="",
        departments=[],
        criteria=(),
    )


def reload(fiche):
    """The fiche as its page gets it (``selectors.child_fiche``), its rows loaded."""
    fiche = FichePage.objects.get(pk=fiche.pk)
    selectors.load_fiche_page(fiche)
    return fiche


@pytest.mark.django_db
class TestRows:
    def test_a_full_fiche(self, full_fiche, django_assert_num_queries):
        fiche = reload(full_fiche)
        data = selectors.fiche_page(fiche=fiche)
        criteria, cpv_codes = list(data["criteria"]), list(data["cpv_codes"])

        with translation.override("fr"), django_assert_num_queries(0):
            rows = card.technical_card(fiche=fiche, criteria=criteria, cpv_codes=cpv_codes)
            rows = summary(rows)

        assert rows == [
            ("Nature du marché", ("Services", "")),
            ("Procédure", ("Procédure adaptée (MAPA)", "")),
            ("Technique et modalité d'exécution", ("Accord-cadre · Bons de commande", "")),
            (
                "Leviers sociaux et environnementaux",
                [
                    ("marche_reserve", "Marché réservé", "art. L2113-13 — réservé aux SIAE"),
                    (
                        "clause_sociale",
                        "Clause sociale d'insertion",
                        "art. L2112-2 du Code de la commande publique",
                    ),
                    (
                        "critere_social",
                        "Critère social d'attribution",
                        "art. R2152-7 du Code de la commande publique",
                    ),
                ],
            ),
            ("Heures d'insertion", (f"3{NBSP}500 heures", "")),
            (
                "Critères d'attribution",
                [("", "Valeur technique", f"60{NBSP}%"), ("", "Prix", "non précisée")],
            ),
            (
                "Codes CPV",
                [
                    ("77310000-6", "Réalisation et entretien d'espaces verts", "(principal)"),
                    ("77211300-5", cpv_codes[1].label, ""),
                ],
            ),
            (
                "Allotissement",
                [("", "4 lots", ""), ("", "Lot concerné : Lot 3 — espaces verts", "")],
            ),
            ("Groupement", ("Pas de groupement (un titulaire seul)", "")),
            ("Durée", ("36 mois (1 an reconductible 2 fois)", "")),
            (
                "Montant HT",
                (
                    f"de 10{NBSP}000{NBSP}€ à 250{NBSP}000{NBSP}€",
                    "(minimum et maximum de l'accord-cadre)",
                ),
            ),
            ("Date de notification", ("15 mars 2023", "")),
            ("Exécution", ("Début : avril 2023 · Fin : 2026", "")),
            ("Historique du marché", ("Première attribution : 2019 (pour trois ans)", "")),
            ("Lieu d'exécution", ("Rennes · Ille-et-Vilaine (35) · Bretagne", "")),
            ("Identifiant DECP", ("21350238800019_2023_0042", "")),
        ]
        assert [
            row.key
            for row in card.technical_card(fiche=fiche, criteria=criteria, cpv_codes=cpv_codes)
        ] == list(card.KEYS)

    def test_a_fiche_with_empty_fields_shows_only_its_nature_and_procedure(self, sparse_fiche):
        with translation.override("fr"):
            rows = summary(rows_of(reload(sparse_fiche)))

        assert rows == [
            ("Nature du marché", ("Services", "")),
            ("Procédure", ("Procédure adaptée (MAPA)", "")),
        ]

    def test_an_estimated_amount_and_a_duration_note_alone(self, index):
        fiche = factories.FichePageFactory(
            parent=index,
            amount_kind=choices.AmountKind.ESTIMATED,
            amount=98000,
            duration_months=None,
            duration_note="Trois saisons",
        )
        with translation.override("fr"):
            rows = dict(summary(rows_of(reload(fiche))))

        assert rows["Montant HT"] == (f"environ 98{NBSP}000{NBSP}€", "(estimation)")
        assert rows["Durée"] == ("Trois saisons", "")

    def test_unknowns_are_said_and_partial_dates_shown_at_their_precision(self, index):
        fiche = factories.FichePageFactory(
            parent=index,
            procedure=choices.Procedure.NOT_STATED,
            technique=choices.Technique.NOT_STATED,
            execution_mode=choices.ExecutionMode.NONE,
            criteria=(),
            award_criteria_status=choices.CriteriaStatus.NOT_STATED,
            duration_months=None,
            notification_date="juillet 2023",
            execution_start="2018",
        )
        with translation.override("fr"):
            rows = {str(row.label): row for row in rows_of(reload(fiche))}

        assert rows["Procédure"].text == "Non renseigné"
        assert rows["Technique et modalité d'exécution"].text == "technique non renseignée"
        assert rows["Critères d'attribution"].text == "Non renseignés"
        assert rows["Critères d'attribution"].items == ()
        assert rows["Date de notification"].text == "juillet 2023"
        assert rows["Date de notification"].machine == "2023-07"
        assert rows["Exécution"].text == "Début : 2018"
        assert "Durée" not in rows  # empty: not stated, and no default shown

    def test_both_technique_and_execution_mode_unknown(self, index):
        fiche = factories.FichePageFactory(
            parent=index,
            technique=choices.Technique.NOT_STATED,
            execution_mode=choices.ExecutionMode.NOT_STATED,
            criteria=(),
            award_criteria_status=choices.CriteriaStatus.NONE,
        )
        with translation.override("fr"):
            rows = {str(row.label): row.text for row in rows_of(reload(fiche))}

        assert rows["Technique et modalité d'exécution"] == "Non renseignées"
        assert rows["Critères d'attribution"] == "Sans objet (pas de critères)"


def page_labels(client, fiche):
    html = client.get(fiche.url).content.decode()
    card_html = re.search(r'<dl class="tech-card__list">.*?</dl>', html, re.S).group()
    return [unescape(label).strip() for label in re.findall(r"<dt>(.*?)</dt>", card_html, re.S)]


def pdf_labels(fiche):
    fiche = reload(fiche)
    _heading, table = pdf_card._technical_card(fiche, selectors.fiche_page(fiche=fiche))
    return [unescape(label.text) for label, _value in table._cellvalues]


@pytest.mark.django_db
@pytest.mark.parametrize("which", ["full_fiche", "sparse_fiche"])
def test_the_page_and_the_pdf_show_exactly_the_card_rows(client, request, which):
    fiche = request.getfixturevalue(which)
    with translation.override("fr"):
        labels = [str(row.label) for row in rows_of(reload(fiche))]
        assert pdf_labels(fiche) == labels
    assert page_labels(client, fiche) == labels
