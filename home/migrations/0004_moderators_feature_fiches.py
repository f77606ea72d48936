"""Only « Modérateurs » choose the fiches shown on the home page (fiches.feature_fichepage)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODERATORS = "Modérateurs"


def grant(apps, schema_editor):
    # On a fresh database, permissions are only created after `migrate` ends.
    app_config = apps.get_app_config("fiches")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.get(
        content_type__app_label="fiches", codename="feature_fichepage"
    )
    group, _ = Group.objects.get_or_create(name=MODERATORS)
    group.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name=MODERATORS):
        group.permissions.remove(*group.permissions.filter(codename="feature_fichepage"))


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0003_editorial_groups"),
        ("fiches", "0004_fichepage_feature_permission"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
