"""The project's French for Wagtail strings that Wagtail's own catalogue translates badly here."""

import json
import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from wagtail.admin.localization import get_js_translation_strings

from fiches.editorial.wording import WAGTAIL_STRINGS


@pytest.mark.parametrize(("msgid", "french"), list(WAGTAIL_STRINGS.items()))
def test_the_project_catalogue_wins_over_wagtails(msgid, french):
    with translation.override("fr"):
        assert gettext(msgid) == french
    with translation.override("en"):
        assert gettext(msgid) == msgid


def test_the_snippets_bulk_actions_of_the_admin_javascript_are_listed():
    """Every string the admin's JavaScript shows for snippets (wagtailConfig.STRINGS) is one the
    project translates, and none of the project's French says « fragment »."""
    with translation.override("en"):
        snippet = get_js_translation_strings()["BULK_ACTIONS"]["SNIPPET"]
        msgids = {str(text) for text in snippet.values()}
    assert len(msgids) == 4
    assert msgids <= set(WAGTAIL_STRINGS)
    assert not [french for french in WAGTAIL_STRINGS.values() if "fragment" in french.lower()]


@pytest.mark.django_db
def test_the_admin_javascript_strings_say_element_reutilisable(client, django_user_model):
    """Needs the project's French catalogue to hold the msgids of WAGTAIL_STRINGS."""
    client.force_login(django_user_model.objects.create_superuser("admin", "a@example.org", "x"))
    with translation.override("fr"):
        response = client.get(reverse("wagtailadmin_home"), HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    config = re.search(
        r'<script id="wagtail-config" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    strings = json.loads(config.group(1))["STRINGS"]["BULK_ACTIONS"]["SNIPPET"]
    assert strings == {
        "SINGULAR": "1 élément réutilisable sélectionné",
        "PLURAL": "%(objects)s éléments réutilisables sélectionnés",
        "ALL": "Les %(objects)s éléments réutilisables sur cet écran",
        "ALL_IN_LISTING": "Tous les éléments réutilisables dans la liste",
    }
    assert "fragment" not in json.dumps(strings, ensure_ascii=False)
