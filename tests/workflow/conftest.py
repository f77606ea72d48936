"""Editorial users (one per role, in the groups created by the migrations) and a draft; the
form helpers are in ``tests.helpers``."""

import os

import pytest
from django.db import connection

from fiches import factories
from fiches.editorial.groups import CONTRIBUTORS_GROUP, MODERATORS_GROUP
from tests.helpers import make_user


@pytest.fixture
def contributor(db):
    return make_user("claire", CONTRIBUTORS_GROUP)


@pytest.fixture
def other_contributor(db):
    return make_user("olivier", CONTRIBUTORS_GROUP)


@pytest.fixture
def moderator(db):
    return make_user("mona", MODERATORS_GROUP)


@pytest.fixture
def draft(index, contributor):
    """A complete fiche drafted (never published) by the contributor."""
    return factories.FichePageFactory(
        parent=index, owner=contributor, publish=False, title="Entretien des parcs de Rennes"
    )


# The browser tests (E2E=1): Debian's Chromium, launched by Playwright.
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
    sync_api = pytest.importorskip("playwright.sync_api")
    # Playwright runs an event loop in this thread; the test still talks to the database.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
