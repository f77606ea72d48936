"""The demo content: realistic but fictional fiches REX (only the Vendée case is a real one,
from the network's published examples). Read by ``home.demo.seed_demo``."""

THEMES = [
    ("Alimentation", "alimentation"),
    ("Propreté", "proprete"),
    ("Espaces verts", "espaces-verts"),
    ("BTP", "btp"),
    ("Réemploi", "reemploi"),
    ("Mobilité", "mobilite"),
    ("Numérique", "numerique"),
    ("Textile", "textile"),
    ("Services à la personne", "services-a-la-personne"),
]

# key: (name, buyer_type, commune, department); « non_renseigne » when the sources do not say it.
BUYERS = {
    "vendee": ("Département de la Vendée", "departement", "La Roche-sur-Yon", "85"),
    "rennes": ("Rennes Métropole", "epci", "Rennes", "35"),
    "muret": ("Centre hospitalier de Muret", "hopital", "Muret", "31"),
    "lille": ("Ville de Marcq-les-Prés", "commune", "Marcq-les-Prés", "59"),
    "seine-est": ("Établissement public territorial Seine-Est", "epci", "Montreuil", "93"),
    "rhone": ("Ville de Beaulieu-sur-Rhône", "commune", "Beaulieu-sur-Rhône", "69"),
    "habitat-alsace": ("Habitat Alsace Nord", "bailleur_social", "Haguenau", "67"),
    "saint-medard": (
        "Ville de Saint-Médard-des-Landes",
        "commune",
        "Saint-Médard-des-Landes",
        "33",
    ),
    "seine-maritime": ("Département de Seine-Maritime", "departement", "Rouen", "76"),
    "prefecture-13": ("Préfecture des Bouches-du-Rhône", "etat", "Marseille", "13"),
    "val-de-cher": ("Communauté de communes du Val de Cher", "epci", "Montrichard", "41"),
    "finistere": ("Syndicat mixte des ports du Finistère", "syndicat", "Quimper", "29"),
    "herault": ("Communauté d'agglomération de l'Hérault-Méditerranée", "epci", "Agde", "34"),
    "loire-velo": ("Ville de Rezé-sur-Loire", "commune", "Rezé-sur-Loire", "44"),
    "anjou-ehpad": ("Groupement des EHPAD publics d'Anjou", "hopital", "Angers", "49"),
    "cojl": (
        "Comité d'organisation des Jeux de la Loire",
        "comite_organisation",
        "Nantes",
        "44",
    ),
    "festival-rives": (
        "Comité d'organisation du festival des Deux Rives",
        "non_renseigne",
        "Strasbourg",
        "67",
    ),
}

# key: (name, family, inclusion status, ESUS (oui, non, non_renseigne), commune, department)
SUPPLIERS = {
    "adapei": (
        "ADAPEI-ARIA de Vendée",
        "association",
        "esat",
        "non_renseigne",
        "La Roche-sur-Yon",
        "85",
    ),
    "jardins": ("Les Jardins de la Vilaine", "association", "aci", "oui", "Rennes", "35"),
    "net-garonne": ("Net'Insertion Garonne", "entreprise_ess", "ei", "oui", "Toulouse", "31"),
    "trame": ("Atelier Trame", "association", "", "oui", "Loos", "59"),
    "reemploi93": ("SCIC Réemploi 93", "cooperative", "", "oui", "Montreuil", "93"),
    "parcours": ("Association Parcours Rhône", "association", "", "oui", "Lyon", "69"),
    "batir": ("Bâtir Ensemble Alsace", "entreprise_ess", "ei", "oui", "Strasbourg", "67"),
    "geiq-btp": ("GEIQ BTP Alsace", "association", "geiq", "non", "Strasbourg", "67"),
    "cuisines": ("ESAT Les Cuisines de l'Estuaire", "association", "esat", "non", "Blaye", "33"),
    "mobiladapt": ("Mobil'Adapt Normandie", "entreprise_ess", "ea", "non", "Rouen", "76"),
    "conciergerie": (
        "Conciergerie solidaire de Provence",
        "cooperative",
        "",
        "oui",
        "Marseille",
        "13",
    ),
    "ordi": ("Ordi'Solidaire", "entreprise_ess", "ea", "oui", "Tours", "37"),
    "cae-ouest": ("Coopérative Ouest Créations", "cooperative", "", "non", "Brest", "29"),
    "debrouss": ("Chantier Garrigues et Sentiers", "association", "aci", "oui", "Béziers", "34"),
    "roue-libre": ("Atelier Roue Libre", "association", "aci", "oui", "Nantes", "44"),
    "esat-anjou": ("ESAT Les Laveries de l'Anjou", "association", "esat", "non", "Angers", "49"),
    "ensemble-loire": ("Ensemble Inclusion Loire", "entreprise_ess", "ei", "oui", "Nantes", "44"),
}

