"""Business rules of a fiche's technical card, shared by the model, the edit form and the importer.

Each function takes plain values and returns ``{field_name: message}`` for what is wrong, so every
caller can attach the French message to its own field (a form field, a spreadsheet column…).
"""

from decimal import Decimal

from django.utils.translation import gettext as _

from fiches.choices import AmountKind


def check_amounts(*, kind, amount, amount_min, amount_max):
    """An exact or estimated amount needs ``amount``; a framework range needs min and/or max,
    with min ≤ max. Amounts are never negative."""
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
                "Le maximum (%(max)s €) est inférieur au minimum (%(min)s €) : "
                "inversez-les ou corrigez l'un des deux."
            ) % {"max": amount_max, "min": amount_min}
        if amount is not None:
            errors["amount"] = _(
                "Pour un accord-cadre à minimum et maximum, laissez le montant unique vide."
            )
    elif amount is not None or amount_min is not None or amount_max is not None:
        errors["amount_kind"] = _(
            "Précisez si le montant est exact, estimé, ou un minimum et maximum."
        )
    return errors


def check_reserved(*, reserved, reserved_article):
    """The reserved-contract article goes with the « marché réservé » lever, and only with it."""
    if reserved and not reserved_article:
        return {
            "reserved_article": _(
                "Vous avez coché « marché réservé » : choisissez l'article "
                "du Code de la commande publique qui le fonde."
            )
        }
    if reserved_article and not reserved:
        return {
            "reserved_article": _(
                "Un article de marché réservé est choisi mais le levier "
                "« marché réservé » n'est pas coché : cochez-le ou videz "
                "l'article."
            )
        }
    return {}


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
