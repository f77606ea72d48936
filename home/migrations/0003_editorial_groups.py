"""The editorial roles: « Contributeurs » draft, « Modérateurs » review and publish.

Page permissions and the review workflow are set on the tree's root so that they cover the
home page of every language (the English tree is created later, by translation). Wagtail's
placeholder groups ("Editors", "Moderators") are left untouched; the root now uses our workflow.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTRIBUTORS = "Contributeurs"
MODERATORS = "Modérateurs"
WORKFLOW = "Relecture par l'équipe nationale"
TASK = "Validation par les modérateurs"

ACTORS = ["buyer", "essstructure", "operator"]
CONTRIBUTOR_MODEL_PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("fiches", "fichepage", "add_fichepage"),
    ("fiches", "fichepage", "change_fichepage"),
    *[("fiches", actor, f"{action}_{actor}") for actor in ACTORS for action in ("add", "change")],
    # Choosing a CPV code or a theme needs to see them, not to change them.
    ("fiches", "cpvcode", "view_cpvcode"),
    ("fiches", "theme", "view_theme"),
    ("wagtail_localize", "translation", "submit_translation"),
]
MODERATOR_MODEL_PERMISSIONS = [
    *CONTRIBUTOR_MODEL_PERMISSIONS,
    ("fiches", "fichepage", "delete_fichepage"),
    *[("fiches", actor, f"delete_{actor}") for actor in ACTORS],
    *[
        ("fiches", model, f"{action}_{model}")
        for model in ("theme", "cpvcode", "region", "department")
        for action in ("add", "change", "delete", "view")
    ],
]
# "add" alone lets contributors edit the pages they own, and only those; "change" would open
# every page to them.
CONTRIBUTOR_PAGE_PERMISSIONS = ["add_page"]
MODERATOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
COLLECTION_PERMISSIONS = [
    ("wagtailimages", "image", "add_image"),
    ("wagtailimages", "image", "choose_image"),
    ("wagtaildocs", "document", "add_document"),
    ("wagtaildocs", "document", "choose_document"),
]


def ensure_permissions(apps):
    # Permissions are normally created after `migrate` ends: on a fresh database they do not
    # exist yet when this migration runs.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def get_permission(apps, app_label, model, codename):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.get(
        content_type__app_label=app_label, content_type__model=model, codename=codename
    )


def create_editorial_groups(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Page = apps.get_model("wagtailcore", "Page")
    Task = apps.get_model("wagtailcore", "Task")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    ContentType = apps.get_model("contenttypes", "ContentType")

    root = Page.objects.get(depth=1)
    root_collection = Collection.objects.get(depth=1)
    groups = {
        CONTRIBUTORS: (CONTRIBUTOR_MODEL_PERMISSIONS, CONTRIBUTOR_PAGE_PERMISSIONS),
        MODERATORS: (MODERATOR_MODEL_PERMISSIONS, MODERATOR_PAGE_PERMISSIONS),
    }
    for name, (model_permissions, page_permissions) in groups.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*[get_permission(apps, *spec) for spec in model_permissions])
        for codename in page_permissions:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=root,
                permission=get_permission(apps, "wagtailcore", "page", codename),
            )
        for spec in COLLECTION_PERMISSIONS:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=get_permission(apps, *spec)
            )

    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task = GroupApprovalTask.objects.filter(name=TASK).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK, content_type=task_type, active=True)
    task.groups.set([Group.objects.get(name=MODERATORS)])
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=Task.objects.get(pk=task.pk))
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})


def remove_editorial_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Task = apps.get_model("wagtailcore", "Task")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Workflow.objects.filter(name=WORKFLOW).delete()
    Task.objects.filter(name=TASK).delete()
    Group.objects.filter(name__in=[CONTRIBUTORS, MODERATORS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_create_homepage"),
        ("fiches", "0002_reference_data"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [migrations.RunPython(create_editorial_groups, remove_editorial_groups)]
