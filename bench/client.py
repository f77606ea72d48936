"""What the bench measures in its own process with Django's test client: the endpoints'
placeholders from the seeded content, the SQL queries of a request (with the fragment caches on
or off) and a profile."""

from contextlib import contextmanager
from datetime import datetime


def placeholders():
    """The values of the endpoints' placeholders, from the seeded content."""
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.utils import translation

    from bench import seed

    objects = seed.reference_objects()
    manifest = staticfiles_storage.hashed_files
    stylesheet = (
        "css/site.css"
        if "css/site.css" in manifest
        else next(name for name in sorted(manifest) if name.endswith(".css"))
    )
    with translation.override("fr"):
        return {
            "fiche_url": objects["fiche"].get_url(),
            "fiche_id": objects["fiche"].pk,
            "actor_url": objects["actor"].get_absolute_url(),
            "static_url": staticfiles_storage.url(stylesheet),
        }


@contextmanager
def fragments_off(off=True):
    """This process's fragment caches off (``FRAGMENT_CACHE_SECONDS=0``) while in the block."""
    from django.conf import settings

    kept = settings.FRAGMENT_CACHE_SECONDS
    if off:
        settings.FRAGMENT_CACHE_SECONDS = 0
    try:
        yield
    finally:
        settings.FRAGMENT_CACHE_SECONDS = kept


def count_queries(path, *, cold=False):
    """The SQL queries of one request to ``path`` by a warm process (Django's test client);
    with ``cold``, with the fragment caches off."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    with fragments_off(cold):
        client.get(path)
        with CaptureQueriesContext(connection) as context:
            response = client.get(path)
    return response.status_code, len(context.captured_queries)


def profile(path, folder, *, cold=True):
    """Profiles 50 requests to ``path`` in this process (with ``cold``, fragment caches off);
    returns the text and the HTML file."""
    from django.test import Client
    from pyinstrument import Profiler

    client = Client()
    profiler = Profiler()
    with fragments_off(cold):
        client.get(path)
        with profiler:
            for _ in range(50):
                client.get(path)
    html = folder / f"profile-{datetime.now():%Y%m%d-%H%M%S}.html"
    html.write_text(profiler.output_html(), encoding="utf-8")
    return profiler.output_text(unicode=True, color=False), html
