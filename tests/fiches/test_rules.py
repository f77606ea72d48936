"""The business rules of the technical card, on plain values (territories need the database)."""

from decimal import Decimal

import pytest

from fiches import rules
from fiches.choices import AmountKind, AmountPeriod, FigureKind
from fiches.models import Department, Region

TOTAL = AmountPeriod.TOTAL


class TestCheckAmounts:
    def test_exact_amount_is_valid(self):
        assert (
            rules.check_amounts(
                kind=AmountKind.EXACT,
                period=TOTAL,
                amount=Decimal("120000"),
                amount_min=None,
                amount_max=None,
            )
            == {}
        )

    def test_no_amount_at_all_is_valid(self):
        assert rules.check_amounts(kind="", amount=None, amount_min=None, amount_max=None) == {}

    @pytest.mark.parametrize("field", ["amount", "amount_min", "amount_max"])
    def test_negative_amount_is_rejected_on_its_field(self, field):
        values = {"amount": None, "amount_min": None, "amount_max": None, field: Decimal("-1")}
        errors = rules.check_amounts(period=TOTAL, kind=AmountKind.RANGE, **values)
        assert list(errors) == [field]
        assert "ne peut pas être négatif" in errors[field]

    @pytest.mark.parametrize("kind", [AmountKind.EXACT, AmountKind.ESTIMATED])
    def test_exact_or_estimated_without_amount(self, kind):
        errors = rules.check_amounts(
            period=TOTAL, kind=kind, amount=None, amount_min=None, amount_max=None
        )
        assert errors == {"amount": "Indiquez le montant hors taxes, ou videz le type de montant."}

    def test_exact_with_min_max_asks_to_clear_them(self):
        errors = rules.check_amounts(
            period=TOTAL,
            kind=AmountKind.EXACT,
            amount=Decimal(10),
            amount_min=Decimal(5),
            amount_max=None,
        )
        assert list(errors) == ["amount_min"]
        assert "minimum et maximum" in errors["amount_min"]

    def test_range_min_greater_than_max(self):
        errors = rules.check_amounts(
            period=TOTAL,
            kind=AmountKind.RANGE,
            amount=None,
            amount_min=Decimal("240000"),
            amount_max=Decimal("80000"),
        )
        assert errors == {
            "amount_max": "Le maximum (80\u00a0000\u00a0€) est inférieur au minimum "
            "(240\u00a0000\u00a0€) : inversez-les ou corrigez l'un des deux."
        }

    def test_range_with_min_only_or_max_only_is_valid(self):
        assert (
            rules.check_amounts(
                period=TOTAL,
                kind=AmountKind.RANGE,
                amount=None,
                amount_min=Decimal(1),
                amount_max=None,
            )
            == {}
        )
        assert (
            rules.check_amounts(
                period=TOTAL,
                kind=AmountKind.RANGE,
                amount=None,
                amount_min=None,
                amount_max=Decimal(1),
            )
            == {}
        )

    def test_range_equal_min_and_max_is_valid(self):
        assert (
            rules.check_amounts(
                period=TOTAL,
                kind=AmountKind.RANGE,
                amount=None,
                amount_min=Decimal(5),
                amount_max=Decimal(5),
            )
            == {}
        )

    def test_range_without_min_nor_max(self):
        errors = rules.check_amounts(
            period=TOTAL, kind=AmountKind.RANGE, amount=None, amount_min=None, amount_max=None
        )
        assert errors == {
            "amount_max": "Indiquez au moins le minimum ou le maximum de l'accord-cadre."
        }

    def test_range_with_single_amount(self):
        errors = rules.check_amounts(
            period=TOTAL,
            kind=AmountKind.RANGE,
            amount=Decimal(3),
            amount_min=Decimal(1),
            amount_max=Decimal(5),
        )
        assert list(errors) == ["amount"]
        assert "laissez le montant unique vide" in errors["amount"]

    @pytest.mark.parametrize(
        "values",
        [
            {"amount": Decimal(1), "amount_min": None, "amount_max": None},
            {"amount": None, "amount_min": Decimal(1), "amount_max": None},
            {"amount": None, "amount_min": None, "amount_max": Decimal(1)},
        ],
    )
    def test_amount_without_kind(self, values):
        errors = rules.check_amounts(kind="", **values)
        assert errors == {
            "amount_kind": "Précisez si le montant est exact, estimé, ou un minimum et maximum."
        }


