"""The completeness list: the pure checks, and the panel on the fiche edit page."""

import pytest
from django.urls import reverse

from fiches import choices, factories
from fiches.editorial.completeness import fiche_gaps, fiche_unknowns
from fiches.models import CustomImage, FichePage


def image_block(image, alt, decorative=False):
    # ImageBlock writes the alternative text on the image object: one copy per block.
    image = CustomImage.objects.get(pk=image.pk)
    return (
        "image",
        {
            "image": {"image": image, "decorative": decorative, "alt_text": alt},
            "caption": "",
        },
    )


def test_a_complete_fiche_lacks_nothing(fiche):
    assert fiche_gaps(fiche) == []


def test_an_empty_fiche_lists_every_gap_in_french(db):
    gaps = [str(gap) for gap in fiche_gaps(FichePage(title="Brouillon"))]
    assert gaps == [
        "Pas de chapô : il sert dans les listes et les partages.",
        "Pas de code CPV principal.",
        "Pas de critère d'attribution.",
        "Pas de région d'exécution.",
        "Pas d'acheteur public.",
        "Pas de structure de l'ESS titulaire.",
        "Pas d'opérateur ni d'accompagnateur.",
        "Pas de plus-value décrite (pour l'acheteur, la structure ou le territoire).",
        "Pas de chiffre d'impact (indicateur ou chiffre clé).",
    ]


def test_each_missing_part_is_reported(index):
    fiche = factories.FichePageFactory(
        parent=index,
        main_cpv=None,
        criteria=(),
        operators=(),
        added_value_buyer="<p> </p>",
        added_value_ess="",
    )
    gaps = [str(gap) for gap in fiche_gaps(fiche)]
    assert gaps == [
        "Pas de code CPV principal.",
        "Pas de critère d'attribution.",
        "Pas d'opérateur ni d'accompagnateur.",
        "Pas de plus-value décrite (pour l'acheteur, la structure ou le territoire).",
    ]


def test_key_figures_count_as_an_impact_figure(index):
    with_figures = factories.FichePageFactory(parent=index, indicators=())
    assert fiche_gaps(with_figures) == []
    without = factories.FichePageFactory(
        parent=index, indicators=(), body=[("heading", {"text": "Contexte", "level": "h2"})]
    )
    assert [str(gap) for gap in fiche_gaps(without)] == [
        "Pas de chiffre d'impact (indicateur ou chiffre clé)."
    ]


def test_images_without_alternative_text(index):
    image = factories.ImageFactory(description="")
    fiche = factories.FichePageFactory(parent=index)
    # The model refuses to save a hero image without alternative text: check a draft in memory.
    fiche.hero_image = image
    fiche.hero_image_alt = ""
    fiche.body = [
        image_block(image, ""),
        image_block(image, ""),
        image_block(image, "", decorative=True),
        image_block(image, "Une équipe au travail"),
    ]
    assert [str(gap) for gap in fiche_gaps(fiche)] == [
        "L'image principale n'a pas de texte alternatif.",
        "2 images de la description n'ont pas de texte alternatif.",
    ]
    fiche.body = [image_block(image, "")]
    fiche.hero_image_alt = "Un parc entretenu"
    assert [str(gap) for gap in fiche_gaps(fiche)] == [
        "Une image de la description n'a pas de texte alternatif."
    ]


def test_a_complete_fiche_has_no_unknown(fiche):
    assert fiche_unknowns(fiche) == []


def test_unknowns_are_listed_apart_from_the_gaps(index):
    fiche = factories.FichePageFactory(
        parent=index,
        procedure=choices.Procedure.NOT_STATED,
        execution_mode=choices.ExecutionMode.NOT_STATED,
        duration_months=None,
        notification_date=None,
        criteria=(),
        award_criteria_status=choices.CriteriaStatus.NOT_STATED,
        buyers=[factories.BuyerFactory(name="Comité", buyer_type=choices.BuyerType.NOT_STATED)],
        suppliers=[
            factories.ESSStructureFactory(
                name="Laverie",
                family=choices.ESSFamily.NOT_STATED,
                inclusion_status=choices.InclusionStatus.NOT_STATED,
                esus=choices.ESUSStatus.NOT_STATED,
            )
        ],
        operators=[
            factories.OperatorFactory(name="Réseau", operator_type=choices.OperatorType.NOT_STATED)
        ],
    )

    assert [str(unknown) for unknown in fiche_unknowns(fiche)] == [
        "Procédure : non renseigné.",
        "Modalité d'exécution : non renseigné.",
        "Critères d'attribution : non renseignés.",
        "Durée (mois) : non renseigné.",
        "Date de notification : non renseigné.",
        "Comité — type d'acheteur : non renseigné.",
        "Laverie — famille de l'ESS : non renseigné.",
        "Laverie — statut d'inclusion ou de handicap : non renseigné.",
        "Laverie — agrément ESUS : non renseigné.",
        "Réseau — type d'opérateur : non renseigné.",
    ]
    # Criteria said to be unknown are not missing: the gaps do not list them.
    assert "Pas de critère d'attribution." not in [str(gap) for gap in fiche_gaps(fiche)]


class TestPanel:
    @pytest.fixture
    def incomplete(self, index, contributor):
        return factories.FichePageFactory(
            parent=index, owner=contributor, publish=False, main_cpv=None, criteria=()
        )

    def test_contributors_see_what_their_draft_lacks(self, client, contributor, incomplete):
        client.force_login(contributor)
        response = client.get(reverse("wagtailadmin_pages:edit", args=[incomplete.pk]))
        content = response.content.decode()
        assert response.status_code == 200
        assert "data-fiche-completeness" in content
        assert "Il manque encore 2 éléments" in content
        assert "Pas de code CPV principal." in content
        assert "Pas de critère d&#x27;attribution." in content

    def test_moderators_see_the_list_too(self, client, moderator, incomplete):
        client.force_login(moderator)
        response = client.get(reverse("wagtailadmin_pages:edit", args=[incomplete.pk]))
        assert "Pas de code CPV principal." in response.content.decode()

    def test_the_panel_reads_the_latest_draft(self, client, contributor, incomplete):
        incomplete.main_cpv = factories.cpv("77310000-6")
        incomplete.save_revision()
        client.force_login(contributor)
        response = client.get(reverse("wagtailadmin_pages:edit", args=[incomplete.pk]))
        content = response.content.decode()
        assert "Pas de code CPV principal." not in content
        assert "Il manque encore 1 élément " in content

    def test_the_moderator_sees_the_unknowns(self, client, moderator, index):
        fiche = factories.FichePageFactory(
            parent=index, procedure=choices.Procedure.NOT_STATED, notification_date=None
        )
        client.force_login(moderator)
        response = client.get(reverse("wagtailadmin_pages:edit", args=[fiche.pk]))
        content = response.content.decode()
        assert "data-fiche-unknowns" in content
        assert "Non renseigné (les sources ne le disent pas)" in content
        assert "Procédure : non renseigné." in content
        assert "Date de notification : non renseigné." in content
        assert "La fiche est complète" in content  # an unknown is not a gap

    def test_a_complete_fiche_says_so(self, client, moderator, fiche):
        client.force_login(moderator)
        response = client.get(reverse("wagtailadmin_pages:edit", args=[fiche.pk]))
        assert "La fiche est complète" in response.content.decode()
