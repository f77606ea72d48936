"""The import of the official contract data (DECP v2): ``reader`` streams a file's records,
``select`` keeps the candidates (reserved, social considerations, known ESS holder), ``match``
creates the actors the directory does not have (found by SIRET through
``fiches.selectors.actors``), ``prefill`` gives the fiche a candidate pre-fills and
``services`` writes (``import_decp``, ``start_fiche``). Command: ``manage.py import_decp FILE``."""
