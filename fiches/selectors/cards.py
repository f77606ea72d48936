"""What the cards of a listing show beside the rows of its fiches, read for the whole listing in
one query (issue 16: the cold render path): the themes of each fiche (its ``card_themes``, by
name) and the renditions of ``CARD_RENDITION_SPECS`` of the images the cards show (the fiches'
hero images, and other images such as the news cards' of the home page), where
``published_fiches`` prefetches them in two queries and each other image kind in one more.

The query is a ``UNION ALL`` of two ``SELECT`` written here (the themes through the fiches'
many-to-many table, the renditions of the images), their columns shared by type. It is plain
SQL built from the models' tables and columns: the ORM would take longer to build and compile it
than the database to run it. A theme is loaded with what a card shows (its name, slug and
locale; its other fields are deferred, as ``only()`` would leave them), a rendition whole, kept
as Wagtail's ``prefetched_renditions`` of its image (``find_existing_renditions`` reads it and
then never queries)."""

from collections import defaultdict

from django.db import connections, router

from fiches.models import CustomRendition, FichePage, Theme

from .core import CARD_RENDITION_SPECS

# In the order of the models' fields, as ``Model.from_db`` reads them.
_THEME_FIELDS = ("id", "locale_id", "name", "slug")
_RENDITION_FIELDS = ("id", "filter_spec", "file", "width", "height", "focal_point_key", "image_id")


def _column(model, attname):
    return model._meta.get_field(attname.removesuffix("_id")).column


def _themes_select(quote, count):
    through = FichePage.themes.through
    fiche_key = FichePage.themes.field.m2m_column_name()
    theme_key = FichePage.themes.field.m2m_reverse_name()
    link, theme = quote(through._meta.db_table), quote(Theme._meta.db_table)
    id_, locale, name, slug = (f"{theme}.{quote(_column(Theme, f))}" for f in _THEME_FIELDS)
    fiche, theme_id = f"{link}.{quote(fiche_key)}", f"{link}.{quote(theme_key)}"
    return (
        f"SELECT 0, {fiche}, {id_}, {name}, {slug}, NULL, {locale}, NULL "
        f"FROM {link} INNER JOIN {theme} ON ({id_} = {theme_id}) "
        f"WHERE {fiche} IN ({', '.join(['%s'] * count)})"
    )


def _renditions_select(quote, count):
    table = quote(CustomRendition._meta.db_table)
    columns = {f: f"{table}.{quote(_column(CustomRendition, f))}" for f in _RENDITION_FIELDS}
    specs = ", ".join(["%s"] * len(CARD_RENDITION_SPECS))
    return (
        f"SELECT 1, {columns['image_id']}, {columns['id']}, {columns['filter_spec']}, "
        f"{columns['file']}, {columns['focal_point_key']}, {columns['width']}, "
        f"{columns['height']} FROM {table} WHERE {columns['image_id']} IN "
        f"({', '.join(['%s'] * count)}) AND {columns['filter_spec']} IN ({specs})"
    )


def _rows(fiche_ids, image_ids):
    db = router.db_for_read(FichePage)
    connection = connections[db]
    quote = connection.ops.quote_name
    selects, params = [], []
    if fiche_ids:
        selects.append(_themes_select(quote, len(fiche_ids)))
        params.extend(fiche_ids)
    if image_ids:
        selects.append(_renditions_select(quote, len(image_ids)))
        params.extend([*image_ids, *CARD_RENDITION_SPECS])
    # Ordered by branch, then a theme by its name (and id: names are unique per locale only).
    sql = f"{' UNION ALL '.join(selects)} ORDER BY 1, 4, 3"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return db, cursor.fetchall()


def prefetch_cards(fiches, *, images=()):
    """Loads on ``fiches`` (``FichePage`` instances read without the prefetches of
    ``published_fiches``, e.g. ``published_fiches().prefetch_related(None)``) their
    ``card_themes`` and the card renditions of their hero images, and those of ``images`` (other
    ``CustomImage`` instances, ``None`` left out), in one query; none when there is nothing to
    read. Returns ``fiches``."""
    images = [image for image in images if image is not None]
    images += [fiche.hero_image for fiche in fiches if fiche.hero_image_id]
    fiche_ids = list(dict.fromkeys(fiche.pk for fiche in fiches))
    image_ids = list(dict.fromkeys(image.pk for image in images))
    themes, renditions = defaultdict(list), defaultdict(list)
    if fiche_ids or image_ids:
        db, rows = _rows(fiche_ids, image_ids)
        for branch, owner, id_, text1, text2, text3, number1, number2 in rows:
            if branch == 0:
                values = [id_, number1, text1, text2]
                themes[owner].append(Theme.from_db(db, _THEME_FIELDS, values))
            else:
                values = [id_, text1, text2, number1, number2, text3, owner]
                renditions[owner].append(values)
    for fiche in fiches:
        fiche.card_themes = themes[fiche.pk]
    for image in images:
        # Each image instance its own renditions (Wagtail adds to them the ones it creates).
        image.prefetched_renditions = [
            _rendition(db, values, image) for values in renditions[image.pk]
        ]
    return fiches


def _rendition(db, values, image):
    rendition = CustomRendition.from_db(db, _RENDITION_FIELDS, values)
    CustomRendition.image.field.set_cached_value(rendition, image)
    return rendition
