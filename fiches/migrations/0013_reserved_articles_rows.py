"""Carries the one reserved-contract article of each fiche (``FichePage.reserved_article``) over
to its rows (``FicheReservedArticle``), in the fiches and in their revisions (a draft opened in
the admin keeps its article), then removes the field."""

from django.db import migrations


def _row(fiche_id, article):
    return {"pk": None, "fiche": fiche_id, "sort_order": 0, "article": article, "lots": ""}


def carry_articles_over(apps, schema_editor):
    FichePage = apps.get_model("fiches", "FichePage")
    FicheReservedArticle = apps.get_model("fiches", "FicheReservedArticle")
    Revision = apps.get_model("wagtailcore", "Revision")
    ContentType = apps.get_model("contenttypes", "ContentType")

    fiches = FichePage.objects.exclude(reserved_article="").values_list("pk", "reserved_article")
    FicheReservedArticle.objects.bulk_create(
        FicheReservedArticle(fiche_id=pk, article=article, sort_order=0)
        for pk, article in fiches
    )
    content_type = ContentType.objects.filter(app_label="fiches", model="fichepage").first()
    if content_type is None:
        return
    revisions = Revision.objects.filter(content_type=content_type)
    for revision in revisions.iterator():
        content = revision.content
        article = content.pop("reserved_article", None)
        if "reserved_articles" in content and not article:
            continue
        content.setdefault(
            "reserved_articles", [_row(content.get("pk"), article)] if article else []
        )
        revision.content = content
        revision.save(update_fields=["content"])


def carry_articles_back(apps, schema_editor):
    FichePage = apps.get_model("fiches", "FichePage")
    FicheReservedArticle = apps.get_model("fiches", "FicheReservedArticle")
    for row in FicheReservedArticle.objects.order_by("-sort_order", "-pk"):
        # Only one article fits the old field: the first one is kept.
        FichePage.objects.filter(pk=row.fiche_id).update(reserved_article=row.article)


class Migration(migrations.Migration):
    dependencies = [
        ("fiches", "0012_levers_and_groupements"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(carry_articles_over, carry_articles_back),
        migrations.RemoveField(model_name="fichepage", name="reserved_article"),
    ]
