"""Reference data installed by the migrations, and CPV code normalisation."""

import csv
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from fiches import factories, reference_data
from fiches.choices import Nature
from fiches.models import CPVCode, Department, Region
from tests.helpers import CPV_FILE

REGIONS_FILE = Path(__file__).resolve().parents[3] / "shared" / "data" / "regions_departements.csv"

REGION_CODES = {
    "01", "02", "03", "04", "06", "11", "24", "27", "28",
    "32", "44", "52", "53", "75", "76", "84", "93", "94",
}  # fmt: skip
DEPARTMENT_CODES = (
    {f"{n:02d}" for n in range(1, 20)}
    | {f"{n:02d}" for n in range(21, 96)}
    | {"2A", "2B", "971", "972", "973", "974", "976"}
)


@pytest.fixture
def official_territories():
    """``{department code: region code}`` from ../shared/data (skipped when absent)."""
    if not REGIONS_FILE.exists():
        pytest.skip("../shared/data/regions_departements.csv is absent")
    with REGIONS_FILE.open(encoding="utf-8", newline="") as handle:
        return {row["departement_code"]: row["region_code"] for row in csv.DictReader(handle)}


@pytest.mark.django_db
class TestTerritories:
    def test_18_regions_with_their_insee_codes(self):
        assert set(Region.objects.values_list("code", flat=True)) == REGION_CODES

    def test_101_departments_with_their_insee_codes(self):
        assert Department.objects.count() == 101
        assert set(Department.objects.values_list("code", flat=True)) == DEPARTMENT_CODES

    def test_match_the_official_list(self, official_territories):
        installed = dict(Department.objects.values_list("code", "region_id"))
        assert installed == official_territories

    def test_every_department_in_its_region(self):
        assert Department.objects.get(code="85").region.name == "Pays de la Loire"
        assert Department.objects.get(code="2B").region_id == "94"
        assert Department.objects.get(code="976").region_id == "06"
        assert Department.objects.get(code="75").region_id == "11"
        assert not Region.objects.filter(departments__isnull=True).exists()

    def test_region_label_in_english(self):
        bretagne = Region.objects.get(code="53")
        assert bretagne.label == "Bretagne"
        with translation.override("en"):
            assert bretagne.label == "Brittany"
            assert str(bretagne) == "Brittany"
        # A region without an English name of its own keeps its French name.
        grand_est = Region.objects.get(code="44")
        with translation.override("en"):
            assert grand_est.label == "Grand Est"

    def test_department_str(self):
        assert str(Department.objects.get(code="2A")) == "Corse-du-Sud (2A)"


@pytest.mark.django_db
class TestOfficialCPVList:
    """The official CPV 2008 list shipped in fiches/data and installed by migration 0006."""

    def test_every_code_is_installed(self):
        assert CPVCode.objects.count() == 9454
        assert CPVCode.objects.filter(level=7).exists()

    @pytest.mark.parametrize(
        ("code", "level", "label_fr", "label_en"),
        [
            (
                "98310000-9",
                3,
                "Services de blanchisserie et de nettoyage à sec",
                "Washing and dry-cleaning services",
            ),
            ("34928400-2", 5, "Mobilier urbain", "Urban furniture"),
            ("15811100-7", 5, "Pain", "Bread"),
        ],
    )
    def test_codes_a_demo_did_not_have(self, code, level, label_fr, label_en):
        found = CPVCode.objects.get(code=code)
        assert (found.digits, found.division) == (code[:8], code[:2])
        assert (found.level, found.label_fr, found.label_en) == (level, label_fr, label_en)

    def test_the_shipped_file_is_the_official_list(self):
        if not CPV_FILE.exists():
            pytest.skip("../shared/data/cpv2008.csv is absent")
        with CPV_FILE.open(encoding="utf-8", newline="") as handle:
            official = sorted(csv.reader(handle))
        shipped = sorted(reference_data.shipped_cpv_rows())
        assert shipped == [row for row in official if row != reference_data.CPV_HEADER]