# key: (name, operator_type, commune, department)
OPERATORS = {
    "ess-france": ("ESS France", "reseau_national", "Paris", "75"),
    "cress-pdl": ("CRESS Pays de la Loire", "cress", "Nantes", "44"),
    "cress-bzh": ("CRESS Bretagne", "cress", "Rennes", "35"),
    "cress-occ": ("CRESS Occitanie", "cress", "Toulouse", "31"),
    "cress-idf": ("CRESS Île-de-France", "cress", "Paris", "75"),
    "mde-sud31": ("Maison de l'emploi du Sud toulousain", "facilitateur", "Muret", "31"),
    "plie-lille": ("PLIE de la métropole lilloise", "facilitateur", "Lille", "59"),
    "ddets-67": ("DDETS du Bas-Rhin", "dreets_ddets", "Strasbourg", "67"),
    "reseau-achats-na": (
        "Réseau des acheteurs responsables de Nouvelle-Aquitaine",
        "reseau_achats",
        "Bordeaux",
        "33",
    ),
    "handi-reseau": ("Réseau Handicap & Achats Normandie", "reseau_iae_handicap", "Caen", "14"),
}

#: The alternative text of a fiche's illustration.
FICHE_IMAGE_ALT = "Illustration de la fiche « {title} »"

# Each fiche: its card, stakeholders (key, role, presentation), criteria, indicators and story.
FICHES = [
    {
        "slug": "legumes-bio-esat-colleges-vendee",
        "title": "Des légumes bio préparés par un ESAT pour les collèges de Vendée",
        "chapo": "Depuis 2011, le Département de la Vendée achète à l'ADAPEI-ARIA des légumes "
        "bio lavés, épluchés et découpés pour 34 collèges : un marché réservé qui fait "
        "vivre une dizaine de travailleurs handicapés.",
        "themes": ["alimentation"],
        "author": "cress-pdl",
        "nature": "fournitures",
        "procedure": "appel_offres_ouvert",
        "technique": "accord_cadre",
        "execution_mode": "bons_de_commande",
        "reserved": True,
        "reserved_articles": ["L2113-12"],
        "environmental_criterion": True,
        "main_cpv": "15331100-8",
        "additional_cpvs": ["55321000-6"],
        "duration_months": 72,
        "duration_note": "Renouvelé en 2015 pour six ans",
        # « environ 105 000 € par an », as the sources say: never multiplied into a total.
        "amount_kind": "estime",
        "amount_period": "par_an",
        "amount_years": 6,
        "amount": 105000,
        # The sources give the years only: first awarded in 2011, renewed in 2015 for six years.
        "notification_date": "2015",
        "execution_start": "2015",
        "execution_end": "2021",
        "milestones": [
            ("premiere_attribution", "2011", ""),
            ("renouvellement", "2015", "pour six ans, en marché réservé"),
        ],
        "region": "52",
        "departments": ["85"],
        "commune": "La Roche-sur-Yon",
        "buyers": [
            (
                "vendee",
                "acheteur",
                "Le Département gère la restauration des collèges "
                "publics et a porté la démarche d'approvisionnement local.",
            )
        ],
        "suppliers": [
            (
                "adapei",
                "titulaire",
                "L'ESAT stocke, nettoie, découpe et conditionne "
                "les légumes avec une dizaine de travailleurs handicapés.",
            )
        ],
        "operators": [
            (
                "cress-pdl",
                "mise_en_relation",
                "La CRESS a documenté le cas et l'a fait connaître aux autres départements.",
            )
        ],
        "criteria": [("Valeur technique", 60), ("Prix", 30), ("Performance environnementale", 10)],
        "indicators": [
            ("Repas servis", ("environ", 1800000), "repas", "par an", "Département de la Vendée"),
            (
                "Travailleurs handicapés mobilisés",
                ("environ", 10),
                "personnes",
                "2015-2021",
                "ADAPEI-ARIA",
            ),
        ],
        "story": "Le Département voulait des légumes bio locaux dans les assiettes des "
        "collégiens, mais les cuisines n'avaient ni le temps ni le matériel pour les "
        "préparer.",
        "quote": (
            "Le marché réservé nous a donné la visibilité pour investir dans une légumerie.",
            "Responsable de la légumerie",
            "ADAPEI-ARIA de Vendée",
        ),
        "figures": [("34", "", "collèges livrés"), (("environ", "105000"), "€", "par an")],
        "featured": True,
    },
    {
        "slug": "espaces-verts-rennes-siae",
        "title": "L'entretien des espaces verts de Rennes Métropole réservé aux SIAE",
        "chapo": "Un lot réservé aux structures d'insertion pour l'entretien de 40 hectares de "
        "parcs : un chantier d'insertion y forme chaque année quinze jardiniers.",
        "themes": ["espaces-verts"],
        "author": "cress-bzh",
        "nature": "services",
        "procedure": "procedure_adaptee",
        "technique": "accord_cadre",
        "execution_mode": "bons_de_commande",
        "reserved": True,
        "reserved_articles": ["L2113-13"],
        "environmental_clause": True,
        "insertion_hours": 12000,
        "main_cpv": "77310000-6",
        "additional_cpvs": ["77211300-5"],
        "lots_count": 4,
        "lot_concerned": "Lot 2 — parcs et jardins du nord",
        "duration_months": 48,
        "duration_note": "1 an reconductible 3 fois",
        "amount_kind": "min_max",
        "amount_min": 80000,
        "amount_max": 240000,
        "notification_date": "2022-04-12",
        "region": "53",
        "departments": ["35"],
        "commune": "Rennes",
        "buyers": [("rennes", "acheteur", "La direction des jardins a réservé un lot sur quatre.")],
        "suppliers": [
            (
                "jardins",
                "titulaire",
                "Le chantier d'insertion assure la tonte, la "
                "taille et le désherbage sans pesticides.",
            )
        ],
        "operators": [
            (
                "cress-bzh",
                "accompagnement_acheteur",
                "La CRESS a identifié les SIAE du territoire capables de répondre.",
            )
        ],
        "criteria": [("Valeur technique", 50), ("Prix", 30), ("Gestion écologique", 20)],
        "indicators": [
            (
                "Heures d'insertion réalisées",
                12000,
                "heures",
                "par an",
                "Bilan du chantier d'insertion",
            ),
            ("Sorties vers l'emploi durable", 45, "%", "2022-2023", "Les Jardins de la Vilaine"),
        ],
        "story": "La métropole souhaitait concilier gestion différenciée des parcs et "
        "parcours d'insertion.",
        "quote": (
            "Les équipes sont devenues de vrais jardiniers, reconnus par les habitants.",
            "Directeur des jardins",
            "Rennes Métropole",
        ),
        "figures": [("40", "ha", "de parcs entretenus"), ("15", "", "salariés en insertion")],
        "featured": True,
    },
    {
        "slug": "nettoyage-hopital-clause-insertion-muret",
        "title": "Nettoyage d'un hôpital avec clause sociale et critère d'insertion",
        "chapo": "Le centre hospitalier de Muret combine une clause d'insertion et un critère "
        "de performance sociale pour le nettoyage de ses locaux.",
        "themes": ["proprete"],
        "author": "cress-occ",
        "nature": "services",
        "procedure": "appel_offres_ouvert",
        "social_clause": True,
        "social_criterion": True,
        "insertion_hours": 5200,
        "main_cpv": "90911200-8",
        "additional_cpvs": ["90910000-9"],
        "duration_months": 36,
        "amount_kind": "exact",
        "amount": 410000,
        "notification_date": "2021-01-18",
        "region": "76",
        "departments": ["31"],
        "commune": "Muret",
        "buyers": [
            (
                "muret",
                "acheteur",
                "Le service achats du GHT a rédigé la clause avec le facilitateur.",
            )
        ],
        "suppliers": [
            (
                "net-garonne",
                "titulaire",
                "L'entreprise d'insertion emploie huit agents en parcours sur le site.",
            )
        ],
        "operators": [
            (
                "mde-sud31",
                "facilitation",
                "Le facilitateur calcule les heures, oriente "
                "les candidats et suit l'exécution de la clause.",
            )
        ],
        "criteria": [
            ("Valeur technique", 50),
            ("Prix", 40),
            ("Performance en matière d'insertion", 10),
        ],
        "indicators": [
            (
                "Heures d'insertion réalisées",
                5200,
                "heures",
                "2021-2023",
                "Maison de l'emploi du Sud toulousain",
            )
        ],
        "story": "L'hôpital voulait mesurer l'effort d'insertion des candidats, pas seulement "
        "l'imposer.",
        "quote": (
            "Le critère d'insertion a fait bouger toutes les offres, pas seulement celle de l'ESS.",
            "Acheteuse",
            "Centre hospitalier de Muret",
        ),
        "figures": [("8", "", "agents en insertion"), ("10", "%", "de la note sur l'insertion")],
    },
    {
        "slug": "vetements-professionnels-detention",
        "title": "Des vêtements professionnels fabriqués par des personnes détenues",
        "chapo": "Une ville réserve la confection des tenues de ses agents à un atelier qui "
        "emploie des personnes détenues, en application de l'article L2113-13-1.",
        "themes": ["textile"],
        "author": "ess-france",
        "nature": "fournitures",
        "procedure": "procedure_adaptee",
        "reserved": True,
        "reserved_articles": ["L2113-13-1"],
        "main_cpv": "18110000-3",
        "duration_months": 24,
        "amount_kind": "exact",
        "amount": 58000,
        "notification_date": "2023-06-05",
        "region": "32",
        "departments": ["59"],
        "commune": "Marcq-les-Prés",
        "buyers": [("lille", "acheteur", "La ville équipe 300 agents techniques.")],
        "suppliers": [
            (
                "trame",
                "titulaire",
                "L'atelier coupe et coud en détention, avec un encadrement technique.",
            )
        ],
        "operators": [
            ("plie-lille", "suivi", "Le PLIE accompagne les sorties de détention vers l'emploi.")
        ],
        "criteria": [("Qualité des vêtements", 60), ("Prix", 40)],
        "indicators": [("Personnes détenues employées", 12, "personnes", "2023", "Atelier Trame")],
        "story": "La ville cherchait à donner du sens à un achat courant.",
        "quote": (
            "Ce travail m'a redonné un rythme et un métier.",
            "Salarié de l'atelier",
            "Atelier Trame",
        ),
        "figures": [("300", "", "agents équipés"), ("12", "", "personnes détenues employées")],
    },
    {
        "slug": "reemploi-mobilier-bureau-scic",
        "title": "Réemploi du mobilier de bureau par une SCIC, après un dialogue compétitif",
        "chapo": "Pour vider et réaménager ses bureaux sans rien jeter, un établissement public "
        "territorial a construit la solution avec une SCIC de réemploi.",
        "themes": ["reemploi"],
        "author": "cress-idf",
        "nature": "services",
        "procedure": "dialogue_competitif",
        "social_clause": True,
        "environmental_clause": True,
        "environmental_criterion": True,
        "insertion_hours": 2600,
        "main_cpv": "90511000-2",
        "duration_months": 30,
        "amount_kind": "estime",
        "amount": 350000,
        "notification_date": "2022-11-02",
        "region": "11",
        "departments": ["93"],
        "commune": "Montreuil",
        "buyers": [("seine-est", "acheteur", "L'établissement réaménage quatre sites.")],
        "suppliers": [
            ("reemploi93", "mandataire", "La SCIC pilote un groupement avec deux ressourceries.")
        ],
        "operators": [
            ("cress-idf", "accompagnement_ess", "La CRESS a aidé la SCIC à monter le groupement.")
        ],
        "criteria": [("Taux de réemploi", 40), ("Valeur technique", 30), ("Prix", 30)],
        "indicators": [
            ("Mobilier réemployé", 86, "tonnes", "2023", "SCIC Réemploi 93"),
            ("Taux de réemploi", 92, "%", "2023", "SCIC Réemploi 93"),
        ],
        "story": "Le dialogue compétitif a permis de définir ensemble ce que voulait dire "
        "« zéro déchet » pour un déménagement.",
        "quote": (
            "Nous avons appris à acheter un résultat, pas une benne.",
            "Directrice de l'environnement",
            "EPT Seine-Est",
        ),
        "figures": [("86", "t", "de mobilier réemployé"), ("92", "%", "de taux de réemploi")],
    },
    {
        "slug": "accompagnement-social-reserve-ess",
        "title": "Un accompagnement social réservé aux entreprises de l'ESS",
        "chapo": "Une ville réserve à l'ESS, sur le fondement de l'article L2113-15, "
        "l'accompagnement de personnes éloignées de l'emploi.",
        "themes": ["services-a-la-personne"],
        "author": "ess-france",
        "nature": "services",
        "procedure": "procedure_negociee",
        "reserved": True,
        "reserved_articles": ["L2113-15"],
        "social_criterion": True,
        "main_cpv": "85312000-9",
        "duration_months": 36,
        "amount_kind": "exact",
        "amount": 270000,
        "notification_date": "2023-02-20",
        "region": "84",
        "departments": ["69"],
        "commune": "Beaulieu-sur-Rhône",
        "buyers": [("rhone", "acheteur", "Le CCAS porte le marché pour la ville.")],
        "suppliers": [("parcours", "titulaire", "L'association suit 120 personnes par an.")],
        "operators": [],
        "criteria": [("Qualité de l'accompagnement", 70), ("Prix", 30)],
        "indicators": [
            ("Personnes accompagnées", 120, "personnes", "par an", "Association Parcours Rhône")
        ],
        "story": "La négociation a porté sur la méthode d'accompagnement et les indicateurs.",
        "quote": (
            "La négociation nous a permis d'ajuster le suivi aux besoins réels.",
            "Directeur",
            "Association Parcours Rhône",
        ),
        "figures": [("120", "", "personnes accompagnées par an")],
    },
    {
        "slug": "renovation-logements-sociaux-clause-insertion",
        "title": "Rénovation de logements sociaux : 7 000 heures d'insertion sur le chantier",
        "chapo": "Un bailleur social impose une clause d'insertion sur ses travaux de "
        "réhabilitation ; une entreprise d'insertion et un GEIQ se partagent le lot "
        "peinture.",
        "themes": ["btp"],
        "author": "ess-france",
        "nature": "travaux",
        "procedure": "appel_offres_restreint",
        "social_clause": True,
        "environmental_clause": True,
        "insertion_hours": 7000,
        "main_cpv": "45453000-7",
        "lots_count": 6,
        "lot_concerned": "Lot 2 — peinture et revêtements",
        "duration_months": 18,
        "amount_kind": "exact",
        "amount": 1250000,
        "notification_date": "2022-09-12",
        "region": "44",
        "departments": ["67"],
        "commune": "Haguenau",
        "buyers": [("habitat-alsace", "acheteur", "Le bailleur réhabilite 220 logements.")],
        "suppliers": [
            ("batir", "cotraitant_solidaire", "L'entreprise d'insertion réalise la peinture."),
            (
                "geiq-btp",
                "sous_traitant",
                "Le GEIQ met à disposition des salariés en contrat de professionnalisation.",
            ),
        ],
        "operators": [("ddets-67", "suivi", "La DDETS a suivi les heures réalisées.")],
        "criteria": [("Valeur technique", 60), ("Prix", 40)],
        "indicators": [
            (
                "Heures d'insertion réalisées",
                7000,
                "heures",
                "2022-2023",
                "Facilitateur du bailleur",
            )
        ],
        "story": "Les travaux en site occupé demandaient une attention particulière aux "
        "locataires.",
        "quote": (
            "Le chantier a servi de tremplin : trois salariés ont été embauchés en CDI.",
            "Conducteur de travaux",
            "Bâtir Ensemble Alsace",
        ),
        "figures": [("220", "", "logements rénovés"), ("7000", "h", "d'insertion")],
    },
    {
        "slug": "restauration-scolaire-esat-gironde",
        "title": "Restauration scolaire : les repas d'une commune préparés par un ESAT",
        "chapo": "Une commune girondine réserve sa restauration scolaire à un ESAT et note la "
        "part de produits locaux et de saison.",
        "themes": ["alimentation"],
        "author": "ess-france",
        "nature": "services",
        "procedure": "procedure_adaptee",
        "reserved": True,
        "reserved_articles": ["L2113-12"],
        "environmental_criterion": True,
        "main_cpv": "55524000-9",
        "duration_months": 48,
        "amount_kind": "estime",
        "amount": 480000,
        "notification_date": "2024-07-01",
        "region": "75",
        "departments": ["33"],
        "commune": "Saint-Médard-des-Landes",
        "buyers": [("saint-medard", "acheteur", "La commune sert 600 repas par jour.")],
        "suppliers": [("cuisines", "titulaire", "L'ESAT cuisine et livre en liaison chaude.")],
        "operators": [
            (
                "reseau-achats-na",
                "accompagnement_acheteur",
                "Le réseau a relu le cahier des charges.",
            )
        ],
        "criteria": [("Qualité des repas", 40), ("Produits locaux et de saison", 20), ("Prix", 40)],
        "indicators": [
            ("Repas servis", 600, "repas", "par jour", "Commune"),
            ("Produits locaux", 45, "%", "2024", "ESAT Les Cuisines de l'Estuaire"),
        ],
        "story": "La commune voulait sortir d'un contrat avec un grand groupe de restauration.",
        "quote": (
            "Les enfants connaissent les cuisiniers, et ça change tout.",
            "Adjointe aux affaires scolaires",
            "Ville de Saint-Médard-des-Landes",
        ),
        "figures": [("600", "", "repas par jour"), ("45", "%", "de produits locaux")],
    },
    {
        "slug": "transport-adapte-eleves-entreprise-adaptee",
        "title": "Transport adapté d'élèves : un critère social ouvre la porte à une "
        "entreprise adaptée",
        "chapo": "Le Département de Seine-Maritime valorise l'emploi de personnes handicapées "
        "dans le transport d'élèves en situation de handicap.",
        "themes": ["mobilite"],
        "author": "ess-france",
        "nature": "services",
        "procedure": "appel_offres_ouvert",
        "social_criterion": True,
        "main_cpv": "60130000-8",
        "lots_count": 12,
        "lot_concerned": "Lot 7 — secteur de Rouen nord",
        "duration_months": 48,
        "amount_kind": "min_max",
        "amount_min": 150000,
        "amount_max": 600000,
        "notification_date": "2021-08-30",
        "region": "28",
        "departments": ["76"],
        "commune": "Rouen",
        "buyers": [
            ("seine-maritime", "acheteur", "Le Département organise le transport de 2 000 élèves.")
        ],
        "suppliers": [
            ("mobiladapt", "titulaire", "L'entreprise adaptée emploie 70 % de salariés handicapés.")
        ],
        "operators": [
            (
                "handi-reseau",
                "mise_en_relation",
                "Le réseau a présenté l'entreprise adaptée à l'acheteur.",
            )
        ],
        "criteria": [
            ("Valeur technique", 45),
            ("Prix", 45),
            ("Insertion de personnes handicapées", 10),
        ],
        "indicators": [("Salariés handicapés", 70, "%", "2022", "Mobil'Adapt Normandie")],
        "story": "Le critère social a été pesé avec soin pour rester proportionné.",
        "quote": (
            "Nos chauffeurs comprennent ce que vivent les familles.",
            "Gérante",
            "Mobil'Adapt Normandie",
        ),
        "figures": [("38", "", "circuits quotidiens")],
    },
    {
        "slug": "conciergerie-solidaire-agents-prefecture",
        "title": "Une conciergerie solidaire pour les agents d'une préfecture",
        "chapo": "Un marché de faible montant passé sans publicité permet à une SCIC de "
        "proposer des services aux agents, avec des salariés en insertion.",
        "themes": ["services-a-la-personne"],
        "author": "ess-france",
        "nature": "services",
        "procedure": "sans_publicite",
        "social_clause": True,
        "insertion_hours": 900,
        "main_cpv": "98341130-5",
        "duration_months": 12,
        "amount_kind": "exact",
        "amount": 38000,
        "notification_date": "2024-01-15",
        "region": "93",
        "departments": ["13"],
        "commune": "Marseille",
        "buyers": [("prefecture-13", "acheteur", "Le service d'action sociale porte le projet.")],
        "suppliers": [
            ("conciergerie", "titulaire", "La SCIC emploie trois personnes en parcours.")
        ],
        "operators": [],
        "criteria": [],
        "indicators": [("Demandes traitées", 1400, "services", "2024", "SCIC")],
        "story": "Sous le seuil de 40 000 € HT, l'acheteur a pu choisir directement une offre "
        "pertinente.",
        "quote": (
            "Un service utile aux agents et un vrai tremplin pour nos salariés.",
            "Co-gérant",
            "Conciergerie solidaire de Provence",
        ),
        "figures": [("1400", "", "services rendus")],
    },
    {
        "slug": "ordinateurs-reconditionnes-ecoles",
        "title": "Des ordinateurs reconditionnés par une entreprise adaptée pour les écoles",
        "chapo": "Une communauté de communes équipe ses écoles en matériel reconditionné, avec "
        "un critère environnemental et une clause d'insertion.",
        "themes": ["numerique", "reemploi"],
        "author": "ess-france",
        "nature": "fournitures",
        "procedure": "appel_offres_ouvert",
        "technique": "accord_cadre",
        "execution_mode": "marches_subsequents",
        "social_clause": True,
        "environmental_criterion": True,
        "insertion_hours": 1500,
        "main_cpv": "30200000-1",
        "duration_months": 36,
        "amount_kind": "min_max",
        "amount_min": 20000,
        "amount_max": 90000,
        "notification_date": "2023-10-09",
        "region": "24",
        "departments": ["41"],
        "commune": "Montrichard",
        "buyers": [("val-de-cher", "acheteur", "La communauté de communes équipe 18 écoles.")],
        "suppliers": [
            (
                "ordi",
                "titulaire",
                "L'entreprise adaptée collecte, reconditionne et garantit les postes.",
            )
        ],
        "operators": [],
        "criteria": [("Valeur technique", 40), ("Impact environnemental", 25), ("Prix", 35)],
        "indicators": [
            ("Ordinateurs reconditionnés livrés", 420, "postes", "2023-2024", "Ordi'Solidaire"),
            ("Machines collectées", ("plus_de", 400), "machines", "par an", "Ordi'Solidaire"),
            (
                "Élèves équipés",
                ("fourchette", 350, 500),
                "élèves",
                "2023-2024",
                "CC du Val de Cher",
            ),
        ],
        "story": "Le marché a été alloti pour que les petites structures puissent répondre.",
        "quote": (
            "Les postes reconditionnés tiennent aussi bien que les neufs.",
            "Responsable informatique",
            "CC du Val de Cher",
        ),
        "figures": [
            ("420", "", "postes livrés"),
            (("fourchette", "350", "500"), "", "élèves équipés"),
        ],
    },
    {
        "slug": "creation-graphique-cooperative-activite-emploi",
        "title": "Création graphique : une coopérative d'activité et d'emploi remporte le marché",
        "chapo": "Un syndicat mixte intègre un critère social dans un marché de communication "
        "et le remporte une CAE bretonne.",
        "themes": ["numerique"],
        "author": "cress-bzh",
        "nature": "services",
        "procedure": "procedure_adaptee",
        "social_criterion": True,
        "main_cpv": "79822500-7",
        "duration_months": 24,
        "amount_kind": "exact",
        "amount": 42000,
        "notification_date": "2024-03-04",
        "region": "53",
        "departments": ["29"],
        "commune": "Quimper",
        "buyers": [
            ("finistere", "acheteur", "Le syndicat renouvelle la signalétique de ses ports.")
        ],
        "suppliers": [
            (
                "cae-ouest",
                "titulaire",
                "Trois entrepreneurs-salariés de la CAE travaillent ensemble.",
            )
        ],
        "operators": [
            ("cress-bzh", "mise_en_relation", "La CRESS a fait connaître la CAE à l'acheteur.")
        ],
        "criteria": [("Valeur créative", 50), ("Prix", 35), ("Engagements sociaux", 15)],
        "indicators": [("Entrepreneurs-salariés mobilisés", 3, "personnes", "2024", "CAE")],
        "story": "Le syndicat voulait un prestataire local pour un travail de long terme.",
        "quote": (
            "La CAE nous a apporté trois talents pour le prix d'un prestataire.",
            "Chargée de communication",
            "Syndicat mixte des ports du Finistère",
        ),
        "figures": [("12", "", "ports équipés")],
    },
    {
        "slug": "debroussaillage-chantier-insertion-herault",
        "title": "Débroussaillage contre les incendies : un chantier d'insertion titulaire",
        "chapo": "Une agglomération confie l'entretien de ses obligations légales de "
        "débroussaillement à un chantier d'insertion, avec un lot réservé.",
        "themes": ["espaces-verts"],
        "author": "cress-occ",
        "nature": "services",
        "procedure": "procedure_adaptee",
        "reserved": True,
        "reserved_articles": ["L2113-13"],
        "environmental_clause": True,
        "insertion_hours": 8000,
        "main_cpv": "77211300-5",
        "duration_months": 36,
        "amount_kind": "exact",
        "amount": 190000,
        "notification_date": "2022-05-16",
        "region": "76",
        "departments": ["34"],
        "commune": "Agde",
        "buyers": [("herault", "acheteur", "L'agglomération protège 300 km de pistes.")],
        "suppliers": [
            ("debrouss", "titulaire", "Le chantier forme ses salariés aux métiers de la forêt.")
        ],
        "operators": [
            ("cress-occ", "accompagnement_ess", "La CRESS a aidé le chantier à répondre.")
        ],
        "criteria": [("Valeur technique", 55), ("Prix", 45)],
        "indicators": [("Heures d'insertion", 8000, "heures", "par an", "Chantier")],
        "story": "Le risque incendie impose des interventions rapides et bien planifiées.",
        "quote": (
            "Nos équipes connaissent chaque sentier.",
            "Encadrant technique",
            "Chantier Garrigues et Sentiers",
        ),
        "figures": [("300", "km", "de pistes débroussaillées")],
    },
    {
        "slug": "velos-de-service-atelier-insertion",
        "title": "Les vélos de service d'une ville entretenus par un atelier d'insertion",
        "chapo": "Une commune confie l'entretien et la réparation de ses 180 vélos de service à "
        "un atelier chantier d'insertion, dans un marché réservé.",
        "themes": ["mobilite", "reemploi"],
        "author": "cress-pdl",
        "nature": "services",
        "procedure": "procedure_adaptee",
        "reserved": True,
        "reserved_articles": ["L2113-13"],
        "insertion_hours": 2600,
        "main_cpv": "50000000-5",
        "duration_months": 24,
        "amount_kind": "exact",
        "amount": 64000,
        "notification_date": "2023-03-20",
        "region": "52",
        "departments": ["44"],
        "commune": "Rezé-sur-Loire",
        "buyers": [("loire-velo", "acheteur", "La ville prête des vélos à ses agents.")],
        "suppliers": [
            ("roue-libre", "titulaire", "L'atelier forme ses salariés à la mécanique cycle.")
        ],
        "operators": [("cress-pdl", "accompagnement_ess", "La CRESS a présenté l'atelier.")],
        "criteria": [("Valeur technique", 60), ("Prix", 40)],
        "indicators": [("Vélos entretenus", 180, "vélos", "par an", "Atelier Roue Libre")],
        "story": "Les vélos sont révisés chaque trimestre et réparés sous 48 heures ; les pièces "
        "usées sont remplacées par des pièces de réemploi quand c'est possible.",
        "quote": (
            "Nos salariés apprennent un métier qui recrute.",
            "Encadrante technique",
            "Atelier Roue Libre",
        ),
        "figures": [("180", "", "vélos entretenus")],
    },
    {
        "slug": "linge-ehpad-laveries-esat",
        "title": "Le linge de trois EHPAD lavé dans les laveries d'un ESAT",
        "chapo": "Un groupement d'EHPAD publics réserve son marché de blanchisserie aux "
        "établissements et services d'aide par le travail.",
        "themes": ["proprete", "services-a-la-personne"],
        "author": "cress-pdl",
        "nature": "services",
        "procedure": "appel_offres_ouvert",
        "reserved": True,
        "reserved_articles": ["L2113-12"],
        "main_cpv": "98310000-9",
        "duration_months": 48,
        "amount_kind": "exact",
        "amount": 420000,
        "notification_date": "2022-09-01",
        "region": "52",
        "departments": ["49"],
        "commune": "Angers",
        "buyers": [("anjou-ehpad", "acheteur", "Le groupement achète pour trois EHPAD.")],
        "suppliers": [
            ("esat-anjou", "titulaire", "Les laveries de l'ESAT emploient 40 travailleurs.")
        ],
        "operators": [],
        "criteria": [("Valeur technique", 50), ("Délais", 10), ("Prix", 40)],
        "indicators": [("Linge traité", 95, "tonnes", "par an", "ESAT")],
        "story": "Le linge est collecté chaque jour, lavé, repassé et rendu marqué au nom des "
        "résidents.",
        "quote": (
            "Le linge revient à l'heure, et les résidents retrouvent leurs vêtements.",
            "Directrice",
            "Groupement des EHPAD publics d'Anjou",
        ),
        "figures": [("95", "t", "de linge par an"), ("40", "", "travailleurs d'ESAT")],
    },
    {
        "slug": "jeux-de-la-loire-groupement-esat-siae",
        "title": "Les Jeux de la Loire servis par un groupement de 9 ESAT et SIAE",
        "chapo": "Le comité d'organisation des Jeux de la Loire réserve la logistique des sites "
        "aux ESAT et aux SIAE : un groupement solidaire de neuf structures, mené par une "
        "entreprise d'insertion, prépare les repas et nettoie les sites.",
        "themes": ["alimentation", "proprete"],
        "author": "cress-pdl",
        "nature": "services",
        "procedure": "appel_offres_ouvert",
        "reserved": True,
        "reserved_articles": [
            ("L2113-12", "lot 1 — préparation des repas"),
            ("L2113-13", "lot 2 — nettoyage des sites"),
        ],
        "social_clause": True,
        "social_clause_lots": "lot 3 — accueil et billetterie",
        "groupement": "solidaire",
        "unnamed_members": [("esat", 3, ""), ("siae", 5, "de Loire-Atlantique")],
        "main_cpv": "55321000-6",
        "additional_cpvs": ["90910000-9"],
        "duration_months": 4,
        "duration_note": "le temps des Jeux et de leur préparation",
        "amount_kind": "estime",
        "amount": 850000,
        "notification_date": "2024-03-04",
        "region": "52",
        "departments": ["44"],
        "commune": "Nantes",
        "buyers": [
            (
                "cojl",
                "acheteur",
                "Association soumise au code de la commande publique, le comité achète "
                "pour les douze sites des Jeux.",
            )
        ],
        "suppliers": [
            (
                "ensemble-loire",
                "mandataire",
                "L'entreprise d'insertion coordonne les huit autres structures du groupement.",
            )
        ],
        "operators": [
            ("cress-pdl", "mise_en_relation", "La CRESS a réuni les structures du groupement.")
        ],
        "criteria": [
            ("Valeur technique", 50),
            ("Performance en matière d'insertion", 15),
            ("Prix", 35),
        ],
        "indicators": [("Repas préparés", 60000, "repas", "pendant les Jeux", "Mandataire")],
        "story": "Aucune structure ne pouvait seule servir douze sites pendant trois semaines : "
        "les sources du comité nomment le mandataire et comptent les autres membres, "
        "trois ESAT et cinq SIAE du département.",
        "quote": (
            "Le groupement nous a permis de répondre à un marché que personne ne pouvait "
            "prendre seul.",
            "Directeur",
            "Ensemble Inclusion Loire",
        ),
        "figures": [("9", "", "structures en groupement"), ("12", "", "sites servis")],
    },
    {
        # A case recorded as the press gave it: no procedure, no buyer type, no criteria, a
        # month for the award and an unnamed speaker (docs/editorial.md, « Non renseigné »).
        "slug": "gobelets-reutilisables-festival-deux-rives",
        "title": "Des gobelets réutilisables lavés par une entreprise adaptée pour un festival",
        "chapo": "Le comité d'organisation d'un festival strasbourgeois confie le lavage de "
        "ses gobelets réutilisables à une entreprise adaptée : la presse locale ne dit ni la "
        "procédure ni les critères.",
        "themes": ["reemploi"],
        "author": "ess-france",
        "nature": "services",
        "procedure": "non_renseigne",
        "technique": "non_renseigne",
        "execution_mode": "non_renseigne",
        "award_criteria_status": "non_renseigne",
        "main_cpv": "98310000-9",
        "duration_months": None,
        "amount_kind": "",
        "notification_date": "2023-07",
        "execution_start": "2023-08",
        "region": "44",
        "departments": ["67"],
        "commune": "Strasbourg",
        "buyers": [("festival-rives", "acheteur", "Le comité organise le festival chaque été.")],
        "suppliers": [("batir", "titulaire", "L'équipe lave et reconditionne les gobelets.")],
        "operators": [],
        "criteria": [],
        "indicators": [("Gobelets lavés", 180000, "gobelets", "2023", "Presse locale")],
        "story": "Pendant quatre jours, les gobelets rendus au bar sont collectés, lavés et "
        "remis en circulation le lendemain.",
        "quote": (
            "Sans cette équipe, nous serions revenus aux gobelets jetables.",
            "",
            "Membre du comité d'organisation",
        ),
        "figures": [("180000", "", "gobelets lavés")],
    },
]

