"""The English demo: the English locale and English translations of part of the demo content.

They are made through wagtail-localize as a translator would make them in the admin (translation
source, one string translation per segment, target saved from them), so the admin shows them as
translated and « Traduire » / « Synchroniser » keep working on them. No locale synchronisation is
set up: fiches left untranslated get no English copy (no alias), and stay French-only.
"""

from django.db import transaction
from wagtail.models import Locale, Page
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)
from wagtail_localize.strings import StringValue

from fiches.models import Buyer, ESSStructure, FicheIndexPage, FichePage, Operator, Theme
from home.demo import data as demo_data
from home.demo import english
from home.models import (
    AccessibilityPage,
    ArticlePage,
    ContentPage,
    EventPage,
    HomePage,
    NewsIndexPage,
    SiteMapPage,
)

#: Fields whose French text is a proper name or a unit: the English page keeps it.
KEPT_FIELDS = {"commune", "role", "unit"}

#: Actor kinds, with the key of their demo rows in ``home.demo.data``.
ACTORS = (
    (Buyer, demo_data.BUYERS, "buyers"),
    (ESSStructure, demo_data.SUPPLIERS, "suppliers"),
    (Operator, demo_data.OPERATORS, "operators"),
)


class MissingEnglish(LookupError):
    """A French string of the object has no English text: the object is left untranslated."""


def english_locale():
    """The English locale (one of ``WAGTAIL_CONTENT_LANGUAGES``), created once."""
    return Locale.objects.get_or_create(language_code="en")[0]


@transaction.atomic
def translate_demo(*, log=lambda message: None):
    """Translates the demo's home page, catalogue, content pages, themes, the actors of the
    translated fiches, those fiches and part of the news into English, and publishes them.

    Idempotent: an object that already has an English version is left as it is. An object whose
    French text was changed since the seed (so that no English text matches it) stays
    untranslated. Returns the number of objects translated now.
    """
    locale = english_locale()
    french = Locale.get_default()
    fiches = {spec["slug"]: spec for spec in demo_data.FICHES if spec["slug"] in english.FICHES}
    work = [
        *((theme, {theme.name: name, theme.slug: slug}) for theme, (name, slug) in _themes(french)),
        *_actors(french, fiches.values()),
        *_pages(HomePage, english.PAGES, french, depth=2),
        *_pages(FicheIndexPage, english.PAGES, french),
        *_pages(ContentPage, english.PAGES, french),
        *_pages(AccessibilityPage, english.PAGES, french),
        *_pages(SiteMapPage, english.PAGES, french),
        *_pages(NewsIndexPage, english.PAGES, french),
        *_fiches(french, fiches),
        *_pages(ArticlePage, english.NEWS, french),
        *_pages(EventPage, english.NEWS, french),
    ]
    translated = 0
    for instance, strings in work:
        if instance.has_translation(locale):
            continue
        try:
            # A savepoint: an object missing an English text leaves nothing half-translated.
            with transaction.atomic():
                _translate(instance, strings, locale=locale)
        except MissingEnglish as error:
            log(f"Pas de version anglaise pour « {instance} » : {error}")
            continue
        translated += 1
    log(f"{translated} traduction(s) anglaise(s) créée(s).")
    return translated


def _themes(french):
    themes = Theme.objects.filter(locale=french, slug__in=english.THEMES).order_by("slug")
    return [(theme, english.THEMES[theme.slug]) for theme in themes]


def _actors(french, fiche_specs):
    """The actors of the translated fiches, with their name kept and an English presentation."""
    for model, rows, key in ACTORS:
        keys = {row[0] for spec in fiche_specs for row in spec[key]}
        if model is Operator:
            keys |= {spec["author"] for spec in fiche_specs}
        names = [rows[row_key][0] for row_key in sorted(keys)]
        for actor in model.objects.filter(locale=french, name__in=names).order_by("name"):
            yield (
                actor,
                {
                    actor.name: actor.name,
                    actor.slug: actor.slug,
                    actor.short_description: english.ACTOR_DESCRIPTION.format(name=actor.name),
                },
            )


