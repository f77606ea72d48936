import csv

from django.core.management.base import BaseCommand, CommandError

from fiches import services

EXPECTED_HEADER = ["code", "label_fr", "label_en"]


class Command(BaseCommand):
    help = (
        "Charge ou met à jour la nomenclature CPV officielle depuis un CSV "
        "« code,label_fr,label_en » (UTF-8). Relancer la commande ne duplique rien."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Chemin du fichier CSV de la nomenclature CPV 2008.")

    def handle(self, *args, file, **options):
        try:
            with open(file, encoding="utf-8-sig", newline="") as handle:
                reader = csv.reader(handle)
                header = [column.strip() for column in next(reader, [])]
                if header != EXPECTED_HEADER:
                    raise CommandError(
                        f"En-tête inattendu {header} : le fichier doit commencer par "
                        f"« {','.join(EXPECTED_HEADER)} »."
                    )
                rows = [row for row in reader if row]
        except OSError as error:
            raise CommandError(f"Impossible de lire {file} : {error.strerror}.") from error
        except UnicodeDecodeError as error:
            raise CommandError(f"{file} n'est pas encodé en UTF-8.") from error
        bad = [index for index, row in enumerate(rows, start=2) if len(row) != 3]
        if bad:
            raise CommandError(
                f"Ligne {bad[0]} : trois colonnes attendues (code, libellé "
                "français, libellé anglais)."
            )
        try:
            services.import_cpv(rows=rows, log=lambda message: self.stdout.write(message))
        except ValueError as error:
            raise CommandError(str(error)) from error
