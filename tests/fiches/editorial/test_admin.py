"""The Wagtail admin editing path, exercised by posting the forms an editor would send."""

import re
from decimal import Decimal
from html import unescape

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.html import escape
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

from fiches import factories
from fiches.blocks import INLINE_FEATURES
from fiches.models import Buyer, CPVCode, Department, ESSStructure, FichePage, Operator
from tests.helpers import plain_typography


@pytest.fixture
def editor(client, db):
    client.force_login(get_user_model().objects.create_superuser("admin", "a@example.org", "pw"))
    return client


@pytest.fixture
def actors(db):
    return {
        "buyer": factories.BuyerFactory(name="Ville de Rennes"),
        "supplier": factories.ESSStructureFactory(name="Jardins de Cocagne"),
        "operator": factories.OperatorFactory(name="Maison de l'emploi de Rennes"),
    }


def text(value):
    return rich_text(value, features=INLINE_FEATURES)


def fiche_form(*, actors, theme, **changes):
    """The POST data of a complete fiche, as the add form sends it when published."""
    data = nested_form_data(
        {
            "title": "Entretien des parcs par un chantier d'insertion",
            "slug": "entretien-des-parcs",
            "chapo": "La ville confie ses parcs à un atelier et chantier d'insertion.",
            "hero_image": "",
            "hero_image_alt": "",
            "author": actors["operator"].pk,
            "body": streamfield(
                [
                    ("heading", {"text": "Le contexte", "level": "h2"}),
                    ("paragraph", text("<p>Un marché ouvert aux SIAE du territoire.</p>")),
                    (
                        "testimony",
                        {"quote": "Un vrai tremplin.", "author": "Awa Diallo", "role": "Salariée"},
                    ),
                ]
            ),
            "nature": "services",
            "procedure": "procedure_adaptee",
            "technique": "sans_objet",
            "execution_mode": "sans_objet",
            "reserved": "on",
            "reserved_articles": inline_formset([{"article": "L2113-13", "lots": ""}]),
            "social_clause": "on",
            "social_clause_lots": "",
            "social_criterion_lots": "",
            "environmental_clause_lots": "",
            "environmental_criterion_lots": "",
            "insertion_hours": "3500",
            "award_criteria": inline_formset(
                [{"name": "Valeur technique", "weight": "60"}, {"name": "Prix", "weight": "40"}]
            ),
            "main_cpv": "77310000-6",
            "additional_cpvs": inline_formset([{"cpv": "77211300-5"}]),
            "lots_count": "3",
            "lot_concerned": "Lot 2 — parcs du nord",
            "duration_months": "36",
            "duration_note": "",
            "amount_kind": "min_max",
            "amount_period": "total",
            "amount_years": "",
            "amount": "",
            "amount_min": "100000",
            "amount_max": "200000",
            "notification_date": "15/03/2023",
            "execution_start": "",
            "execution_end": "",
            "milestones": inline_formset([]),
            "award_criteria_status": "",
            "region": "53",
            "commune": "Rennes",
            "decp_id": "",
            "buyer_links": inline_formset(
                [{"actor": actors["buyer"].pk, "role": "acheteur", "presentation": "Pilote."}]
            ),
            "supplier_links": inline_formset(
                [{"actor": actors["supplier"].pk, "role": "titulaire", "presentation": ""}]
            ),
            "groupement": "",
            "unnamed_members": inline_formset([]),
            "operator_links": inline_formset(
                [{"actor": actors["operator"].pk, "role": "facilitation", "presentation": ""}]
            ),
            "contact_name": "",
            "contact_role": "",
            "contact_email": "",
            "contact_phone": "",
            "added_value_buyer": text("<p>Des parcs mieux entretenus.</p>"),
            "added_value_ess": text("<p>Douze postes en insertion.</p>"),
            "added_value_territory": text(""),
            "impact_indicators": inline_formset(
                [
                    {
                        "indicator": "Heures d'insertion",
                        "kind": "exact",
                        "value": "3500",
                        "value_min": "",
                        "value_max": "",
                        "unit": "heures",
                        "period": "2023",
                        "source": "PLIE",
                    }
                ]
            ),
            "success_factors": text("<p>Un sourcing avec la CRESS.</p>"),
            "difficulties": text(""),
            "advice": text(""),
            "seo_title": "",
            "search_description": "",
            "go_live_at": "",
            "expire_at": "",
            "comments": inline_formset([]),
            "action-publish": "action-publish",
        }
    )
    data["themes"] = [theme.pk]
    data["departments"] = ["35"]
    data.update(changes)
    return data


