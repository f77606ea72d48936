import itertools
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import Page

from fiches import factories
from tests import db_template, search_index


@pytest.fixture(autouse=True)
def default_language():
    """Every test starts in the default language (French): a request to an English URL leaves
    English active in the thread (LocaleMiddleware does not reset it), which made the tests
    after it depend on their order."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: Wagtail caches renditions by image id in it, and
    SQLite gives the ids of rolled-back rows again, so the rendition of an earlier test's image
    answered for another image (failures that depended on the order of the tests)."""
    cache.clear()


_export_folders = itertools.count()


@pytest.fixture(autouse=True)
def _own_export_files():
    """Each test its own folder of export files (fiches.opendata.files, created when a file is
    written): the files one test built never answer for the rows of another."""
    base = settings.EXPORTS_ROOT
    settings.EXPORTS_ROOT = Path(base) / f"test-{next(_export_folders)}"
    yield
    settings.EXPORTS_ROOT = base


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
