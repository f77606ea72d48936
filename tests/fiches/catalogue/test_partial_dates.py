"""The year filter and its facet with dates known to the day, the month or only the year: a
fiche dated « juillet 2023 » or « 2018 » is found and counted under its year, in the catalogue,
the API and the exports."""

import re

import pytest

from fiches import factories, selectors
from fiches.catalogue import counts
from fiches.models import FichePage
from tests.helpers import CATALOGUE, page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def dated(index):
    return {
        precision: factories.FichePageFactory(
            parent=index, title=f"Fiche datée {precision}", notification_date=typed
        )
        for precision, typed in (
            ("day", "12/07/2023"),
            ("month", "juillet 2023"),
            ("year", "2018"),
            ("unknown", None),
        )
    }


def test_the_year_filter_keeps_every_precision(dated):
    fiches = FichePage.objects.live()

    in_2023 = selectors.filter_fiches(fiches, award_year=2023)
    assert set(in_2023) == {dated["day"], dated["month"]}
    assert list(selectors.filter_fiches(fiches, award_year=2018)) == [dated["year"]]
    assert not selectors.filter_fiches(fiches, award_year=2019).exists()


def test_the_year_facet_counts_month_and_year_precision(dated):
    assert counts.years(FichePage.objects.live(), None) == {"2023": 2, "2018": 1}


def test_the_catalogue_offers_and_applies_the_years(client, dated):
    response = client.get(CATALOGUE)
    content = page_text(response)
    select = re.search(r'<select[^>]* name="award_year"[^>]*>(.*?)</select>', content, re.S)
    options = dict(re.findall(r'<option value="(\d+)"[^>]*>([^<]*)</option>', select.group(1)))
    assert options == {"2023": "2023 (2 fiches)", "2018": "2018 (1 fiche)"}

    filtered = client.get(CATALOGUE, {"award_year": "2018"})
    assert dated["year"].title in filtered.content.decode()
    assert dated["day"].title not in filtered.content.decode()


def test_the_api_and_the_exports_filter_by_year(client, dated):
    listing = client.get(
        "/api/v2/pages/", {"type": "fiches.FichePage", "award_year": "2023"}, HTTP_HOST="localhost"
    ).json()
    assert {item["id"] for item in listing["items"]} == {dated["day"].pk, dated["month"].pk}

    exported = client.get("/api/v2/exports/fiches.json", {"award_year": "2018"}).json()
    assert [item["date_notification"] for item in exported["fiches"]] == ["2018"]


def test_the_card_of_a_listing_shows_the_year(client, dated):
    content = client.get(CATALOGUE, {"award_year": "2018"}).content.decode()
    assert '<time datetime="2018">2018</time>' in content