@pytest.fixture
def add_url(index):
    return reverse("wagtailadmin_pages:add", args=["fiches", "fichepage", index.pk])


@pytest.fixture
def form_data(actors):
    factories.cpv("77310000-6")
    factories.cpv("77211300-5")
    return fiche_form(actors=actors, theme=factories.ThemeFactory(name="Espaces verts"))


class TestFicheAddForm:
    def test_shows_the_tabs(self, editor, add_url):
        response = editor.get(add_url)

        assert response.status_code == 200
        content = response.content.decode()
        for tab in (
            "Contenu",
            "Caractéristiques techniques",
            "Parties prenantes",
            "Plus-value et impact",
            "Promotion",
        ):
            assert tab in content

    def test_publishes_a_complete_fiche(self, editor, index, add_url, form_data, actors):
        response = editor.post(add_url, form_data)

        assert response.status_code == 302
        assert response.url == reverse("wagtailadmin_explore", args=[index.pk])
        fiche = FichePage.objects.get(slug="entretien-des-parcs")
        assert fiche.live
        assert fiche.get_parent().pk == index.pk
        assert [link.actor for link in fiche.buyer_links.all()] == [actors["buyer"]]
        assert [link.actor for link in fiche.supplier_links.all()] == [actors["supplier"]]
        assert [(link.actor, link.role) for link in fiche.operator_links.all()] == [
            (actors["operator"], "facilitation")
        ]
        assert [(c.name, c.weight) for c in fiche.award_criteria.all()] == [
            ("Valeur technique", 60),
            ("Prix", 40),
        ]
        assert fiche.main_cpv_id == "77310000-6"
        assert [link.cpv_id for link in fiche.additional_cpvs.all()] == ["77211300-5"]
        assert [d.code for d in fiche.departments.all()] == ["35"]
        assert [t.name for t in fiche.themes.all()] == ["Espaces verts"]
        assert [block.block_type for block in fiche.body] == ["heading", "paragraph", "testimony"]
        assert fiche.impact_indicators.get().value == 3500
        assert (fiche.amount_min, fiche.amount_max) == (100000, 200000)
        assert editor.get(fiche.url).status_code == 200

    def test_publishes_two_articles_and_a_groupement(self, editor, add_url, form_data, actors):
        form_data.update(
            nested_form_data(
                {
                    "reserved_articles": inline_formset(
                        [
                            {"article": "L2113-12", "lots": "lot 1"},
                            {"article": "L2113-13", "lots": "lot 2"},
                        ]
                    ),
                    "supplier_links": inline_formset(
                        [{"actor": actors["supplier"].pk, "role": "mandataire"}]
                    ),
                    "unnamed_members": inline_formset(
                        [
                            {"kind": "esat", "count": "3", "note": ""},
                            {"kind": "siae", "count": "5", "note": "du département"},
                        ]
                    ),
                }
            )
        )
        form_data.update({"groupement": "solidaire", "social_clause_lots": "lot 3"})

        response = editor.post(add_url, form_data)

        assert response.status_code == 302
        fiche = FichePage.objects.get(slug="entretien-des-parcs")
        assert [(r.article, r.lots) for r in fiche.reserved_articles.all()] == [
            ("L2113-12", "lot 1"),
            ("L2113-13", "lot 2"),
        ]
        assert [(m.kind, m.count, m.note) for m in fiche.unnamed_members.all()] == [
            ("esat", 3, ""),
            ("siae", 5, "du département"),
        ]
        assert (fiche.groupement, fiche.social_clause_lots) == ("solidaire", "lot 3")
        page = plain_typography(unescape(editor.get(fiche.url).content.decode()))
        assert (
            "Groupement solidaire de 9 structures, mandataire Jardins de Cocagne : Jardins de "
            "Cocagne et 8 autres structures non nommées (3 ESAT, 5 SIAE du département)"
        ) in page

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            pytest.param(
                nested_form_data(
                    {
                        "award_criteria": inline_formset(
                            [
                                {"name": "Valeur technique", "weight": "50"},
                                {"name": "Prix", "weight": "40"},
                            ]
                        )
                    }
                ),
                "Les pondérations des critères font 90 % au total : elles doivent faire 100 %.",
                id="weights-90",
            ),
            pytest.param(
                nested_form_data({"reserved_articles": inline_formset([])}),
                "Vous avez coché « marché réservé » : ajoutez le ou les articles",
                id="reserved-without-article",
            ),
            pytest.param(
                nested_form_data(
                    {
                        "reserved_articles": inline_formset(
                            [
                                {"article": "L2113-12", "lots": "lot 1"},
                                {"article": "L2113-12", "lots": "lot 2"},
                            ]
                        )
                    }
                ),
                "L'article L2113-12 est donné deux fois",
                id="same-article-twice",
            ),
            pytest.param(
                {"groupement": "solidaire"},
                "Un groupement est mené par un mandataire : donnez le rôle « mandataire »",
                id="groupement-without-mandataire",
            ),
            pytest.param(
                {
                    "groupement": "solidaire",
                    "groupement_lead_unknown": "on",
                    **nested_form_data(
                        {"unnamed_members": inline_formset([{"kind": "esat", "count": "0"}])}
                    ),
                },
                "Indiquez au moins une structure de ce type.",
                id="unnamed-count-0",
            ),
            pytest.param(
                {"departments": ["85"]},
                "Ces départements ne sont pas dans la région Bretagne : Vendée (85).",
                id="department-outside-region",
            ),
            pytest.param(
                {"amount_min": "300000"},
                "Le maximum (200\u00a0000\u00a0€) est inférieur au minimum (300\u00a0000\u00a0€)",
                id="min-above-max",
            ),
        ],
    )
    def test_rejects_inconsistent_data_in_french(
        self, editor, add_url, form_data, changes, message
    ):
        form_data.update(changes)

        response = editor.post(add_url, form_data)

        assert response.status_code == 200
        content = response.content.decode()
        assert escape(message) in content
        assert escape("La page ne peut être créée du fait d'erreurs de validation.") in content
        assert not FichePage.objects.exists()


