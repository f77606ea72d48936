from django.core.management.base import BaseCommand

from fiches.editorial import media


class Command(BaseCommand):
    help = (
        "Déplace les images enregistrées avant la règle des noms imprévisibles vers "
        "original_images/<jeton aléatoire>/<nom> (et supprime leurs déclinaisons, recréées à la "
        "demande). Relancer la commande ne change rien aux images déjà déplacées."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Liste les images concernées sans rien déplacer.",
        )

    def handle(self, *args, dry_run=False, **options):
        images = media.images_with_guessable_names()
        for image in images:
            if dry_run:
                self.stdout.write(f"Image {image.pk} : {image.file.name}")
            else:
                old = image.file.name
                self.stdout.write(
                    f"Image {image.pk} : {old} → {media.move_to_random_directory(image)}"
                )
        verb = "à déplacer" if dry_run else "déplacée(s)"
        self.stdout.write(f"{len(images)} image(s) {verb}.")
