"""The map of France: its geometry module, the selector and the include."""

import re
from pathlib import Path

from django.template.loader import render_to_string
from wagtail.models import Locale

from fiches import factories
from fiches.discovery import context, map_data
from fiches.models import Region
from tests.helpers import LEAN

OVERSEAS = {"01", "02", "03", "04", "06"}


def fiche_in(index, code, **kwargs):
    return factories.FichePageFactory(
        parent=index, region=Region.objects.get(code=code), departments=[], **LEAN, **kwargs
    )


class TestGeometry:
    def test_every_region_has_an_outline_and_only_regions_do(self, db):
        assert set(map_data.REGIONS) == set(Region.objects.values_list("code", flat=True))

    def test_outlines_are_closed_svg_paths_inside_the_view_box(self):
        _x, _y, width, height = (float(n) for n in map_data.VIEWBOX.split())
        for code, shape in map_data.REGIONS.items():
            assert re.fullmatch(r"(M[-\d. ]+(?:[lLhHvV][-\d. ]+)*Z)+", shape["path"]), code
            assert 0 < shape["x"] < width and 0 < shape["y"] < height, code

    def test_overseas_regions_are_drawn_in_insets_and_metropolitan_ones_are_not(self):
        for code, shape in map_data.REGIONS.items():
            assert bool(shape["inset"]) == (code in OVERSEAS), code

    def test_the_geometry_stays_small(self):
        assert Path(map_data.__file__).stat().st_size < 60_000

    def test_the_source_and_licence_are_cited(self):
        assert "Licence Ouverte" in map_data.__doc__


class TestFranceMap:
    def test_counts_published_fiches_of_the_locale_per_region(self, index):
        fiche_in(index, "53")
        fiche_in(index, "53")
        fiche_in(index, "53", publish=False)
        fiche_in(index, "04")

        the_map = context.france_map(catalogue_url="/fr/fiches/")

        counts = {region["code"]: region["count"] for region in the_map["table"]}
        assert counts["53"] == 2
        assert counts["04"] == 1
        assert counts["11"] == 0
        assert the_map["total"] == 3
        assert len(the_map["regions"]) == len(the_map["table"]) == 18

    def test_each_region_links_to_the_filtered_catalogue_with_an_accessible_name(self, index):
        fiche_in(index, "53")
        fiche_in(index, "53")
        fiche_in(index, "04")

        regions = {r["code"]: r for r in context.france_map(catalogue_url="/fr/fiches/")["regions"]}

        assert regions["53"]["url"] == "/fr/fiches/?region=53"
        assert regions["53"]["label"] == "Bretagne : 2 fiches"
        assert regions["04"]["label"] == "La Réunion : 1 fiche"
        # « 0 fiche » once the French catalogue gives its plural rule, « 0 fiches » before.
        assert regions["94"]["label"].startswith("Corse : 0 fiche")

    def test_without_a_catalogue_regions_link_to_their_page(self, db):
        regions = {r["code"]: r for r in context.france_map(catalogue_url="")["regions"]}

        assert regions["53"]["url"] == "/fr/regions/bretagne/"

    def test_shades_grow_with_the_number_of_fiches(self, index):
        for _ in range(8):
            fiche_in(index, "53")
        fiche_in(index, "28")
        for _ in range(4):
            fiche_in(index, "84")

        the_map = context.france_map(catalogue_url="/fr/fiches/")
        levels = {region["code"]: region["level"] for region in the_map["regions"]}

        assert levels["11"] == 0
        assert 0 < levels["28"] < levels["84"] < levels["53"] == context.MAP_SHADES
        assert [item["label"] for item in the_map["legend"]] == [
            "Aucune fiche",
            "de 1 à 2 fiches",
            "de 3 à 4 fiches",
            "de 5 à 6 fiches",
            "de 7 à 8 fiches",
        ]

    def test_one_fiche_gives_a_two_class_legend(self, index):
        fiche_in(index, "53")

        legend = context.france_map(catalogue_url="/fr/fiches/")["legend"]

        assert [item["label"] for item in legend] == ["Aucune fiche", "1 fiche"]

    def test_other_languages_are_not_counted(self, index):
        fiche = fiche_in(index, "53")
        english = Locale.objects.get_or_create(language_code="en")[0]
        for page in (index.get_parent(), index):
            page.copy_for_translation(english).save_revision().publish()
        fiche.copy_for_translation(english).save_revision().publish()

        the_map = context.france_map(locale=english, catalogue_url="/en/fiches/")

        assert {r["code"]: r["count"] for r in the_map["table"]}["53"] == 1
        assert the_map["total"] == 1

    def test_one_query_whatever_the_number_of_fiches(self, index, django_assert_num_queries):
        for code in ("53", "53", "84", "01"):
            fiche_in(index, code)
        locale = Locale.get_default()

        # The first map counts the regions and stores the counts (fiches.selectors.stored);
        # the next ones read them with the regions.
        context.france_map(locale=locale, catalogue_url="/fr/fiches/")
        with django_assert_num_queries(1):
            context.france_map(locale=locale, catalogue_url="/fr/fiches/")


class TestInclude:
    def render(self, index):
        return render_to_string(
            "includes/france_map.html",
            {"map": context.france_map(catalogue_url="/fr/fiches/")},
        )

    def test_regions_are_links_around_their_outline(self, index):
        fiche_in(index, "53")
        html = self.render(index)

        link = re.search(r'<a [^>]*href="/fr/fiches/\?region=53"[^>]*>', html).group(0)
        assert 'aria-label="Bretagne : 1 fiche"' in link
        assert html.count('class="france-map__shape"') == 18
        assert html.count("<a ") == 18 * 2  # the map, then the table

    def test_the_number_is_written_on_the_region_and_in_the_table(self, index):
        fiche_in(index, "84")
        fiche_in(index, "84")
        html = self.render(index)

        assert re.search(r'<text class="france-map__count"[^>]*>2</text>', html)
        assert re.search(r"<th scope=\"row\">Auvergne-Rhône-Alpes</th>\s*<td[^>]*>2</td>", html)
        assert "<summary>" in html and "<caption>" in html