def indicator(**changes):
    return nested_form_data(
        {
            "impact_indicators": inline_formset(
                [
                    {
                        "indicator": "Personnes accompagnées",
                        "kind": "exact",
                        "value": "",
                        "value_min": "",
                        "value_max": "",
                        "unit": "personnes",
                        "period": "",
                        "source": "",
                        **changes,
                    }
                ]
            )
        }
    )


class TestFrenchNumbers:
    """Amounts and figures typed the French way in the admin form (``fiches.numbers``)."""

    @pytest.mark.parametrize(
        ("typed", "stored"),
        [
            ("1 600 000,00", "1600000.00"),
            ("1\u00a0600\u202f000,00 € HT", "1600000.00"),
            ("1 600 000 €", "1600000.00"),
            ("1.600.000,00", "1600000.00"),
            ("1,6 M€", "1600000.00"),
            ("200 k€", "200000.00"),
            ("1,5", "1.50"),
        ],
    )
    def test_an_amount_typed_the_french_way_is_stored_exactly(
        self, editor, add_url, form_data, typed, stored
    ):
        form_data.update(
            {"amount_kind": "exact", "amount": typed, "amount_min": "", "amount_max": ""}
        )

        response = editor.post(add_url, form_data)

        assert response.status_code == 302, response.content.decode()[:3000]
        fiche = FichePage.objects.get()
        assert str(fiche.amount) == stored
        assert fiche.amount != Decimal("160000000")

    @pytest.mark.parametrize(
        ("typed", "message"),
        [
            ("1,600,000", "la virgule sépare les décimales"),
            ("1.5.2", "les milliers se groupent par trois chiffres"),
            ("1,600", "est ambigu : écrivez « 1 600 » pour des milliers"),
            ("un million", "n'est pas un nombre"),
            ("1 600 000 € TTC", "les montants se saisissent hors taxes"),
        ],
    )
    def test_a_malformed_amount_is_refused_in_french(
        self, editor, add_url, form_data, typed, message
    ):
        form_data.update(
            {"amount_kind": "exact", "amount": typed, "amount_min": "", "amount_max": ""}
        )

        response = editor.post(add_url, form_data)

        assert response.status_code == 200
        assert escape(message) in response.content.decode()
        assert not FichePage.objects.exists()

    def test_an_estimated_yearly_amount(self, editor, add_url, form_data):
        form_data.update(
            {
                "amount_kind": "estime",
                "amount_period": "par_an",
                "amount_years": "6",
                "amount": "200 000",
                "amount_min": "",
                "amount_max": "",
            }
        )

        response = editor.post(add_url, form_data)

        assert response.status_code == 302
        fiche = FichePage.objects.get()
        assert (fiche.amount_kind, fiche.amount_period, fiche.amount_years, fiche.amount) == (
            "estime",
            "par_an",
            6,
            Decimal("200000"),
        )
        page = plain_typography(unescape(editor.get(fiche.url).content.decode()))
        assert "environ 200 000 € par an, sur 6 ans" in page

    def test_an_amount_without_period_is_refused(self, editor, add_url, form_data):
        form_data.update({"amount_period": ""})

        response = editor.post(add_url, form_data)

        assert response.status_code == 200
        assert escape("Précisez si le montant est le total du marché") in response.content.decode()

    def test_an_unknown_amount(self, editor, add_url, form_data):
        form_data.update(
            {
                "amount_kind": "non_renseigne",
                "amount_period": "",
                "amount_min": "",
                "amount_max": "",
            }
        )

        assert editor.post(add_url, form_data).status_code == 302
        fiche = FichePage.objects.get()
        assert (fiche.amount_kind, fiche.amount, fiche.amount_period) == ("non_renseigne", None, "")
        assert "Non renseigné" in editor.get(fiche.url).content.decode()

    def test_whole_numbers_are_typed_the_french_way_too(self, editor, add_url, form_data):
        form_data.update({"insertion_hours": "3 500", "duration_months": "36"})

        assert editor.post(add_url, form_data).status_code == 302
        assert FichePage.objects.get().insertion_hours == 3500

    def test_a_whole_number_with_decimals_is_refused(self, editor, add_url, form_data):
        form_data.update({"insertion_hours": "3,5"})

        response = editor.post(add_url, form_data)

        assert response.status_code == 200
        assert escape("« 3,5 » doit être un nombre entier, sans décimales.") in (
            response.content.decode()
        )

    def test_the_amount_input_is_text_and_shows_the_number_in_french(self, editor, index):
        fiche = factories.FichePageFactory(parent=index, amount=Decimal("1600000.50"))

        response = editor.get(reverse("wagtailadmin_pages:edit", args=[fiche.pk]))

        content = response.content.decode()
        field = re.search(r"<input[^>]*name=\"amount\"[^>]*>", content).group(0)
        assert 'type="text"' in field
        assert 'inputmode="decimal"' in field
        assert 'value="1 600 000,5"' in field

    def test_a_range_indicator_typed_the_french_way(self, editor, add_url, form_data):
        form_data.update(indicator(kind="fourchette", value_min="350", value_max="1 200,5"))

        assert editor.post(add_url, form_data).status_code == 302
        row = FichePage.objects.get().impact_indicators.get()
        assert (row.kind, row.value, row.value_min, row.value_max) == (
            "fourchette",
            None,
            Decimal("350"),
            Decimal("1200.5"),
        )

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            (
                {"kind": "fourchette", "value_min": "500", "value_max": "350"},
                "Le maximum (350) est inférieur au minimum (500)",
            ),
            ({"kind": "fourchette", "value_min": "350"}, "Une fourchette a deux bornes"),
            ({"kind": "plus_de"}, "« Plus de » demande une valeur"),
            ({"value": "3,500,000"}, "la virgule sépare les décimales"),
        ],
    )
    def test_a_bad_indicator_is_refused_in_french(
        self, editor, add_url, form_data, changes, message
    ):
        form_data.update(indicator(**changes))

        response = editor.post(add_url, form_data)

        assert response.status_code == 200
        assert escape(message) in response.content.decode()
        assert not FichePage.objects.exists()


