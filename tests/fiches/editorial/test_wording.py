"""The project's French for Wagtail strings that Wagtail's own catalogue translates badly here."""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from fiches.editorial.wording import WAGTAIL_STRINGS


@pytest.mark.parametrize(("msgid", "french"), list(WAGTAIL_STRINGS.items()))
def test_the_project_catalogue_wins_over_wagtails(msgid, french):
    with translation.override("fr"):
        assert gettext(msgid) == french
    with translation.override("en"):
        assert gettext(msgid) == msgid
