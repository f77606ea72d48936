"""Every field of a fiche declared ONCE with what each output does with it.

``FIELDS`` has one ``FieldOutputs`` per concrete field of ``FichePage`` (and the Wagtail page
fields the outputs use), per field of its row models (reserved articles, criteria, milestones,
additional CPV codes, the three stakeholder links, unnamed groupement members, impact
indicators) and per part of a field that an output treats on its own (the testimonies and key
figures of the body, the credit of the hero image). For each output it
says ``Shown(where)`` (the section of the page or the PDF, the key of the API payload or of the
OpenAPI schema, the CSV/XLSX column of ``fiches.opendata.columns``, the JSON, DECP or OCDS path)
or ``Left(reason)``.

``tests/fiches/test_field_outputs.py`` fails when a concrete field is not declared here, and when
an output does not show, for a fully populated fiche, a field declared as shown.

Paths: ``a.b`` is a key inside a key, ``a[].b`` the key ``b`` of the items of the list ``a``; DECP
paths start inside ``marches.marche[]``, OCDS paths inside ``releases[]``.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Shown:
    where: str


@dataclass(frozen=True)
class Left:
    reason: str


OUTPUTS = ("html", "pdf", "api", "openapi", "csv", "json", "import_", "decp", "ocds")


@dataclass(frozen=True)
class FieldOutputs:
    model: str  # "FichePage" or the row model's name
    name: str  # the field, or "field.part" for a part an output treats on its own
    html: Shown | Left
    pdf: Shown | Left
    api: Shown | Left
    csv: Shown | Left
    json: Shown | Left
    import_: Shown | Left
    decp: Shown | Left
    ocds: Shown | Left
    openapi: Shown | Left | None = field(default=None)  # None: the API key, in the schema

    def output(self, name):
        value = getattr(self, name)
        if name == "openapi" and value is None:
            return self.api
        return value


# Reasons shared by many fields.
NO_DECP = Left("DECP v2 has no field for it (its layout is fixed by the ministry's schema)")
NO_OCDS = Left("no field of OCDS 1.1 or of the declared extensions holds it")
NARRATIVE = Left("the case study's narrative: OCDS describes the contracting process only")
EDITORIAL = Left("editorial placement on the home page, not a fact about the contract")
ADMIN_ONLY = Left("written in the admin; not part of the spreadsheet layout")
CONTACT_RULE = Left("personal data (RGPD): shown only when contact_is_public, never in DECP/OCDS")
CONTACT_GATE = Left("decides whether the contact fields are shown; not shown itself")
NOT_IMPORTED = Left("read-only: set by publishing, not by an import")
PDF_SHORT = Left("the PDF is the printable technical card and story, without this")


def _f(name, *, model="FichePage", html, pdf, api, csv, json, import_=None, decp, ocds, **kw):
    """One declaration; ``import_`` defaults to the CSV column (the import reads it back)."""
    if import_ is None:
        import_ = csv
    return FieldOutputs(model, name, html, pdf, api, csv, json, import_, decp, ocds, **kw)


def _text(name, column, json_path, api_path, html="text section", pdf="text section", **kw):
    return _f(
        name,
        html=Shown(html),
        pdf=Shown(pdf),
        api=Shown(api_path),
        csv=Shown(column),
        json=Shown(json_path),
        decp=NO_DECP,
        ocds=NARRATIVE,
        **kw,
    )


def _lever(name, column, decp, ocds):
    return _f(
        name,
        html=Shown("technical card: levers"),
        pdf=Shown("technical card: levers"),
        api=Shown("levers"),
        csv=Shown(column),
        json=Shown("leviers"),
        decp=Shown(decp),
        ocds=Shown(ocds),
    )


S, L = Shown, Left

PAGE_FIELDS = [
    _f("title", html=S("h1"), pdf=S("title"), api=S("title"), csv=S("titre"), json=S("titre"),
       decp=S("objet"), ocds=S("tender.title")),
    _f("slug", html=L("the page's address"), pdf=L("the page's address"), api=S("meta.slug"),
       csv=S("url"), json=S("url"), import_=L("made from the title by the import"), decp=NO_DECP,
       ocds=L("the ocid is made of the page id, stable when the slug changes")),
    _f("first_published_at", html=S("publication date"), pdf=S("publication date"),
       api=S("meta.first_published_at"), csv=S("date_publication"), json=S("date_publication"),
       import_=NOT_IMPORTED, decp=S("datePublicationDonnees"),
       ocds=L("the release date is the last publication (last_published_at)")),
    _f("last_published_at", html=S("update date"), pdf=S("update date"),
       api=L("the API's meta has the first publication only"), openapi=L("not in the API"),
       csv=S("date_mise_a_jour"), json=S("date_mise_a_jour"), import_=NOT_IMPORTED,
       decp=NO_DECP, ocds=S("date")),
    _f("chapo", html=S("lead paragraph"), pdf=S("lead paragraph"), api=S("chapo"),
       csv=S("chapo"), json=S("chapo"), decp=NO_DECP, ocds=S("tender.description")),
    _f("hero_image", html=S("hero figure"), pdf=S("hero figure"), api=S("hero_image.id"),
       openapi=S("hero_image"), csv=S("image_url"), json=S("image.url"), import_=ADMIN_ONLY,
       decp=NO_DECP, ocds=S("tender.documents[].url")),
    _f("hero_image_alt", html=S("hero figure alt"), pdf=L("a PDF image has no alt text here"),
       api=S("hero_image.alt"), openapi=L("the Image schema's alt (a $ref)"),
       csv=S("image_texte_alternatif"), json=S("image.texte_alternatif"), import_=ADMIN_ONLY,
       decp=NO_DECP, ocds=S("tender.documents[].description")),
    _f("hero_image.credit", html=S("hero figure caption"), pdf=S("hero figure caption"),
       api=S("hero_image.credit"), openapi=L("the Image schema's credit (a $ref)"),
       csv=S("image_credit"), json=S("image.credit"), import_=ADMIN_ONLY, decp=NO_DECP,
       ocds=S("tender.documents[].description")),
    _f("themes", html=S("themes"), pdf=S("themes"), api=S("themes"), csv=S("thematiques"),
       json=S("thematiques"), decp=NO_DECP,
       ocds=L("an editorial taxonomy; the items are classified with CPV")),
    _f("author", html=S("written by"), pdf=S("written by"), api=S("author"), csv=S("auteur"),
       json=S("auteur.nom"), import_=ADMIN_ONLY, decp=NO_DECP,
       ocds=L("wrote the case study; not a party to the contracting process")),
    _f("nature", html=S("technical card"), pdf=S("technical card"), api=S("nature"),
       csv=S("nature"), json=S("nature.code"),
       decp=L("DECP's « nature » is the kind of contract (Marché…), not works/supplies/services"),
       ocds=S("tender.mainProcurementCategory")),
    _f("procedure", html=S("technical card"), pdf=S("technical card"), api=S("procedure"),
       csv=S("procedure"), json=S("procedure.code"), decp=S("procedure"),
       ocds=S("tender.procurementMethodDetails")),
    _f("technique", html=S("technical card"), pdf=S("technical card"), api=S("technique"),
       csv=S("technique"), json=S("technique.code"), decp=S("techniques.technique"),
       ocds=L("needs the OCDS techniques extension, not declared")),
    _f("execution_mode", html=S("technical card"), pdf=S("technical card"),
       api=S("execution_mode"), csv=S("modalite_execution"), json=S("modalite_execution.code"),
       decp=S("modalitesExecution.modaliteExecution"),
       ocds=L("needs the OCDS techniques extension, not declared")),
    _lever("reserved", "marche_reserve", "considerationsSociales.considerationSociale",
           "tender.otherRequirements.reservedParticipation"),
    _lever("social_clause", "clause_sociale", "considerationsSociales.considerationSociale",
           "tender.sustainability[].strategies"),
    _lever("social_criterion", "critere_social", "considerationsSociales.considerationSociale",
           "tender.sustainability[].strategies"),
    _lever("environmental_clause", "clause_environnementale",
           "considerationsEnvironnementales.considerationEnvironnementale",
           "tender.sustainability[].strategies"),
    _lever("environmental_criterion", "critere_environnemental",
           "considerationsEnvironnementales.considerationEnvironnementale",
           "tender.sustainability[].strategies"),
    *(
        _f(f"{flag}_lots", html=S("technical card: levers"), pdf=S("technical card: levers"),
           api=S("levers[].lots"), csv=S(f"{column}_lots"), json=S("leviers[].lots"),
           decp=NO_DECP, ocds=S("tender.sustainability[].description"))
        for flag, column in (("social_clause", "clause_sociale"),
                             ("social_criterion", "critere_social"),
                             ("environmental_clause", "clause_environnementale"),
                             ("environmental_criterion", "critere_environnemental"))
    ),
    _f("insertion_hours", html=S("technical card"), pdf=S("technical card"),
       api=S("insertion_hours"), csv=S("heures_insertion"), json=S("heures_insertion"),
       decp=NO_DECP, ocds=L("the sustainability extension has goals, not quantities")),
    _f("main_cpv", html=S("technical card"), pdf=S("technical card"), api=S("cpv.main"),
       csv=S("cpv_principal"), json=S("cpv_principal.code"), decp=S("codeCPV"),
       ocds=S("tender.items[].classification.id")),
    _f("lots_count", html=S("technical card"), pdf=S("technical card"), api=S("lots.count"),
       csv=S("nombre_lots"), json=S("nombre_lots"), decp=NO_DECP,
       ocds=L("the release describes the one lot the fiche is about")),
    _f("lot_concerned", html=S("technical card"), pdf=S("technical card"),
       api=S("lots.concerned"), csv=S("lot_concerne"), json=S("lot_concerne"), decp=NO_DECP,
       ocds=S("tender.lots[].title")),
    _f("groupement", html=S("technical card: groupement"), pdf=S("technical card: groupement"),
       api=S("groupement.type"), csv=S("groupement"), json=S("groupement.type.code"),
       decp=S("typeGroupementOperateurs"), ocds=S("awards[].description")),
    _f("groupement_lead_unknown", html=S("technical card: groupement"),
       pdf=S("technical card: groupement"), api=S("groupement.lead_unknown"),
       csv=S("groupement_mandataire_inconnu"), json=S("groupement.mandataire_non_renseigne"),
       decp=NO_DECP, ocds=S("awards[].description")),
    _f("duration_months", html=S("technical card"), pdf=S("technical card"),
       api=S("duration.months"), csv=S("duree_mois"), json=S("duree_mois"), decp=S("dureeMois"),
       ocds=S("awards[].contractPeriod.durationInDays")),
    _f("duration_note", html=S("technical card"), pdf=S("technical card"), api=S("duration.note"),
       csv=S("precision_duree"), json=S("precision_duree"), decp=NO_DECP,
       ocds=L("a free-text precision; the period is computed from the months")),
    _f("amount_kind", html=S("technical card"), pdf=S("technical card"), api=S("amount.kind"),
       csv=S("type_montant"), json=S("montant.type"),
       decp=L("decides whether DECP has a montant: an exact or estimated total, or the "
              "maximum of a framework's total; « non renseigné » omits the fiche"),
       ocds=L("decides between awards[].value (exact total) and tender.value/minValue "
              "(estimated total, framework); « non renseigné »: no value")),
    _f("amount_period", html=S("technical card"), pdf=S("technical card"),
       api=S("amount.period"), csv=S("periode_montant"), json=S("montant.periode"),
       decp=L("a yearly amount is not DECP's total montant: the fiche is omitted with its "
              "reason, never multiplied"),
       ocds=L("OCDS values are totals: a yearly amount has no value")),
    _f("amount_years", html=S("technical card"), pdf=S("technical card"),
       api=S("amount.years"), csv=S("annees_montant"), json=S("montant.annees"),
       decp=L("DECP has the duration in months (dureeMois), not the years of a yearly amount"),
       ocds=L("OCDS values are totals: a yearly amount has no value")),
    _f("amount", html=S("technical card"), pdf=S("technical card"), api=S("amount.amount"),
       csv=S("montant"), json=S("montant.montant"), decp=S("montant"),
       ocds=S("awards[].value.amount")),
    _f("amount_min", html=S("technical card"), pdf=S("technical card"), api=S("amount.min"),
       csv=S("montant_min"), json=S("montant.minimum"),
       decp=L("DECP has one amount: the maximum of a min/max framework"),
       ocds=S("tender.minValue.amount")),
    _f("amount_max", html=S("technical card"), pdf=S("technical card"), api=S("amount.max"),
       csv=S("montant_max"), json=S("montant.maximum"), decp=S("montant"),
       ocds=S("tender.value.amount")),
    _f("notification_date", html=S("technical card"), pdf=S("technical card"),
       api=S("notification_date"), csv=S("date_notification"), json=S("date_notification"),
       decp=S("dateNotification"), ocds=S("awards[].date")),
    _f("execution_start", html=S("technical card: execution"),
       pdf=S("technical card: execution"), api=S("execution.start"), csv=S("debut_execution"),
       json=S("debut_execution"), decp=NO_DECP, ocds=S("awards[].contractPeriod.startDate")),
    _f("execution_end", html=S("technical card: execution"), pdf=S("technical card: execution"),
       api=S("execution.end"), csv=S("fin_execution"), json=S("fin_execution"),
       decp=NO_DECP, ocds=S("awards[].contractPeriod.endDate")),
    _f("award_criteria_status", html=S("technical card: criteria"),
       pdf=S("technical card: criteria"), api=S("criteria_status"), csv=S("criteres_statut"),
       json=S("criteres_statut"), decp=L("DECP has no award criteria"),
       ocds=L("OCDS says what the criteria are, not why none is listed")),
    _f("region", html=S("technical card: place"), pdf=S("technical card: place"),
       api=S("region"), csv=S("region"), json=S("lieu_execution.region.code"),
       decp=S("lieuExecution.code"), ocds=L("needs the OCDS location extension, not declared")),
    _f("departments", html=S("technical card: place"), pdf=S("technical card: place"),
       api=S("departments"), csv=S("departements"), json=S("lieu_execution.departements"),
       decp=S("lieuExecution.code"), ocds=L("needs the OCDS location extension, not declared")),
    _f("commune", html=S("technical card: place"), pdf=S("technical card: place"),
       api=S("commune"), csv=S("commune"), json=S("lieu_execution.commune"),
       decp=L("lieuExecution takes a department or region code"),
       ocds=L("needs the OCDS location extension, not declared")),
    _f("decp_id", html=S("technical card"), pdf=S("technical card"), api=S("decp_id"),
       csv=S("identifiant_decp"), json=S("identifiant_decp"), decp=S("id"),
       ocds=L("the ocid identifies the fiche; the DECP id is in the DECP export")),
    _f("external_ref", html=L("the contributors' own spreadsheet reference"),
       pdf=L("the contributors' own spreadsheet reference"),
       api=L("the contributors' own spreadsheet reference"), csv=S("reference_externe"),
       json=S("reference_externe"), decp=NO_DECP, ocds=NO_OCDS),
    _f("body", html=S("description"), pdf=S("description"), api=S("body"), csv=S("description"),
       json=S("description"), decp=NO_DECP, ocds=S("awards[].description")),
    _f("body.testimony", html=S("description: testimony"), pdf=S("description: testimony"),
       api=S("body"), csv=S("temoignages"), json=S("temoignages[].citation"),
       import_=L("the import writes paragraphs only"), decp=NO_DECP,
       ocds=S("awards[].description")),
    _f("body.key_figures", html=S("description: key figures"),
       pdf=S("description: key figures"), api=S("body"), csv=S("chiffres_cles"),
       json=S("chiffres_cles[].libelle"), import_=L("the import writes paragraphs only"),
       decp=NO_DECP, ocds=S("awards[].description")),
    _text("added_value_buyer", "plus_value_acheteur", "plus_value.acheteur", "added_value.buyer"),
    _text("added_value_ess", "plus_value_ess", "plus_value.structure_ess", "added_value.ess"),
    _text("added_value_territory", "plus_value_territoire", "plus_value.territoire",
          "added_value.territory"),
    _text("success_factors", "facteurs_reussite", "enseignements.facteurs_reussite",
          "lessons.success_factors"),
    _text("difficulties", "difficultes", "enseignements.difficultes", "lessons.difficulties"),
    _text("advice", "conseils", "enseignements.conseils", "lessons.advice"),
    *(
        _f(name, html=S("contact"), pdf=S("contact"), api=S(f"contact.{key}"),
           csv=S(f"contact_{column}"), json=S(f"contact.{column}"),
           import_=L("the import does not write personal data"), decp=CONTACT_RULE,
           ocds=CONTACT_RULE)
        for name, key, column in (
            ("contact_name", "name", "nom"),
            ("contact_role", "role", "fonction"),
            ("contact_email", "email", "email"),
            ("contact_phone", "phone", "telephone"),
        )
    ),
    _f("contact_is_public", html=CONTACT_GATE, pdf=CONTACT_GATE, api=CONTACT_GATE,
       csv=CONTACT_GATE, json=CONTACT_GATE, decp=CONTACT_GATE, ocds=CONTACT_GATE),
    _f("is_featured", html=EDITORIAL, pdf=EDITORIAL, api=S("is_featured"), csv=EDITORIAL,
       json=EDITORIAL, decp=EDITORIAL, ocds=EDITORIAL),
]  # fmt: skip


def _stakeholder_fields(model, relation, api, prefix, json, decp_actor, decp_role, ocds_actor,
                        ocds_role):  # fmt: skip
    return [
        _f("actor", model=model, html=S("stakeholders"), pdf=S("stakeholders"),
           api=S(f"stakeholders.{api}[].actor"), csv=S(f"{prefix}_nom"), json=S(f"{json}[].nom"),
           decp=decp_actor, ocds=ocds_actor),
        _f("role", model=model, html=S("stakeholders"), pdf=S("stakeholders"),
           api=S(f"stakeholders.{api}[].role"), csv=S(f"{prefix}_role"),
           json=S(f"{json}[].role"), decp=decp_role, ocds=ocds_role),
        _f("presentation", model=model, html=S("stakeholders"), pdf=S("stakeholders"),
           api=S(f"stakeholders.{api}[].presentation"),
           csv=L("a paragraph per actor: too long for a cell, in the JSON"),
           json=S(f"{json}[].presentation"), import_=ADMIN_ONLY, decp=NO_DECP, ocds=NARRATIVE),
    ]  # fmt: skip


ROW_FIELDS = [
    _f("article", model="FicheReservedArticle", html=S("technical card: levers"),
       pdf=S("technical card: levers"), api=S("reserved_articles[].code"),
       csv=S("article_reserve"), json=S("leviers[].article"),
       decp=L("DECP says « Marché réservé », without the article"),
       ocds=S("tender.otherRequirements.reservedParticipation")),
    _f("lots", model="FicheReservedArticle", html=S("technical card: levers"),
       pdf=S("technical card: levers"), api=S("reserved_articles[].lots"),
       csv=S("article_reserve"), json=S("leviers[].lots"), decp=NO_DECP,
       ocds=S("tender.sustainability[].description")),
    _f("name", model="AwardCriterion", html=S("technical card: criteria"),
       pdf=S("technical card: criteria"), api=S("criteria[].name"), csv=S("criteres"),
       json=S("criteres[].nom"), decp=L("DECP has no award criteria"),
       ocds=S("tender.lots[].awardCriteria.criteria[].name")),
    _f("weight", model="AwardCriterion", html=S("technical card: criteria"),
       pdf=S("technical card: criteria"), api=S("criteria[].weight"), csv=S("criteres"),
       json=S("criteres[].ponderation"), decp=L("DECP has no award criteria"),
       ocds=S("tender.lots[].awardCriteria.criteria[].numbers")),
    *(
        _f(name, model="ContractMilestone", html=S("technical card: history"),
           pdf=S("technical card: history"), api=S(f"milestones[].{name}"), csv=S("historique"),
           json=S(f"historique[].{json}"), decp=L("DECP describes the current contract only"),
           ocds=L("earlier awards are other contracting processes (relatedProcesses, not "
                  "declared)"))
        for name, json in (("kind", "etape"), ("date", "date"), ("note", "precision_etape"))
    ),
    _f("cpv", model="FicheAdditionalCPV", html=S("technical card: CPV"),
       pdf=S("technical card: CPV"), api=S("cpv.additional"), csv=S("cpv_complementaires"),
       json=S("cpv_complementaires[].code"), decp=L("DECP has one CPV code"),
       ocds=S("tender.items[].additionalClassifications")),
    *_stakeholder_fields("FicheBuyer", "buyer_links", "buyers", "acheteur", "acheteurs",
                         S("acheteur.id"), L("DECP names one buyer, without a role"),
                         S("parties"), L("every buyer has the OCDS role « buyer »")),
    *_stakeholder_fields("FicheSupplier", "supplier_links", "suppliers", "titulaire",
                         "titulaires", S("titulaires[].titulaire.id"),
                         S("typeGroupementOperateurs"), S("awards[].suppliers"),
                         S("parties[].roles")),
    *_stakeholder_fields("FicheOperator", "operator_links", "operators", "operateur",
                         "operateurs", L("DECP has no operators"), L("DECP has no operators"),
                         S("parties"), S("parties[].details.rolesFiche")),
    *(
        _f(name, model="GroupementMember", html=S("technical card: groupement"),
           pdf=S("technical card: groupement"), api=S(f"groupement.unnamed_members[].{name}"),
           csv=S("groupement_membres_non_nommes"),
           json=S(f"groupement.membres_non_nommes[].{json}"),
           decp=L("DECP titulaires need a SIRET: unnamed members have none"),
           ocds=S("awards[].description"))
        for name, json in (("kind", "type.code"), ("count", "nombre"), ("note", "precision"))
    ),
    *(
        _f(name, model="ImpactIndicator", html=S("added value: indicators"),
           pdf=S("added value: indicators"), api=S(f"impact_indicators[].{api}"),
           csv=S("indicateurs"), json=S(f"indicateurs[].{json}"),
           import_=L("not part of the spreadsheet layout: written in the admin"),
           decp=NO_DECP, ocds=L("OCDS has no impact indicators"))
        for name, json, api in (
            ("indicator", "indicateur", "indicator"), ("kind", "precision", "kind"),
            ("value", "valeur", "value"), ("value_min", "minimum", "min"),
            ("value_max", "maximum", "max"), ("unit", "unite", "unit"),
            ("period", "periode", "period"), ("source", "source", "source"),
        )
    ),
]  # fmt: skip

#: Row model fields that are structure, not content: the row id, its fiche and its position
#: (every output keeps the rows in their order).
ROW_STRUCTURE = ("id", "fiche", "sort_order")

FIELDS = [*PAGE_FIELDS, *ROW_FIELDS]
BY_KEY = {(declaration.model, declaration.name): declaration for declaration in FIELDS}


def markdown_table():
    """The « where each field goes » table of docs/open-data.md (a test keeps them equal)."""
    names = {"html": "page", "pdf": "PDF", "api": "API", "csv": "CSV/XLSX", "json": "JSON",
             "import_": "import", "decp": "DECP", "ocds": "OCDS"}  # fmt: skip
    lines = [
        "| field | " + " | ".join(names.values()) + " |",
        "|---" * (len(names) + 1) + "|",
    ]
    for declaration in FIELDS:
        label = declaration.name
        if declaration.model != "FichePage":
            label = f"{declaration.model}.{label}"
        cells = []
        for output in names:
            value = declaration.output(output)
            cells.append(f"`{value.where}`" if isinstance(value, Shown) else "—")
        lines.append(f"| `{label}` | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
