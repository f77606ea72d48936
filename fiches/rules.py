"""Business rules of a fiche's technical card, shared by the model, the edit form and the importer.

Each function takes plain values and returns ``{field_name: message}`` for what is wrong, so every
caller can attach the French message to its own field (a form field, a spreadsheet column…).
"""

from decimal import Decimal

from django.utils.translation import gettext as _

from fiches.choices import (
    GROUPEMENT_ROLES,
    AmountKind,
    AmountPeriod,
    FigureKind,
    Groupement,
    SupplierRole,
)
from fiches.numbers import format_euros, format_number


def check_amounts(*, kind, amount, amount_min, amount_max, period="", years=None):
    """An exact or estimated amount needs ``amount``; a framework range needs min and/or max,
    with min ≤ max; each says whether it is the total or a yearly amount (``period``), and only a
    yearly amount may say over how many ``years``. « Non renseigné » holds no amount at all.
    Amounts are never negative."""
    errors = {}
    for field, value in (
        ("amount", amount),
        ("amount_min", amount_min),
        ("amount_max", amount_max),
    ):
        if value is not None and value < 0:
            errors[field] = _(
                "Un montant ne peut pas être négatif : saisissez un nombre positif, "
                "hors taxes, en euros."
            )
    if errors:
        return errors
    if kind == AmountKind.UNKNOWN:
        if amount is not None or amount_min is not None or amount_max is not None:
            errors["amount_kind"] = _(
                "Vous avez choisi « Non renseigné » : videz les montants, ou choisissez "
                "le type du montant que vous avez saisi."
            )
        elif period or years is not None:
            errors["amount_period"] = _(
                "Un montant non renseigné n'a ni période ni nombre d'années : videz-les."
            )
        return errors
    if kind in (AmountKind.EXACT, AmountKind.ESTIMATED):
        if amount is None:
            errors["amount"] = _("Indiquez le montant hors taxes, ou videz le type de montant.")
        if amount_min is not None or amount_max is not None:
            errors["amount_min"] = _(
                "Le minimum et le maximum ne servent que pour un montant de "
                "type « minimum et maximum » : videz-les ou changez de type."
            )
    elif kind == AmountKind.RANGE:
        if amount_min is None and amount_max is None:
            errors["amount_max"] = _(
                "Indiquez au moins le minimum ou le maximum de l'accord-cadre."
            )
        elif amount_min is not None and amount_max is not None and amount_min > amount_max:
            errors["amount_max"] = _(
                "Le maximum (%(max)s) est inférieur au minimum (%(min)s) : "
                "inversez-les ou corrigez l'un des deux."
            ) % {"max": format_euros(amount_max), "min": format_euros(amount_min)}
        if amount is not None:
            errors["amount"] = _(
                "Pour un accord-cadre à minimum et maximum, laissez le montant unique vide."
            )
    elif amount is not None or amount_min is not None or amount_max is not None:
        errors["amount_kind"] = _(
            "Précisez si le montant est exact, estimé, ou un minimum et maximum."
        )
        return errors
    elif period or years is not None:
        errors["amount_kind"] = _(
            "Vous avez indiqué une période sans montant : choisissez le type de montant "
            "(ou « Non renseigné ») ou videz la période."
        )
        return errors
    if kind and not period:
        errors["amount_period"] = _(
            "Précisez si le montant est le total du marché ou un montant par an."
        )
    elif years is not None and period != AmountPeriod.PER_YEAR:
        errors["amount_years"] = _(
            "Le nombre d'années ne sert que pour un montant par an : videz-le, ou choisissez "
            "« Montant par an »."
        )
    return errors


def check_figure(*, kind, value, value_min, value_max):
    """A figure (impact indicator, key figure): an exact value, a bound (« plus de »,
    « moins de », « environ ») with its value, or a range with both ends, min ≤ max."""
    errors = {}
    if kind == FigureKind.RANGE:
        if value is not None:
            errors["value"] = _(
                "Pour une fourchette, laissez la valeur unique vide : saisissez le minimum "
                "et le maximum."
            )
        if value_min is None:
            errors["value_min"] = _("Une fourchette a deux bornes : indiquez le minimum.")
        if value_max is None:
            errors["value_max"] = _("Une fourchette a deux bornes : indiquez le maximum.")
        if value_min is not None and value_max is not None and value_min > value_max:
            errors["value_max"] = _(
                "Le maximum (%(max)s) est inférieur au minimum (%(min)s) : inversez-les ou "
                "corrigez l'un des deux."
            ) % {"max": format_number(value_max), "min": format_number(value_min)}
        return errors
    if value is None:
        if kind in (FigureKind.MORE_THAN, FigureKind.LESS_THAN, FigureKind.ABOUT):
            errors["value"] = _(
                "« %(kind)s » demande une valeur : indiquez le nombre, par exemple 400."
            ) % {"kind": FigureKind(kind).label}
        else:
            errors["value"] = _("Indiquez la valeur, en chiffres.")
    if value_min is not None or value_max is not None:
        errors["value_min"] = _(
            "Le minimum et le maximum ne servent que pour une fourchette : videz-les, ou "
            "choisissez « Fourchette »."
        )
    return errors