class TestUnknownsAndPartialDatesInTheForm:
    def test_records_an_unknown_procedure_and_a_month_precision_date(
        self, editor, add_url, form_data
    ):
        form_data.update(
            {
                "procedure": "non_renseigne",
                "technique": "non_renseigne",
                "notification_date": "juillet 2023",
                "execution_start": "09/2023",
                "execution_end": "2026",
                "duration_months": "",
            }
        )
        form_data.update(
            nested_form_data(
                {
                    "award_criteria": inline_formset([]),
                    "milestones": inline_formset(
                        [{"kind": "premiere_attribution", "date": "2011", "note": ""}]
                    ),
                }
            )
        )
        form_data["award_criteria_status"] = "non_renseigne"

        response = editor.post(add_url, form_data)

        assert response.status_code == 302
        fiche = FichePage.objects.get(slug="entretien-des-parcs")
        assert (fiche.procedure, fiche.technique) == ("non_renseigne", "non_renseigne")
        assert (fiche.notification_date, fiche.execution_start, fiche.execution_end) == (
            "2023-07",
            "2023-09",
            "2026",
        )
        assert fiche.duration_months is None
        assert fiche.award_criteria_status == "non_renseigne"
        assert [(m.kind, m.date) for m in fiche.milestones.all()] == [
            ("premiere_attribution", "2011")
        ]
        edit = editor.get(reverse("wagtailadmin_pages:edit", args=[fiche.pk])).content.decode()
        assert 'value="07/2023"' in edit  # shown back as typed, at its precision

    @pytest.mark.parametrize(
        ("changes", "field", "message"),
        [
            pytest.param(
                {"notification_date": "31/02/2023"},
                "notification_date",
                "La date « 31/02/2023 » n'existe pas : vérifiez le jour et le mois.",
                id="day-that-does-not-exist",
            ),
            pytest.param(
                {"notification_date": "30 février 2023"},
                "notification_date",
                "La date « 30 février 2023 » n'existe pas : vérifiez le jour et le mois.",
                id="day-that-does-not-exist-in-words",
            ),
            pytest.param(
                {"notification_date": "13/2023"},
                "notification_date",
                "Le mois de « 13/2023 » n'existe pas : il va de 1 à 12.",
                id="month-that-does-not-exist",
            ),
            pytest.param(
                {"execution_start": "2024", "execution_end": "06/2023"},
                "execution_end",
                "La fin d'exécution (2023-06) est avant son début (2024)",
                id="end-before-start",
            ),
            pytest.param(
                {"award_criteria_status": "sans_objet"},
                "award_criteria_status",
                "Vous avez listé des critères d'attribution",
                id="criteria-listed-and-said-absent",
            ),
            pytest.param(
                {"technique": ""},
                "technique",
                "Ce champ est obligatoire.",
                id="technique-has-no-default",
            ),
            pytest.param(
                {"procedure": ""},
                "procedure",
                "Ce champ est obligatoire.",
                id="procedure-has-no-default",
            ),
        ],
    )
    def test_refuses_bad_dates_and_contradictions_in_french(
        self, editor, add_url, form_data, changes, field, message
    ):
        form_data.update(changes)

        response = editor.post(add_url, form_data)

        assert response.status_code == 200
        assert escape(message) in response.content.decode()
        assert field in response.context["form"].errors
        assert not FichePage.objects.exists()

    def test_a_new_fiche_form_preselects_no_technique(self, editor, add_url):
        form = editor.get(add_url).context["form"]

        for name in ("procedure", "technique", "execution_mode"):
            assert not form[name].value(), name
            assert ("non_renseigne", "Non renseigné") in form.fields[name].choices


