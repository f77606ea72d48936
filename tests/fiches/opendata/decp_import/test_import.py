"""``import_decp``: which records are kept, the columns of their row, re-import, SIRET
matching of known ESS holders, bad files and the command."""

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from fiches import factories
from fiches.models import DecpCandidate
from fiches.opendata.decp_import import generate, reader

from .conftest import EXAMPLES

NO_SOCIAL = {"considerationSociale": ["Pas de considération sociale"]}
NO_ENVIRONMENTAL = {
    "considerationsEnvironnementales": {
        "considerationEnvironnementale": ["Pas de considération environnementale"]
    }
}


def social(*values):
    return {"considerationSociale": list(values)}


def environmental(*values):
    return {"considerationEnvironnementale": list(values)}


@pytest.mark.django_db
def test_the_schemas_examples_give_their_candidates(import_file):
    for path in EXAMPLES:
        import_file(path)
    # Two contracts and four concessions (the same ids under two buyers are two contracts).
    assert DecpCandidate.objects.filter(kind="marche").count() == 2
    assert DecpCandidate.objects.filter(kind="concession").count() == 4
    contract = DecpCandidate.objects.get(decp_id="TEST2022", buyer_siret="21750001630066")
    assert contract.social_clause and contract.social_criterion and not contract.reserved
    assert contract.environmental_clause and contract.innovative
    assert contract.amount == Decimal("575000")
    assert contract.notification_date == "2024-05-15" and contract.year == 2024
    assert contract.region_id == "11"  # postcode 75000: Paris, Île-de-France
    assert contract.cpv == "45000000" and contract.cpv_division == "45"
    assert contract.holder_sirets == ["55204599900869"]
    concession = DecpCandidate.objects.get(decp_id="0612202306122024", buyer_siret="12345678901250")
    assert concession.amount == Decimal("10.30") and concession.region_id is None
    assert concession.notification_date == "2024-04-02"


@pytest.mark.django_db
def test_each_consideration_value(decp_file, import_file):
    path = decp_file(
        [
            generate.marche(1, considerationsSociales=social("Clause sociale"), **NO_ENVIRONMENTAL),
            generate.marche(2, considerationsSociales=social("Critère social"), **NO_ENVIRONMENTAL),
            generate.marche(3, considerationsSociales=social("Marché réservé"), **NO_ENVIRONMENTAL),
            generate.marche(
                4,
                considerationsSociales=NO_SOCIAL,
                considerationsEnvironnementales=environmental("Clause environnementale"),
            ),
            generate.marche(
                5,
                considerationsSociales=social("Clause sociale"),
                considerationsEnvironnementales=environmental(
                    "Clause environnementale", "Critère environnemental"
                ),
                marcheInnovant=True,
            ),
            generate.marche(
                6,
                considerationsSociales=social("Marché réservé"),
                considerationsEnvironnementales=environmental(
                    "Pas de considération environnementale"
                ),
                marcheInnovant=False,
            ),
        ],
        [
            generate.concession(7, considerationsSociales=social("Concession réservée")),
            generate.concession(8, considerationsSociales=NO_SOCIAL),
            generate.concession(
                9, considerationsSociales=social("Clause sociale", "Critère social")
            ),
        ],
    )
    report = import_file(path)
    assert (report.read, report.candidates, report.created) == (9, 7, 7)
    flags = {
        candidate.decp_id: {
            name
            for name in (
                "reserved",
                "social_clause",
                "social_criterion",
                "environmental_clause",
                "environmental_criterion",
                "innovative",
            )
            if getattr(candidate, name)
        }
        for candidate in DecpCandidate.objects.all()
    }
    assert flags == {
        "G0000000001": {"social_clause"},
        "G0000000002": {"social_criterion"},
        "G0000000003": {"reserved"},
        "G0000000005": {
            "social_clause",
            "environmental_clause",
            "environmental_criterion",
            "innovative",
        },
        "G0000000006": {"reserved"},
        "C0000000007": {"reserved"},
        "C0000000009": {"social_clause", "social_criterion"},
    }
    # An environmental lever alone, or no consideration, does not make a candidate.
    assert report.reasons == {"social_clause": 3, "social_criterion": 2, "reserved": 3}


@pytest.mark.django_db
def test_a_known_ess_holder_makes_a_candidate_by_its_siret(decp_file, import_file):
    factories.ESSStructureFactory(
        siret=generate.holder_siret(11)[:7] + " " + generate.holder_siret(11)[7:]
    )
    path = decp_file(
        [
            generate.marche(11, considerationsSociales=NO_SOCIAL),
            generate.marche(12, considerationsSociales=NO_SOCIAL),
        ]
    )
    report = import_file(path)
    assert report.candidates == 1
    candidate = DecpCandidate.objects.get()
    assert candidate.decp_id == "G0000000011" and candidate.ess_holder
    assert not (candidate.reserved or candidate.social_clause or candidate.social_criterion)