def _pages(model, texts, french, **filters):
    pages = model.objects.filter(locale=french, slug__in=texts, **filters).order_by("path")
    return [(page, texts[page.slug]) for page in pages]


def _fiches(french, specs):
    """The translated fiches, with the alternative text of their illustration, which the
    seed writes from their title."""
    for fiche, strings in _pages(FichePage, english.FICHES, french):
        title = specs[fiche.slug]["title"]
        alt = english.FICHE_IMAGE_ALT.format(title=strings[title])
        yield fiche, {**strings, demo_data.FICHE_IMAGE_ALT.format(title=title): alt}


def _english(text, strings, *, keep=False):
    """The English text of ``text``; with ``keep``, ``text`` itself when none is written."""
    if not text:
        return text
    if text in strings:
        return strings[text]
    if text in english.COMMON:
        return english.COMMON[text]
    if keep:
        return text
    raise MissingEnglish(f"« {text} »")


def _string_value(text):
    """A segment's translation: plain text, or HTML when the English keeps the French links
    (``<a href="…">``, turned into the ids wagtail-localize pairs with the source's links)."""
    if "<a " in text:
        return StringValue.from_source_html(text)[0]
    return StringValue.from_plaintext(text)


def _translate(instance, strings, *, locale):
    """Fills wagtail-localize's translation of ``instance`` with the English ``strings`` and
    saves its English version; pages are published (their fiches' relations in English)."""
    source, _ = TranslationSource.get_or_create_from_instance(instance)
    translation, _ = Translation.objects.get_or_create(source=source, target_locale=locale)
    segments = StringSegment.objects.filter(source=source).select_related("string", "context")
    for segment in segments:
        text = StringValue(segment.string.data).render_text()
        keep = segment.context.path.rsplit(".", 1)[-1] in KEPT_FIELDS
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={
                "data": _string_value(_english(text, strings, keep=keep)).data,
                "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
            },
        )
    is_page = isinstance(instance, Page)
    # A page is saved as a draft and published here, at once: wagtail-localize would publish
    # it only when the transaction commits, and only with what the draft held then.
    translation.save_target(publish=not is_page)
    if not is_page:
        return
    target = instance.get_translation(locale).specific
    if isinstance(target, FichePage):
        _localise_fiche_rows(target, strings, locale=locale)
    elif isinstance(target, ArticlePage):
        _localise_article_rows(target, locale=locale)
    target.save_revision().publish()


def _counterpart(instance, locale):
    return instance.get_translation_or_none(locale) or instance


def _localise_fiche_rows(fiche, strings, *, locale):
    """What wagtail-localize copies from the French fiche as it is (themes, stakeholder rows,
    criteria, indicators): pointed at the English themes and actors, with English texts."""
    fiche.themes = [_counterpart(theme, locale) for theme in fiche.themes.all()]
    # The illustration is shared with the French fiche: its description is the French title.
    fiche.hero_image_alt = fiche.title
    for relation in ("buyer_links", "supplier_links", "operator_links"):
        for link in getattr(fiche, relation).all():
            link.actor = _counterpart(link.actor, locale)
            link.presentation = _english(link.presentation, strings)
            link.save()
    for criterion in fiche.award_criteria.all():
        criterion.name = _english(criterion.name, strings)
        criterion.save()
    for indicator in fiche.impact_indicators.all():
        indicator.indicator = _english(indicator.indicator, strings)
        indicator.unit = _english(indicator.unit, strings, keep=True)
        # Periods are mostly years, sources mostly names: kept unless an English text is written.
        indicator.period = _english(indicator.period, strings, keep=True)
        indicator.source = _english(indicator.source, strings, keep=True)
        indicator.save()


def _localise_article_rows(article, *, locale):
    """An English article links the English versions of its fiches, and only those; its
    shared illustration is described by its English title."""
    article.image_alt = article.title
    for link in article.related_fiche_links.all():
        counterpart = link.fiche.get_translation_or_none(locale)
        if counterpart is None:
            link.delete()
        else:
            link.fiche = counterpart
            link.save()