class TestCheckReserved:
    def test_lever_with_article_is_valid(self):
        assert rules.check_reserved(reserved=True, articles=["L2113-12"]) == {}

    def test_two_articles_are_valid(self):
        assert rules.check_reserved(reserved=True, articles=["L2113-12", "L2113-13"]) == {}

    def test_neither_lever_nor_article_is_valid(self):
        assert rules.check_reserved(reserved=False, articles=[]) == {}

    def test_lever_without_article(self):
        errors = rules.check_reserved(reserved=True, articles=[])
        assert list(errors) == ["reserved_articles"]
        assert "ajoutez le ou les articles" in errors["reserved_articles"]

    def test_article_without_lever(self):
        errors = rules.check_reserved(reserved=False, articles=["L2113-13"])
        assert list(errors) == ["reserved_articles"]
        assert "n'est pas coché" in errors["reserved_articles"]

    def test_the_same_article_twice(self):
        errors = rules.check_reserved(reserved=True, articles=["L2113-13", "L2113-12", "L2113-13"])
        assert errors == {
            "reserved_articles": "L'article L2113-13 est donné deux fois : gardez-le une seule "
            "fois (et indiquez tous ses lots dans la même ligne)."
        }


LEAD, JOINT, SEVERAL, HOLDER = (
    "mandataire",
    "cotraitant_conjoint",
    "cotraitant_solidaire",
    "titulaire",
)


class TestCheckGroupement:
    def check(self, groupement, roles=(), unnamed=(), lead_unknown=False):
        return rules.check_groupement(
            groupement=groupement,
            lead_unknown=lead_unknown,
            roles=list(roles),
            unnamed_counts=list(unnamed),
        )

    @pytest.mark.parametrize(
        ("groupement", "roles", "unnamed", "lead_unknown"),
        [
            ("", [HOLDER], [], False),
            ("aucun", [HOLDER, "sous_traitant"], [], False),
            ("solidaire", [LEAD, SEVERAL], [3, 6], False),
            ("conjoint", [LEAD, JOINT, JOINT], [], False),
            ("non_renseigne", [], [9], True),
            ("solidaire", [HOLDER], [3], True),
        ],
    )
    def test_coherent_groupements(self, groupement, roles, unnamed, lead_unknown):
        assert self.check(groupement, roles, unnamed, lead_unknown) == {}

    def test_a_groupement_without_mandataire(self):
        errors = self.check("solidaire", [SEVERAL], [3])
        assert errors == {
            "groupement_lead_unknown": "Un groupement est mené par un mandataire : donnez le rôle "
            "« mandataire » à l'une des structures de l'ESS, ou cochez « mandataire non "
            "renseigné »."
        }

    def test_a_named_mandataire_said_unknown(self):
        errors = self.check("conjoint", [LEAD], [], lead_unknown=True)
        assert list(errors) == ["groupement_lead_unknown"]
        assert "décochez « mandataire non renseigné »" in errors["groupement_lead_unknown"]

    def test_two_mandataires(self):
        errors = self.check("solidaire", [LEAD, LEAD])
        assert errors == {
            "groupement": "Un groupement a un seul mandataire : 2 structures ont ce rôle."
        }

    @pytest.mark.parametrize(
        ("groupement", "role", "label"),
        [
            ("conjoint", SEVERAL, "Membre d'un groupement solidaire"),
            ("solidaire", JOINT, "Membre d'un groupement conjoint"),
        ],
    )
    def test_roles_of_the_other_form(self, groupement, role, label):
        errors = self.check(groupement, [LEAD, role])
        assert list(errors) == ["groupement"]
        assert f"une structure a le rôle « {label} »" in errors["groupement"]

    @pytest.mark.parametrize("count", [0, None, -1])
    def test_a_count_below_one(self, count):
        errors = self.check("solidaire", [LEAD], [3, count])
        assert errors == {
            "unnamed_members": "Chaque type de membre non nommé compte au moins une structure : "
            "indiquez leur nombre, ou retirez la ligne."
        }

    def test_roles_alone_need_no_form(self):
        # Fiches written before the groupement field: the roles say it.
        assert self.check("", [LEAD, JOINT]) == {}

    @pytest.mark.parametrize(("unnamed", "lead_unknown"), [([3], False), ([], True)])
    def test_what_only_a_groupement_has_needs_its_form(self, unnamed, lead_unknown):
        errors = self.check("", [HOLDER], unnamed, lead_unknown)
        assert list(errors) == ["groupement"]
        assert "choisissez la forme du groupement" in errors["groupement"]

    @pytest.mark.parametrize(
        ("roles", "unnamed", "lead_unknown"),
        [([JOINT], [], False), ([HOLDER], [2], False), ([HOLDER], [], True)],
    )
    def test_no_groupement_with_members(self, roles, unnamed, lead_unknown):
        errors = self.check("aucun", roles, unnamed, lead_unknown)
        assert list(errors) == ["groupement"]
        assert "« Pas de groupement » est choisi" in errors["groupement"]


