"""Deletes the contact of the proposers whose proposal is older than the retention period
(``PROPOSAL_CONTACT_RETENTION_DAYS``, fiches.proposals): run it daily from cron
(docs/deployment.md). ``--enqueue`` hands it to the task worker instead."""

from django.conf import settings
from django.core.management.base import BaseCommand

from fiches.proposals import services, tasks


class Command(BaseCommand):
    help = (
        "Efface les coordonnées des personnes qui ont proposé un retour d'expérience, passé "
        "la durée de conservation."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Confier l'effacement au worker des tâches (manage.py db_worker).",
        )

    def handle(self, *args, **options):
        if options["enqueue"]:
            tasks.purge_expired_contacts.enqueue()
            self.stdout.write("Effacement confié au worker des tâches.")
            return
        count = services.purge_expired_contacts()
        self.stdout.write(
            f"{count} proposition(s) : coordonnées effacées "
            f"(conservation : {settings.PROPOSAL_CONTACT_RETENTION_DAYS} jours)."
        )
