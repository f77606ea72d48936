"""Export → import: a fiche's CSV or XLSX row imported again gives back what the fiche said.
« Non renseigné » stays distinct from « sans objet », « aucun » and an empty value in every
choice column that has it (``Column.empty_is_unknown``), the ESUS approval included."""

import pytest

from fiches import choices, factories
from fiches.choices import NOT_STATED
from fiches.models import Buyer, ESSStructure, FichePage, Operator
from fiches.opendata import columns, services

EXPORTS = "/api/v2/exports/"


def actor(fiche, relation):
    return getattr(fiche, relation).get().actor


#: What each choice column holds, read on a fiche: every column whose value list has
#: « Non renseigné » must be here (``test_every_column_with_an_unknown_is_checked``).
READ = {
    "procedure": lambda f: f.procedure,
    "technique": lambda f: f.technique,
    "modalite_execution": lambda f: f.execution_mode,
    "type_montant": lambda f: f.amount_kind,
    "groupement": lambda f: f.groupement,
    "criteres_statut": lambda f: f.award_criteria_status,
    "acheteur_type": lambda f: actor(f, "buyer_links").buyer_type,
    "titulaire_famille": lambda f: actor(f, "supplier_links").family,
    "titulaire_statut": lambda f: actor(f, "supplier_links").inclusion_status,
    "titulaire_esus": lambda f: actor(f, "supplier_links").esus,
    "operateur_type": lambda f: actor(f, "operator_links").operator_type,
}

NO_AMOUNT = {"amount": None, "amount_period": ""}

CASES = {
    # Everything the sources may not give, not given.
    "unknown": dict(
        procedure=NOT_STATED,
        technique=NOT_STATED,
        execution_mode=NOT_STATED,
        amount_kind=choices.AmountKind.UNKNOWN,
        **NO_AMOUNT,
        groupement=choices.Groupement.UNKNOWN_FORM,
        groupement_lead_unknown=True,
        criteria=(),
        award_criteria_status=NOT_STATED,
        buyer=dict(buyer_type=NOT_STATED),
        supplier=dict(family=NOT_STATED, inclusion_status=NOT_STATED, esus=NOT_STATED),
        operator=dict(operator_type=NOT_STATED),
    ),
    # Their neighbours: « sans objet », no status, no groupement stated, no amount given.
    "none": dict(
        technique=choices.Technique.NONE,
        execution_mode=choices.ExecutionMode.NONE,
        amount_kind="",
        **NO_AMOUNT,
        groupement="",
        criteria=(),
        award_criteria_status=choices.CriteriaStatus.NONE,
        buyer=dict(buyer_type=choices.BuyerType.COMMUNE),
        supplier=dict(inclusion_status="", esus=choices.ESUSStatus.NO),
        operator=dict(operator_type=choices.OperatorType.CRESS),
    ),
    # Known values, and a groupement that is not one.
    "known": dict(
        technique=choices.Technique.FRAMEWORK,
        execution_mode=choices.ExecutionMode.PURCHASE_ORDERS,
        groupement=choices.Groupement.NONE,
        supplier=dict(inclusion_status=choices.InclusionStatus.ESAT, esus=choices.ESUSStatus.YES),
    ),
}


def make_fiche(index, case):
    fields = dict(CASES[case])
    buyer = factories.BuyerFactory(**fields.pop("buyer", {}))
    supplier = factories.ESSStructureFactory(**fields.pop("supplier", {}))
    operator = factories.OperatorFactory(**fields.pop("operator", {}))
    return factories.FichePageFactory(
        parent=index,
        external_ref=f"REF-{case}",
        buyers=[buyer],
        suppliers=[supplier],
        operators=[operator],
        **fields,
    )


def read(fiche):
    return {name: reader(fiche) for name, reader in READ.items()}


def test_every_column_with_an_unknown_is_checked():
    with_unknown = {
        column.name
        for column in columns.EXPORT_COLUMNS
        if column.choices is not None and NOT_STATED in column.choices.values
    }
    assert with_unknown == set(READ)


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_an_export_imported_again_says_the_same(client, index, case, extension):
    fiche = make_fiche(index, case)
    before = read(fiche)
    response = client.get(f"{EXPORTS}fiches.{extension}")
    assert response.status_code == 200
    # A fresh directory: the import creates the actors again from the cells.
    fiche.delete()
    for model in (Buyer, ESSStructure, Operator):
        model.objects.all().delete()

    report = services.import_fiches(
        data=response.content, filename=f"fiches.{extension}", index=index, commit=True
    )

    assert report.ok, [str(error) for error in report.errors]
    imported = FichePage.objects.get(external_ref=f"REF-{case}")
    imported = imported.get_latest_revision_as_object()
    assert read(imported) == before


@pytest.mark.django_db
def test_the_spreadsheet_writes_non_renseigne_where_empty_means_something_else(client, index):
    make_fiche(index, "unknown")
    response = client.get(f"{EXPORTS}fiches.csv")
    import csv
    import io

    (row,) = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    # An empty cell would read back as « non renseigné »: left empty.
    for name in ("procedure", "technique", "modalite_execution", "acheteur_type",
                 "titulaire_famille", "titulaire_esus", "operateur_type"):  # fmt: skip
        assert row[name] == "", name
    # An empty cell would read back as no status, no groupement stated, criteria listed, no
    # amount given: the code.
    for name in ("titulaire_statut", "groupement", "criteres_statut", "type_montant"):
        assert row[name] == "non_renseigne", name
