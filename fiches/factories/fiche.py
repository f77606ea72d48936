"""The fiche factory and its parts: the body with one block of each type, the stakeholder rows
and the figures of the indicators."""

from datetime import date

import factory
from wagtail.rich_text import RichText

from fiches import choices
from fiches.models import (
    AwardCriterion,
    ContractMilestone,
    Department,
    FicheBuyer,
    FicheOperator,
    FichePage,
    FicheSupplier,
    ImpactIndicator,
    number_rows,
)

from .actors import BuyerFactory, ESSStructureFactory, OperatorFactory
from .pages import PageFactory
from .reference import RegionRef, cpv


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
