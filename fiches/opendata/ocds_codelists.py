"""What the OCDS export says with the codelists of the standard and its extensions: the
extensions used, the categories, procurement methods, reserved participation, the EU buyer
legal types and the sustainability goals and strategies of the levers."""

from fiches.choices import BuyerType, Lever, Nature, Procedure, ReservedArticle

OCDS_EXTENSIONS = [
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/master/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_submissionTerms_extension/master/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_awardCriteria_extension/master/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_otherRequirements_extension/master/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_sustainability_extension/master/extension.json",
]  # fmt: skip
OCDS_CATEGORIES = {Nature.WORKS: "works", Nature.SUPPLIES: "goods", Nature.SERVICES: "services"}
# The adapted procedure (MAPA) is advertised to every interested supplier; negotiated procedures
# and competitive dialogue invite selected candidates; the French name stays in the details.
OCDS_METHODS = {
    Procedure.ADAPTED: "open",
    Procedure.OPEN: "open",
    Procedure.RESTRICTED: "selective",
    Procedure.NEGOTIATED: "selective",
    Procedure.DIALOGUE: "selective",
    Procedure.NO_PUBLICITY: "limited",
}
# The otherRequirements codelist follows the EU directive: art. 20 (sheltered workshops and the
# integration of disabled or disadvantaged persons: L2113-12, L2113-13 and, for detained persons,
# L2113-13-1) and art. 77 (organisations with a public-service mission: L2113-15).
RESERVED_PARTICIPATION = {
    ReservedArticle.DISABILITY: "shelteredWorkshop",
    ReservedArticle.INSERTION: "shelteredWorkshop",
    ReservedArticle.PRISONS: "shelteredWorkshop",
    ReservedArticle.ESS: "publicServiceMissionOrganization",
}


# The buyer's legal type in the EU's « buyer legal type » codelist (eForms BT-11), which the
# OCDS eForms guidance puts in ``parties[].details.classifications``: the French types that
# the codelist does not tell apart share its closest code (the French type stays in
# ``details.typeAcheteur``). Every BuyerType is listed (tests/fiches/test_levers_and_groupements.py
# fails otherwise); ``None`` would mean the codelist has no code for it.
BUYER_LEGAL_TYPES = {
    BuyerType.NOT_STATED: None,
    BuyerType.STATE: "cga",
    BuyerType.REGION: "ra",
    BuyerType.DEPARTMENT: "la",
    BuyerType.COMMUNE: "la",
    BuyerType.EPCI: "grp-p-aut",
    BuyerType.SYNDICATE: "grp-p-aut",
    BuyerType.PUBLIC_BODY: "body-pl",
    BuyerType.HOSPITAL: "body-pl",
    BuyerType.SOCIAL_LANDLORD: "body-pl",
    BuyerType.SCHOOL: "body-pl",
    BuyerType.CENTRAL_PURCHASING: "body-pl",
    BuyerType.SEM_SPL: "pub-undert",
    BuyerType.SPECIAL_AUTHORITY: "ra",
    BuyerType.HOSPITAL_GROUP: "grp-p-aut",
    BuyerType.HOUSING_OFFICE: "body-pl-la",
    BuyerType.HOUSING_COMPANY: "body-pl",
    BuyerType.UNIVERSITY: "body-pl-cga",
    BuyerType.STUDENT_SERVICES: "body-pl-cga",
    BuyerType.PUBLIC_INTEREST_GROUP: "body-pl",
    BuyerType.PRIVATE_AUTHORITY: "body-pl",
    BuyerType.ASSOCIATION: "body-pl",
    BuyerType.ORGANISING_COMMITTEE: "body-pl",
    BuyerType.CONTRACTING_ENTITY: "spec-rights-entity",
}
BUYER_LEGAL_TYPE_SCHEME = "eu-buyer-legal-type"


SOCIAL_GOAL = "social.disadvantagedEmploymentOpportunities"
#: Each lever as a goal and strategy of the sustainability extension, with its French name.
SUSTAINABILITY = {
    Lever.RESERVED: (SOCIAL_GOAL, "reservedParticipation", "Marché réservé"),
    Lever.SOCIAL_CLAUSE: (SOCIAL_GOAL, "contractPerformanceConditions", "Clause sociale"),
    Lever.SOCIAL_CRITERION: (SOCIAL_GOAL, "awardCriteria", "Critère social d'attribution"),
    Lever.ENVIRONMENTAL_CLAUSE: (
        "environmental",
        "contractPerformanceConditions",
        "Clause environnementale",
    ),
    Lever.ENVIRONMENTAL_CRITERION: ("environmental", "awardCriteria", "Critère environnemental"),
}
