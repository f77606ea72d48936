"""Installs the whole official CPV 2008 list shipped with the project (fiches/data/cpv2008.csv.gz),
so that every database, the tests' included, has every code. Codes already there (the divisions of
0002, or a list imported earlier) take the official labels; fiches keep their codes."""

from django.db import migrations

from fiches.reference_data import shipped_cpv_codes

FIELDS = ["digits", "division", "level", "label_fr", "label_en"]


def install(apps, schema_editor):
    CPVCode = apps.get_model("fiches", "CPVCode")
    existing = {code.code: code for code in CPVCode.objects.all()}
    to_create, to_update = [], []
    for values in shipped_cpv_codes():
        current = existing.get(values["code"])
        if current is None:
            to_create.append(CPVCode(**values))
        elif any(getattr(current, field) != values[field] for field in FIELDS):
            for field in FIELDS:
                setattr(current, field, values[field])
            to_update.append(current)
    CPVCode.objects.bulk_create(to_create, batch_size=2000)
    CPVCode.objects.bulk_update(to_update, FIELDS, batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [("fiches", "0005_search_index_title_body")]

    # Going back keeps the codes: fiches may use them.
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
