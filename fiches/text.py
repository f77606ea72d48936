"""Text helpers shared by the models, the search and the listings."""

import unicodedata


def fold_accents(text):
    """``"coopérative"`` → ``"cooperative"``: the search matches with or without accents."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))
