"""Figures computed when content is published rather than on every view: counts and rankings
over the whole catalogue (the home page's key figures, map and entry points, a region's figures
and actors, the directory's rows), read by ``fiches.selectors.figures.stored``.

A row is usable while its ``generation`` is the current one (``FigureGeneration``, bumped by
every change to published content: ``fiches.discovery.figures``) and its ``valid_until`` (the
first expiry or go-live of a page after it was computed) is not past. Its payload holds ids,
codes and numbers only: labels, URLs and HTML are made at read time, and the actors and themes
it names are loaded again through the visibility rule."""

from django.db import connection, models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

#: The primary key of the one ``FigureGeneration`` row.
GENERATION_PK = 1


class FigureGenerationManager(models.Manager):
    def bump(self):
        """Makes every stored figure unusable (in the current transaction, if any)."""
        if not self.filter(pk=GENERATION_PK).update(value=F("value") + 1):
            self.bulk_create([self.model(pk=GENERATION_PK, value=1)], ignore_conflicts=True)


class FigureGeneration(models.Model):
    """The generation of the stored figures: one row, bumped when published content changes."""

    value = models.BigIntegerField(_("génération"), default=0)

    objects = FigureGenerationManager()

    class Meta:
        verbose_name = _("génération des chiffres")
        verbose_name_plural = _("générations des chiffres")

    def __str__(self):
        return str(self.value)


class StoredFigureManager(models.Manager):
    def record(self, *, name, key, payload, generation, valid_until):
        """Stores ``payload`` under ``(name, key)`` if ``generation`` (the one read before it was
        computed) is still the current one, in one statement: a figure computed from content
        that changed meanwhile is refused. Returns whether it was stored."""
        table = self.model._meta.db_table
        generations = FigureGeneration._meta.db_table
        fields = {field.name: field for field in self.model._meta.fields}
        quote = connection.ops.quote_name
        sql = (
            f"INSERT INTO {quote(table)} (name, {quote('key')}, generation, valid_until, payload) "
            f"SELECT %s, %s, value, %s, %s FROM {quote(generations)} WHERE id = %s AND value = %s "
            f"ON CONFLICT (name, {quote('key')}) DO UPDATE SET generation = excluded.generation, "
            "valid_until = excluded.valid_until, payload = excluded.payload"
        )
        params = [
            name,
            key,
            fields["valid_until"].get_db_prep_value(valid_until, connection),
            fields["payload"].get_db_prep_value(payload, connection),
            GENERATION_PK,
            generation,
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.rowcount == 1


class StoredFigure(models.Model):
    """One stored figure: what ``name`` computes for ``key`` (a locale, a region…)."""

    name = models.CharField(_("nom"), max_length=64)
    key = models.CharField(_("clé"), max_length=200)
    generation = models.BigIntegerField(_("génération"))
    valid_until = models.DateTimeField(_("valable jusqu'à"), null=True, blank=True)
    payload = models.JSONField(_("valeurs"))

    objects = StoredFigureManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["name", "key"], name="stored_figure_once"),
        ]
        verbose_name = _("chiffre enregistré")
        verbose_name_plural = _("chiffres enregistrés")

    def __str__(self):
        return f"{self.name} {self.key}"
