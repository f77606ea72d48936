"""An index on the depth of Wagtail's pages: the menu (cms.context_processors) reads the pages
one level below the home page, or the footer's pages by translation key, and without it
PostgreSQL read every page of the tree for that (2.5 ms at 10,000 fiches, growing with them)."""

from django.db import migrations

INDEX = "home_wagtailcore_page_depth"


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0007_public"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailcore_page (depth)",
            f"DROP INDEX IF EXISTS {INDEX}",
        )
    ]