class TestCheckCriteriaWeights:
    def test_sum_of_90_names_the_total(self):
        errors = rules.check_criteria_weights([Decimal(50), Decimal(40)])
        assert errors == {
            "award_criteria": "Les pondérations des critères font 90 % au total : "
            "elles doivent faire 100 %. Corrigez-les."
        }

    def test_decimal_total_is_shown_without_trailing_zeros(self):
        errors = rules.check_criteria_weights([Decimal("50.50"), Decimal("40.00")])
        assert "font 90.5 % au total" in errors["award_criteria"]

    def test_sum_over_100(self):
        errors = rules.check_criteria_weights([Decimal(60), Decimal(50)])
        assert "110 %" in errors["award_criteria"]

    def test_partial_weights(self):
        errors = rules.check_criteria_weights([Decimal(60), None])
        assert errors == {"award_criteria": "Donnez une pondération à chaque critère, ou à aucun."}

    def test_no_weight_given(self):
        assert rules.check_criteria_weights([None, None, None]) == {}
        assert rules.check_criteria_weights([]) == {}

    def test_sum_100(self):
        assert rules.check_criteria_weights([Decimal(60), Decimal(40)]) == {}

    def test_sum_100_with_decimals(self):
        weights = [Decimal("33.33"), Decimal("33.33"), Decimal("33.34")]
        assert rules.check_criteria_weights(weights) == {}

    def test_integers_are_accepted(self):
        assert rules.check_criteria_weights([50, 30, 20]) == {}


@pytest.mark.django_db
class TestCheckDepartments:
    def test_departments_of_the_region(self):
        bretagne = Region.objects.get(code="53")
        departments = Department.objects.filter(code__in=["35", "29"])
        assert rules.check_departments(region=bretagne, departments=departments) == {}

    def test_department_outside_the_region_is_named(self):
        bretagne = Region.objects.get(code="53")
        departments = Department.objects.filter(code__in=["35", "85"])
        errors = rules.check_departments(region=bretagne, departments=departments)
        assert list(errors) == ["departments"]
        message = errors["departments"]
        assert "Vendée (85)" in message
        assert "Ille-et-Vilaine" not in message
        assert "région Bretagne" in message

    def test_without_region_anything_goes(self):
        departments = Department.objects.filter(code__in=["35", "85"])
        assert rules.check_departments(region=None, departments=departments) == {}


class TestCheckLots:
    def test_lot_concerned_without_lots_count(self):
        errors = rules.check_lots(lots_count=None, lot_concerned="Lot 2 — espaces verts")
        assert list(errors) == ["lots_count"]
        assert "nombre de lots" in errors["lots_count"]

    def test_lot_concerned_with_lots_count(self):
        assert rules.check_lots(lots_count=4, lot_concerned="Lot 2") == {}

    def test_nothing_given(self):
        assert rules.check_lots(lots_count=None, lot_concerned="") == {}
        assert rules.check_lots(lots_count=3, lot_concerned="") == {}


