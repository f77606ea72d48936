"""The home page's figures (home.figures): stored when first read, equal to the live count after
every change, read in two queries whatever the number of fiches."""

import json

from wagtail.models import Locale

from fiches import factories
from fiches.models import Region
from home import figures
from tests.helpers import restrict


def assert_exact(locale):
    kept, regions = figures.home_counts(locale=locale.pk)
    assert len(regions) == Region.objects.count()
    assert kept == json.loads(json.dumps(figures._home_counts(locale=locale.pk)))
    # Read again: the stored figures, unchanged.
    assert figures.home_counts(locale=locale.pk)[0] == kept
    return kept


def test_the_stored_counts_follow_the_content(home, index):
    locale = Locale.get_default()
    theme = factories.ThemeFactory(name="Textile")
    first = factories.FichePageFactory(parent=index, themes=[theme])
    assert assert_exact(locale)["fiche_count"] == 1
    second = factories.FichePageFactory(
        parent=index, themes=[theme], region=Region.objects.get(code="84")
    )
    assert assert_exact(locale)["regions"] == {"53": 1, "84": 1}
    restrict(second)
    assert assert_exact(locale)["themes"] == [[theme.pk, 1]]
    first.unpublish()
    kept = assert_exact(locale)
    assert (kept["fiche_count"], kept["buyer_count"], kept["themes"]) == (0, 0, [])


def test_the_home_page_shows_the_stored_figures(home, index, django_assert_num_queries):
    theme = factories.ThemeFactory(name="Textile")
    factories.FichePageFactory(parent=index, themes=[theme])
    url = "/fr/fiches/"
    figures.home_figures(locale=home.locale_id, catalogue_url=url, with_catalogue=True)

    # The stored counts with the regions, and the themes they name.
    with django_assert_num_queries(2):
        shown = figures.home_figures(locale=home.locale_id, catalogue_url=url, with_catalogue=True)

    assert shown["fiche_count"] == 1
    assert shown["themes"] == [{"name": "Textile", "count": 1, "url": f"{url}?theme={theme.slug}"}]
    assert {region["code"]: region["count"] for region in shown["map"]["table"]}["53"] == 1
