"""The top of the PDF (title, chapô, author, dates, themes, hero image) and where the fiche
is online."""

from xml.sax.saxutils import quoteattr

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.platypus import (
    Image,
    KeepTogether,
    Paragraph,
    Spacer,
)

from .flowables import _boxed, _rendition
from .styles import FRAME_WIDTH, _date, _styles, _text

HERO_SPEC = "fill-1200x500|format-jpeg"


def source_url(*, fiche, request):
    """The absolute URL of the fiche, printed in the PDF."""
    return request.build_absolute_uri(fiche.get_url(request))


def _header(fiche, data):
    styles = _styles()
    flowables = [
        Paragraph(_text(_("Fiche retour d'expérience")).upper(), styles["eyebrow"]),
        Paragraph(_text(fiche.title), styles["title"]),
        Paragraph(_text(fiche.chapo), styles["chapo"]),
    ]
    facts = []
    if fiche.public_author:
        facts.append(f"{_('Rédigée par')} {fiche.public_author.name}")
    if fiche.first_published_at:
        published = f"{_('Publiée le')} {_date(fiche.first_published_at)}"
        if fiche.last_published_at and _date(fiche.last_published_at) != _date(
            fiche.first_published_at
        ):
            published += f" · {_('mise à jour le')} {_date(fiche.last_published_at)}"
        facts.append(published)
    themes = [theme.name for theme in fiche.themes.all()]
    if themes:
        facts.append(" · ".join(themes))
    flowables += [Paragraph(_text(fact), styles["small"]) for fact in facts]
    if fiche.hero_image_id:
        hero = fiche.hero_image
        rendition, content = _rendition(hero, HERO_SPEC)
        if content is not None:
            height = FRAME_WIDTH * rendition.height / rendition.width
            flowables += [Spacer(1, 8), Image(content, width=FRAME_WIDTH, height=height)]
            if hero.credit:
                flowables.append(Paragraph(_text(hero.credit), styles["small"]))
    return flowables


def _source(fiche, url):
    styles = _styles()
    lines = [
        Paragraph(
            _text(_("Fiche en ligne : %(url)s"))
            % {"url": f"<a href={quoteattr(url)} color='#0e5a57'>{_text(url)}</a>"},
            styles["body"],
        )
    ]
    if fiche.last_published_at:
        lines.append(
            Paragraph(
                _text(
                    _("Version publiée le %(date)s, document créé le %(today)s.")
                    % {
                        "date": _date(fiche.last_published_at),
                        "today": _date(timezone.now()),
                    }
                ),
                styles["small"],
            )
        )
    return [Spacer(1, 14), KeepTogether(_boxed(lines))]
