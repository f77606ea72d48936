"""Factories of the actors: buyers, ESS structures and operators."""

import factory
from django.utils.text import slugify

from fiches import choices
from fiches.models import Buyer, Department, ESSStructure, Operator

from .reference import default_locale


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
