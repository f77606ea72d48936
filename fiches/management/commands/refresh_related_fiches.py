"""Computes the stored related fiches of every fiche again (fiches.discovery.related): after the
migration that adds them, or to repair them. Publications keep them up to date by themselves."""

import time

from django.core.management.base import BaseCommand

from fiches.discovery import related


class Command(BaseCommand):
    help = "Calcule à nouveau les fiches similaires de chaque fiche publiée."

    def handle(self, *args, **options):
        started = time.monotonic()
        count = related.refresh_all()
        self.stdout.write(
            f"{count} listes de fiches similaires réécrites en {time.monotonic() - started:.1f} s."
        )
