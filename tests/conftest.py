import csv
from pathlib import Path

import pytest
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from fiches import factories, services
from tests import db_template, search_index

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
CPV_FILE = SHARED_DATA / "cpv2008.csv"


@pytest.fixture
def home(db):
    """The home page installed by the migrations (root of the default site)."""
    return Page.objects.get(depth=2).specific


@pytest.fixture
def index(home):
    """A published catalogue below the home page."""
    return factories.FicheIndexPageFactory(parent=home)


@pytest.fixture
def fiche(index):
    """A complete published fiche with one actor of each kind."""
    return factories.FichePageFactory(parent=index)


@pytest.fixture
def official_cpv(db):
    """The official CPV list from ../shared/data, loaded into the table (skipped when absent)."""
    if not CPV_FILE.exists():
        pytest.skip("../shared/data/cpv2008.csv is absent")
    with CPV_FILE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))[1:]
    services.import_cpv(rows=rows)
    return CPV_FILE


# ---------- Search indexing: deferred until a test reads the index ----------


@pytest.fixture(autouse=True)
def _lazy_search_index(request):
    """Writes to the search index wait until the test searches (tests/search_index.py). Tests
    with a live server index at once: the server thread searches on its own connection."""
    if "live_server" in request.fixturenames or "transactional_db" in request.fixturenames:
        yield
        return
    search_index.defer()
    try:
        yield
    finally:
        search_index.stop()


def _enter_flushed(self, _enter=CaptureQueriesContext.__enter__):
    search_index.flush()  # a query count measures its block, not the index writes before it
    return _enter(self)


CaptureQueriesContext.__enter__ = _enter_flushed


# ---------- Test databases: migrated once, then copied (tests/db_template.py) ----------


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings):
    """Runs before pytest-django creates the test databases, so that their first ``migrate``
    starts from the migrated copy."""
    from django.core import management

    call_command = management.call_command
    management.call_command = db_template.migrating_from_copies(call_command)
    try:
        yield
    finally:
        management.call_command = call_command
