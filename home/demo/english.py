"""The English version of part of the demo, as a translator would write it in wagtail-localize:
for each translated object, its French strings (from ``home.demo.data`` and the factories)
and their English text. Read by ``home.demo.translation``; the other fiches stay French-only.

Proper names (communes, organisations, units of the key figures) keep their French text and are
not listed here.
"""

from home import public_content

#: Strings every translated page may hold: block headings and titles written by the seed, the
#: factories' default texts, common award criteria and indicator units.
COMMON = {
    "Le contexte": "Background",
    "Le marché en chiffres": "The contract in figures",
    "Photo de démonstration": "Demonstration photo",
    "Conseil": "Tip",
    "Rencontrez les structures de l'ESS avant de publier votre consultation.": (
        "Meet the social economy organisations before you publish your call for tenders."
    ),
    "Cahier des charges (démonstration)": "Specifications (demonstration)",
    "Reportage vidéo (démonstration)": "Video report (demonstration)",
    "Un entretien de qualité et des emplois locaux.": "Good-quality service and local jobs.",
    "Une activité stable pour l'équipe en insertion.": (
        "Steady work for the team on its way back to employment."
    ),
    "Un sourcing préalable avec la CRESS.": "Market research with the CRESS beforehand.",
    "Des délais de paiement à surveiller.": "Payment times to keep an eye on.",
    "Allotissez pour ouvrir le marché aux petites structures.": (
        "Split the contract into lots so that small organisations can bid."
    ),
    "Valeur technique": "Technical merit",
    "Prix": "Price",
    "heures": "hours",
    "personnes": "people",
    "par an": "per year",
}

#: The site's own pages, by French slug: home page, catalogue, news page and content pages.
PAGES = {
    "accueil": {
        "Fiches REX — Marchés publics & ESS": "Fiches REX — Public procurement & social economy",
        "accueil": "home",
        "Des marchés publics attribués à des structures de l'économie sociale et solidaire, "
        "racontés par ceux qui les ont faits, pour que d'autres acheteurs s'en inspirent.": (
            "Public contracts awarded to social and solidarity economy organisations, told by "
            "the people who made them happen, so that other buyers can do the same."
        ),
    },
    "fiches": {
        "Les fiches REX": "Case studies",
        "fiches": "case-studies",
        "Tous les retours d'expérience, par territoire, secteur et levier.": (
            "Every case study, by region, sector and lever."
        ),
    },
    "actualites": {
        "Actualités": "News",
        "actualites": "news",
        "Les nouvelles du réseau et les prochains rendez-vous de l'achat public socialement et "
        "écologiquement responsable.": (
            "News from the network and upcoming events on socially and environmentally "
            "responsible public procurement."
        ),
    },
    "a-propos": {
        "À propos": "About",
        "a-propos": "about",
        "Les fiches REX sont une initiative d'ESS France et du réseau des CRESS.": (
            "The case studies are an initiative of ESS France and the network of regional "
            "chambers of the social economy (CRESS)."
        ),
        "Ce site publie des retours d'expérience de marchés publics attribués à des structures "
        "de l'économie sociale et solidaire, pour que d'autres acheteurs s'en inspirent.": (
            "This site publishes accounts of public contracts awarded to social and solidarity "
            "economy organisations, so that other buyers can follow their lead."
        ),
    },
    "methodologie": {
        "Méthodologie": "Methodology",
        "methodologie": "methodology",
        "Comment les fiches sont rédigées, vérifiées et publiées.": (
            "How the case studies are written, checked and published."
        ),
        "Chaque fiche est rédigée par une CRESS ou un réseau, relue par l'acheteur et la "
        "structure de l'ESS, puis validée par l'équipe nationale.": (
            "Each case study is written by a CRESS or a network, reviewed by the buyer and the "
            "social economy organisation, then approved by the national team."
        ),
    },
}

# The pages the migrations create (home.public_content holds their English text).
PAGES.update({page.slug[0]: public_content.strings(page) for page in public_content.PAGES})

#: Every theme: French slug → (English name, English slug).
THEMES = {
    "alimentation": ("Food", "food"),
    "proprete": ("Cleaning", "cleaning"),
    "espaces-verts": ("Green spaces", "green-spaces"),
    "btp": ("Construction", "construction"),
    "reemploi": ("Reuse", "reuse"),
    "mobilite": ("Mobility", "mobility"),
    "numerique": ("Digital", "digital"),
    "textile": ("Textiles", "textiles"),
    "services-a-la-personne": ("Personal services", "personal-services"),
}

#: An actor's short presentation, from its (unchanged) name.
ACTOR_DESCRIPTION = "{name} — demonstration profile."

#: The alternative text of a translated fiche's illustration, from its English title.
FICHE_IMAGE_ALT = "Illustration of the case study “{title}”"

