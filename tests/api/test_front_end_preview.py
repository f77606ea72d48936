"""An editor previewing a fiche in the admin can open its saved draft in the external front-end."""

from urllib.parse import parse_qs, urlparse

import pytest

from fiches.models import FichePage

FRONT_END = "https://front.example.org/apercu"


@pytest.fixture
def draft(fiche):
    fiche.title = "Titre du brouillon"
    fiche.save_revision()
    return FichePage.objects.get(pk=fiche.pk)


def test_front_end_mode_is_offered_only_when_configured(fiche, settings):
    settings.HEADLESS_PREVIEW_URL = ""
    assert "front-end" not in dict(fiche.preview_modes)
    settings.HEADLESS_PREVIEW_URL = FRONT_END
    assert "front-end" in dict(fiche.preview_modes)


def test_preview_links_to_the_front_end_with_a_token_the_api_accepts(
    draft, settings, rf, admin_user, client
):
    settings.HEADLESS_PREVIEW_URL = FRONT_END
    request = rf.get("/")
    request.user = admin_user
    response = draft.serve_preview(request, "front-end").render()
    assert response.status_code == 200
    link = response.context_data["front_end_url"]
    assert link.startswith(FRONT_END + "?")
    assert link.replace("&", "&amp;") in response.content.decode()
    token = parse_qs(urlparse(link).query)["token"][0]

    answer = client.get("/api/v2/preview/", {"token": token})
    assert answer.status_code == 200
    assert answer.json()["title"] == "Titre du brouillon"
    assert client.get("/api/v2/preview/", {"token": token + "x"}).status_code == 403
