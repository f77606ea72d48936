"""Factories and helpers of the reference data and the taxonomy: the default locale, themes,
regions and CPV codes (the migrations install the official lists)."""

import factory
from django.utils.text import slugify
from wagtail.models import Locale

from fiches.models import CPVCode, Region, Theme


def default_locale():
    return Locale.get_default()


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("slug", "locale")

    name = factory.Sequence(lambda n: f"Thématique {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    locale = factory.LazyFunction(default_locale)


class RegionRef(factory.LazyFunction):
    """A region from the reference data installed by the migrations."""

    def __init__(self, code="53"):
        super().__init__(lambda: Region.objects.get(code=code))


def cpv(code):
    """The CPV code with this full code. The migrations install the whole official list; the
    code is created only when the table lacks it (a code made up by a test, or a table emptied
    by a transactional test)."""
    label_fr, label_en = KNOWN_CPV.get(code, (f"Code {code}", f"Code {code}"))
    found, _ = CPVCode.objects.get_or_create(
        code=code,
        defaults={
            "digits": code[:8],
            "division": code[:2],
            "level": CPVCode.level_of(code[:8]),
            "label_fr": label_fr,
            "label_en": label_en,
        },
    )
    return found


# A few official CPV 2008 codes used by the demo and the tests, with their labels for a table
# that lacks them.
KNOWN_CPV = {
    "77310000-6": (
        "Réalisation et entretien d'espaces verts",
        "Planting and maintenance services of green areas",
    ),
    "55524000-9": ("Service traiteur pour écoles", "School catering services"),
    "55321000-6": ("Services de préparation de repas", "Meal-preparation services"),
    "15331100-8": ("Légumes frais ou congelés", "Fresh or frozen vegetables"),
    "90910000-9": ("Services de nettoyage", "Cleaning services"),
    "90911200-8": ("Services de nettoyage de bâtiments", "Building-cleaning services"),
    "18110000-3": ("Vêtements professionnels", "Occupational clothing"),
    "90511000-2": ("Services de collecte des ordures", "Refuse collection services"),
    "45453000-7": (
        "Travaux de remise en état et de remise à neuf",
        "Overhaul and refurbishment work",
    ),
    "30200000-1": ("Matériel et fournitures informatiques", "Computer equipment and supplies"),
    "79822500-7": ("Services de conception graphique", "Graphic design services"),
    "60130000-8": (
        "Services spécialisés de transport routier de passagers",
        "Special-purpose road passenger-transport services",
    ),
    "98341130-5": ("Services de conciergerie", "Janitorial services"),
    "77211300-5": ("Services de défrichement", "Tree-clearing services"),
    "85312000-9": (
        "Services sociaux sans hébergement",
        "Social work services without accommodation",
    ),
}
