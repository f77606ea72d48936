"""Text helpers shared by the models, the search, the directory and the home app."""

import unicodedata


def fold_accents(text):
    """``"coopérative"`` → ``"cooperative"``: the search matches with or without accents."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))