CONTENT_PAGES = [
    (
        "a-propos",
        "À propos",
        "Les fiches REX sont une initiative d'ESS France et du réseau des CRESS.",
        "Ce site publie des retours d'expérience de marchés publics attribués à des structures de "
        "l'économie sociale et solidaire, pour que d'autres acheteurs s'en inspirent.",
    ),
    (
        "methodologie",
        "Méthodologie",
        "Comment les fiches sont rédigées, vérifiées et publiées.",
        "Chaque fiche est rédigée par une CRESS ou un réseau, relue par l'acheteur et la structure "
        "de l'ESS, puis validée par l'équipe nationale.",
    ),
]
# The legal notice, personal-data page, accessibility statement and site map are created by
# the migrations (home.public_content), not by the demo.

# The demo news (home.demo.seed_news): dated from the day of seeding; "fiches" is the number
# of catalogue fiches each article links to.
ARTICLES = [
    {
        "slug": "premieres-fiches-rex",
        "title": "Les premières fiches REX sont en ligne",
        "days_ago": 5,
        "chapo": "Le réseau ESS France et les CRESS publient leurs premiers retours d'expérience "
        "de marchés publics remportés par des structures de l'économie sociale et solidaire.",
        "text": "Chaque fiche raconte un marché réel : le besoin de l'acheteur, la procédure, "
        "les leviers sociaux et environnementaux utilisés et ce que cela a changé.",
        "fiches": 2,
    },
    {
        "slug": "marches-reserves-mode-emploi",
        "title": "Marchés réservés : le mode d'emploi en quatre articles",
        "days_ago": 15,
        "chapo": "Entreprises adaptées, ESAT, SIAE, entreprises de l'ESS : qui peut répondre à "
        "un marché réservé, et selon quel article du code de la commande publique ?",
        "text": "Les articles L2113-12 à L2113-15 permettent de réserver un marché ou un lot. "
        "Les fiches du catalogue montrent comment des acheteurs s'en sont servis.",
        "fiches": 0,
    },
    {
        "slug": "club-acheteurs-responsables-bretagne",
        "title": "Bretagne : un club des acheteurs responsables",
        "days_ago": 30,
        "chapo": "La CRESS Bretagne réunit chaque trimestre acheteurs publics et structures de "
        "l'ESS pour partager leurs pratiques.",
        "text": "Prochaine rencontre : le sourcing avant la publication d'un marché d'entretien "
        "des espaces verts.",
        "fiches": 1,
    },
]
