"""Accessibility in a real browser: axe-core (WCAG 2.1 A and AA rules) on the public pages, and
keyboard navigation of the catalogue filters, the skip link and the map.

Run with ``make e2e`` (E2E=1, PostgreSQL, Debian's Chromium); axe-core comes bundled with
axe-playwright-python, so nothing is downloaded at run time."""

import os

import pytest
from django.urls import reverse
from django.utils import translation

from fiches.models import FicheIndexPage, FichePage
from home.accessibility import AUTOMATED_CHECKS

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not os.environ.get("E2E"), reason="set E2E=1 to run the browser tests"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": WCAG_TAGS},
    # Framed pages (the widget's preview) are checked on their own URL.
    "iframes": False,
    "resultTypes": ["violations"],
}
MAX_TABS = 250


def public_urls():
    """Name → path of every page checked, built from the demo content; the names are those of
    ``home.accessibility.AUTOMATED_CHECKS``, which the accessibility statement lists."""
    catalogue = FicheIndexPage.objects.live().filter(locale__language_code="fr").first()
    fiche = (
        FichePage.objects.live()
        .filter(locale__language_code="fr", buyer_links__isnull=False)
        .order_by("pk")
        .first()
    )
    buyer = fiche.buyer_links.select_related("actor").first().actor
    supplier = fiche.supplier_links.select_related("actor").first().actor
    with translation.override("fr"):
        widget = reverse("widget_fiches")
        return {
            "accueil": "/fr/",
            "catalogue": catalogue.url,
            "catalogue filtré": f"{catalogue.url}?region=53&lever=clause_sociale",
            "catalogue avec recherche": f"{catalogue.url}?q=espaces+verts",
            "fiche": fiche.url,
            "acteur (acheteur)": buyer.get_absolute_url(),
            "acteur (structure de l'ESS)": supplier.get_absolute_url(),
            "annuaire des acteurs": "/fr/acteurs/",
            "recherche": "/fr/recherche/?q=espaces",
            "régions": "/fr/regions/",
            "région": "/fr/regions/bretagne/",
            "intégrer les fiches": reverse("widget_builder"),
            "proposer un retour d'expérience": reverse("propose"),
            "module (clair)": f"{widget}?region=53",
            "module (sombre, compact)": f"{widget}?style=dark&compact=1",
            "module (options invalides)": f"{widget}?region=99",
            "données ouvertes": reverse("open_data"),
            "déclaration d'accessibilité": "/fr/declaration-accessibilite/",
            "plan du site": "/fr/plan-du-site/",
            "mentions légales": "/fr/mentions-legales/",
            "données personnelles": "/fr/donnees-personnelles/",
        }


def run_axe(page):
    from axe_playwright_python.sync_playwright import Axe

    return Axe().run(page, options=AXE_OPTIONS).response["violations"]


def describe(name, url, violations):
    """Readable lines for the violations of one page: rule, impact, help, then each element."""
    lines = [f"== {name} ({url})"]
    for violation in violations:
        lines.append(
            f"  [{violation['impact']}] {violation['id']}: {violation['help']}"
            f" ({violation['helpUrl']})"
        )
        for node in violation["nodes"][:10]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"      {target}")
            lines.append(f"        {node['html'][:200]}")
            summary = node.get("failureSummary", "").replace("\n", " ")
            if summary:
                lines.append(f"        → {summary[:300]}")
        if len(violation["nodes"]) > 10:
            lines.append(f"      … and {len(violation['nodes']) - 10} more")
    return lines


def test_public_pages_have_no_wcag_violations(demo, page, live_server):
    urls = public_urls()
    # The accessibility statement lists exactly the pages checked here.
    assert list(urls) == list(AUTOMATED_CHECKS)
    report = []
    for name, url in urls.items():
        response = page.goto(live_server.url + url)
        if response is None or response.status >= 500 or response.status == 404:
            status = response.status if response is not None else "none"
            report.append(f"== {name} ({url}): HTTP {status}, not checked")
            continue
        page.wait_for_load_state("load")
        violations = run_axe(page)
        if violations:
            report.extend(describe(name, url, violations))
    assert not report, "Accessibility violations (axe-core, WCAG 2.1 A/AA):\n" + "\n".join(report)


