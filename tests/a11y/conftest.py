"""Fixtures of the accessibility checks: Chromium driven by Playwright, on a live server holding
the demo content.

Like tests/workflow/test_e2e.py, they need Debian's Chromium (/usr/bin/chromium, installed by
``make chromium``) and a live server on PostgreSQL, whose concurrent requests (stylesheets,
images, the widget's iframe) in-memory SQLite cannot serve; ``make e2e`` runs them with E2E=1."""

import os

import pytest
from django.db import connection

from fiches import factories
from home.demo import seed_demo

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]


@pytest.fixture
def browser():
    if connection.vendor == "sqlite":
        pytest.skip("the live server's concurrent requests lock in-memory SQLite: use PostgreSQL")
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is missing: run `make chromium`")
    sync_api = pytest.importorskip("playwright.sync_api")
    # Playwright runs an event loop in this thread; the test still talks to the database.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A French desktop tab; motion reduced so that no animation is caught half-way."""
    context = browser.new_context(
        locale="fr-FR", viewport={"width": 1280, "height": 900}, reduced_motion="reduce"
    )
    context.set_default_timeout(20_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def demo(home):
    """The demo content (fiches, actors, themes, content pages), as ``make run`` shows it."""
    seed_demo()
    return home


@pytest.fixture
def catalogue(index):
    """A catalogue with a few fiches (in Bretagne, as the factories make them): enough for the
    keyboard checks, quicker to build than the demo."""
    for _ in range(3):
        factories.FichePageFactory(parent=index)
    return index
