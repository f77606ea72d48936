"""Fills the benchmark database with N published fiches, their actors, themes and images.

Every object is built by the project's factories (``fiches.factories``), so a bench fiche holds
what a real one holds; only the writing differs. Adding pages one by one through ``add_child``
and ``save_revision().publish()`` costs a tree lock, a revision, a publish log entry and an index
update per page (about 1 s per page on a busy 2-core machine), so the pages are written in
batches instead, as ``loaddata`` writes them: the ``wagtailcore_page`` rows with
``bulk_create`` (treebeard paths computed here), each ``FichePage`` row with a raw save, then the
child rows, the revisions, the search index and the reference index in bulk. The result is what
the site would contain after publishing each fiche: live pages with their path, depth, url_path,
locale and publication dates, a published revision each, the parent's ``numchild``, the search
index and Wagtail's reference index up to date (the API lists the images and documents of public
pages through it).
"""

import random
import re
import sys
import time
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from tqdm import tqdm
from wagtail.images import get_image_model
from wagtail.images.models import Filter
from wagtail.models import Locale, Page, ReferenceIndex
from wagtail.search.backends import get_search_backend

from bench.bulk import reference_rows, write_fiches
from fiches import choices, factories
from fiches.discovery import related
from fiches.models import (
    Buyer,
    Department,
    ESSStructure,
    FicheIndexPage,
    FichePage,
    RelatedFiche,
)

#: Contract subjects: (title, main CPV code, nature, theme slug). Fiches cycle through them, so
#: one fiche in six is about green spaces (what the bench's search looks for).
SUBJECTS = [
    ("Entretien des espaces verts", "77310000-6", choices.Nature.SERVICES, "espaces-verts"),
    ("Restauration scolaire", "55524000-9", choices.Nature.SERVICES, "alimentation"),
    ("Légumes frais pour les cantines", "15331100-8", choices.Nature.SUPPLIES, "alimentation"),
    ("Nettoyage des bâtiments", "90911200-8", choices.Nature.SERVICES, "proprete"),
    ("Vêtements de travail", "18110000-3", choices.Nature.SUPPLIES, "textile"),
    ("Débroussaillage et espaces verts", "77211300-5", choices.Nature.SERVICES, "espaces-verts"),
    ("Collecte des encombrants", "90511000-2", choices.Nature.SERVICES, "reemploi"),
    ("Rénovation de logements sociaux", "45453000-7", choices.Nature.WORKS, "btp"),
    ("Reconditionnement d'ordinateurs", "30200000-1", choices.Nature.SUPPLIES, "numerique"),
    (
        "Transport de personnes à mobilité réduite",
        "60130000-8",
        choices.Nature.SERVICES,
        "mobilite",
    ),
    ("Conciergerie solidaire", "98341130-5", choices.Nature.SERVICES, "services-a-la-personne"),
    ("Accompagnement social des locataires", "85312000-9", choices.Nature.SERVICES, "services"),
]

THEMES = {
    "alimentation": "Alimentation",
    "btp": "BTP",
    "espaces-verts": "Espaces verts",
    "mobilite": "Mobilité",
    "numerique": "Numérique",
    "proprete": "Propreté",
    "reemploi": "Réemploi",
    "services": "Services aux collectivités",
    "services-a-la-personne": "Services à la personne",
    "textile": "Textile",
}

COMMUNES = ["Rennes", "Lyon", "Lille", "Nantes", "Marseille", "Toulouse", "Dijon", "Tours"]


@dataclass
class SeedSummary:
    """What was created, and how long it took."""

    fiches: int
    buyers: int
    structures: int
    operators: int
    themes: int
    images: int
    seconds: float

    def as_dict(self):
        return asdict(self)


