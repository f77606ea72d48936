
import pytest
from wagtail.models import Page

from fiches import factories


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
