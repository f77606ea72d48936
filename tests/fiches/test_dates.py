"""``fiches.dates``: dates known to the day, the month or the year, read as people write them
and refused with a French message when they do not exist. No database."""

from datetime import date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from fiches import dates
from fiches.models import FichePage


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("12/07/2023", "2023-07-12"),
        ("12.07.2023", "2023-07-12"),
        ("2023-07-12", "2023-07-12"),
        ("2023-07-12T00:00:00", "2023-07-12"),
        ("12 juillet 2023", "2023-07-12"),
        ("1er juillet 2023", "2023-07-01"),
        ("07/2023", "2023-07"),
        ("7/2023", "2023-07"),
        ("2023-07", "2023-07"),
        ("juillet 2023", "2023-07"),
        ("  Août   2021 ", "2021-08"),
        ("fevrier 2020", "2020-02"),
        ("déc. 2019", "2019-12"),
        ("2018", "2018"),
        (date(2023, 7, 12), "2023-07-12"),
        (datetime(2023, 7, 12, 15, 30), "2023-07-12"),
        ("", None),
        ("   ", None),
        (None, None),
    ],
)
def test_parse_keeps_the_precision_written(typed, stored):
    assert dates.parse(typed) == stored


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31/02/2023", "La date « 31/02/2023 » n'existe pas : vérifiez le jour et le mois."),
        ("2023-02-30", "La date « 2023-02-30 » n'existe pas : vérifiez le jour et le mois."),
        ("30 février 2023", "La date « 30 février 2023 » n'existe pas"),
        ("13/2023", "Le mois de « 13/2023 » n'existe pas : il va de 1 à 12."),
        ("2023-00", "Le mois de « 2023-00 » n'existe pas"),
        ("0999", "L'année de « 0999 » n'est pas plausible"),
        ("juillette 2023", "« juillette 2023 » n'est pas une date : écrivez par exemple"),
        ("l'an dernier", "« l'an dernier » n'est pas une date"),
        ("23", "« 23 » n'est pas une date"),
    ],
)
def test_parse_refuses_what_does_not_exist_in_french(typed, message):
    with pytest.raises(ValidationError) as raised:
        dates.parse(typed)
    assert raised.value.messages[0].startswith(message)


@pytest.mark.parametrize(
    ("stored", "precision", "label", "as_date"),
    [
        ("2023-07-12", dates.DAY, "12 juillet 2023", date(2023, 7, 12)),
        ("2023-07", dates.MONTH, "juillet 2023", None),
        ("2018", dates.YEAR, "2018", None),
        (None, None, "", None),
        ("", None, "", None),
    ],
)
def test_precision_label_and_day_precise_date(stored, precision, label, as_date):
    with translation.override("fr"):
        assert dates.label(stored) == label
    assert dates.precision(stored) == precision
    assert dates.as_date(stored) == as_date


def test_the_label_follows_the_language():
    with translation.override("fr"):
        assert dates.label("2023-07-01") == "1er juillet 2023"
    with translation.override("en"):
        assert dates.label("2023-07") == "July 2023"
        assert dates.label("2023-07-01") == "1 July 2023"


def test_first_day_and_year():
    assert dates.first_day("2023-07") == date(2023, 7, 1)
    assert dates.first_day("2018") == date(2018, 1, 1)
    assert dates.year("2018") == 2018
    assert dates.year(None) is None


class TestTheField:
    @pytest.mark.django_db
    def test_a_date_assigned_in_code_reads_back_as_its_text(self):
        fiche = FichePage(notification_date=date(2023, 3, 15), execution_start="mars 2023")

        assert fiche.notification_date == "2023-03-15"
        assert fiche.execution_start == "2023-03"

    def test_the_form_field_reads_french_and_shows_the_stored_date_as_typed(self):
        form_field = FichePage._meta.get_field("notification_date").formfield()

        assert form_field.clean("juillet 2023") == "2023-07"
        assert form_field.clean("") is None
        assert form_field.prepare_value("2023-07-12") == "12/07/2023"
        assert form_field.prepare_value("2023-07") == "07/2023"
        assert form_field.prepare_value("2018") == "2018"
        with pytest.raises(ValidationError) as raised:
            form_field.clean("31/02/2023")
        assert raised.value.messages == [
            "La date « 31/02/2023 » n'existe pas : vérifiez le jour et le mois."
        ]

    def test_a_required_milestone_date(self):
        form_field = (
            FichePage._meta.get_field("milestones")
            .related_model._meta.get_field("date")
            .formfield()
        )

        with pytest.raises(ValidationError):
            form_field.clean("")
        assert form_field.clean("2011") == "2011"
