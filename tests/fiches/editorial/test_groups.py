"""The editorial groups, their permissions and the review workflow installed by migration."""

from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission, Page, Workflow

from fiches.editorial.groups import CONTRIBUTORS_GROUP, MODERATORS_GROUP


def page_permissions(name):
    return set(
        GroupPagePermission.objects.filter(group__name=name).values_list(
            "page__depth", "permission__codename"
        )
    )


def model_permissions(name):
    return set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))


def collection_permissions(name):
    return set(
        Group.objects.get(name=name).collection_permissions.values_list(
            "permission__codename", flat=True
        )
    )


def test_contributors_draft_but_cannot_publish(db):
    assert page_permissions(CONTRIBUTORS_GROUP) == {(1, "add_page")}
    permissions = model_permissions(CONTRIBUTORS_GROUP)
    assert {
        "access_admin",
        "add_fichepage",
        "change_fichepage",
        "add_buyer",
        "change_buyer",
        "add_essstructure",
        "add_operator",
        "view_cpvcode",
        "view_theme",
        "submit_translation",
    } <= permissions
    assert not permissions & {"change_cpvcode", "change_theme", "add_theme", "delete_buyer"}
    assert collection_permissions(CONTRIBUTORS_GROUP) == {
        "add_image",
        "choose_image",
        "add_document",
        "choose_document",
    }


def test_moderators_publish_lock_and_manage_reference_data(db):
    assert page_permissions(MODERATORS_GROUP) == {
        (1, "add_page"),
        (1, "change_page"),
        (1, "publish_page"),
        (1, "lock_page"),
        (1, "unlock_page"),
    }
    assert {
        "access_admin",
        "add_theme",
        "change_theme",
        "delete_theme",
        "change_cpvcode",
        "change_region",
        "delete_buyer",
        "delete_fichepage",
    } <= model_permissions(MODERATORS_GROUP)


def test_the_review_workflow_covers_every_language_tree(fiche):
    workflow = Workflow.objects.get(name="Relecture par l'équipe nationale")
    assert workflow.active
    assert Page.objects.get(depth=1).get_workflow() == workflow
    assert fiche.get_workflow() == workflow
    [task] = [task.specific for task in workflow.tasks.all()]
    assert list(task.groups.values_list("name", flat=True)) == [MODERATORS_GROUP]
