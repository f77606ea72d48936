
import pytest
from django.utils import translation
from wagtail.models import Page

from fiches import factories


@pytest.fixture(autouse=True)
def default_language():
    """Every test starts in the default language (French): a request to an English URL leaves
    English active in the thread (LocaleMiddleware does not reset it), which made the tests
    after it depend on their order."""
    translation.deactivate()
    yield
    translation.deactivate()


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
