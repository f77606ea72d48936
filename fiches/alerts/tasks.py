"""The background task of the alerts (django-tasks): the digests of one frequency. It runs at
once with the immediate backend (development, tests) and in ``manage.py db_worker`` with the
database backend (production); ``manage.py send_alerts`` runs or enqueues it from cron."""

from django_tasks import task


@task()
def send_alerts(frequency):
    """Sends the digests of ``frequency`` (``AlertSubscription.Frequency``) that are due;
    returns the number of messages sent."""
    from fiches.alerts import services

    return services.send_digests(frequency)
