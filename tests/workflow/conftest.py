"""Editorial users (one per role, in the groups created by the migrations) and form helpers."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    querydict_from_html,
    streamfield,
)

from fiches import factories
from fiches.editorial.groups import CONTRIBUTORS_GROUP, MODERATORS_GROUP

BOOLEAN_FIELDS = (
    "reserved",
    "social_clause",
    "social_criterion",
    "environmental_clause",
    "environmental_criterion",
    "contact_is_public",
    "is_featured",
)


def make_user(username, group=None, **extra):
    user = get_user_model().objects.create_user(
        username, f"{username}@example.org", "pw", first_name=username.title(), **extra
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


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


def edit_form_data(client, page, action=None, **changes):
    """The edit form of ``page`` as the browser would post it back, with ``changes``."""
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    # The StreamField editor is drawn by JavaScript, out of reach of the HTML parser: the body
    # is posted back as a single heading.
    data.update(
        nested_form_data(
            {
                "body": streamfield([("heading", {"text": "Le contexte", "level": "h2"})]),
                "comments": inline_formset([]),
            }
        )
    )
    # The helper posts checked checkboxes without a value, which Django reads as unchecked.
    for field in BOOLEAN_FIELDS:
        if getattr(page, field):
            data[field] = "on"
    for key, value in changes.items():
        data[key] = value
    if action:
        data[f"action-{action}"] = action
    return data


def post_edit(client, page, action=None, **changes):
    """Posts the edit form of ``page`` back, as the user logged in ``client``."""
    data = edit_form_data(client, page, action, **changes)
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