class TestESUSInTheActorForm:
    def test_the_esus_choice_has_no_default_and_says_non_renseigne(self, editor):
        response = editor.get(reverse("wagtailsnippets_fiches_essstructure:add"))
        form = response.context["form"]

        assert not form["esus"].value()
        assert [code for code, _label in form.fields["esus"].choices if code] == [
            "oui",
            "non",
            "non_renseigne",
        ]
        assert form.fields["esus"].required


class TestFicheEditForm:
    def test_publishing_an_edit_creates_a_new_revision(self, editor, fiche):
        edit_url = reverse("wagtailadmin_pages:edit", args=[fiche.pk])
        revisions = fiche.revisions.count()
        response = editor.get(edit_url)
        assert response.status_code == 200
        data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
        data.update(
            nested_form_data(
                {
                    "body": streamfield([("heading", {"text": "Le bilan", "level": "h2"})]),
                    "comments": inline_formset([]),
                }
            )
        )
        # The helper posts checked checkboxes without a value, which Django reads as unchecked.
        for lever in ("reserved", "social_clause"):
            data[lever] = "on"
        data["title"] = "Entretien des espaces verts : le bilan"
        data["action-publish"] = "action-publish"

        response = editor.post(edit_url, data)

        assert response.status_code == 302
        fiche.refresh_from_db()
        assert fiche.title == "Entretien des espaces verts : le bilan"
        assert fiche.revisions.count() == revisions + 1
        assert fiche.live_revision == fiche.latest_revision
        assert fiche.buyer_links.count() == 1
        assert [c.weight for c in fiche.award_criteria.all()] == [60, 40]
        assert "Le bilan" in editor.get(fiche.url).content.decode()