#: The translated fiches, by French slug: their own texts, card, stakeholder roles, criteria,
#: indicators and body.
FICHES = {
    "legumes-bio-esat-colleges-vendee": {
        "Des légumes bio préparés par un ESAT pour les collèges de Vendée": (
            "Organic vegetables prepared by a sheltered workshop for the schools of Vendée"
        ),
        "legumes-bio-esat-colleges-vendee": "organic-vegetables-sheltered-workshop-vendee",
        "Depuis 2011, le Département de la Vendée achète à l'ADAPEI-ARIA des légumes bio lavés, "
        "épluchés et découpés pour 34 collèges : un marché réservé qui fait vivre une dizaine de "
        "travailleurs handicapés.": (
            "Since 2011 the Vendée departmental council has bought organic vegetables, washed, "
            "peeled and cut, from ADAPEI-ARIA for 34 secondary schools: a reserved contract that "
            "gives work to about ten disabled workers."
        ),
        "Renouvelé en 2015 pour six ans": "Renewed in 2015 for six years",
        "pour six ans, en marché réservé": "for six years, as a reserved contract",
        "Le Département gère la restauration des collèges publics et a porté la démarche "
        "d'approvisionnement local.": (
            "The council runs the canteens of the state secondary schools and led the move to "
            "local sourcing."
        ),
        "L'ESAT stocke, nettoie, découpe et conditionne les légumes avec une dizaine de "
        "travailleurs handicapés.": (
            "The sheltered workshop stores, cleans, cuts and packs the vegetables with about ten "
            "disabled workers."
        ),
        "La CRESS a documenté le cas et l'a fait connaître aux autres départements.": (
            "The CRESS documented the case and made it known to the other departments."
        ),
        "Performance environnementale": "Environmental performance",
        "Repas servis": "Meals served",
        "repas": "meals",
        "Travailleurs handicapés mobilisés": "Disabled workers employed",
        "Le Département voulait des légumes bio locaux dans les assiettes des collégiens, mais "
        "les cuisines n'avaient ni le temps ni le matériel pour les préparer.": (
            "The council wanted local organic vegetables on the pupils' plates, but the school "
            "kitchens had neither the time nor the equipment to prepare them."
        ),
        "Le marché réservé nous a donné la visibilité pour investir dans une légumerie.": (
            "The reserved contract gave us the certainty we needed to invest in a vegetable "
            "processing unit."
        ),
        "Responsable de la légumerie": "Head of the vegetable processing unit",
        "collèges livrés": "schools supplied",
    },
    "espaces-verts-rennes-siae": {
        "L'entretien des espaces verts de Rennes Métropole réservé aux SIAE": (
            "Rennes Métropole reserves the upkeep of its green spaces for work-integration "
            "enterprises"
        ),
        "espaces-verts-rennes-siae": "green-spaces-rennes-work-integration",
        "Un lot réservé aux structures d'insertion pour l'entretien de 40 hectares de parcs : "
        "un chantier d'insertion y forme chaque année quinze jardiniers.": (
            "A lot reserved for work-integration organisations to look after 40 hectares of "
            "parks: every year a work-integration project trains fifteen gardeners there."
        ),
        "Lot 2 — parcs et jardins du nord": "Lot 2 — northern parks and gardens",
        "1 an reconductible 3 fois": "1 year, renewable 3 times",
        "La direction des jardins a réservé un lot sur quatre.": (
            "The parks department reserved one lot out of four."
        ),
        "Le chantier d'insertion assure la tonte, la taille et le désherbage sans pesticides.": (
            "The work-integration project mows, prunes and weeds without pesticides."
        ),
        "La CRESS a identifié les SIAE du territoire capables de répondre.": (
            "The CRESS found the local work-integration enterprises able to bid."
        ),
        "Gestion écologique": "Ecological management",
        "Heures d'insertion réalisées": "Work-integration hours completed",
        "Bilan du chantier d'insertion": "Work-integration project report",
        "Sorties vers l'emploi durable": "Moves into lasting employment",
        "La métropole souhaitait concilier gestion différenciée des parcs et parcours "
        "d'insertion.": (
            "The metropolitan authority wanted to combine ecological park management with "
            "pathways back into work."
        ),
        "Les équipes sont devenues de vrais jardiniers, reconnus par les habitants.": (
            "The teams have become real gardeners, and the residents know them."
        ),
        "Directeur des jardins": "Head of parks",
        "de parcs entretenus": "of parks maintained",
        "salariés en insertion": "employees on work-integration contracts",
    },
    "nettoyage-hopital-clause-insertion-muret": {
        "Nettoyage d'un hôpital avec clause sociale et critère d'insertion": (
            "Hospital cleaning with a social clause and a work-integration criterion"
        ),
        "nettoyage-hopital-clause-insertion-muret": "hospital-cleaning-social-clause-muret",
        "Le centre hospitalier de Muret combine une clause d'insertion et un critère de "
        "performance sociale pour le nettoyage de ses locaux.": (
            "Muret hospital combines a work-integration clause with a social performance "
            "criterion for the cleaning of its premises."
        ),
        "Le service achats du GHT a rédigé la clause avec le facilitateur.": (
            "The purchasing department of the hospital group drafted the clause with the "
            "facilitator."
        ),
        "L'entreprise d'insertion emploie huit agents en parcours sur le site.": (
            "The work-integration enterprise employs eight staff on integration pathways on site."
        ),
        "Le facilitateur calcule les heures, oriente les candidats et suit l'exécution de la "
        "clause.": (
            "The facilitator works out the hours, refers candidates and monitors how the clause "
            "is carried out."
        ),
        "Performance en matière d'insertion": "Work-integration performance",
        "Heures d'insertion réalisées": "Work-integration hours completed",
        "L'hôpital voulait mesurer l'effort d'insertion des candidats, pas seulement l'imposer.": (
            "The hospital wanted to measure the bidders' work-integration effort, not just "
            "require it."
        ),
        "Le critère d'insertion a fait bouger toutes les offres, pas seulement celle de l'ESS.": (
            "The work-integration criterion changed every bid, not just the social economy one."
        ),
        "Acheteuse": "Buyer",
        "agents en insertion": "staff on integration pathways",
        "de la note sur l'insertion": "of the score on work integration",
    },
    "ordinateurs-reconditionnes-ecoles": {
        "Des ordinateurs reconditionnés par une entreprise adaptée pour les écoles": (
            "Computers refurbished by a disability-friendly enterprise for primary schools"
        ),
        "ordinateurs-reconditionnes-ecoles": "refurbished-computers-schools",
        "Une communauté de communes équipe ses écoles en matériel reconditionné, avec un critère "
        "environnemental et une clause d'insertion.": (
            "A group of rural municipalities equips its schools with refurbished computers, with "
            "an environmental criterion and a work-integration clause."
        ),
        "La communauté de communes équipe 18 écoles.": (
            "The group of municipalities equips 18 schools."
        ),
        "L'entreprise adaptée collecte, reconditionne et garantit les postes.": (
            "The enterprise collects, refurbishes and guarantees the computers."
        ),
        "Impact environnemental": "Environmental impact",
        "Ordinateurs reconditionnés livrés": "Refurbished computers delivered",
        "postes": "computers",
        "Le marché a été alloti pour que les petites structures puissent répondre.": (
            "The contract was split into lots so that small organisations could bid."
        ),
        "Les postes reconditionnés tiennent aussi bien que les neufs.": (
            "The refurbished computers last as well as new ones."
        ),
        "Responsable informatique": "IT manager",
        "postes livrés": "computers delivered",
        "écoles équipées": "schools equipped",
        "élèves équipés": "pupils equipped",
        "Machines collectées": "Machines collected",
        "machines": "machines",
        "Élèves équipés": "Pupils equipped",
        "élèves": "pupils",
    },
}

