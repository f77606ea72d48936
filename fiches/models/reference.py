"""Reference data installed by migrations or imported: regions, departments, CPV codes."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

CPV_INPUT_RE = re.compile(r"^\s*(\d{8})(?:\s*-\s*(\d))?\s*$")


class Region(models.Model):
    """One of the 18 regions, with its INSEE COG code."""

    code = models.CharField(_("code INSEE"), max_length=2, primary_key=True)
    name = models.CharField(_("nom"), max_length=80)
    name_en = models.CharField(_("nom en anglais"), max_length=80, blank=True)
    slug = models.SlugField(_("identifiant d'URL"), max_length=80, unique=True)

    class Meta:
        verbose_name = _("région")
        verbose_name_plural = _("régions")
        ordering = ["name"]

    def __str__(self):
        return self.label

    @property
    def label(self):
        """The name in the active language (English names where they exist)."""
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name


class Department(models.Model):
    """One of the 101 departments, with its INSEE COG code and its region."""

    code = models.CharField(_("code INSEE"), max_length=3, primary_key=True)
    name = models.CharField(_("nom"), max_length=80)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="departments", verbose_name=_("région")
    )

    class Meta:
        verbose_name = _("département")
        verbose_name_plural = _("départements")
        ordering = ["code"]

    def __str__(self):
        return f"{self.name} ({self.code})"


class CPVCodeQuerySet(models.QuerySet):
    def divisions(self):
        return self.filter(level=1)


class CPVCode(models.Model):
    """A code of the Common Procurement Vocabulary (2008), e.g. ``77310000-6``.

    The check digit cannot be computed reliably, so a code is valid only if it is in this table.
    """

    code = models.CharField(_("code"), max_length=10, primary_key=True)
    digits = models.CharField(_("code sans chiffre de contrôle"), max_length=8, unique=True)
    division = models.CharField(_("division"), max_length=2, db_index=True)
    level = models.PositiveSmallIntegerField(_("niveau"), default=1)
    label_fr = models.CharField(_("libellé"), max_length=300)
    label_en = models.CharField(_("libellé en anglais"), max_length=300, blank=True)

    objects = CPVCodeQuerySet.as_manager()

    class Meta:
        verbose_name = _("code CPV")
        verbose_name_plural = _("codes CPV")
        ordering = ["code"]

    panels = ["code", "label_fr", "label_en"]

    def __str__(self):
        return f"{self.code} — {self.label}"

    def delete(self, *args, **kwargs):
        # Django empties the primary key of a deleted row; the admin's « supprimé » message
        # names the code after the deletion (it said « None — … »).
        code = self.code
        result = super().delete(*args, **kwargs)
        self.code = code
        return result

    def clean(self):
        """A code added or edited in the admin: shaped ``NNNNNNNN-C``, with the check digit of
        the official list when the list has its 8 digits, and not the digits of another code.
        Its digits, division and level follow from the code (the form does not ask them, so
        they cannot contradict it)."""
        from fiches import reference_data

        super().clean()
        self.code = (self.code or "").strip()
        parts = self.split(self.code)
        if parts is None or parts[1] is None:
            raise ValidationError(
                {
                    "code": _(
                        "« %(value)s » n'est pas un code CPV complet : écrivez 8 chiffres, "
                        "un tiret et le chiffre de contrôle (par exemple 77310000-6)."
                    )
                    % {"value": self.code}
                }
            )
        digits = parts[0]
        official = reference_data.official_cpv_codes().get(digits)
        if official is not None and official != self.code:
            raise ValidationError(
                {
                    "code": _(
                        "Le chiffre de contrôle de %(value)s est faux : le code officiel est "
                        "%(code)s."
                    )
                    % {"value": self.code, "code": official}
                }
            )
        other = type(self).objects.filter(digits=digits).exclude(code=self.code).first()
        if other is not None:
            raise ValidationError(
                {
                    "code": _(
                        "Les chiffres %(digits)s sont déjà ceux du code %(other)s : un code "
                        "CPV n'a qu'un chiffre de contrôle."
                    )
                    % {"digits": digits, "other": other.code}
                }
            )
        self.digits = digits
        self.division = digits[:2]
        self.level = self.level_of(digits)

    @property
    def label(self):
        if get_language() == "en" and self.label_en:
            return self.label_en
        return self.label_fr

    @property
    def nature(self):
        """Works, supplies or services, as the CPV division says (45 works, 03–48 supplies)."""
        from fiches.choices import Nature

        division = int(self.division)
        if division == 45:
            return Nature.WORKS
        if division <= 48:
            return Nature.SUPPLIES
        return Nature.SERVICES

    @staticmethod
    def split(code):
        """``("77310000", "6")`` from ``"77310000-6"``, ``("77310000", None)`` from
        ``"77310000"``; ``None`` when the input is not shaped like a CPV code."""
        match = CPV_INPUT_RE.match(code or "")
        return match.groups() if match else None

    @staticmethod
    def level_of(digits):
        """Hierarchy level from the trailing zeros: 1 for a division (NN000000) to 7."""
        significant = digits.rstrip("0")
        return max(1, len(significant) - 1) if len(significant) > 2 else 1

    @classmethod
    def normalize(cls, value):
        """The ``CPVCode`` a user typed, with or without its check digit.

        Raises a ``ValidationError`` in French that says what to fix.
        """
        parts = cls.split(value)
        if parts is None:
            raise ValidationError(
                _(
                    "« %(value)s » n'est pas un code CPV : écrivez 8 chiffres, "
                    "éventuellement suivis d'un tiret et du chiffre de contrôle "
                    "(par exemple 77310000-6)."
                ),
                code="cpv_format",
                params={"value": value},
            )
        digits, check = parts
        found = cls.objects.filter(digits=digits).first()
        if found is None:
            raise ValidationError(
                _(
                    "Le code CPV %(value)s n'existe pas dans la nomenclature CPV 2008 "
                    "officielle. Vérifiez ses 8 chiffres, ou cherchez le bon code par un mot de "
                    "son libellé dans la liste des codes CPV."
                ),
                code="cpv_unknown",
                params={"value": value.strip()},
            )
        if check is not None and found.code != f"{digits}-{check}":
            raise ValidationError(
                _("Le chiffre de contrôle de %(value)s est faux : le code officiel est %(code)s."),
                code="cpv_check_digit",
                params={"value": value.strip(), "code": found.code},
            )
        return found
