"""The background tasks of discovery (django-tasks): the stored related fiches
(``fiches.discovery.related``). They run at once with the immediate backend (development,
tests) and in ``manage.py db_worker`` with the database backend (production)."""

from django_tasks import task


@task()
def refresh_related_fiches(fiche_id, recompute):
    """Brings the related-fiche lists up to date after a change to fiche ``fiche_id``
    (``related.refresh``); ``recompute``: the fiches whose lists held a deleted fiche."""
    from fiches.discovery import related

    return related.refresh(fiche_id, recompute)


@task()
def refresh_all_related_fiches(locale_ids):
    """Computes every related-fiche list of ``locale_ids`` again, after a view restriction was
    added or removed or a section moved (``related.refresh_all``)."""
    from fiches.discovery import related

    return related.refresh_all(locale_ids=locale_ids)


@task()
def refresh_figures():
    """Precomputes the stored figures after a change to published content
    (``fiches.discovery.figures.refresh``)."""
    from fiches.discovery import figures

    figures.refresh()