#: The translated news: two articles and one event, by French slug.
NEWS = {
    "premieres-fiches-rex": {
        "Les premières fiches REX sont en ligne": "The first case studies are online",
        "premieres-fiches-rex": "first-case-studies",
        "Le réseau ESS France et les CRESS publient leurs premiers retours d'expérience de "
        "marchés publics remportés par des structures de l'économie sociale et solidaire.": (
            "ESS France and the CRESS network publish their first case studies of public "
            "contracts won by social and solidarity economy organisations."
        ),
        "Chaque fiche raconte un marché réel : le besoin de l'acheteur, la procédure, les "
        "leviers sociaux et environnementaux utilisés et ce que cela a changé.": (
            "Each case study tells the story of a real contract: what the buyer needed, the "
            "procedure, the social and environmental levers used and what difference they made."
        ),
    },
    "marches-reserves-mode-emploi": {
        "Marchés réservés : le mode d'emploi en quatre articles": (
            "Reserved contracts: a user's guide in four articles"
        ),
        "marches-reserves-mode-emploi": "reserved-contracts-guide",
        "Entreprises adaptées, ESAT, SIAE, entreprises de l'ESS : qui peut répondre à un marché "
        "réservé, et selon quel article du code de la commande publique ?": (
            "Disability-friendly enterprises, sheltered workshops, work-integration and social "
            "economy enterprises: who may bid for a reserved contract, and under which article "
            "of the public procurement code?"
        ),
        "Les articles L2113-12 à L2113-15 permettent de réserver un marché ou un lot. Les fiches "
        "du catalogue montrent comment des acheteurs s'en sont servis.": (
            "Articles L2113-12 to L2113-15 allow a contract or a lot to be reserved. The case "
            "studies in the catalogue show how buyers have used them."
        ),
    },
    "webinaire-ouvrir-ses-marches-aux-siae": {
        "Webinaire : ouvrir ses marchés aux SIAE": (
            "Webinar: opening your contracts to work-integration enterprises"
        ),
        "webinaire-ouvrir-ses-marches-aux-siae": "webinar-work-integration-enterprises",
        "Une heure et demie pour comprendre les marchés réservés aux structures d'insertion, "
        "avec deux acheteurs qui les pratiquent.": (
            "An hour and a half to understand contracts reserved for work-integration "
            "organisations, with two buyers who use them."
        ),
        "Au programme : l'article L2113-13, l'allotissement et le sourcing.": (
            "On the agenda: article L2113-13, splitting into lots and market research."
        ),
    },
}
