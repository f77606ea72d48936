"""The import of the official contract data (DECP v2): ``reader`` streams a file's records,
``select`` keeps the candidates (reserved, social considerations, known ESS holder), ``match``
finds the actors by SIRET, ``prefill`` gives the fiche a candidate pre-fills and ``services``
writes (``import_decp``, ``start_fiche``). Command: ``manage.py import_decp FILE``."""
