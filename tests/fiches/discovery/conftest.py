"""Fixtures of the discovery tests."""

import pytest

from fiches import factories


@pytest.fixture
def green(db):
    return factories.ThemeFactory(name="Espaces verts")
