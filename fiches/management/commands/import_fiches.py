from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fiches.models import FicheIndexPage
from fiches.opendata import services as opendata_services


class Command(BaseCommand):
    help = (
        "Importe des fiches depuis un tableur CSV ou XLSX (voir docs/open-data.md). Par défaut, "
        "vérifie seulement le fichier (aucune écriture) ; ajoutez --commit pour importer. Les "
        "fiches importées sont des brouillons."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Chemin du fichier .csv ou .xlsx.")
        parser.add_argument(
            "--commit",
            action="store_true",
            help="Écrit les fiches si tout le fichier est valide (sinon rien n'est écrit).",
        )
        parser.add_argument(
            "--catalogue",
            type=int,
            help="Identifiant de la page catalogue qui reçoit les fiches (par défaut, "
            "le catalogue de la langue par défaut).",
        )

    def handle(self, *args, file, commit, catalogue, **options):
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Impossible de lire {file} : {error.strerror}.") from error
        index = None
        if catalogue is not None:
            index = FicheIndexPage.objects.filter(pk=catalogue).first()
            if index is None:
                raise CommandError(f"Aucun catalogue n'a l'identifiant {catalogue}.")
        report = opendata_services.import_fiches(
            data=data, filename=path.name, index=index, commit=commit
        )
        for error in report.errors:
            self.stdout.write(str(error))
        if not report.ok:
            raise CommandError(report.summary())
        self.stdout.write(self.style.SUCCESS(report.summary()))
