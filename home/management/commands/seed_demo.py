import os

from django.core.management.base import BaseCommand

from home import demo


class Command(BaseCommand):
    help = "Crée le contenu de démonstration (idempotent : relancer ne duplique rien)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--with-admin",
            action="store_true",
            help="Crée aussi les comptes de démonstration : un superutilisateur (DEMO_ADMIN_USER "
            "/ DEMO_ADMIN_PASSWORD, « admin » par défaut), un contributeur (DEMO_CONTRIBUTOR_USER "
            "/ DEMO_CONTRIBUTOR_PASSWORD, « contributeur ») et un modérateur "
            "(DEMO_MODERATOR_USER / DEMO_MODERATOR_PASSWORD, « moderateur »).",
        )

    def handle(self, *args, with_admin=False, **options):
        created = demo.seed_demo(log=lambda message: self.stdout.write(message))
        self.stdout.write(
            self.style.SUCCESS(f"Contenu de démonstration prêt ({created} fiche(s) créée(s)).")
        )
        if with_admin:
            username = os.environ.get("DEMO_ADMIN_USER", "admin")
            password = os.environ.get("DEMO_ADMIN_PASSWORD", "admin")
            demo.ensure_demo_admin(username=username, password=password)
            self.stdout.write(
                self.style.SUCCESS(
                    f"Administrateurs : identifiant « {username} », mot de passe « {password} »"
                )
            )
            for editor in demo.DEMO_EDITORS:
                username = os.environ.get(f"{editor.env}_USER", editor.default)
                password = os.environ.get(f"{editor.env}_PASSWORD", editor.default)
                demo.ensure_demo_editor(editor=editor, username=username, password=password)
                self.stdout.write(
                    self.style.SUCCESS(
                        f"{editor.group} : identifiant « {username} », mot de passe « {password} »"
                    )
                )
