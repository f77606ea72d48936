"""What the fiche form says after a failed save: the criteria-weight error at the criteria
panel, counted in its tab's badge; and the completeness panel describing the form being edited,
not the fiche as last saved."""

import re
from html import unescape

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from fiches import factories
from tests.helpers import edit_form_data

WEIGHT_ERROR = "Les pondérations des critères font 90 % au total : elles doivent faire 100 %."
NO_BUYER = "Pas d'acheteur public."


@pytest.fixture
def editor(client, db):
    client.force_login(get_user_model().objects.create_superuser("admin", "a@example.org", "pw"))
    return client


def post(client, page, data):
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 200  # the form is shown again, with its errors
    return unescape(response.content.decode())


def tab(content, heading_id):
    """The HTML of one tab of the fiche form."""
    after = content.split(f'id="tab-{heading_id}"', 1)[1]
    return re.split(r'<section\s+id="tab-', after)[0]


def test_the_weight_error_is_shown_at_the_criteria_panel(editor, fiche):
    data = edit_form_data(editor, fiche)
    weights = sorted(key for key in data if re.fullmatch(r"award_criteria-\d+-weight", key))
    assert len(weights) >= 2
    data[weights[0]] = "50"
    data[weights[1]] = "40"
    for key in weights[2:]:
        data[key] = "0"

    content = post(editor, fiche, data)

    technical = tab(content, "caracteristiques_techniques")
    criteria = technical.split('id="id_award_criteria-FORMS"')[0]
    # In the criteria panel, before its rows, as an « error-message » (what the badge counts).
    assert re.search(r'class="error-message">\s*<span>' + re.escape(WEIGHT_ERROR), criteria)
    # Not only in the top banner any more.
    banner = content.split('id="tab-contenu"')[0]
    assert WEIGHT_ERROR not in banner


def test_the_completeness_panel_reflects_the_form_being_edited(editor, index):
    fiche = factories.FichePageFactory(parent=index, buyers=())
    buyer = factories.BuyerFactory(name="Département de la Vendée")
    assert fiche.buyer_links.count() == 0
    data = edit_form_data(editor, fiche)
    data["buyer_links-TOTAL_FORMS"] = "1"
    data["buyer_links-INITIAL_FORMS"] = "0"
    data["buyer_links-0-actor"] = str(buyer.pk)
    data["buyer_links-0-role"] = "acheteur"
    data["buyer_links-0-presentation"] = ""
    data["buyer_links-0-ORDER"] = "1"
    data["buyer_links-0-DELETE"] = ""
    data["buyer_links-0-id"] = ""
    data["chapo"] = ""
    data["title"] = ""  # the save fails: a page needs a title

    content = post(editor, fiche, data)

    panel = content.split("data-fiche-completeness")[1].split("</div>")[0]
    assert NO_BUYER not in panel
    # The chapô emptied in the form is listed, though the saved fiche has one.
    assert "Pas de chapô" in panel


def test_a_row_deleted_in_the_form_counts_as_missing(editor, fiche):
    data = edit_form_data(editor, fiche)
    data["buyer_links-0-DELETE"] = "1"
    data["title"] = ""
    content = post(editor, fiche, data)
    panel = content.split("data-fiche-completeness")[1].split("</div>")[0]
    assert NO_BUYER in panel