def snippet_url(model, name, *args):
    return reverse(model.snippet_viewset.get_url_name(name), args=args)


def chooser_url(model, name="choose"):
    return reverse(model.snippet_viewset.chooser_viewset.get_url_name(name))


@pytest.mark.parametrize("model", [Buyer, ESSStructure, Operator])
class TestActorSnippets:
    FACTORIES = {
        Buyer: factories.BuyerFactory,
        ESSStructure: factories.ESSStructureFactory,
        Operator: factories.OperatorFactory,
    }

    def make(self, model, name, department):
        return self.FACTORIES[model](name=name, department=Department.objects.get(code=department))

    def test_listing_filters_by_region_and_searches_by_name(self, editor, model):
        self.make(model, "Acteur breton", "35")
        self.make(model, "Acteur vendéen", "85")
        url = snippet_url(model, "list")

        everyone = editor.get(url)
        in_bretagne = editor.get(url, {"region": "53"})
        searched = editor.get(url, {"q": "vendéen"})

        assert everyone.status_code == 200
        assert "Région" in everyone.content.decode()
        assert "Acteur breton" in in_bretagne.content.decode()
        assert "Acteur vendéen" not in in_bretagne.content.decode()
        assert "Acteur vendéen" in searched.content.decode()
        assert "Acteur breton" not in searched.content.decode()

    def test_chooser_searches_by_name(self, editor, model):
        self.make(model, "Acteur breton", "35")
        self.make(model, "Acteur vendéen", "85")

        response = editor.get(chooser_url(model, "choose_results"), {"q": "breton"})

        assert response.status_code == 200
        assert "Acteur breton" in response.content.decode()
        assert "Acteur vendéen" not in response.content.decode()