class TestAmountPeriodAndUnknown:
    def check(self, **values):
        values = {"amount": None, "amount_min": None, "amount_max": None, **values}
        return rules.check_amounts(**values)

    def test_an_estimated_yearly_amount_over_six_years_is_valid(self):
        assert (
            self.check(
                kind=AmountKind.ESTIMATED,
                period=AmountPeriod.PER_YEAR,
                years=6,
                amount=Decimal("200000"),
            )
            == {}
        )

    def test_an_amount_needs_its_period(self):
        errors = self.check(kind=AmountKind.EXACT, amount=Decimal("1600000"))
        assert errors == {
            "amount_period": "Précisez si le montant est le total du marché ou un montant par an."
        }

    def test_years_only_with_a_yearly_amount(self):
        errors = self.check(kind=AmountKind.EXACT, period=TOTAL, years=3, amount=Decimal(1))
        assert list(errors) == ["amount_years"]
        assert "montant par an" in errors["amount_years"]

    def test_unknown_is_valid_without_any_number(self):
        assert self.check(kind=AmountKind.UNKNOWN) == {}

    def test_unknown_with_an_amount_is_refused(self):
        errors = self.check(kind=AmountKind.UNKNOWN, amount=Decimal(5))
        assert list(errors) == ["amount_kind"]
        assert "Non renseigné" in errors["amount_kind"]

    def test_unknown_with_a_period_is_refused(self):
        errors = self.check(kind=AmountKind.UNKNOWN, period=AmountPeriod.PER_YEAR)
        assert list(errors) == ["amount_period"]

    def test_a_period_without_kind_is_refused(self):
        errors = self.check(kind="", period=AmountPeriod.PER_YEAR)
        assert list(errors) == ["amount_kind"]


class TestCheckFigure:
    def check(self, kind, value=None, value_min=None, value_max=None):
        return rules.check_figure(kind=kind, value=value, value_min=value_min, value_max=value_max)

    @pytest.mark.parametrize(
        ("kind", "values"),
        [
            (FigureKind.EXACT, {"value": Decimal(12)}),
            (FigureKind.ABOUT, {"value": Decimal(8)}),
            (FigureKind.MORE_THAN, {"value": Decimal(400)}),
            (FigureKind.LESS_THAN, {"value": Decimal(5)}),
            (FigureKind.RANGE, {"value_min": Decimal(350), "value_max": Decimal(500)}),
            (FigureKind.RANGE, {"value_min": Decimal(5), "value_max": Decimal(5)}),
        ],
    )
    def test_valid_figures(self, kind, values):
        assert self.check(kind, **values) == {}

    def test_range_min_greater_than_max(self):
        errors = self.check(FigureKind.RANGE, value_min=Decimal(500), value_max=Decimal(350))
        assert errors == {
            "value_max": "Le maximum (350) est inférieur au minimum (500) : inversez-les ou "
            "corrigez l'un des deux."
        }

    @pytest.mark.parametrize(
        ("values", "field"),
        [({"value_min": Decimal(350)}, "value_max"), ({"value_max": Decimal(500)}, "value_min")],
    )
    def test_range_missing_one_end(self, values, field):
        errors = self.check(FigureKind.RANGE, **values)
        assert list(errors) == [field]
        assert "Une fourchette a deux bornes" in errors[field]

    def test_range_with_a_single_value(self):
        errors = self.check(
            FigureKind.RANGE, value=Decimal(1), value_min=Decimal(1), value_max=Decimal(2)
        )
        assert list(errors) == ["value"]

    def test_bound_without_value(self):
        errors = self.check(FigureKind.MORE_THAN)
        assert errors == {
            "value": "« Plus de » demande une valeur : indiquez le nombre, par exemple 400."
        }

    def test_exact_without_value(self):
        assert self.check(FigureKind.EXACT) == {"value": "Indiquez la valeur, en chiffres."}

    def test_bound_with_min_max(self):
        errors = self.check(FigureKind.ABOUT, value=Decimal(8), value_max=Decimal(9))
        assert list(errors) == ["value_min"]
