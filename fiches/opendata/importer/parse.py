"""Reading the cells that name something else: choices, CPV codes, the region, departments,
themes and award criteria. Each problem is reported on its column with a French message."""

from html import escape

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from fiches.models import CPVCode
from fiches.opendata.cells import parse_decimal, split_list
from fiches.opendata.columns import LIST_SEPARATOR
from fiches.opendata.spreadsheets import as_text, normalize_header


def choice_lookup(choices):
    lookup = {}
    for value, label in choices.choices:
        label = str(label)
        candidates = [value, label, label.split(" (")[0], label.split(" — ")[0]]
        if "(" in label:
            candidates.append(label[label.index("(") + 1 : label.rindex(")")])
        for candidate in candidates:
            lookup.setdefault(normalize_header(candidate), value)
    return lookup


def plain_text_to_html(text):
    paragraphs = [part.strip() for part in str(text).replace("\r\n", "\n").split("\n\n")]
    return "".join(
        f"<p>{escape(paragraph).replace(chr(10), '<br/>')}</p>"
        for paragraph in paragraphs
        if paragraph
    )


class ReferenceParsing:
    """The look-ups of ``FicheImporter`` (its ``_regions``, ``_departments``, ``_themes`` and
    ``_cpvs`` tables are filled once per import)."""

    def _cpv(self, raw, column, error):
        key = raw.replace(" ", "")
        if key not in self._cpvs:
            try:
                self._cpvs[key] = CPVCode.normalize(raw)
            except ValidationError as exc:
                self._cpvs[key] = exc
        found = self._cpvs[key]
        if isinstance(found, ValidationError):
            error(column, " ".join(found.messages))
            return None
        return found

    def _region(self, raw, error):
        if not raw:
            return None
        region = self._regions.get(raw.zfill(2)) or self._regions.get(normalize_header(raw))
        if region is None:
            error(
                "region",
                _("La région « %(value)s » est inconnue : donnez son code INSEE ou son nom.")
                % {"value": raw},
            )
        return region

    def _departments_of(self, raw, error):
        found = []
        for code in split_list(as_text(raw), LIST_SEPARATOR):
            if not code:
                continue
            department = self._departments.get(code.upper().zfill(2))
            if department is None:
                error(
                    "departements",
                    _("Le département « %(value)s » est inconnu : donnez son code (35, 2A, 974…).")
                    % {"value": code},
                )
            elif department not in found:
                found.append(department)
        return found

    def _themes_of(self, raw, error):
        found = []
        for name in split_list(raw, LIST_SEPARATOR):
            if not name:
                continue
            theme = self._themes.get(name) or self._themes.get(normalize_header(name))
            if theme is None:
                error(
                    "thematiques",
                    _(
                        "La thématique « %(value)s » n'existe pas : créez-la d'abord dans "
                        "l'administration (Thématiques) ou corrigez son nom."
                    )
                    % {"value": name},
                )
            elif theme not in found:
                found.append(theme)
        return found

    def _criteria(self, raw, error):
        criteria = []
        for item in split_list(raw, LIST_SEPARATOR):
            if not item:
                continue
            name, weight = item, None
            if ":" in item:
                head, tail = item.rsplit(":", 1)
                try:
                    weight = parse_decimal(tail)
                except ValueError:
                    error(
                        "criteres",
                        _(
                            "La pondération de « %(value)s » n'est pas un nombre : écrivez "
                            "« Prix: 40 »."
                        )
                        % {"value": item},
                    )
                name = head.strip()
            if not name:
                error("criteres", _("Un critère n'a pas de nom : écrivez « Prix: 40 »."))
                continue
            criteria.append((name, weight))
        return criteria
