"""Reference data owned by the project: INSEE COG regions and departments, the 45 CPV divisions
and the whole official CPV 2008 list (``data/cpv2008.csv.gz``). Public facts; the data migrations
install them."""

import csv
import functools
import gzip
import io
from pathlib import Path

#: The official CPV 2008 list (Regulation (EC) No 213/2008, 9,454 codes with their check digit,
#: French and English labels) as the project ships it: ``code,label_fr,label_en`` rows sorted by
#: code, gzip-compressed. Written from the official CSV by ``manage.py import_cpv FILE
#: --write-reference``; installed by migration fiches 0006 (docs/open-data.md).
CPV_LIST_PATH = Path(__file__).resolve().parent / "data" / "cpv2008.csv.gz"
CPV_HEADER = ["code", "label_fr", "label_en"]


def read_cpv_csv(handle):
    """The ``(code, label_fr, label_en)`` rows of an open CPV CSV file (header
    ``code,label_fr,label_en``, every code with its check digit). Raises a ``ValueError`` in French that says what is wrong."""
    reader = csv.reader(handle)
    header = [column.strip() for column in next(reader, [])]
    if header != CPV_HEADER:
        raise ValueError(
            f"En-tête inattendu {header} : le fichier doit commencer par "
            f"« {','.join(CPV_HEADER)} »."
        )
    rows = [row for row in reader if row]
    bad = [line for line, row in enumerate(rows, start=2) if len(row) != 3]
    if bad:
        raise ValueError(
            f"Ligne {bad[0]} : trois colonnes attendues (code, libellé français, libellé anglais)."
        )
    from fiches.models.reference import CPVCode

    for line, (code, _label_fr, _label_en) in enumerate(rows, start=2):
        parts = CPVCode.split(code)
        if parts is None or parts[1] is None:
            raise ValueError(
                f"Ligne {line} : « {code} » n'est pas un code CPV complet "
                "(8 chiffres, un tiret, le chiffre de contrôle)."
            )
    return rows


def open_cpv_file(path):
    """``path`` opened as UTF-8 text, decompressed when it ends in ``.gz``."""
    if str(path).endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8-sig", newline="")
    return open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115 (the caller closes it)


def shipped_cpv_rows():
    """The rows of the CPV list shipped with the project."""
    with open_cpv_file(CPV_LIST_PATH) as handle:
        return read_cpv_csv(handle)


@functools.cache
def official_cpv_codes():
    """The full code of each code of the shipped official list, by its 8 digits
    (``{"77310000": "77310000-6", …}``): the one way to check a check digit."""
    return {code[:8]: code for code, _label_fr, _label_en in shipped_cpv_rows()}


def shipped_cpv_codes():
    """The field values of every code of the shipped CPV list, for a data migration."""
    from fiches.models.reference import CPVCode

    for code, label_fr, label_en in shipped_cpv_rows():
        digits = code[:8]
        yield {
            "code": code,
            "digits": digits,
            "division": digits[:2],
            "level": CPVCode.level_of(digits),
            "label_fr": label_fr,
            "label_en": label_en,
        }


