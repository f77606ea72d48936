"""What an import found or did: errors by line and column, and the summary sentence."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _


@dataclass
class RowError:
    line: int
    column: str
    message: str

    def __str__(self):
        if self.column:
            return _("Ligne %(line)s, colonne « %(column)s » : %(message)s") % {
                "line": self.line,
                "column": self.column,
                "message": self.message,
            }
        if self.line:
            return _("Ligne %(line)s : %(message)s") % {"line": self.line, "message": self.message}
        return str(self.message)


@dataclass
class ImportReport:
    """What an import found (errors) or did (created and updated fiches)."""

    dry_run: bool = True
    rows: int = 0
    errors: list = field(default_factory=list)
    to_create: list = field(default_factory=list)
    to_update: list = field(default_factory=list)
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    actors_created: int = 0

    @property
    def ok(self):
        return not self.errors

    def summary(self):
        """One French sentence saying what happened or would happen."""
        if self.errors:
            return _(
                "%(errors)s erreur(s) sur %(rows)s ligne(s) : rien n'a été importé. "
                "Corrigez le fichier puis recommencez."
            ) % {"errors": len(self.errors), "rows": self.rows}
        values = {"created": len(self.to_create), "updated": len(self.to_update)}
        if self.dry_run:
            return (
                _(
                    "Fichier valide : %(created)s fiche(s) seraient créées et %(updated)s mise(s) "
                    "à jour, en brouillon. Rien n'a encore été écrit."
                )
                % values
            )
        return (
            _(
                "Import terminé : %(created)s fiche(s) créée(s) et %(updated)s mise(s) à jour, "
                "en brouillon (à relire puis publier)."
            )
            % values
        )


class ImportAborted(Exception):
    """Raised inside the transaction to roll everything back."""
