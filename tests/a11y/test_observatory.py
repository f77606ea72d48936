"""The observatory (« Chiffres clés ») in a real browser: axe-core (WCAG 2.1 A and AA) on the
page with the demo content, plain, filtered and with a bad value, in French and English; the
charts are images named and described for assistive technologies, and the page works without
JavaScript.

Run with ``make e2e`` (E2E=1, PostgreSQL, Debian's Chromium)."""

import os

import pytest

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not os.environ.get("E2E"), reason="set E2E=1 to run the browser tests"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WCAG_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
URLS = (
    "/fr/chiffres-cles/",
    "/fr/chiffres-cles/?region=53&lever=clause_sociale",
    "/fr/chiffres-cles/?region=99&award_year=abc",
    "/en/chiffres-cles/",
)


def violations(page):
    from axe_playwright_python.sync_playwright import Axe

    found = Axe().run(page, options=WCAG_OPTIONS).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:5]]}"
        for v in found
    ]


def test_the_observatory_has_no_wcag_violations(demo, page, live_server):
    report = {}
    for url in URLS:
        response = page.goto(live_server.url + url)
        assert response is not None and response.status == 200, url
        page.wait_for_load_state("load")
        found = violations(page)
        if found:
            report[url] = found
    assert not report, report


def test_the_charts_are_named_and_described_without_javascript(demo, browser, live_server):
    context = browser.new_context(locale="fr-FR", java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/fr/chiffres-cles/")

    charts = page.locator("svg.bar-chart__svg")
    assert charts.count() == 8
    for index in range(charts.count()):
        chart = charts.nth(index)
        assert chart.get_attribute("role") == "img"
        title_id, desc_id = chart.get_attribute("aria-labelledby").split()
        assert page.locator(f"#{title_id}").text_content().startswith("Fiches par")
        assert "Diagramme en barres" in page.locator(f"#{desc_id}").text_content()
    # Chromium's accessibility tree names each chart by its title and description.
    lever = page.get_by_role("img", name="Fiches par levier")
    assert lever.count() == 1
    assert page.locator("#table-lever tbody tr").count() >= 1
    context.close()
