"""The catalogue criteria as conditions and querysets: ``conditions`` gives the condition on
fiches of each criterion, ``filter_fiches`` narrows fiches by them: what the catalogue, the API,
the exports, the widget and the feeds filter on (their one spec is
``fiches.catalogue.filters``)."""

from django.db.models import Q

from fiches.choices import LEVER_ARTICLES, Lever
from fiches.models import (
    ACTOR_KINDS,
    FicheAdditionalCPV,
    FicheBuyer,
    FichePage,
    FicheReservedArticle,
    FicheSupplier,
)

LEVER_FIELDS = {
    Lever.RESERVED: "reserved",
    Lever.SOCIAL_CLAUSE: "social_clause",
    Lever.SOCIAL_CRITERION: "social_criterion",
    Lever.ENVIRONMENTAL_CLAUSE: "environmental_clause",
    Lever.ENVIRONMENTAL_CRITERION: "environmental_criterion",
}
STAKEHOLDER_LINKS = {kind.key: kind.link_model for kind in ACTOR_KINDS}


def filter_fiches(queryset, **criteria):
    """Narrows ``queryset`` to the fiches matching every criterion given (already validated):
    the keyword arguments of :func:`conditions`."""
    for condition in conditions(**criteria).values():
        queryset = queryset.filter(condition)
    return queryset


def conditions(
    *,
    region=None,
    department=None,
    nature=None,
    procedure=None,
    lever=None,
    article=None,
    cpv_prefix=None,
    theme=None,
    award_year=None,
    actors=None,
    family=None,
    status=None,
    buyer_type=None,
):
    """``{criterion: Q}``: the condition on fiches of each criterion given (already validated;
    an empty one is left out), which ``filter_fiches`` applies and the catalogue's facets count
    with (``fiches.catalogue.counts.count_facets``).

    ``cpv_prefix`` matches the main or an additional CPV code starting with these digits (a
    division such as ``"77"`` or a code and its sub-codes); ``article`` a legal article of the
    levers; ``actors`` maps ``"buyer"``, ``"ess_structure"`` or ``"operator"`` to an actor id;
    ``family`` and ``status`` (``ESSFamily``, ``InclusionStatus``) match a fiche with an ESS
    supplier of that family or status, ``buyer_type`` (``BuyerType``) one with such a buyer.
    """
    found = {}
    if region:
        found["region"] = Q(region_id=region)
    if department:
        found["department"] = Q(
            pk__in=FichePage.departments.through.objects.filter(department_id=department).values(
                "fichepage_id"
            )
        )
    if nature:
        found["nature"] = Q(nature=nature)
    if procedure:
        found["procedure"] = Q(procedure=procedure)
    if lever:
        found["lever"] = Q(**{LEVER_FIELDS[lever]: True})
    if article:
        found["article"] = legal_article_q(article)
    if cpv_prefix:
        found["cpv_prefix"] = Q(main_cpv__digits__startswith=cpv_prefix) | Q(
            pk__in=FicheAdditionalCPV.objects.filter(cpv__digits__startswith=cpv_prefix).values(
                "fiche_id"
            )
        )
    if theme:
        found["theme"] = Q(
            pk__in=FichePage.themes.through.objects.filter(theme__slug=theme).values("fichepage_id")
        )
    if award_year:
        # A partial date's text starts with its year: day, month and year precision alike.
        found["award_year"] = Q(notification_date__startswith=f"{int(award_year):04d}")
    if actors:
        found["actors"] = Q()
        for kind, actor_id in actors.items():
            found["actors"] &= Q(
                pk__in=STAKEHOLDER_LINKS[kind].objects.filter(actor_id=actor_id).values("fiche_id")
            )
    for name, link_model, lookup, value in (
        ("family", FicheSupplier, "actor__family", family),
        ("status", FicheSupplier, "actor__inclusion_status", status),
        ("buyer_type", FicheBuyer, "actor__buyer_type", buyer_type),
    ):
        if value:
            found[name] = Q(pk__in=link_model.objects.filter(**{lookup: value}).values("fiche_id"))
    return found


def legal_article_q(article):
    """The condition on fiches of using the legal article ``article``: a contract reserved
    under it (one of its articles), or a lever that stands on it (L2112-2 clauses, R2152-7
    criteria)."""
    matches = Q(
        reserved=True,
        pk__in=FicheReservedArticle.objects.filter(article=article).values("fiche_id"),
    )
    for chosen, lever_article in LEVER_ARTICLES.items():
        if lever_article == article:
            matches |= Q(**{LEVER_FIELDS[chosen]: True})
    return matches
