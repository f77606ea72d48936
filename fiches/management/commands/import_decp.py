from django.core.management.base import BaseCommand, CommandError

from fiches.opendata.decp_import import reader, services


class Command(BaseCommand):
    help = (
        "Lit un fichier DECP v2 consolidé (JSON, lu en flux) et garde les contrats à documenter : "
        "marchés réservés, clauses ou critères sociaux, titulaires connus de l'ESS (voir "
        "docs/open-data.md). Un nouvel import du même fichier met à jour les mêmes contrats."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Chemin du fichier .json (format DECP v2).")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Lit et compte seulement, sans rien enregistrer.",
        )

    def handle(self, *args, file, dry_run, **options):
        try:
            stream = open(file, "rb")  # noqa: SIM115 (closed below, read as a stream)
        except OSError as error:
            raise CommandError(f"Impossible de lire {file} : {error.strerror}.") from error
        try:
            report = services.import_decp(
                stream,
                commit=not dry_run,
                progress=lambda count: self.stderr.write(f"{count} contrats lus…"),
            )
        except reader.DecpFileError as error:
            raise CommandError(f"{error} Rien n'a été enregistré.") from error
        finally:
            stream.close()
        for line in report.lines():
            self.stdout.write(line)