def check_reserved(*, reserved, articles):
    """The reserved-contract articles (codes, in order) go with the « marché réservé » lever,
    and only with it; each article is given once."""
    if reserved and not articles:
        return {
            "reserved_articles": _(
                "Vous avez coché « marché réservé » : ajoutez le ou les articles "
                "du Code de la commande publique qui le fondent."
            )
        }
    if articles and not reserved:
        return {
            "reserved_articles": _(
                "Un article de marché réservé est donné mais le levier "
                "« marché réservé » n'est pas coché : cochez-le ou retirez "
                "l'article."
            )
        }
    repeated = sorted({article for article in articles if articles.count(article) > 1})
    if repeated:
        return {
            "reserved_articles": _(
                "L'article %(article)s est donné deux fois : gardez-le une seule fois "
                "(et indiquez tous ses lots dans la même ligne)."
            )
            % {"article": ", ".join(repeated)}
        }
    return {}


def check_groupement(*, groupement, lead_unknown, roles, unnamed_counts):
    """A groupement has a mandataire, or says it is unknown; its members' roles fit its form;
    only a groupement has members (named by their role, or counted by kind, each count ≥ 1).

    ``roles`` are the roles of the fiche's ESS suppliers, ``unnamed_counts`` the counts of its
    unnamed members (``None`` for a count left empty)."""
    errors = {}
    if any(count is None or count < 1 for count in unnamed_counts):
        errors["unnamed_members"] = _(
            "Chaque type de membre non nommé compte au moins une structure : indiquez leur "
            "nombre, ou retirez la ligne."
        )
    members = [role for role in roles if role in GROUPEMENT_ROLES]
    is_groupement = groupement in (Groupement.JOINT, Groupement.SEVERAL, Groupement.UNKNOWN_FORM)
    if not groupement:
        # Not said: the suppliers' roles may still tell a groupement (as before the field),
        # but what only a groupement has needs its form.
        if unnamed_counts or lead_unknown:
            errors["groupement"] = _(
                "Des membres non nommés ou un mandataire non renseigné sont indiqués : "
                "choisissez la forme du groupement (ou « forme non renseignée »)."
            )
        return errors
    if not is_groupement:
        if members or unnamed_counts or lead_unknown:
            errors["groupement"] = _(
                "« Pas de groupement » est choisi, mais des structures ont un rôle de "
                "groupement ou des membres non nommés sont indiqués : corrigez l'un ou "
                "l'autre."
            )
        return errors
    leads = members.count(SupplierRole.LEAD)
    if leads > 1:
        errors["groupement"] = _(
            "Un groupement a un seul mandataire : %(count)s structures ont ce rôle."
        ) % {"count": leads}
    elif leads and lead_unknown:
        errors["groupement_lead_unknown"] = _(
            "Un mandataire est nommé dans les parties prenantes : décochez « mandataire non "
            "renseigné »."
        )
    elif not leads and not lead_unknown:
        errors["groupement_lead_unknown"] = _(
            "Un groupement est mené par un mandataire : donnez le rôle « mandataire » à l'une "
            "des structures de l'ESS, ou cochez « mandataire non renseigné »."
        )
    wrong, form = {
        Groupement.JOINT: (SupplierRole.SEVERAL_MEMBER, _("conjoint")),
        Groupement.SEVERAL: (SupplierRole.JOINT_MEMBER, _("solidaire")),
    }.get(groupement, (None, ""))
    if wrong and wrong in members:
        errors["groupement"] = _(
            "Le groupement est %(form)s mais une structure a le rôle « %(role)s » : "
            "accordez les rôles à la forme du groupement."
        ) % {"form": form, "role": SupplierRole(wrong).label}
    return errors


def check_criteria_weights(weights):
    """Weights, when given, are between 0 and 100 and sum to 100 (all given or none)."""
    given = [weight for weight in weights if weight is not None]
    if not given:
        return {}
    if len(given) != len(weights):
        return {"award_criteria": _("Donnez une pondération à chaque critère, ou à aucun.")}
    total = sum(given, Decimal(0))
    if total != 100:
        return {
            "award_criteria": _(
                "Les pondérations des critères font %(total)s %% au total : "
                "elles doivent faire 100 %%. Corrigez-les."
            )
            % {"total": f"{total.normalize():f}"}
        }
    return {}


def check_departments(*, region, departments):
    """Every department of execution belongs to the region of execution."""
    if region is None:
        return {}
    outside = [str(dep) for dep in departments if dep.region_id != region.pk]
    if outside:
        return {
            "departments": _(
                "Ces départements ne sont pas dans la région %(region)s : "
                "%(departments)s. Retirez-les ou changez la région."
            )
            % {"region": region.name, "departments": ", ".join(outside)}
        }
    return {}


def check_lots(*, lots_count, lot_concerned):
    if lot_concerned and not lots_count:
        return {
            "lots_count": _(
                "Vous avez indiqué le lot concerné : précisez aussi le nombre de lots du marché."
            )
        }
    return {}


def check_criteria_status(*, status, criteria_count):
    """« Non renseignés » or « Sans objet » says why no criterion is listed: not both."""
    if status and criteria_count:
        return {
            "award_criteria_status": _(
                "Vous avez listé des critères d'attribution : videz « critères non listés » "
                "ou retirez les critères."
            )
        }
    return {}


def check_execution_period(*, start, end):
    """The execution ends after it starts (partial dates compared at their common precision)."""
    if start and end:
        common = min(len(start), len(end))
        if end[:common] < start[:common]:
            return {
                "execution_end": _(
                    "La fin d'exécution (%(end)s) est avant son début (%(start)s) : "
                    "corrigez l'une des deux dates."
                )
                % {"end": end, "start": start}
            }
    return {}
