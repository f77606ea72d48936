"""Structured value lists of the technical card. Codes are stable (API, exports); labels are French
and translated through gettext, never re-entered by translators."""

from django.db import models
from django.utils.translation import gettext_lazy as _


def label(choices, value):
    """The label of ``value`` in ``choices`` (a ``TextChoices``) in the active language, as the
    field's ``get_…_display()`` gives it (``value`` itself when it is none of them), without
    its cost: Django hashes every label of the field, translating each, on each call (a quarter
    of a millisecond for the 24 buyer types, once per actor of a list)."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


#: The code of « Non renseigné » (the sources do not say it) in every list below that has it:
#: a value the contributor chooses, distinct from « Sans objet » (it does not apply). The exports
#: leave it out; the page, the PDF and the API say it (``docs/editorial.md``).
NOT_STATED = "non_renseigne"


class Nature(models.TextChoices):
    WORKS = "travaux", _("Travaux")
    SUPPLIES = "fournitures", _("Fournitures")
    SERVICES = "services", _("Services")


class Procedure(models.TextChoices):
    ADAPTED = "procedure_adaptee", _("Procédure adaptée (MAPA)")
    OPEN = "appel_offres_ouvert", _("Appel d'offres ouvert")
    RESTRICTED = "appel_offres_restreint", _("Appel d'offres restreint")
    NEGOTIATED = "procedure_negociee", _("Procédure avec négociation")
    DIALOGUE = "dialogue_competitif", _("Dialogue compétitif")
    NO_PUBLICITY = (
        "sans_publicite",
        _("Marché passé sans publicité ni mise en concurrence préalable"),
    )
    NOT_STATED = NOT_STATED, _("Non renseigné")


class Technique(models.TextChoices):
    FRAMEWORK = "accord_cadre", _("Accord-cadre")
    NONE = "sans_objet", _("Sans objet")
    NOT_STATED = NOT_STATED, _("Non renseigné")


class ExecutionMode(models.TextChoices):
    PURCHASE_ORDERS = "bons_de_commande", _("Bons de commande")
    SUBSEQUENT = "marches_subsequents", _("Marchés subséquents")
    TRANCHES = "tranches", _("Tranches")
    MIXED = "mixte", _("Mixte")
    NONE = "sans_objet", _("Sans objet")
    NOT_STATED = NOT_STATED, _("Non renseigné")


class ReservedArticle(models.TextChoices):
    DISABILITY = "L2113-12", _("L2113-12 — réservé aux entreprises adaptées et ESAT")
    INSERTION = "L2113-13", _("L2113-13 — réservé aux SIAE")
    PRISONS = "L2113-13-1", _("L2113-13-1 — travail de personnes détenues")
    ESS = "L2113-15", _("L2113-15 — réservé aux entreprises de l'ESS")


class Lever(models.TextChoices):
    """The social and environmental levers, each with its legal article where it has one."""

    RESERVED = "marche_reserve", _("Marché réservé")
    SOCIAL_CLAUSE = "clause_sociale", _("Clause sociale d'insertion")
    SOCIAL_CRITERION = "critere_social", _("Critère social d'attribution")
    ENVIRONMENTAL_CLAUSE = "clause_environnementale", _("Clause environnementale")
    ENVIRONMENTAL_CRITERION = "critere_environnemental", _("Critère environnemental")


LEVER_ARTICLES = {
    Lever.SOCIAL_CLAUSE: "L2112-2",
    Lever.SOCIAL_CRITERION: "R2152-7",
    Lever.ENVIRONMENTAL_CLAUSE: "L2112-2",
    Lever.ENVIRONMENTAL_CRITERION: "R2152-7",
}


class AmountKind(models.TextChoices):
    EXACT = "exact", _("Montant exact")
    ESTIMATED = "estime", _("Montant estimé")
    RANGE = "min_max", _("Minimum et maximum (accord-cadre)")
    UNKNOWN = "non_renseigne", _("Non renseigné (les sources ne le donnent pas)")


class AmountPeriod(models.TextChoices):
    """What the amount covers: the whole contract, or one year of it."""

    TOTAL = "total", _("Montant total du marché")
    PER_YEAR = "par_an", _("Montant par an")


class FigureKind(models.TextChoices):
    """How precise a figure is (impact indicators, key figures): the sources often give
    « 350 à 500 personnes » or « plus de 400 machines », not one number."""

    EXACT = "exact", _("Valeur exacte")
    ABOUT = "environ", _("Environ (valeur approchée)")
    MORE_THAN = "plus_de", _("Plus de")
    LESS_THAN = "moins_de", _("Moins de")
    RANGE = "fourchette", _("Fourchette (de … à …)")


class BuyerType(models.TextChoices):
    """Every kind of body subject to the Code de la commande publique that buys from the ESS:
    public authorities, public establishments and the private bodies or network operators the
    code covers (pouvoirs adjudicateurs de droit privé, entités adjudicatrices). Codes are
    stable (API, exports, filters): add new ones, never rename one."""

    STATE = "etat", _("État (ministère, service déconcentré)")
    REGION = "region", _("Région")
    DEPARTMENT = "departement", _("Département")
    COMMUNE = "commune", _("Commune")
    EPCI = "epci", _("EPCI (métropole, communauté urbaine, d'agglomération, de communes)")
    SYNDICATE = "syndicat", _("Syndicat")
    PUBLIC_BODY = "etablissement_public", _("Établissement public")
    HOSPITAL = "hopital", _("Hôpital, centre hospitalier (CH, CHU)")
    SOCIAL_LANDLORD = "bailleur_social", _("Bailleur social")
    SCHOOL = "eple", _("Établissement scolaire (EPLE)")
    CENTRAL_PURCHASING = "centrale_achat", _("Centrale d'achat")
    SEM_SPL = "sem_spl", _("SEM / SPL")
    SPECIAL_AUTHORITY = (
        "collectivite_particuliere",
        _("Collectivité à statut particulier (Corse, outre-mer, Métropole de Lyon…)"),
    )
    HOSPITAL_GROUP = "ght", _("Groupement hospitalier de territoire (GHT)")
    HOUSING_OFFICE = "office_habitat", _("Office public de l'habitat (OPH)")
    HOUSING_COMPANY = "esh", _("Entreprise sociale pour l'habitat (ESH)")
    UNIVERSITY = "universite", _("Université, établissement d'enseignement supérieur")
    STUDENT_SERVICES = "crous", _("CROUS (vie étudiante)")
    PUBLIC_INTEREST_GROUP = "gip", _("Groupement d'intérêt public (GIP)")
    PRIVATE_AUTHORITY = (
        "organisme_prive",
        _("Organisme de droit privé pouvoir adjudicateur (société, fondation…)"),
    )
    ASSOCIATION = "association", _("Association soumise au code de la commande publique")
    ORGANISING_COMMITTEE = (
        "comite_organisation",
        _("Comité d'organisation d'un grand événement (Jeux, coupe du monde…)"),
    )
    CONTRACTING_ENTITY = (
        "entite_adjudicatrice",
        _("Entité adjudicatrice (opérateur de réseau : eau, énergie, transports, poste)"),
    )
    NOT_STATED = NOT_STATED, _("Non renseigné")


class ESSFamily(models.TextChoices):
    ASSOCIATION = "association", _("Association")
    COOPERATIVE = "cooperative", _("Coopérative (SCOP, SCIC, CAE…)")
    MUTUAL = "mutuelle", _("Mutuelle")
    FOUNDATION = "fondation", _("Fondation")
    COMMERCIAL = "entreprise_ess", _("Entreprise commerciale de l'ESS / agréée ESUS")
    NOT_STATED = NOT_STATED, _("Non renseigné")


class InclusionStatus(models.TextChoices):
    ACI = "aci", _("SIAE — Atelier et chantier d'insertion (ACI)")
    EI = "ei", _("SIAE — Entreprise d'insertion (EI)")
    ETTI = "etti", _("SIAE — Entreprise de travail temporaire d'insertion (ETTI)")
    AI = "ai", _("SIAE — Association intermédiaire (AI)")
    EITI = "eiti", _("SIAE — Entreprise d'insertion par le travail indépendant (EITI)")
    GEIQ = "geiq", _("GEIQ")
    EA = "ea", _("Entreprise adaptée (EA)")
    EATT = "eatt", _("Entreprise adaptée de travail temporaire (EATT)")
    ESAT = "esat", _("ESAT")
    NOT_STATED = NOT_STATED, _("Non renseigné")


SIAE_STATUSES = {
    InclusionStatus.ACI,
    InclusionStatus.EI,
    InclusionStatus.ETTI,
    InclusionStatus.AI,
    InclusionStatus.EITI,
}
DISABILITY_STATUSES = {InclusionStatus.EA, InclusionStatus.EATT, InclusionStatus.ESAT}


class ESUSStatus(models.TextChoices):
    """The ESUS approval (« entreprise solidaire d'utilité sociale »), when the sources say it."""

    YES = "oui", _("Agréée ESUS")
    NO = "non", _("Non agréée ESUS")
    NOT_STATED = NOT_STATED, _("Non renseigné")


class CriteriaStatus(models.TextChoices):
    """What a fiche without award criteria says about them (empty: the criteria listed)."""

    NOT_STATED = NOT_STATED, _("Non renseignés")
    NONE = "sans_objet", _("Sans objet (pas de critères)")


class MilestoneKind(models.TextChoices):
    """The dated steps of a contract's history (the Vendée case: first awarded 2011, renewed
    2015)."""

    FIRST_AWARD = "premiere_attribution", _("Première attribution")
    RENEWAL = "renouvellement", _("Renouvellement")
    EXTENSION = "reconduction", _("Reconduction")


class OperatorType(models.TextChoices):
    CLAUSE_FACILITATOR = (
        "facilitateur",
        _("Facilitateur de clauses sociales (maison de l'emploi, PLIE, collectivité)"),
    )
    CRESS = "cress", _("CRESS")
    NETWORK = "reseau_iae_handicap", _("Réseau IAE ou handicap")
    STATE_SERVICE = "dreets_ddets", _("DREETS / DDETS")
    PROCUREMENT_NETWORK = "reseau_achats", _("Réseau territorial d'achats responsables")
    PLATFORM = "plateforme", _("Plateforme")
    NATIONAL_NETWORK = "reseau_national", _("Réseau national de l'ESS")
    EMPLOYMENT_SERVICE = (
        "service_emploi",
        _("Service public de l'emploi (France Travail, Cap emploi, mission locale)"),
    )
    PURCHASING_ADVISER = "conseil_achat", _("Assistance à maîtrise d'ouvrage, conseil en achats")
    LOCAL_AUTHORITY = "collectivite", _("Collectivité ou service d'une collectivité")
    NOT_STATED = NOT_STATED, _("Non renseigné")


class BuyerRole(models.TextChoices):
    BUYER = "acheteur", _("Acheteur")
    COORDINATOR = "coordonnateur", _("Coordonnateur d'un groupement de commandes")
    MEMBER = "membre_groupement", _("Membre d'un groupement de commandes")


class SupplierRole(models.TextChoices):
    HOLDER = "titulaire", _("Titulaire")
    LEAD = "mandataire", _("Mandataire d'un groupement")
    JOINT_MEMBER = "cotraitant_conjoint", _("Membre d'un groupement conjoint")
    SEVERAL_MEMBER = "cotraitant_solidaire", _("Membre d'un groupement solidaire")
    SUBCONTRACTOR = "sous_traitant", _("Sous-traitant")


class OperatorRole(models.TextChoices):
    FACILITATION = "facilitation", _("Facilitation des clauses sociales")
    BUYER_SUPPORT = "accompagnement_acheteur", _("Accompagnement de l'acheteur")
    SUPPLIER_SUPPORT = "accompagnement_ess", _("Accompagnement de la structure ESS")
    MATCHMAKING = "mise_en_relation", _("Mise en relation et sourcing")
    MONITORING = "suivi", _("Suivi et évaluation")


class Groupement(models.TextChoices):
    """Whether the contract was won by a groupement of operators, and of which form."""

    NONE = "aucun", _("Pas de groupement (un titulaire seul)")
    JOINT = "conjoint", _("Groupement conjoint")
    SEVERAL = "solidaire", _("Groupement solidaire")
    UNKNOWN_FORM = "non_renseigne", _("Groupement de forme non renseignée")


#: The roles of the named members of a groupement (``FicheSupplier.role``).
GROUPEMENT_ROLES = {
    SupplierRole.LEAD,
    SupplierRole.JOINT_MEMBER,
    SupplierRole.SEVERAL_MEMBER,
}


def _member_kinds():
    kinds = {"siae": _("SIAE (type non précisé)")}
    kinds.update(InclusionStatus.choices)
    kinds.update(ESSFamily.choices)
    kinds["autre"] = _("Autre structure")
    # An unnamed member is counted by what it is: « non renseigné » is no kind.
    kinds.pop(NOT_STATED, None)
    return tuple(kinds.items())


#: The kinds of the unnamed members of a groupement (``GroupementMember.kind``): the inclusion
#: statuses, the ESS families, a SIAE whose type the sources do not give, and « other ».
MEMBER_KINDS = _member_kinds()