@pytest.mark.django_db
class TestCPVDivisions:
    def test_45_divisions(self):
        divisions = CPVCode.objects.divisions()
        assert divisions.count() == 45
        assert all(code.digits.endswith("000000") for code in divisions)
        assert {code.division for code in divisions} >= {"03", "45", "48", "98"}

    def test_division_labels(self):
        works = CPVCode.objects.get(digits="45000000")
        assert works.code == "45000000-7"
        assert works.label_fr
        assert works.label_en
        with translation.override("en"):
            assert works.label == works.label_en
        assert works.label == works.label_fr


class TestCPVLevelAndNature:
    @pytest.mark.parametrize(
        ("digits", "level"),
        [
            ("45000000", 1),
            ("03000000", 1),
            ("10000000", 1),
            ("30200000", 2),
            ("77310000", 3),
            ("45453000", 4),
            ("90911200", 5),
            ("15331100", 5),
            ("98341130", 6),
            ("03111110", 6),
            ("03111111", 7),
        ],
    )
    def test_level_of(self, digits, level):
        assert CPVCode.level_of(digits) == level

    @pytest.mark.parametrize(
        ("division", "nature"),
        [
            ("45", Nature.WORKS),
            ("03", Nature.SUPPLIES),
            ("44", Nature.SUPPLIES),
            ("48", Nature.SUPPLIES),
            ("50", Nature.SERVICES),
            ("77", Nature.SERVICES),
            ("98", Nature.SERVICES),
        ],
    )
    def test_nature(self, division, nature):
        assert CPVCode(division=division).nature == nature

    @pytest.mark.parametrize(
        ("value", "parts"),
        [
            ("77310000-6", ("77310000", "6")),
            ("77310000", ("77310000", None)),
            (" 77310000 - 6 ", ("77310000", "6")),
            ("7731", None),
            ("", None),
            (None, None),
        ],
    )
    def test_split(self, value, parts):
        assert CPVCode.split(value) == parts


@pytest.mark.django_db
class TestCPVNormalize:
    @pytest.fixture
    def green_areas(self):
        return factories.cpv("77310000-6")

    @pytest.mark.parametrize("value", ["77310000-6", "77310000", " 77310000 - 6 "])
    def test_with_or_without_check_digit(self, green_areas, value):
        assert CPVCode.normalize(value) == green_areas

    def test_division_from_the_migrations(self):
        assert CPVCode.normalize("45000000").code == "45000000-7"

    def test_wrong_check_digit_gives_the_official_code(self, green_areas):
        with pytest.raises(ValidationError) as caught:
            CPVCode.normalize("77310000-5")
        assert caught.value.code == "cpv_check_digit"
        assert caught.value.messages == [
            "Le chiffre de contrôle de 77310000-5 est faux : le code officiel est 77310000-6."
        ]

    def test_unknown_code_says_what_to_do(self, green_areas):
        with pytest.raises(ValidationError) as caught:
            CPVCode.normalize("77329999-9")
        assert caught.value.code == "cpv_unknown"
        assert caught.value.messages == [
            "Le code CPV 77329999-9 n'existe pas dans la nomenclature CPV 2008 officielle. "
            "Vérifiez ses 8 chiffres, ou cherchez le bon code par un mot de son libellé dans "
            "la liste des codes CPV."
        ]

    @pytest.mark.parametrize("value", ["7731", "abc", "77310000-66", "77310000-", "7731000a"])
    def test_malformed(self, green_areas, value):
        with pytest.raises(ValidationError) as caught:
            CPVCode.normalize(value)
        assert caught.value.code == "cpv_format"
        assert caught.value.messages == [
            f"« {value} » n'est pas un code CPV : écrivez 8 chiffres, éventuellement suivis "
            "d'un tiret et du chiffre de contrôle (par exemple 77310000-6)."
        ]