class TestActorForm:
    @pytest.mark.parametrize(
        ("siret", "message"),
        [
            ("123", "Le SIRET doit comporter exactement 14 chiffres (vous en avez saisi 3)."),
            ("12345678901234", "Ce SIRET n'est pas valide : sa clé de contrôle ne correspond pas."),
        ],
    )
    def test_a_bad_siret_is_refused_in_french(self, editor, siret, message):
        url = snippet_url(Buyer, "add")

        response = editor.post(
            url + "?locale=fr",
            {"name": "Commune de Vitré", "slug": "", "buyer_type": "commune", "siret": siret},
        )

        assert response.status_code == 200
        assert escape(message) in response.content.decode()
        assert not Buyer.objects.exists()

    def test_a_valid_actor_is_created(self, editor):
        response = editor.post(
            snippet_url(Buyer, "add") + "?locale=fr",
            {"name": "Commune de Vitré", "slug": "", "buyer_type": "commune", "siret": ""},
        )

        assert response.status_code == 302
        assert Buyer.objects.get().slug == "commune-de-vitre"


class TestCPVChooser:
    @pytest.fixture(autouse=True)
    def codes(self, db):
        factories.cpv("77310000-6")
        factories.cpv("90910000-9")

    @pytest.mark.parametrize("view", ["choose", "choose_results"])
    @pytest.mark.parametrize("query", ["7731", "77310000-6", "espaces verts", "Green areas"])
    def test_finds_a_code_by_its_start_or_by_words(self, editor, view, query):
        response = editor.get(chooser_url(CPVCode, view), {"q": query})

        assert response.status_code == 200
        content = response.content.decode()
        assert "77310000-6" in content
        assert "90910000-9" not in content

    @pytest.mark.parametrize(
        ("query", "code"),
        [
            ("98310000-9", "98310000-9"),
            ("98310000", "98310000-9"),
            ("blanchisserie et de nettoyage", "98310000-9"),
            ("34928400-2", "34928400-2"),
            ("mobilier urbain", "34928400-2"),
            ("15811100-7", "15811100-7"),
            ("Bread", "15811100-7"),
        ],
    )
    def test_every_official_code_can_be_chosen(self, editor, query, code):
        response = editor.get(chooser_url(CPVCode, "choose_results"), {"q": query})

        assert response.status_code == 200
        assert code in response.content.decode()

    @pytest.mark.parametrize("view", ["choose", "choose_results"])
    def test_a_code_not_found_says_what_to_do(self, editor, view):
        response = editor.get(chooser_url(CPVCode, view), {"q": "laverie"})

        assert response.status_code == 200
        # The modal comes as JSON, its results alone as HTML.
        content = unescape(response.json()["html"] if view == "choose" else response.text)
        assert "Aucun code CPV ne correspond à « <em>laverie</em> »." in content
        assert "Vérifiez le code : 8 chiffres" in content
        assert "« blanchisserie » plutôt que « laverie »" in content
        assert "nomenclature CPV 2008 officielle" in content
        assert "demandez à un administrateur du site" in content

    def test_a_code_found_shows_no_help(self, editor):
        response = editor.get(chooser_url(CPVCode, "choose_results"), {"q": "98310000"})

        assert "Aucun code CPV ne correspond" not in response.content.decode()


def test_themes_are_picked_from_a_searchable_list(admin_client, index):
    """The theme picker has a search box (shown by its script) above the theme checkboxes."""
    factories.ThemeFactory(name="Espaces verts")
    factories.ThemeFactory(name="Alimentation")

    response = admin_client.get(f"/admin/pages/add/fiches/fichepage/{index.pk}/")

    html = response.content.decode()
    assert "data-searchable-checkboxes" in html
    assert "Chercher une thématique" in html
    assert "js/searchable-checkboxes.js" in html
    assert html.count('name="themes"') == 2