def write_cpv_list(rows, path=None):
    """Writes ``rows`` as the shipped CPV list (``CPV_LIST_PATH`` unless ``path``): labels
    stripped, sorted by code, compressed without a timestamp so that the same official list
    always gives the same bytes."""
    path = path or CPV_LIST_PATH
    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(CPV_HEADER)
    writer.writerows(
        sorted(
            (code.strip(), label_fr.strip(), label_en.strip()) for code, label_fr, label_en in rows
        )
    )
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with (
        open(path, "wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as compressed,
    ):
        compressed.write(text.getvalue().encode("utf-8"))


# (code, French name, English name, slug)
REGIONS = [
    ("01", "Guadeloupe", "Guadeloupe", "guadeloupe"),
    ("02", "Martinique", "Martinique", "martinique"),
    ("03", "Guyane", "French Guiana", "guyane"),
    ("04", "La Réunion", "Réunion", "la-reunion"),
    ("06", "Mayotte", "Mayotte", "mayotte"),
    ("11", "Île-de-France", "Île-de-France", "ile-de-france"),
    ("24", "Centre-Val de Loire", "Centre-Val de Loire", "centre-val-de-loire"),
    ("27", "Bourgogne-Franche-Comté", "Bourgogne-Franche-Comté", "bourgogne-franche-comte"),
    ("28", "Normandie", "Normandy", "normandie"),
    ("32", "Hauts-de-France", "Hauts-de-France", "hauts-de-france"),
    ("44", "Grand Est", "Grand Est", "grand-est"),
    ("52", "Pays de la Loire", "Pays de la Loire", "pays-de-la-loire"),
    ("53", "Bretagne", "Brittany", "bretagne"),
    ("75", "Nouvelle-Aquitaine", "Nouvelle-Aquitaine", "nouvelle-aquitaine"),
    ("76", "Occitanie", "Occitania", "occitanie"),
    ("84", "Auvergne-Rhône-Alpes", "Auvergne-Rhône-Alpes", "auvergne-rhone-alpes"),
    (
        "93",
        "Provence-Alpes-Côte d'Azur",
        "Provence-Alpes-Côte d'Azur",
        "provence-alpes-cote-d-azur",
    ),
    ("94", "Corse", "Corsica", "corse"),
]

# (code, name, region code)
DEPARTMENTS = [
    ("01", "Ain", "84"),
    ("02", "Aisne", "32"),
    ("03", "Allier", "84"),
    ("04", "Alpes-de-Haute-Provence", "93"),
    ("05", "Hautes-Alpes", "93"),
    ("06", "Alpes-Maritimes", "93"),
    ("07", "Ardèche", "84"),
    ("08", "Ardennes", "44"),
    ("09", "Ariège", "76"),
    ("10", "Aube", "44"),
    ("11", "Aude", "76"),
    ("12", "Aveyron", "76"),
    ("13", "Bouches-du-Rhône", "93"),
    ("14", "Calvados", "28"),
    ("15", "Cantal", "84"),
    ("16", "Charente", "75"),
    ("17", "Charente-Maritime", "75"),
    ("18", "Cher", "24"),
    ("19", "Corrèze", "75"),
    ("21", "Côte-d'Or", "27"),
    ("22", "Côtes-d'Armor", "53"),
    ("23", "Creuse", "75"),
    ("24", "Dordogne", "75"),
    ("25", "Doubs", "27"),
    ("26", "Drôme", "84"),
    ("27", "Eure", "28"),
    ("28", "Eure-et-Loir", "24"),
    ("29", "Finistère", "53"),
    ("2A", "Corse-du-Sud", "94"),
    ("2B", "Haute-Corse", "94"),
    ("30", "Gard", "76"),
    ("31", "Haute-Garonne", "76"),
    ("32", "Gers", "76"),
    ("33", "Gironde", "75"),
    ("34", "Hérault", "76"),
    ("35", "Ille-et-Vilaine", "53"),
    ("36", "Indre", "24"),
    ("37", "Indre-et-Loire", "24"),
    ("38", "Isère", "84"),
    ("39", "Jura", "27"),
    ("40", "Landes", "75"),
    ("41", "Loir-et-Cher", "24"),
    ("42", "Loire", "84"),
    ("43", "Haute-Loire", "84"),
    ("44", "Loire-Atlantique", "52"),
    ("45", "Loiret", "24"),
    ("46", "Lot", "76"),
    ("47", "Lot-et-Garonne", "75"),
    ("48", "Lozère", "76"),
    ("49", "Maine-et-Loire", "52"),
    ("50", "Manche", "28"),
    ("51", "Marne", "44"),
    ("52", "Haute-Marne", "44"),
    ("53", "Mayenne", "52"),
    ("54", "Meurthe-et-Moselle", "44"),
    ("55", "Meuse", "44"),
    ("56", "Morbihan", "53"),
    ("57", "Moselle", "44"),
    ("58", "Nièvre", "27"),
    ("59", "Nord", "32"),
    ("60", "Oise", "32"),
    ("61", "Orne", "28"),
    ("62", "Pas-de-Calais", "32"),
    ("63", "Puy-de-Dôme", "84"),
    ("64", "Pyrénées-Atlantiques", "75"),
    ("65", "Hautes-Pyrénées", "76"),
    ("66", "Pyrénées-Orientales", "76"),
    ("67", "Bas-Rhin", "44"),
    ("68", "Haut-Rhin", "44"),
    ("69", "Rhône", "84"),
    ("70", "Haute-Saône", "27"),
    ("71", "Saône-et-Loire", "27"),
    ("72", "Sarthe", "52"),
    ("73", "Savoie", "84"),
    ("74", "Haute-Savoie", "84"),
    ("75", "Paris", "11"),
    ("76", "Seine-Maritime", "28"),
    ("77", "Seine-et-Marne", "11"),
    ("78", "Yvelines", "11"),
    ("79", "Deux-Sèvres", "75"),
    ("80", "Somme", "32"),
    ("81", "Tarn", "76"),
    ("82", "Tarn-et-Garonne", "76"),
    ("83", "Var", "93"),
    ("84", "Vaucluse", "93"),
    ("85", "Vendée", "52"),
    ("86", "Vienne", "75"),
    ("87", "Haute-Vienne", "75"),
    ("88", "Vosges", "44"),
    ("89", "Yonne", "27"),
    ("90", "Territoire de Belfort", "27"),
    ("91", "Essonne", "11"),
    ("92", "Hauts-de-Seine", "11"),
    ("93", "Seine-Saint-Denis", "11"),
    ("94", "Val-de-Marne", "11"),
    ("95", "Val-d'Oise", "11"),
    ("971", "Guadeloupe", "01"),
    ("972", "Martinique", "02"),
    ("973", "Guyane", "03"),
    ("974", "La Réunion", "04"),
    ("976", "Mayotte", "06"),
]

# (code, French label, English label)
CPV_DIVISIONS = [
    (
        "03000000-1",
        "Produits agricoles, de l'élevage, de la pêche, de la sylviculture et produits connexes",
        "Agricultural, farming, fishing, forestry and related products",
    ),
    (
        "09000000-3",
        "Produits pétroliers, combustibles, électricité et autres sources d'énergie",
        "Petroleum products, fuel, electricity and other sources of energy",
    ),
    (
        "14000000-1",
        "Produits d'exploitation des mines, métaux de base et produits connexes",
        "Mining, basic metals and related products",
    ),
    (
        "15000000-8",
        "Produits alimentaires, boissons, tabac et produits connexes",
        "Food, beverages, tobacco and related products",
    ),
    ("16000000-5", "Machines agricoles", "Agricultural machinery"),
    (
        "18000000-9",
        "Vêtements, articles chaussants, bagages et accessoires",
        "Clothing, footwear, luggage articles and accessories",
    ),
    (
        "19000000-6",
        "Produits en cuir et textiles, matériaux en plastique et en caoutchouc",
        "Leather and textile fabrics, plastic and rubber materials",
    ),
    ("22000000-0", "Imprimés et produits connexes", "Printed matter and related products"),
    ("24000000-4", "Produits chimiques", "Chemical products"),
    (
        "30000000-9",
        "Machines, matériel et fourniture informatique et de bureau, excepté les meubles et logiciels",
        "Office and computing machinery, equipment and supplies except furniture and software packages",
    ),
    (
        "31000000-6",
        "Machines, appareils, équipements et consommables électriques; éclairage",
        "Electrical machinery, apparatus, equipment and consumables; lighting",
    ),
    (
        "32000000-3",
        "Équipements et appareils de radio, de télévision, de communication, de télécommunication et équipements connexes",
        "Radio, television, communication, telecommunication and related equipment",
    ),
    (
        "33000000-0",
        "Matériels médicaux, pharmaceutiques et produits de soins personnnels",
        "Medical equipments, pharmaceuticals and personal care products",
    ),
    (
        "34000000-7",
        "Équipement de transport et produits auxiliaires pour le transport",
        "Transport equipment and auxiliary products to transportation",
    ),
    (
        "35000000-4",
        "Équipement de sécurité, de lutte contre l'incendie, de police et de défense",
        "Security, fire-fighting, police and defence equipment",
    ),
    (
        "37000000-8",
        "Instruments de musique, articles de sport, jeux, jouets, articles pour artisanat, articles pour travaux artistiques et accessoires",
        "Musical instruments, sport goods, games, toys, handicraft, art materials and accessories",
    ),
    (
        "38000000-5",
        "Équipements de laboratoire, d'optique et de précision (excepté les lunettes)",
        "Laboratory, optical and precision equipments (excl. glasses)",
    ),
    (
        "39000000-2",
        "Meubles (y compris les meubles de bureau), aménagements, appareils électroménagers (à l'exclusion de l'éclairage) et produits de nettoyage",
        "Furniture (incl. office furniture), furnishings, domestic appliances (excl. lighting) and cleaning products",
    ),
    ("41000000-9", "Eau collectée et purifiée", "Collected and purified water"),
    ("42000000-6", "Machines industrielles", "Industrial machinery"),
    (
        "43000000-3",
        "Équipement minier, équipement pour l'exploitation de carrières, matériel de construction",
        "Machinery for mining, quarrying, construction equipment",
    ),
    (
        "44000000-0",
        "Matériaux et structures de construction; produits auxiliaires pour la construction (à l'exception des appareils électriques)",
        "Construction structures and materials; auxiliary products to construction (except electric apparatus)",
    ),
    ("45000000-7", "Travaux de construction", "Construction work"),
    (
        "48000000-8",
        "Logiciels et systèmes d'information",
        "Software package and information systems",
    ),
    ("50000000-5", "Services de réparation et d'entretien", "Repair and maintenance services"),
    (
        "51000000-9",
        "Services d'installation (à l'exception des logiciels)",
        "Installation services (except software)",
    ),
    (
        "55000000-0",
        "Services d'hôtellerie, de restauration et de commerce au détail",
        "Hotel, restaurant and retail trade services",
    ),
    (
        "60000000-8",
        "Services de transport (à l'exclusion du transport des déchets)",
        "Transport services (excl. Waste transport)",
    ),
    (
        "63000000-9",
        "Services d'appui et services auxiliaires dans le domaine des transports, services des agences de voyages",
        "Supporting and auxiliary transport services; travel agencies services",
    ),
    (
        "64000000-6",
        "Services des postes et télécommunications",
        "Postal and telecommunications services",
    ),
    ("65000000-3", "Services publics", "Public utilities"),
    ("66000000-0", "Services financiers et d'assurance", "Financial and insurance services"),
    ("70000000-1", "Services immobiliers", "Real estate services"),
    (
        "71000000-8",
        "Services d'architecture, services de construction, services d'ingénierie et services d'inspection",
        "Architectural, construction, engineering and inspection services",
    ),
    (
        "72000000-5",
        "Services de technologies de l'information, conseil, développement de logiciels, internet et appui",
        "IT services: consulting, software development, Internet and support",
    ),
    (
        "73000000-2",
        "Services de recherche et développement et services de conseil connexes",
        "Research and development services and related consultancy services",
    ),
    (
        "75000000-6",
        "Services de l'administration publique, de la défense et de la sécurité sociale",
        "Administration, defence and social security services",
    ),
    (
        "76000000-3",
        "Services relatifs à l'industrie du pétrole et du gaz",
        "Services related to the oil and gas industry",
    ),
    (
        "77000000-0",
        "Services agricoles, sylvicoles, horticoles, d'aquaculture et d'apiculture",
        "Agricultural, forestry, horticultural, aquacultural and apicultural services",
    ),
    (
        "79000000-4",
        "Services aux entreprises: droit, marketing, conseil, recrutement, impression et sécurité",
        "Business services: law, marketing, consulting, recruitment, printing and security",
    ),
    ("80000000-4", "Services d'enseignement et de formation", "Education and training services"),
    ("85000000-9", "Services de santé et services sociaux", "Health and social work services"),
    (
        "90000000-7",
        "Services d'évacuation des eaux usées et d'élimination des déchets, services d'hygiénisation et services relatifs à l'environnement",
        "Sewage, refuse, cleaning and environmental services",
    ),
    (
        "92000000-1",
        "Services récréatifs, culturels et sportifs",
        "Recreational, cultural and sporting services",
    ),
    (
        "98000000-3",
        "Autres services communautaires, sociaux et personnels",
        "Other community, social and personal services",
    ),
]
