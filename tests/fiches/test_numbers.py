"""``fiches.numbers``: the one French parser of typed amounts and figures, and their display."""

from decimal import Decimal

import pytest
from django.utils import translation

from fiches import numbers
from fiches.choices import FigureKind

NBSP, NNBSP = "\u00a0", "\u202f"


class TestParse:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("1 600 000,00", "1600000.00"),
            ("1 600 000 €", "1600000"),
            ("1 600 000,00 € HT", "1600000.00"),
            ("1 600 000,00 €HT", "1600000.00"),
            (f"1{NBSP}600{NBSP}000,00{NBSP}€", "1600000.00"),
            (f"1{NNBSP}600{NNBSP}000,00", "1600000.00"),
            ("1.600.000,00", "1600000.00"),
            ("1.600.000", "1600000"),
            ("1600000", "1600000"),
            ("1600000.00", "1600000.00"),
            ("1,5", "1.5"),
            ("1.5", "1.5"),
            ("0,125", "0.125"),
            ("12 500,50 EUR", "12500.50"),
            ("1,6 M€", "1600000"),
            ("1,25 M€ HT", "1250000"),
            ("200 k€", "200000"),
            ("200 K€", "200000"),
            ("70 %", "70"),
            ("-3,5", "-3.5"),
            ("  42  ", "42"),
        ],
    )
    def test_accepted(self, text, expected):
        assert numbers.parse_number(text) == Decimal(expected)
        assert str(numbers.parse_number(text)) == expected

    def test_the_french_amount_is_never_scaled(self):
        assert numbers.parse_number("1 600 000,00") != Decimal("160000000")
        assert numbers.parse_number("1,5") != Decimal(15)

    @pytest.mark.parametrize("blank", [None, "", "   ", NBSP])
    def test_blank_is_none(self, blank):
        assert numbers.parse_number(blank) is None

    def test_spreadsheet_numbers(self):
        assert numbers.parse_number(12500.5) == Decimal("12500.5")
        assert numbers.parse_number(3) == Decimal(3)
        assert numbers.parse_number(Decimal("1.50")) == Decimal("1.50")

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("1,600,000", "la virgule sépare les décimales et ne s'emploie qu'une fois"),
            ("1,600,000.00", "la virgule sépare les décimales"),
            ("1.5.2", "les milliers se groupent par trois chiffres"),
            ("16 00 000", "les milliers se groupent par trois chiffres"),
            ("1 600.000,00", "les milliers se groupent par trois chiffres"),
            ("1,600", "« 1,600 » est ambigu : écrivez « 1 600 » pour des milliers, ou « 1,6 »"),
            ("1.000", "« 1.000 » est ambigu"),
            ("abc", "n'est pas un nombre : écrivez-le en chiffres"),
            ("12 euros 50", "n'est pas un nombre"),
            ("1,6 M", "n'est pas un nombre"),
            ("1,6 Md€", "n'est pas un nombre"),
            ("1.", "n'est pas un nombre"),
            ("€", "n'est pas un nombre"),
            ("1 600 000 € TTC", "les montants se saisissent hors taxes"),
        ],
    )
    def test_refused_with_a_french_message(self, text, message):
        with pytest.raises(numbers.NumberError) as error:
            numbers.parse_number(text)
        assert message in str(error.value)

    def test_a_refusal_is_a_value_error(self):
        with pytest.raises(ValueError):
            numbers.parse_number(True)


class TestFormat:
    def test_input_shows_french_and_reads_back(self):
        for value in ("1600000.00", "1.50", "0.125", "-3.5", "999"):
            shown = numbers.format_input(Decimal(value))
            assert numbers.parse_number(shown) == Decimal(value)
        assert numbers.format_input(Decimal("1600000.00")) == "1 600 000"
        assert numbers.format_input(Decimal("1600000.50")) == "1 600 000,5"
        assert numbers.format_input(None) == ""

    def test_numbers_and_euros_in_french(self):
        with translation.override("fr"):
            assert numbers.format_number(Decimal("1600000.00")) == f"1{NBSP}600{NBSP}000"
            assert numbers.format_number(Decimal("8.50")) == "8,5"
            assert numbers.format_number(Decimal("12.5"), money=True) == "12,50"
            assert numbers.format_euros(Decimal("200000")) == f"200{NBSP}000{NBSP}€"

    @pytest.mark.parametrize(
        ("figure", "expected"),
        [
            ({"kind": FigureKind.EXACT, "value": Decimal(3500), "unit": "heures"},
             f"3{NBSP}500{NBSP}heures"),
            ({"kind": FigureKind.RANGE, "value_min": 350, "value_max": 500, "unit": "personnes"},
             f"350 à 500{NBSP}personnes"),
            ({"kind": FigureKind.MORE_THAN, "value": 400, "unit": "machines"},
             f"plus de 400{NBSP}machines"),
            ({"kind": FigureKind.LESS_THAN, "value": 5, "unit": "%"}, f"moins de 5{NBSP}%"),
            ({"kind": FigureKind.ABOUT, "value": Decimal("8.00"), "unit": "t",
              "period": "par jour"}, f"environ 8{NBSP}t par jour"),
            ({"kind": FigureKind.EXACT, "value": 12}, "12"),
            ({"kind": FigureKind.RANGE, "value_min": 350}, ""),
        ],
    )  # fmt: skip
    def test_figures_in_french(self, figure, expected):
        with translation.override("fr"):
            assert numbers.format_figure(**figure) == expected
