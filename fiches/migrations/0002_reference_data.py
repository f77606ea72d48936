from django.db import migrations

from fiches.reference_data import CPV_DIVISIONS, DEPARTMENTS, REGIONS


def install(apps, schema_editor):
    Region = apps.get_model("fiches", "Region")
    Department = apps.get_model("fiches", "Department")
    CPVCode = apps.get_model("fiches", "CPVCode")
    for code, name, name_en, slug in REGIONS:
        Region.objects.update_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "slug": slug}
        )
    for code, name, region_code in DEPARTMENTS:
        Department.objects.update_or_create(
            code=code, defaults={"name": name, "region_id": region_code}
        )
    for code, label_fr, label_en in CPV_DIVISIONS:
        CPVCode.objects.update_or_create(
            code=code,
            defaults={
                "digits": code[:8],
                "division": code[:2],
                "level": 1,
                "label_fr": label_fr,
                "label_en": label_en,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("fiches", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
