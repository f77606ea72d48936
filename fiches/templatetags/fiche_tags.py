"""Presentation helpers for the public templates. None of them touches the database, except
``fiche_body`` on a fragment cache miss (it loads the body's images and their renditions)."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from fiches import numbers
from fiches.text import french_typography_html

register = template.Library()


@register.filter(is_safe=True)
def french_typography(value):
    """French typography (``fiches.text.french_typography``) of text or HTML, on French pages
    only; tags and attributes are left untouched. ``{% filter french_typography %}`` wraps
    what the public pages show of editors' text: the fiche page's article, the fiche cards
    (inside their fragment cache), the heads of the catalogue, actor, region, content and news
    pages, the actor directory's list, the home page's hero and entry points, the news cards
    and the site search's results."""
    if not (get_language() or "").startswith("fr"):
        return value
    return mark_safe(french_typography_html(str(conditional_escape(value))))


@register.simple_tag(takes_context=True)
def fiche_body(context, page):
    """The rendered StreamField body of the fiche ``page`` (what ``{% include_block page.body %}``
    gives), with its images' renditions prefetched with the fiche's others
    (``selectors.load_fiche_page``). No cache of its own: the fiche
    template keeps the whole article (``{% fragment "fiche-article" %}``), and a second entry
    for the body, which misses whenever the article does, never paid (docs/caching.md)."""
    from fiches import selectors

    selectors.load_fiche_page(page)
    return page.body.render_as_block(context=context.flatten())


@register.filter
def number(value):
    """A number with locale grouping and at most two decimals, dropped when it is whole:
    ``105000`` → ``105 000``, ``12.5`` → ``12,50`` in French (``fiches.numbers``)."""
    return numbers.format_number(value, money=True)


@register.filter
def euros(value):
    """An amount in euros, formatted with :func:`number`: ``105000`` → ``105 000 €``."""
    return numbers.format_euros(value)


@register.simple_tag(takes_context=True)
def nav_current(context, item):
    """The ``aria-current`` value of a navigation item for the page being shown: ``page`` on the
    item itself, ``true`` on its descendants, empty elsewhere or outside Wagtail pages (tree paths
    are compared, so nothing is queried)."""
    page = context.get("page")
    path = getattr(page, "path", None)
    if not path:
        return ""
    if item.pk == page.pk:
        return "page"
    if path.startswith(item.path):
        return "true"
    return ""


@register.simple_tag
def url_replace(query, **kwargs):
    """The query string of the current request with some parameters replaced, e.g. the page
    number in the pagination links, so that filters and search terms are kept."""
    params = query.copy()
    for key, value in kwargs.items():
        params[key] = value
    return params.urlencode()


@register.simple_tag
def elided_page_range(page_obj, on_each_side=1, on_ends=1):
    """The page numbers to link to, with ``…`` where a run of pages is left out."""
    return page_obj.paginator.get_elided_page_range(
        page_obj.number, on_each_side=on_each_side, on_ends=on_ends
    )


@register.tag
def fragment(parser, token):
    """``{% fragment "name" part… %}…{% endfragment %}``: the enclosed HTML from the fragment
    cache (cms.cache.fragments), under ``name`` (registered in cms.cache.registry), the ``part``
    values (whatever the HTML depends on besides the content version, the language and the
    site, which every key holds) — e.g. the page's id and live revision. Rendered every time in
    previews or when fragment caching is off. Variables set inside are not seen after it:
    compute them before."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% fragment %} takes a name and key parts.")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(
        parser.compile_filter(bits[1]), [parser.compile_filter(bit) for bit in bits[2:]], nodelist
    )


class FragmentNode(template.Node):
    def __init__(self, name, parts, nodelist):
        self.name = name
        self.parts = parts
        self.nodelist = nodelist

    def render(self, context):
        from cms.cache import fragments

        request = context.get("request")
        if getattr(request, "is_preview", False):
            return self.nodelist.render(context)
        # Also with fragment caching off, which renders it then: a name not registered
        # (cms.cache.registry) fails in every test that renders it.
        return fragments.get_or_set(
            self.name.resolve(context),
            [part.resolve(context) for part in self.parts],
            lambda: self.nodelist.render(context),
            request=request,
        )