@pytest.mark.django_db
def test_reimport_updates_the_same_rows_and_keeps_the_fiche(decp_file, import_file, fiche):
    first = decp_file([generate.marche(number) for number in range(10)])
    report = import_file(first, batch_size=3)
    assert (report.candidates, report.created, report.updated) == (8, 8, 0)
    candidate = DecpCandidate.objects.get(decp_id="G0000000001")
    candidate.fiche = fiche
    candidate.save()
    changed = decp_file(
        [generate.marche(number) for number in range(10)]
        + [generate.marche(1, objet="Objet corrigé", montant=Decimal("99.50"))]
    )
    report = import_file(changed, batch_size=3)
    assert (report.created, report.updated) == (0, 9)
    assert DecpCandidate.objects.count() == 8
    candidate.refresh_from_db()
    assert candidate.subject == "Objet corrigé" and candidate.amount == Decimal("99.50")
    assert candidate.fiche == fiche


@pytest.mark.django_db
def test_a_dry_run_writes_nothing(decp_file, import_file):
    report = import_file(decp_file([generate.marche(number) for number in range(5)]), commit=False)
    assert report.candidates == 4 and report.created == 0
    assert not DecpCandidate.objects.exists()
    assert "rien n'a été enregistré" in " ".join(report.lines())


@pytest.mark.django_db
def test_places_give_their_region(decp_file, import_file):
    places = [
        ("35238", "Code commune", "53"),
        ("97411", "Code commune", "04"),
        ("2A004", "Code commune", "94"),
        ("20000", "Code postal", "94"),
        ("75011", "Code postal", "11"),
        ("44", "Code département", "52"),
        ("84", "Code région", "84"),
        ("99", "Code région", None),
        ("FR", "Code pays", None),
    ]
    records = [
        generate.marche(
            number * 5 + 1,
            lieuExecution={"code": code, "typeCode": type_code},
            considerationsSociales=social("Clause sociale"),
        )
        for number, (code, type_code, _region) in enumerate(places)
    ]
    import_file(decp_file(records))
    found = dict(DecpCandidate.objects.values_list("decp_id", "region_id"))
    assert [found[record["id"]] for record in records] == [region for *_, region in places]


@pytest.mark.django_db
def test_incomplete_records_are_skipped_and_reported(decp_file, import_file):
    records = [
        generate.marche(1),
        generate.marche(2, id=None),
        generate.marche(3, acheteur={"id": "123"}),
        generate.marche(4, dateNotification="2023-02-30", codeCPV="7731"),
    ]
    report = import_file(decp_file(records, valid=False))
    assert (report.read, report.invalid, report.candidates) == (4, 2, 2)
    assert "identifiant absent" in report.problems[0]
    assert "SIRET de l'acheteur" in report.problems[1]
    odd = DecpCandidate.objects.get(decp_id="G0000000004")
    # A date that does not exist and a CPV code without 8 digits are left empty, not guessed.
    assert odd.notification_date is None and odd.year is None and odd.cpv == ""


@pytest.mark.django_db
@pytest.mark.parametrize(
    "cut",
    [
        lambda text: text[: len(text) - 40],
        lambda text: text.replace('"marche": [', '"marche": {', 1),
    ],
    ids=["truncated", "wrong-shape"],
)
def test_a_bad_file_changes_nothing(decp_file, import_file, cut):
    import_file(decp_file([generate.marche(1)]))
    before = list(DecpCandidate.objects.values_list("pk", "subject", "imported_at"))
    path = decp_file([generate.marche(number, objet="Changé") for number in range(1, 40)])
    path.write_text(cut(path.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(reader.DecpFileError):
        import_file(path, batch_size=2)
    assert list(DecpCandidate.objects.values_list("pk", "subject", "imported_at")) == before


@pytest.mark.django_db
def test_the_command_reports_in_french(decp_file, capsys):
    path = decp_file([generate.marche(number) for number in range(5)])
    call_command("import_decp", str(path))
    out = capsys.readouterr().out
    assert "5 contrats lus, 4 à documenter." in out
    assert "4 nouveaux contrats à documenter, 0 mis à jour." in out
    call_command("import_decp", str(path), "--dry-run")
    assert "Lecture seule" in capsys.readouterr().out
    assert DecpCandidate.objects.count() == 4


@pytest.mark.django_db
def test_the_command_refuses_a_bad_file(tmp_path):
    path = tmp_path / "decp.json"
    path.write_text('{"marches": {"marche": [{"id": "A"', encoding="utf-8")
    with pytest.raises(CommandError, match="tronqué.*Rien n'a été enregistré"):
        call_command("import_decp", str(path))
    with pytest.raises(CommandError, match="Impossible de lire"):
        call_command("import_decp", str(tmp_path / "absent.json"))
    assert not DecpCandidate.objects.exists()
