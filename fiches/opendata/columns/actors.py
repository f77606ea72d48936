"""The stakeholder columns: for each kind of actor, its name, SIRET, classification, role and
commune, several actors of a fiche separated by « | » in the same order in every column."""

from django.utils.translation import gettext_lazy as _

from fiches.choices import (
    BuyerRole,
    BuyerType,
    ESSFamily,
    ESUSStatus,
    InclusionStatus,
    OperatorRole,
    OperatorType,
    SupplierRole,
)
from fiches.opendata.columns.base import Column, joined, unknown_cell

#: The value lists of the classification columns, by the actor's field.
CLASSIFICATIONS = {
    "buyer_type": BuyerType,
    "family": ESSFamily,
    "inclusion_status": InclusionStatus,
    "esus": ESUSStatus,
    "operator_type": OperatorType,
}
ROLES = {"acheteur": BuyerRole, "titulaire": SupplierRole, "operateur": OperatorRole}


def actor_column(prefix, suffix, relation, attribute, help, *, on_link=False, **kwargs):
    """The column ``<prefix>_<suffix>``: ``attribute`` of each actor of the kind (of its link to
    the fiche when ``on_link``), « | » between actors."""
    unknown = unknown_cell(kwargs.get("empty_is_unknown", True))

    def export(row):
        return joined(
            (getattr(link if on_link else link.actor, attribute) for link in row.links(prefix)),
            unknown,
        )

    return Column(
        f"{prefix}_{suffix}",
        help,
        f"{relation}.{attribute}" if on_link else f"{relation}.actor.{attribute}",
        "actor",
        choices=ROLES[prefix] if on_link else CLASSIFICATIONS.get(attribute),
        export=export,
        **kwargs,
    )


def actor_columns(prefix, relation, type_field, type_column, helps):
    """The columns of one stakeholder kind; several actors are separated by « | »."""
    who, siret_help, type_help, role_help, commune_help = helps
    columns = [
        actor_column(prefix, "nom", relation, "name", who),
        actor_column(prefix, "siret", relation, "siret", siret_help),
        # An empty type imports as « non renseigné » for a new actor.
        actor_column(prefix, type_column, relation, type_field, type_help),
    ]
    if prefix == "titulaire":
        columns.append(
            # An empty status is « no status »: « non renseigné » is written as its code.
            actor_column(
                prefix,
                "statut",
                relation,
                "inclusion_status",
                _(
                    "aci, ei, etti, ai, eiti, geiq, ea, eatt ou esat ; vide si la structure "
                    "n'en a pas, non_renseigne si les sources ne le disent pas."
                ),
                empty_is_unknown=False,
            )
        )
    columns += [
        actor_column(prefix, "role", relation, "role", role_help, on_link=True),
        actor_column(prefix, "commune", relation, "commune", commune_help),
    ]
    return columns


def esus_column():
    """``titulaire_esus``: the ESUS approval of each ESS structure (oui, non, or empty for
    « non renseigné »), added at the end of the importable columns (the layout only grows)."""
    return actor_column(
        "titulaire",
        "esus",
        "supplier_links",
        "esus",
        _(
            "Agrément ESUS de chaque structure de l'ESS, dans l'ordre des noms : oui, non, "
            "ou vide / « non renseigné » si les sources ne le disent pas (« | »)."
        ),
        example="non | oui",
    )
