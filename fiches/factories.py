"""factory_boy factories: they build the demo content (``seed_demo``) and the test data."""

import io
import random
from datetime import date, datetime, time

import factory
from django.core.files.images import ImageFile
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.documents import get_document_model
from wagtail.log_actions import log
from wagtail.models import Locale, Page, ReferenceIndex
from wagtail.rich_text import RichText
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.signals import page_published, published

from fiches import choices
from fiches.models import (
    AwardCriterion,
    Buyer,
    ContractMilestone,
    CPVCode,
    CustomImage,
    Department,
    ESSStructure,
    FicheBuyer,
    FicheIndexPage,
    FicheOperator,
    FichePage,
    FicheSupplier,
    ImpactIndicator,
    Operator,
    Region,
    Theme,
    number_rows,
)

PALETTE = [(17, 94, 89), (180, 106, 30), (64, 82, 140), (122, 46, 74), (46, 110, 60)]


def make_png(*, width=1200, height=675, text="", seed=0):
    """A simple generated picture (coloured bands and a caption) so that no image is downloaded."""
    rng = random.Random(seed)
    base = PALETTE[seed % len(PALETTE)]
    picture = PILImage.new("RGB", (width, height), base)
    draw = ImageDraw.Draw(picture)
    for _ in range(6):
        shade = tuple(min(255, channel + rng.randint(10, 70)) for channel in base)
        top = rng.randint(0, height)
        draw.rectangle([0, top, width, top + height // 8], fill=shade)
    if text:
        draw.text((width // 20, height - height // 5), text, fill=(255, 255, 255))
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    return buffer.getvalue()


def default_locale():
    return Locale.get_default()


class ImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CustomImage

    title = factory.Sequence(lambda n: f"Photo {n}")
    description = factory.LazyAttribute(lambda o: f"Illustration : {o.title}")
    credit = "© Réseau ESS — image de démonstration"
    file = factory.LazyAttributeSequence(
        lambda o, n: ImageFile(
            io.BytesIO(make_png(text=o.title, seed=n)), name=f"{slugify(o.title) or 'image'}.png"
        )
    )


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_document_model()

    title = factory.Sequence(lambda n: f"Document {n}")
    file = factory.django.FileField(filename="document.txt", data=b"Document de demonstration.")


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


class ActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    name = factory.Sequence(lambda n: f"Acteur {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    short_description = factory.LazyAttribute(
        lambda o: f"{o.name} agit sur son territoire pour un achat public responsable."
    )
    commune = "Rennes"
    department = factory.LazyFunction(lambda: Department.objects.get(code="35"))
    region = factory.LazyAttribute(lambda o: o.department.region if o.department else None)
    locale = factory.LazyFunction(default_locale)
    # Published, as the importer's actors: ``live=False`` builds one that awaits moderation.
    live = True


class BuyerFactory(ActorFactory):
    class Meta:
        model = Buyer

    name = factory.Sequence(lambda n: f"Commune n°{n}")
    buyer_type = choices.BuyerType.COMMUNE


class ESSStructureFactory(ActorFactory):
    class Meta:
        model = ESSStructure

    name = factory.Sequence(lambda n: f"Association d'insertion n°{n}")
    family = choices.ESSFamily.ASSOCIATION
    inclusion_status = choices.InclusionStatus.ACI
    esus = choices.ESUSStatus.NO


class OperatorFactory(ActorFactory):
    class Meta:
        model = Operator

    name = factory.Sequence(lambda n: f"Maison de l'emploi n°{n}")
    operator_type = choices.OperatorType.CLAUSE_FACILITATOR


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


class PageFactory(factory.django.DjangoModelFactory):
    """Adds the page under ``parent`` and publishes a first revision, as an editor would."""

    class Meta:
        abstract = True

    title = factory.Sequence(lambda n: f"Page {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title)[:80])

    @classmethod
    def _create(cls, model_class, *args, parent=None, publish=True, **kwargs):
        if parent is None:
            parent = cls.default_parent()
        page = model_class(*args, **kwargs)
        scheduled = page.go_live_at is not None and page.go_live_at > timezone.now()
        page.live = publish and not scheduled
        # Each save would index the page's references again: once, at the end, is the same index.
        with disable_reference_index_auto_update():
            parent.add_child(instance=page)  # validates the page (full_clean) and saves its rows
            revision = page.save_revision(clean=False)
            if publish and scheduled:
                revision.publish()
            elif publish:
                publish_first_revision(page, revision)
        ReferenceIndex.create_or_update_for_object(page)
        if publish:
            page.refresh_from_db()
        return page

    @classmethod
    def default_parent(cls):
        return Page.objects.get(depth=2).specific


def publish_first_revision(page, revision):
    """What ``revision.publish()`` does for a page just created from this revision's content
    (Wagtail 8.0, ``PublishPageRevisionAction``): the revision becomes the live one, the
    publication is logged, ``page_published`` and ``published`` are sent. Without rebuilding
    the page from the revision and saving it and its rows again, which made up half the cost
    of a factory page (about 0.1 s); a page with comments, aliases, a workflow or a future
    ``go_live_at`` goes through ``revision.publish()``.
    ``tests/fiches/test_factories.py`` compares both."""
    now = timezone.now()
    page.live = True
    page.expired = False
    page.has_unpublished_changes = False
    page.live_revision = revision
    page.last_published_at = now
    page.first_published_at = page.first_published_at or now
    page.save(
        update_fields=[
            "live",
            "expired",
            "has_unpublished_changes",
            "live_revision",
            "last_published_at",
            "first_published_at",
        ],
        clean=False,
    )
    log(instance=page, action="wagtail.publish", revision=revision, content_changed=True)
    page_published.send(sender=page.specific_class, instance=page.specific, revision=revision)
    published.send(sender=type(page), instance=page, revision=revision)


class FicheIndexPageFactory(PageFactory):
    class Meta:
        model = FicheIndexPage

    title = "Les fiches REX"
    slug = "fiches"
    intro = "<p>Tous les retours d'expérience, par territoire, secteur et levier.</p>"


def fiche_body(*, image=None, document=None):
    """A body with one block of every type (the image and document blocks need their objects)."""
    body = [
        ("heading", {"text": "Le contexte", "level": "h2"}),
        (
            "paragraph",
            RichText(
                "<p>L'acheteur souhaitait ouvrir ce marché aux structures de "
                "l'ESS de son territoire.</p>"
            ),
        ),
        (
            "testimony",
            {
                "quote": "Ce marché a changé notre manière d'acheter.",
                "author": "Claire Martin",
                "role": "Responsable des achats",
            },
        ),
        (
            "key_figures",
            {
                "title": "En bref",
                "figures": [
                    {"kind": "exact", "value": "12", "unit": "", "label": "salariés en insertion"},
                    {"kind": "exact", "value": "4500", "unit": "h", "label": "d'insertion par an"},
                ],
            },
        ),
        (
            "callout",
            {
                "tone": "tip",
                "title": "Conseil",
                "text": RichText("<p>Rencontrez les structures avant de publier.</p>"),
            },
        ),
        (
            "video",
            {
                "video": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
                "title": "Reportage sur le chantier",
                "transcript": "",
            },
        ),
    ]
    if image is not None:
        body.append(
            (
                "image",
                {
                    "image": {
                        "image": image,
                        "decorative": False,
                        "alt_text": "Une équipe au travail",
                    },
                    "caption": "L'équipe sur le terrain",
                },
            )
        )
    if document is not None:
        body.append(
            ("document", {"document": document, "title": "Cahier des charges", "description": ""})
        )
    return body


def _links(link_model, items):
    """Stakeholder rows from actors or ``(actor, role, presentation)`` tuples."""
    links = []
    for item in items:
        actor, role, presentation = item if isinstance(item, tuple) else (item, None, "")
        link = link_model(actor=actor, presentation=presentation)
        if role:
            link.role = role
        links.append(link)
    return links


def figure_fields(value):
    """The figure fields of an indicator from a short form: ``3500`` (exact),
    ``("plus_de", 400)`` (a bound: ``environ``, ``plus_de``, ``moins_de``) or
    ``("fourchette", 350, 500)`` (a range)."""
    if not isinstance(value, tuple):
        return {"kind": choices.FigureKind.EXACT, "value": value}
    if value[0] == choices.FigureKind.RANGE:
        return {"kind": value[0], "value_min": value[1], "value_max": value[2]}
    return {"kind": value[0], "value": value[1]}


class FichePageFactory(PageFactory):
    """A complete, published fiche. ``buyers``, ``suppliers`` and ``operators`` take actors or
    ``(actor, role, presentation)`` tuples (one new actor of each kind by default);
    ``criteria`` takes ``(name, weight)`` pairs, ``milestones`` ``(kind, date, note)`` tuples
    (dates as ``fiches.dates`` reads them: ``"2011"``, ``"2015-09"``, a ``date``) and
    ``indicators`` ``(indicator, value, unit, period, source)`` tuples, ``value`` as
    :func:`figure_fields` reads it; ``reserved_articles`` takes articles or ``(article, lots)``
    pairs and ``unnamed_members`` ``(kind, count, note)`` tuples."""

    class Meta:
        model = FichePage

    title = factory.Sequence(lambda n: f"Marché réservé d'entretien des espaces verts n°{n}")
    chapo = "Une commune confie l'entretien de ses parcs à un chantier d'insertion."
    nature = choices.Nature.SERVICES
    procedure = choices.Procedure.ADAPTED
    technique = choices.Technique.NONE
    execution_mode = choices.ExecutionMode.NONE
    reserved = True
    reserved_articles = (choices.ReservedArticle.INSERTION,)
    social_clause = True
    insertion_hours = 3500
    main_cpv = factory.LazyFunction(lambda: cpv("77310000-6"))
    duration_months = 36
    amount_kind = choices.AmountKind.EXACT
    # A total when the fiche has an amount (a fiche without amount, or « non renseigné », has
    # no period).
    amount_period = factory.LazyAttribute(
        lambda o: (
            choices.AmountPeriod.TOTAL
            if o.amount_kind
            in (choices.AmountKind.EXACT, choices.AmountKind.ESTIMATED, choices.AmountKind.RANGE)
            else ""
        )
    )
    amount = 120000
    notification_date = date(2023, 3, 15)
    region = RegionRef("53")
    commune = "Rennes"
    body = factory.LazyFunction(fiche_body)
    added_value_buyer = "<p>Un entretien de qualité et des emplois locaux.</p>"
    added_value_ess = "<p>Une activité stable pour l'équipe en insertion.</p>"
    success_factors = "<p>Un sourcing préalable avec la CRESS.</p>"
    difficulties = "<p>Des délais de paiement à surveiller.</p>"
    advice = "<p>Allotissez pour ouvrir le marché aux petites structures.</p>"

    buyers = factory.LazyFunction(lambda: [BuyerFactory()])
    suppliers = factory.LazyFunction(lambda: [ESSStructureFactory()])
    operators = factory.LazyFunction(lambda: [OperatorFactory()])
    criteria = (("Valeur technique", 60), ("Prix", 40))
    milestones = ()
    indicators = (("Heures d'insertion réalisées", 3500, "heures", "2023", "Facilitateur"),)
    departments = factory.LazyFunction(lambda: [Department.objects.get(code="35")])
    themes = ()
    additional_cpvs = ()
    unnamed_members = ()

    @classmethod
    def _relations(cls, kwargs):
        from fiches.models import FicheAdditionalCPV, FicheReservedArticle, GroupementMember

        kwargs["reserved_articles"] = number_rows(
            FicheReservedArticle(article=item, lots="")
            if isinstance(item, str)
            else FicheReservedArticle(article=item[0], lots=item[1])
            for item in kwargs.pop("reserved_articles")
        )
        kwargs["unnamed_members"] = number_rows(
            GroupementMember(kind=kind, count=count, note=note)
            for kind, count, note in kwargs.pop("unnamed_members")
        )
        kwargs["buyer_links"] = number_rows(_links(FicheBuyer, kwargs.pop("buyers")))
        kwargs["supplier_links"] = number_rows(_links(FicheSupplier, kwargs.pop("suppliers")))
        kwargs["operator_links"] = number_rows(_links(FicheOperator, kwargs.pop("operators")))
        kwargs["award_criteria"] = number_rows(
            AwardCriterion(name=name, weight=weight) for name, weight in kwargs.pop("criteria")
        )
        kwargs["milestones"] = number_rows(
            ContractMilestone(kind=kind, date=day, note=note)
            for kind, day, note in kwargs.pop("milestones")
        )
        kwargs["impact_indicators"] = number_rows(
            ImpactIndicator(
                indicator=name, unit=unit, period=period, source=source, **figure_fields(value)
            )
            for name, value, unit, period, source in kwargs.pop("indicators")
        )
        kwargs["additional_cpvs"] = number_rows(
            FicheAdditionalCPV(cpv=code) for code in kwargs.pop("additional_cpvs")
        )
        kwargs["departments"] = list(kwargs.pop("departments"))
        kwargs["themes"] = list(kwargs.pop("themes"))
        return kwargs

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        return model_class(*args, **cls._relations(kwargs))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return super()._create(model_class, *args, **cls._relations(kwargs))


# ---------- Dates ----------


def local_datetime(day, hour=9, minute=0):
    """An aware datetime at ``hour:minute`` (time of the site, Europe/Paris) on ``day``."""
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))