def test_axe_reports_what_it_finds(page):
    """The check itself: a page without language nor alternative text fails it."""
    page.set_content('<html><body><main><img src="data:,"></main></body></html>')
    assert {violation["id"] for violation in run_axe(page)} >= {"html-has-lang", "image-alt"}


# --- keyboard --------------------------------------------------------------------------------


def focused(page):
    """A description of the element that has the focus: tag, id, name, classes, text."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            if (!el || el === document.body) return null;
            return {
                tag: el.tagName.toLowerCase(),
                id: el.id,
                name: el.getAttribute("name") || "",
                type: el.getAttribute("type") || "",
                cls: (el.getAttribute("class") || "").toString(),
                text: (el.innerText || el.getAttribute("aria-label") || "").trim().slice(0, 60),
                index: el.dataset.a11yIndex ? Number(el.dataset.a11yIndex) : -1,
                inFilters: el.closest("[data-a11y-filters]") !== null,
            };
        }"""
    )


def test_skip_link_is_first_and_moves_the_focus_to_the_content(catalogue, page, live_server):
    page.goto(live_server.url + catalogue.url)
    page.keyboard.press("Tab")
    first = focused(page)
    assert first is not None and "skip-link" in first["cls"], first
    assert page.locator(".skip-link").is_visible(), "the skip link must show when focused"
    page.keyboard.press("Enter")
    assert page.url.endswith("#contenu")
    assert page.evaluate("document.activeElement.id") == "contenu"
    # The next Tab goes on from the content, not from the top of the page.
    page.keyboard.press("Tab")
    after = page.evaluate("document.getElementById('contenu').contains(document.activeElement)")
    assert after, focused(page)


def test_tab_reaches_the_catalogue_filters_then_their_submit_button_in_order(
    catalogue, page, live_server
):
    page.goto(f"{live_server.url}{catalogue.url}?region=53")
    assert page.locator("form:has([name=region])").count() >= 1, (
        "the catalogue has no filter form with a « region » field"
    )
    # Numbers the filter form's controls in document order, to compare with the focus order;
    # finds the region filter (or the summary of the closed <details> folding it) and the
    # submit button that follows it.
    region_index, submit_index = page.evaluate(
        """() => {
            const region = document.querySelector("form [name=region]");
            const form = region.form;
            form.setAttribute("data-a11y-filters", "");
            const controls = form.querySelectorAll(
                "a, button, input, select, textarea, summary, [tabindex]"
            );
            controls.forEach((el, i) => { el.dataset.a11yIndex = i; });
            const details = region.closest("details:not([open])");
            const target = details ? details.querySelector("summary") : region;
            const submit = [...controls].find((el) =>
                el.matches("button:not([type]), button[type=submit], input[type=submit]")
                && (region.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING)
            );
            const index = (el) => (el ? Number(el.dataset.a11yIndex) : -1);
            return [index(target), index(submit)];
        }"""
    )
    assert submit_index >= 0, "no submit button follows the region filter in its form"

    visited = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        current = focused(page)
        if current is None:
            continue
        if current["inFilters"]:
            visited.append(current)
        if current["index"] == submit_index:
            break
    indexes = [item["index"] for item in visited]
    assert region_index in indexes, f"Tab never reached the region filter: {visited}"
    assert submit_index in indexes, f"Tab never reached the submit button: {visited}"
    assert indexes.index(region_index) < indexes.index(submit_index)
    assert indexes == sorted(indexes), f"the focus jumps backwards in the filters: {visited}"


def test_the_map_regions_are_links_reached_by_tab(catalogue, page, live_server):
    page.goto(live_server.url + "/fr/regions/")
    regions = page.locator(".france-map svg a[href]")
    assert regions.count() >= 13, "the regions page shows no map of France with region links"
    reached = set()
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        href = page.evaluate(
            """() => {
                const el = document.activeElement;
                return el && el.closest(".france-map svg") ? el.getAttribute("href") : null;
            }"""
        )
        if href:
            reached.add(href)
        elif reached:
            break
    assert len(reached) >= 13, f"only {len(reached)} map regions are reachable by Tab"
    # Enter on a focused region follows its link.
    first = regions.first
    href = first.get_attribute("href")
    first.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(href)
