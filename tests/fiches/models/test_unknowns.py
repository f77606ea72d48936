"""« Non renseigné » on the models: the explicit code of each list, the ESUS approval as a choice,
the rules that go with the criteria status and the execution period, and how actors whose
classification is unknown are named."""

import pytest
from django.core.exceptions import ValidationError

from fiches import choices, factories, rules
from fiches.models.actors import ACTOR_KINDS

pytestmark = pytest.mark.django_db


def _actor_classifications():
    """The value list of every classification of every actor kind of the registry (and the ESS
    structures' ESUS approval): a real case may know none of them."""
    lists = []
    for kind in ACTOR_KINDS:
        for field in (*kind.classification, *(("esus",) if kind.key == "ess_structure" else ())):
            lists.append(kind.model._meta.get_field(field).choices)
    return lists


@pytest.mark.parametrize(
    "choice_list",
    [
        choices.Procedure,
        choices.Technique,
        choices.ExecutionMode,
        choices.CriteriaStatus,
        choices.BuyerType,
        choices.ESSFamily,
        choices.InclusionStatus,
        choices.ESUSStatus,
        choices.OperatorType,
    ],
)
def test_every_list_that_may_be_unknown_has_the_one_code(choice_list):
    assert choice_list.NOT_STATED == choices.NOT_STATED == "non_renseigne"
    assert choice_list.NOT_STATED.label.startswith("Non renseigné")


@pytest.mark.parametrize("field_choices", _actor_classifications())
def test_every_classification_of_every_actor_kind_may_be_unknown(field_choices):
    assert (choices.NOT_STATED, "Non renseigné") in [
        (code, str(label)) for code, label in field_choices
    ]


def test_non_renseigne_and_sans_objet_are_distinct():
    assert choices.Technique.NOT_STATED != choices.Technique.NONE
    assert choices.ExecutionMode.NOT_STATED.label != choices.ExecutionMode.NONE.label


def test_a_fiche_with_unknowns_is_valid(index):
    fiche = factories.FichePageFactory(
        parent=index,
        procedure=choices.Procedure.NOT_STATED,
        technique=choices.Technique.NOT_STATED,
        execution_mode=choices.ExecutionMode.NOT_STATED,
        duration_months=None,
        notification_date="2018",
        criteria=(),
        award_criteria_status=choices.CriteriaStatus.NOT_STATED,
    )
    fiche.full_clean()


def test_a_bad_partial_date_is_refused_by_the_model(index):
    fiche = factories.FichePageFactory(parent=index)
    fiche.notification_date = "31/02/2023"

    with pytest.raises(ValidationError) as raised:
        fiche.full_clean()
    assert raised.value.message_dict["notification_date"] == [
        "La date « 31/02/2023 » n'existe pas : vérifiez le jour et le mois."
    ]


def test_the_execution_cannot_end_before_it_starts(index):
    fiche = factories.FichePageFactory(parent=index, execution_start="2021-09")
    fiche.execution_end = "2021"
    fiche.full_clean()  # the same year: compared at the common precision
    fiche.execution_end = "2020-12-31"

    with pytest.raises(ValidationError) as raised:
        fiche.full_clean()
    assert "execution_end" in raised.value.message_dict


def test_the_criteria_status_only_without_criteria():
    assert rules.check_criteria_status(status="", criteria_count=2) == {}
    assert rules.check_criteria_status(status="sans_objet", criteria_count=0) == {}
    assert "award_criteria_status" in rules.check_criteria_status(
        status="non_renseigne", criteria_count=1
    )


def test_esus_is_a_choice_without_default():
    structure = factories.ESSStructureFactory(esus="")

    with pytest.raises(ValidationError) as raised:
        structure.full_clean()
    assert "esus" in raised.value.message_dict
    structure.esus = choices.ESUSStatus.NOT_STATED
    structure.full_clean()


def test_actors_whose_classification_is_unknown_say_so():
    buyer = factories.BuyerFactory(buyer_type=choices.BuyerType.NOT_STATED)
    structure = factories.ESSStructureFactory(
        family=choices.ESSFamily.NOT_STATED, inclusion_status=choices.InclusionStatus.NOT_STATED
    )

    assert str(buyer.kind_label) == "Type d'acheteur non renseigné"
    operator = factories.OperatorFactory(operator_type=choices.OperatorType.NOT_STATED)
    assert str(operator.kind_label) == "Type d'opérateur non renseigné"
    assert structure.kind_label == "Famille de l'ESS non renseignée"


def test_the_actor_page_names_esus_only_when_approved(client, index):
    approved = factories.ESSStructureFactory(name="Approuvée", esus=choices.ESUSStatus.YES)
    unknown = factories.ESSStructureFactory(name="Inconnue", esus=choices.ESUSStatus.NOT_STATED)
    refused = factories.ESSStructureFactory(name="Refusée", esus=choices.ESUSStatus.NO)
    factories.FichePageFactory(parent=index, suppliers=[approved, unknown, refused])

    def page(actor):
        response = client.get(actor.get_absolute_url())
        assert response.status_code == 200
        return response.content.decode()

    assert "· agréée ESUS" in page(approved)
    assert "agréée ESUS" not in page(unknown)
    assert "agréée ESUS" not in page(refused)
