"""Actors are moderated as fiches are: « Modérateurs » may publish them, and the review workflow
of fiches covers the three actor kinds (a workflow is assigned to a snippet model through its
content type). « Contributeurs » keep add and change: they save drafts and submit them.

Existing actors stay published: the ``live`` field added by ``fiches/0007`` defaults to true."""

from django.db import migrations

MODERATORS = "Modérateurs"
WORKFLOW = "Relecture par l'équipe nationale"
ACTORS = ["buyer", "essstructure", "operator"]
VERBOSE_NAMES = {
    "buyer": "acheteur public",
    "essstructure": "structure de l'ESS",
    "operator": "opérateur ou accompagnateur",
}


def moderate_actors(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")

    moderators, _ = Group.objects.get_or_create(name=MODERATORS)
    workflow = Workflow.objects.filter(name=WORKFLOW).first()
    for model in ACTORS:
        content_type, _ = ContentType.objects.get_or_create(app_label="fiches", model=model)
        # Wagtail creates the publish permissions of snippets after `migrate` ends: on a fresh
        # database they do not exist yet.
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"publish_{model}",
            defaults={"name": f"Can publish {VERBOSE_NAMES[model]}"},
        )
        moderators.permissions.add(permission)
        if workflow is not None:
            WorkflowContentType.objects.update_or_create(
                content_type=content_type, defaults={"workflow": workflow}
            )


def stop_moderating_actors(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    WorkflowContentType.objects.filter(
        content_type__app_label="fiches", content_type__model__in=ACTORS
    ).delete()
    Permission.objects.filter(
        content_type__app_label="fiches", codename__in=[f"publish_{model}" for model in ACTORS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0005_news_and_events"),
        ("fiches", "0007_actor_moderation"),
    ]

    operations = [migrations.RunPython(moderate_actors, stop_moderating_actors)]
