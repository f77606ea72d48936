"""Generated DECP v2 files (``{"marches": {"marche": [...], "contrat-concession": [...]}}``),
valid against the official 2.0.3 schema, written record by record: the test data of the import
and the benchmark's file of a million contracts (``bench/decp.py``)."""

import json
from decimal import Decimal

#: Every value of the schema's enums that the import reads, cycled through by ``marche``.
SOCIAL = (
    ["Clause sociale"],
    ["Critère social"],
    ["Marché réservé"],
    ["Pas de considération sociale"],
    ["Clause sociale", "Critère social", "Marché réservé"],
)
ENVIRONMENTAL = (
    ["Clause environnementale"],
    ["Critère environnemental"],
    ["Pas de considération environnementale"],
)
PLACES = (
    ("35238", "Code commune"),
    ("75011", "Code postal"),
    ("53", "Code région"),
    ("44", "Code département"),
    ("FR", "Code pays"),
)
CPVS = ("77310000", "90910000-9", "45453000", "55524000", "30200000")
PROCEDURES = (
    "Procédure adaptée",
    "Appel d'offres ouvert",
    "Appel d'offres restreint",
    "Procédure avec négociation",
    "Marché passé sans publicité ni mise en concurrence préalable",
    "Dialogue compétitif",
)


def buyer_siret(number):
    return f"2{number % 1000:013d}"


def holder_siret(number):
    return f"4{number:013d}"


def marche(number, **overrides):
    """The ``number``-th generated contract; ``overrides`` replace its fields (``None``
    removes one)."""
    place, type_code = PLACES[number % len(PLACES)]
    record = {
        "id": f"G{number:010d}",
        "acheteur": {"id": buyer_siret(number)},
        "nature": "Marché",
        "objet": f"Entretien des espaces verts, lot {number}",
        "codeCPV": CPVS[number % len(CPVS)],
        "techniques": {"technique": ["Accord-cadre" if number % 2 else "Sans objet"]},
        "modalitesExecution": {
            "modaliteExecution": ["Bons de commande" if number % 2 else "Tranches"]
        },
        "marcheInnovant": number % 7 == 0,
        "ccag": "Fournitures courantes et services",
        "offresRecues": 1 + number % 5,
        "attributionAvance": False,
        "typeGroupementOperateurs": "Pas de groupement",
        "procedure": PROCEDURES[number % len(PROCEDURES)],
        "lieuExecution": {"code": place, "typeCode": type_code},
        "dureeMois": 12 + number % 36,
        "dateNotification": f"{2019 + number % 6}-{1 + number % 12:02d}-{1 + number % 28:02d}",
        "datePublicationDonnees": f"{2019 + number % 6}-12-31",
        "montant": Decimal(f"{10000 + number}.{number % 100:02d}"),
        "typesPrix": {"typePrix": ["Définitif ferme"]},
        "formePrix": "Forfaitaire",
        "sousTraitanceDeclaree": False,
        "titulaires": [{"titulaire": {"typeIdentifiant": "SIRET", "id": holder_siret(number)}}],
        "considerationsSociales": {"considerationSociale": SOCIAL[number % len(SOCIAL)]},
        "considerationsEnvironnementales": {
            "considerationEnvironnementale": ENVIRONMENTAL[number % len(ENVIRONMENTAL)]
        },
    }
    return _apply(record, overrides)


def concession(number, **overrides):
    """The ``number``-th generated concession contract."""
    record = {
        "id": f"C{number:010d}",
        "autoriteConcedante": {"id": buyer_siret(number)},
        "nature": "Concession de service",
        "objet": f"Restauration collective, concession {number}",
        "procedure": "Procédure négociée ouverte",
        "dureeMois": 60,
        "dateSignature": "2023-03-14",
        "datePublicationDonnees": "2023-04-01",
        "dateDebutExecution": "2023-09-01",
        "valeurGlobale": Decimal("1250000.50"),
        "montantSubventionPublique": 0,
        "concessionnaires": [
            {"concessionnaire": {"typeIdentifiant": "SIRET", "id": holder_siret(number)}}
        ],
        "considerationsSociales": {"considerationSociale": ["Concession réservée"]},
        "considerationsEnvironnementales": {
            "considerationEnvironnementale": ["Pas de considération environnementale"]
        },
    }
    return _apply(record, overrides)


def _apply(record, overrides):
    for name, value in overrides.items():
        if value is None:
            record.pop(name, None)
        else:
            record[name] = value
    return record


def write(stream, marches=(), concessions=()):
    """Writes the records (iterables, consumed one at a time) to the text ``stream``."""
    stream.write('{"marches": {"marche": [')
    for position, record in enumerate(marches):
        stream.write(("," if position else "") + "\n" + dumps(record))
    stream.write('\n], "contrat-concession": [')
    for position, record in enumerate(concessions):
        stream.write(("," if position else "") + "\n" + dumps(record))
    stream.write("\n]}}\n")


def dumps(record):
    """One record as JSON, its amounts with their exact digits."""
    return json.dumps(_plain(record), ensure_ascii=False)


def _plain(value):
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, Decimal):
        # A float of two decimals is written back with the same digits (shortest repr).
        return int(value) if value == value.to_integral() else float(value)
    return value
