"""Writes of the reference data: the CPV list (the spreadsheet import is in
``fiches.opendata.services``, the demo seed in ``home.demo``)."""

from django.db import transaction

from fiches.models import CPVCode


def import_cpv(*, rows, log=lambda message: None):
    """Loads or updates CPV codes from ``(code, label_fr, label_en)`` rows (the official CSV).

    Re-running it is harmless: existing codes are updated in place, so fiches keep theirs. A
    row whose digits belong to another code of the database (a wrong check digit typed in the
    admin, or digits that do not match their code) is reported through ``log`` and skipped.
    Returns ``(created, updated)``.
    """
    existing = {code.code: code for code in CPVCode.objects.all()}
    by_digits = {code.digits: code.code for code in existing.values()}
    to_create, to_update, conflicts = [], [], []
    for line, (code, label_fr, label_en) in enumerate(rows, start=2):
        parts = CPVCode.split(code)
        if parts is None or parts[1] is None:
            raise ValueError(
                f"Ligne {line} : « {code} » n'est pas un code CPV complet "
                "(8 chiffres, un tiret, le chiffre de contrôle)."
            )
        digits = parts[0]
        values = {
            "digits": digits,
            "division": digits[:2],
            "level": CPVCode.level_of(digits),
            "label_fr": label_fr.strip(),
            "label_en": label_en.strip(),
        }
        current = existing.get(code)
        holder = by_digits.get(digits)
        if holder is not None and holder != code:
            # A code of the database already has these digits with another check digit (or
            # digits that are not its own): reported, never overwritten.
            conflicts.append(
                f"Ligne {line} : {code} non importé, ses chiffres {digits} sont déjà ceux du "
                f"code {holder} de la base. Corrigez ou supprimez {holder} dans l'admin "
                "(Codes CPV), puis relancez l'import."
            )
            continue
        if current is not None and current.digits != digits:
            by_digits.pop(current.digits, None)
        by_digits[digits] = code
        if current is None:
            to_create.append(CPVCode(code=code, **values))
        elif any(getattr(current, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(current, field, value)
            to_update.append(current)
    with transaction.atomic():
        CPVCode.objects.bulk_create(to_create, batch_size=1000)
        CPVCode.objects.bulk_update(
            to_update, ["digits", "division", "level", "label_fr", "label_en"], batch_size=1000
        )
    for conflict in conflicts:
        log(conflict)
    summary = f"{len(to_create)} code(s) CPV créé(s), {len(to_update)} mis à jour."
    if conflicts:
        summary += f" {len(conflicts)} conflit(s), non importé(s) : voir ci-dessus."
    log(summary)
    return len(to_create), len(to_update)
