"""Amounts recorded before the period existed were shown and exported as the contract's total
(« Montant HT »): they become totals, in the fiches and in their revisions (drafts, revisions
in moderation), so that publishing an older revision does not lose it."""

from django.db import migrations

KINDS = ("exact", "estime", "min_max")


def amounts_are_totals(apps, schema_editor):
    FichePage = apps.get_model("fiches", "FichePage")
    Revision = apps.get_model("wagtailcore", "Revision")
    ContentType = apps.get_model("contenttypes", "ContentType")
    FichePage.objects.filter(amount_kind__in=KINDS, amount_period="").update(
        amount_period="total"
    )
    content_type = ContentType.objects.filter(app_label="fiches", model="fichepage").first()
    if content_type is None:
        return
    for revision in Revision.objects.filter(content_type=content_type).iterator():
        content = revision.content or {}
        if content.get("amount_kind") in KINDS and not content.get("amount_period"):
            content["amount_period"] = "total"
            revision.content = content
            revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("fiches", "0009_amounts_and_figures_precision"),
        ("wagtailcore", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(amounts_are_totals, migrations.RunPython.noop)]