def actor_counts(fiches):
    """Actors in proportion to the fiches: a third as many buyers and ESS structures, a
    twentieth as many operators (each actor appears in several fiches)."""
    return {
        "buyers": max(1, fiches // 3),
        "structures": max(1, fiches // 3),
        "operators": max(1, fiches // 20),
    }


def _progress(total, description, enabled):
    return tqdm(total=total, desc=description, unit="", file=sys.stderr, disable=not enabled)


def _images(count, progress):
    with _progress(count, "Images", progress) as bar:
        images = []
        for number in range(count):
            images.append(factories.ImageFactory(title=f"Photo de chantier {number + 1}"))
            bar.update()
    return images


def _themes(locale):
    return [
        factories.ThemeFactory(name=name, slug=slug, locale=locale) for slug, name in THEMES.items()
    ]


def _actors(factory, count, *, kinds, departments, logos, locale, rng, progress, label):
    """``count`` actors of one kind, built by ``factory`` and written in bulk."""
    model = factory._meta.model
    field, values = kinds
    # Numbered after the existing ones: slugs stay unique if the database already has actors.
    first = model.objects.count() + 1
    name = factory.build().name.rsplit("n°", 1)[0]
    with _progress(count, label, progress) as bar:
        actors = []
        for number in range(count):
            department = departments[rng.randrange(len(departments))]
            actor = factory.build(
                name=f"{name}n°{first + number}",
                department=department,
                region=department.region,
                commune=COMMUNES[number % len(COMMUNES)],
                logo=logos[number % len(logos)] if logos and number % 2 == 0 else None,
                locale=locale,
                **{field: values[number % len(values)]},
            )
            if model is ESSStructure:
                actor.inclusion_status = [*choices.InclusionStatus.values, ""][number % 10]
            actors.append(actor)
        created = []
        for start in range(0, count, 1000):
            batch = model.objects.bulk_create(actors[start : start + 1000])
            created.extend(batch)
            bar.update(len(batch))
    get_search_backend().add_bulk(model, created)
    if ReferenceIndex.is_indexed(model):
        ReferenceIndex.objects.bulk_create(
            [row for actor in created for row in reference_rows(actor)], ignore_conflicts=True
        )
    return created


def _fiche(number, *, pools, rng):
    """An unsaved fiche built by the project's factory, its relations chosen from the pools."""
    title, code, nature, theme_slug = SUBJECTS[number % len(SUBJECTS)]
    department = pools["departments"][rng.randrange(len(pools["departments"]))]
    image = pools["images"][number % len(pools["images"])]
    commune = COMMUNES[number % len(COMMUNES)]
    reserved = number % 3 == 0
    full_title = f"{title} à {commune} n°{number + 1}"
    return factories.FichePageFactory.build(
        title=full_title,
        slug=f"{slugify(title)}-{number + 1}",
        chapo=f"{title} : un marché confié à une structure de l'ESS à {commune}.",
        nature=nature,
        procedure=choices.Procedure.values[number % len(choices.Procedure.values)],
        reserved=reserved,
        reserved_articles=[choices.ReservedArticle.INSERTION] if reserved else [],
        social_clause=number % 2 == 0,
        social_criterion=number % 4 == 1,
        environmental_clause=number % 5 == 0,
        main_cpv=pools["cpv"][code],
        region=department.region,
        departments=[department],
        commune=commune,
        notification_date=date(2018, 1, 1) + timedelta(days=number % 2500),
        hero_image=image,
        author=pools["operators"][number % len(pools["operators"])],
        is_featured=number % 50 == 0,
        body=factories.fiche_body(image=image),
        buyers=[pools["buyers"][rng.randrange(len(pools["buyers"]))]],
        suppliers=[pools["structures"][rng.randrange(len(pools["structures"]))]],
        operators=[pools["operators"][rng.randrange(len(pools["operators"]))]],
        themes=[pools["themes"][theme_slug], pools["themes"]["services"]]
        if theme_slug != "services"
        else [pools["themes"]["services"]],
    )


def seed(*, fiches, images=50, batch_size=500, progress=True, random_seed=7):
    """Creates ``fiches`` published fiches below the catalogue (created if missing) with their
    actors, themes and a pool of ``images`` generated pictures, and returns a summary."""
    started = time.perf_counter()
    rng = random.Random(random_seed)
    locale = Locale.get_default()
    home = Page.objects.get(depth=2, locale=locale)
    index = FicheIndexPage.objects.child_of(home).first()
    if index is None:
        index = factories.FicheIndexPageFactory(parent=home)

    image_pool = _images(images, progress)
    departments = list(Department.objects.select_related("region"))
    counts = actor_counts(fiches)
    common = {"departments": departments, "logos": image_pool, "locale": locale, "rng": rng}
    with transaction.atomic():
        pools = {
            "images": image_pool,
            "departments": departments,
            "themes": {theme.slug: theme for theme in _themes(locale)},
            "cpv": {code: factories.cpv(code) for _, code, _, _ in SUBJECTS},
            "buyers": _actors(
                factories.BuyerFactory,
                counts["buyers"],
                kinds=("buyer_type", choices.BuyerType.values),
                progress=progress,
                label="Acheteurs",
                **common,
            ),
            "structures": _actors(
                factories.ESSStructureFactory,
                counts["structures"],
                kinds=("family", choices.ESSFamily.values),
                progress=progress,
                label="Structures de l'ESS",
                **common,
            ),
            "operators": _actors(
                factories.OperatorFactory,
                counts["operators"],
                kinds=("operator_type", choices.OperatorType.values),
                progress=progress,
                label="Opérateurs",
                **common,
            ),
        }

    content_types = {
        "fiche": ContentType.objects.get_for_model(FichePage).pk,
        "page": ContentType.objects.get_for_model(Page).pk,
    }
    last_child = index.get_last_child()
    first_step = FichePage._str2int(last_child.path[-FichePage.steplen :]) + 1 if last_child else 1
    # Spread the publication dates over three years, the newest fiche last.
    now = timezone.now()
    spacing = timedelta(days=3 * 365) / max(fiches, 1)

    def published_at(step):
        return now - spacing * (first_step + fiches - step)

    with _progress(fiches, "Fiches", progress) as bar:
        for start in range(0, fiches, batch_size):
            batch = [
                _fiche(number, pools=pools, rng=rng)
                for number in range(start, min(start + batch_size, fiches))
            ]
            with transaction.atomic():
                write_fiches(
                    batch,
                    index=index,
                    first_step=first_step + start,
                    published_at=published_at,
                    content_types=content_types,
                )
            bar.update(len(batch))
    Page.objects.filter(pk=index.pk).update(numchild=F("numchild") + fiches)
    # Bulk inserts leave the planner's statistics of a few rows: with them PostgreSQL picks
    # nested loops that take seconds on 1,000 pages. A live site's autovacuum keeps them current.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    # What a publication computes (the related fiches of each fiche), for the whole catalogue.
    related.refresh_all()
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {RelatedFiche._meta.db_table}")

    return SeedSummary(
        fiches=fiches,
        buyers=counts["buyers"],
        structures=counts["structures"],
        operators=counts["operators"],
        themes=len(THEMES),
        images=images,
        seconds=round(time.perf_counter() - started, 1),
    )


# The filter specs of {% image %}, {% srcset_image %} and {% picture %}: the words after the image,
# up to the first attribute or ``as``. And the specs the API's rendition fields ask for.
IMAGE_TAG = re.compile(r"{%\s*(?:image|srcset_image|picture)\s+\S+\s+(.*?)%}")
RENDITION_FIELD = re.compile(r"ImageRenditionField\(\s*[\"']([^\"']+)[\"']")


def fill_related_fiches_if_empty():
    """Computes the stored related fiches when there are none (a database seeded before they
    existed, reused); returns whether it did."""
    if RelatedFiche.objects.exists():
        return False
    related.refresh_all()
    return True


def rendition_specs(folders):
    """Every rendition filter spec used by the templates and Python files under ``folders``,
    brace patterns expanded (``fill-{320x180,640x360}`` gives two specs)."""
    specs = set()
    for folder in folders:
        for path in Path(folder).rglob("*.html"):
            for match in IMAGE_TAG.finditer(path.read_text(encoding="utf-8")):
                if "{{" in match.group(1):
                    continue  # a spec computed at render time cannot be known here
                words = []
                for word in match.group(1).split():
                    if "=" in word or word == "as":
                        break
                    words.append(word)
                if words and all(Filter.expanding_spec_pattern.match(word) for word in words):
                    specs.update(Filter.expand_spec(words))
        for path in Path(folder).rglob("*.py"):
            for match in RENDITION_FIELD.finditer(path.read_text(encoding="utf-8")):
                specs.update(Filter.expand_spec(match.group(1)))
    return sorted(specs)


def pregenerate_renditions(specs, *, progress=True):
    """Generates each spec's rendition of every image (those that exist are only looked up), so
    that no request pays for one during the measure, with the API's (its image payloads name
    their specs in ``fiches.api.fields``). Returns the number of renditions."""
    from fiches.api.fields import API_RENDITION_SPECS

    specs = sorted({*specs, *API_RENDITION_SPECS})
    images = list(get_image_model().objects.all())
    with _progress(len(images), "Rendus d'images", progress) as bar:
        for image in images:
            image.get_renditions(*specs)
            bar.update()
    return len(images) * len(specs)


def fiche_count():
    """The number of live fiches in the database (to reuse a seeded database)."""
    return FichePage.objects.live().count()


def reference_objects():
    """The first fiche of the catalogue and one of its buyers: the pages the endpoints read."""
    fiche = FichePage.objects.live().order_by("path").first()
    buyer = Buyer.objects.filter(fiche_links__fiche=fiche).first() if fiche else None
    return {"fiche": fiche, "actor": buyer}
