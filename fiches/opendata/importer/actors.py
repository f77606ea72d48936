"""The stakeholder columns of an import: one actor per name, found in the directory by SIRET
(else by name and commune) or created with its type."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fiches import models as registry
from fiches.choices import (
    NOT_STATED,
    BuyerType,
    ESSFamily,
    ESUSStatus,
    InclusionStatus,
    OperatorType,
)
from fiches.models import ESSStructure
from fiches.opendata.cells import split_list
from fiches.opendata.columns import LIST_SEPARATOR
from fiches.opendata.spreadsheets import as_text, normalize_header


@dataclass(frozen=True)
class ActorKind:
    """A kind of the actor registry (``fiches.models.ACTOR_KINDS``) as the import reads it."""

    prefix: str  # of its columns: ``acheteur_nom``, ``acheteur_siret``…
    model: type
    link_model: type
    relation: str
    type_field: str
    types: type
    roles: type
    label: str  # its name in the import's messages


#: What the import adds to each kind of the registry: the prefix of its columns, the value list
#: of its main classification and its name in messages (a kind missing here fails at import).
IMPORT_NAMES = {
    "buyer": ("acheteur", BuyerType, gettext_lazy("L'acheteur")),
    "ess_structure": ("titulaire", ESSFamily, gettext_lazy("La structure de l'ESS")),
    "operator": ("operateur", OperatorType, gettext_lazy("L'opérateur")),
}

ACTOR_KINDS = [
    ActorKind(
        prefix=IMPORT_NAMES[kind.key][0],
        model=kind.model,
        link_model=kind.link_model,
        relation=kind.relation,
        type_field=kind.classification[0],
        types=IMPORT_NAMES[kind.key][1],
        roles=kind.roles,
        label=IMPORT_NAMES[kind.key][2],
    )
    for kind in registry.ACTOR_KINDS
]


@dataclass
class ActorSpec:
    kind: ActorKind
    name: str
    siret: str
    actor_type: str
    role: str
    commune: str
    status: str = ""
    esus: str = ""
    existing: object = None

    @property
    def key(self):
        if self.siret:
            return (self.kind.prefix, "siret", self.siret)
        return (self.kind.prefix, "name", self.name, self.commune)


class ActorParsing:
    """The stakeholder checks of ``FicheImporter``."""

    def _actor_specs(self, kind, row, error):
        prefix = kind.prefix
        names = split_list(row.get(f"{prefix}_nom"), LIST_SEPARATOR)
        columns = {
            suffix: split_list(as_text(row.get(f"{prefix}_{suffix}")), LIST_SEPARATOR)
            for suffix in ("siret", "type", "famille", "statut", "esus", "role", "commune")
        }
        for suffix, items in columns.items():
            if len(items) > len(names):
                error(
                    f"{prefix}_{suffix}",
                    _(
                        "%(count)s valeurs pour %(names)s nom(s) dans « %(prefix)s_nom » : "
                        "donnez-les dans le même ordre que les noms, séparées par « | »."
                    )
                    % {"count": len(items), "names": len(names), "prefix": prefix},
                )
        specs = []
        for position, name in enumerate(names):

            def item(suffix, position=position):
                items = columns[suffix]
                return items[position] if position < len(items) else ""

            if not name:
                error(f"{prefix}_nom", _("Un nom est vide entre deux « | » : complétez-le."))
                continue
            type_column = "famille" if kind.model is ESSStructure else "type"
            spec = ActorSpec(
                kind=kind,
                name=name,
                siret=item("siret").replace(" ", ""),
                actor_type=item(type_column),
                role=item("role"),
                commune=item("commune"),
            )
            self._check_actor(spec, item("statut"), type_column, error)
            if kind.model is ESSStructure:
                self._check_esus(spec, item("esus"), error)
            specs.append(spec)
        return specs

    def _check_actor(self, spec, status, type_column, error):
        kind = spec.kind
        prefix = kind.prefix
        for field_name, value, column in (
            ("name", spec.name, f"{prefix}_nom"),
            ("siret", spec.siret, f"{prefix}_siret"),
            ("commune", spec.commune, f"{prefix}_commune"),
        ):
            if not value:
                continue
            try:
                kind.model._meta.get_field(field_name).clean(value, None)
            except ValidationError as exc:
                error(column, f"{spec.name} : {' '.join(exc.messages)}")
                if field_name == "siret":
                    spec.siret = ""
        if spec.role:
            role = self._choices[f"{prefix}_role"].get(normalize_header(spec.role))
            if role is None:
                error(f"{prefix}_role", self._choice_message(spec.role, kind.roles))
            spec.role = role or ""
        if spec.actor_type:
            actor_type = self._choices[kind.type_field].get(normalize_header(spec.actor_type))
            if actor_type is None:
                error(f"{prefix}_{type_column}", self._choice_message(spec.actor_type, kind.types))
            spec.actor_type = actor_type or ""
        spec.status = ""
        if status:
            if kind.model is not ESSStructure:
                error(f"{prefix}_statut", _("Seules les structures de l'ESS ont un statut."))
            else:
                spec.status = self._choices["inclusion_status"].get(normalize_header(status))
                if spec.status is None:
                    error(f"{prefix}_statut", self._choice_message(status, InclusionStatus))
        spec.existing = self._find_actor(spec)
        if spec.existing is None and not spec.actor_type:
            # A new actor whose type the sources do not give (every kind has « non renseigné »:
            # tests/fiches/models/test_unknowns.py).
            spec.actor_type = NOT_STATED

    def _check_esus(self, spec, esus, error):
        """``titulaire_esus`` (the only ``_esus`` column): oui, non or « non renseigné » (also an
        empty cell) for a new ESS structure; an actor already in the directory keeps its own."""
        spec.esus = ESUSStatus.NOT_STATED
        if not esus:
            return
        found = self._choices["esus"].get(normalize_header(esus))
        if found is None:
            error(f"{spec.kind.prefix}_esus", self._choice_message(esus, ESUSStatus))
        spec.esus = found or ESUSStatus.NOT_STATED

    def _find_actor(self, spec):
        """The existing actor with this SIRET, else with exactly this name and commune."""
        if spec.key not in self._actors:
            objects = spec.kind.model.objects.filter(locale=self.locale)
            if spec.siret:
                found = objects.filter(siret=spec.siret).order_by("pk").first()
                if found is None:
                    found = (
                        objects.filter(name=spec.name, commune=spec.commune, siret="")
                        .order_by("pk")
                        .first()
                    )
            else:
                found = objects.filter(name=spec.name, commune=spec.commune).order_by("pk").first()
            self._actors[spec.key] = found
        return self._actors[spec.key]
