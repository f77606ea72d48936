"""Reading the cells that name something else: choices, CPV codes, the region, departments,
themes, award criteria, the articles of a reserved contract and the unnamed members of a
groupement. Each problem is reported on its column with a French message."""

import re
from html import escape

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from fiches.choices import MEMBER_KINDS, MilestoneKind, ReservedArticle
from fiches.models import ContractMilestone, CPVCode
from fiches.opendata.cells import parse_decimal, parse_milestones, split_list
from fiches.opendata.columns import ITEM_SEPARATOR, LIST_SEPARATOR
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


ARTICLE_ITEM = re.compile(r"^(?P<article>[^()]+?)\s*(?:\((?P<lots>[^()]*)\))?$")
MEMBERS_ITEM = re.compile(r"^(?P<count>-?\d+)\s+(?P<kind>\S+)(?:\s+(?P<note>.+))?$")
MEMBER_KIND_LOOKUP = {normalize_header(code): code for code, _label in MEMBER_KINDS}


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

    def _reserved_articles(self, raw, error):
        """``[(article, lots)]`` of « L2113-12 (lot 1) ; L2113-13 »."""
        articles = []
        for item in split_list(as_text(raw), ITEM_SEPARATOR):
            if not item:
                continue
            match = ARTICLE_ITEM.match(item)
            article = match and match["article"].strip().upper().replace(" ", "")
            if article not in ReservedArticle.values:
                error(
                    "article_reserve",
                    _(
                        "« %(value)s » n'est pas un article de marché réservé. Articles "
                        "acceptés : %(values)s, séparés par « ; », les lots entre "
                        "parenthèses : « L2113-12 (lot 1) ; L2113-13 »."
                    )
                    % {"value": item, "values": ", ".join(ReservedArticle.values)},
                )
                continue
            articles.append((article, (match["lots"] or "").strip()))
        return articles

    def _unnamed_members(self, raw, error):
        """``[(kind, count, note)]`` of « 3 esat du Rhône ; 6 siae »."""
        members = []
        for item in split_list(as_text(raw), ITEM_SEPARATOR):
            if not item:
                continue
            match = MEMBERS_ITEM.match(item)
            kind = match and MEMBER_KIND_LOOKUP.get(normalize_header(match["kind"]))
            if kind is None:
                error(
                    "groupement_membres_non_nommes",
                    _(
                        "« %(value)s » ne se lit pas : écrivez le nombre puis le type de "
                        "structure (%(values)s), par exemple « 3 esat ; 6 siae »."
                    )
                    % {"value": item, "values": ", ".join(MEMBER_KIND_LOOKUP.values())},
                )
                continue
            members.append((kind, int(match["count"]), (match["note"] or "").strip()))
        return members

    def _milestones(self, raw, error):
        """``[(kind, date, note)]`` from « premiere_attribution: 2011 | renouvellement: 2015 »."""
        rows = []
        try:
            parsed = parse_milestones(raw)
        except ValueError as exc:
            error("historique", exc)
            return rows
        lookup = choice_lookup(MilestoneKind)
        for kind, day, note in parsed:
            found = lookup.get(normalize_header(kind))
            if found is None:
                error("historique", self._choice_message(kind, MilestoneKind))
                continue
            try:
                ContractMilestone._meta.get_field("note").clean(note, None)
            except ValidationError as exc:
                error("historique", " ".join(exc.messages))
            rows.append((found, day, note))
        return rows

    def _choice_message(self, raw, choices):
        return _("« %(value)s » n'est pas une valeur possible. Valeurs acceptées : %(values)s.") % {
            "value": raw,
            "values": ", ".join(choices.values),
        }
