"""Sends the alert digests (fiches.alerts), for cron: weekly (``--frequency weekly``, the
default) and, more often, the « à chaque nouvelle publication » subscriptions
(``--frequency publication``). See docs/alerts.md and docs/deployment.md."""

from django.core.management.base import BaseCommand

from fiches.alerts import tasks
from fiches.models import AlertSubscription


class Command(BaseCommand):
    help = "Envoie les alertes : les nouvelles fiches de chaque recherche suivie par e-mail."

    def add_arguments(self, parser):
        parser.add_argument(
            "--frequency",
            choices=AlertSubscription.Frequency.values,
            default=AlertSubscription.Frequency.WEEKLY,
            help="Les abonnements à envoyer : weekly (chaque semaine) ou publication.",
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Confier l'envoi à la file des tâches (manage.py db_worker) au lieu de le faire.",
        )

    def handle(self, *args, frequency, enqueue, **options):
        if enqueue:
            result = tasks.send_alerts.enqueue(frequency)
            self.stdout.write(f"Envoi des alertes ({frequency}) mis en file : tâche {result.id}.")
            return
        sent = tasks.send_alerts.call(frequency)
        self.stdout.write(f"Alertes ({frequency}) : {sent} message(s) envoyé(s).")
