from django.core.management.base import BaseCommand, CommandError

from fiches import reference_data, services


class Command(BaseCommand):
    help = (
        "Charge ou met à jour la nomenclature CPV officielle depuis un CSV "
        "« code,label_fr,label_en » (UTF-8, éventuellement compressé en .gz). Relancer la "
        "commande ne duplique rien. Avec --write-reference, écrit la liste livrée avec le projet "
        "(fiches/data/cpv2008.csv.gz) au lieu de charger la base."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Chemin du fichier CSV de la nomenclature CPV 2008.")
        parser.add_argument(
            "--write-reference",
            action="store_true",
            help=(
                "Écrit fiches/data/cpv2008.csv.gz (la liste que la migration installe) depuis "
                "ce fichier, sans toucher à la base."
            ),
        )

    def handle(self, *args, file, write_reference=False, **options):
        try:
            with reference_data.open_cpv_file(file) as handle:
                rows = reference_data.read_cpv_csv(handle)
        except OSError as error:
            raise CommandError(f"Impossible de lire {file} : {error.strerror}.") from error
        except UnicodeDecodeError as error:
            raise CommandError(f"{file} n'est pas encodé en UTF-8.") from error
        except ValueError as error:
            raise CommandError(str(error)) from error
        if write_reference:
            reference_data.write_cpv_list(rows)
            self.stdout.write(
                f"{len(rows)} code(s) CPV écrits dans {reference_data.CPV_LIST_PATH}."
            )
            return
        try:
            services.import_cpv(rows=rows, log=lambda message: self.stdout.write(message))
        except ValueError as error:
            raise CommandError(str(error)) from error
