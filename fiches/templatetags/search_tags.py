"""``{{ text|highlight:query }}``: the words of a search marked in a result
(fiches.catalogue.search)."""

from django import template

from fiches.catalogue.search import highlight as highlight_words

register = template.Library()


@register.filter
def highlight(text, query):
    return highlight_words(text, query)
