"""The news and events section: an index page, its articles and its events (dates and place)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    MultipleChooserPanel,
)
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.pages import ViewRestrictionsInOneQuery
from fiches.api import fields as api
from fiches.api.fields import Computed
from fiches.blocks import INLINE_FEATURES, ContentBodyBlock
from fiches.models import image_alt_field


class NewsIndexPage(ViewRestrictionsInOneQuery, Page):
    """« Actualités »: upcoming events first, then the news and past events, newest first."""

    intro = RichTextField(_("introduction"), blank=True, features=INLINE_FEATURES)
    per_page = 10

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    api_fields = [APIField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.ArticlePage", "home.EventPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("rubrique actualités")
        verbose_name_plural = _("rubriques actualités")

    def get_context(self, request, *args, **kwargs):
        from home import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.news_index_page(index_page=self, params=request.GET))
        return context


class NewsEntry(ViewRestrictionsInOneQuery, Page):
    """What articles and events share: a chapô shown in lists and feeds, and a body."""

    chapo = models.TextField(
        _("chapô"),
        max_length=400,
        help_text=_(
            "Deux ou trois phrases qui résument l'essentiel. Reprises dans les listes, "
            "sur la page d'accueil et dans les flux RSS."
        ),
    )
    body = StreamField(ContentBodyBlock(), verbose_name=_("contenu"), blank=True)

    search_fields = [
        *Page.search_fields,
        index.SearchField("chapo"),
        index.SearchField("body"),
        index.AutocompleteField("chapo"),
    ]

    parent_page_types = ["home.NewsIndexPage"]
    subpage_types = []

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        from home import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.news_entry_page(entry=self))
        return context


def _article_image(article, request):
    if not article.image_id:
        return None
    return api.image(article.image, request, alt=article.image_alt_text)


def _related_fiches(article, request):
    """The publicly visible fiches the article links to, as its page shows them (a draft, a
    private or an unpublished fiche is left out)."""
    from home import selectors

    fiches = getattr(article, "api_related_fiches", None)
    if fiches is None:
        fiches = selectors.article_related_fiches(article=article, cards=False)
    return [{"id": fiche.pk, "title": fiche.title} for fiche in fiches]


class ArticlePage(NewsEntry):
    """A news article: what happened, what changes for buyers and ESS structures."""

    news_kind = "article"

    date = models.DateField(
        _("date"),
        default=timezone.localdate,
        help_text=_("La date affichée sur l'actualité ; elle sert aussi à les classer."),
    )
    image = models.ForeignKey(
        "fiches.CustomImage",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt = image_alt_field()

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("chapo"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Image")),
        FieldPanel("body"),
        MultipleChooserPanel(
            "related_fiche_links",
            chooser_field_name="fiche",
            heading=_("Fiches liées"),
            label=_("Fiche"),
            help_text=_("Facultatif : les fiches REX dont parle l'actualité, affichées à la fin."),
        ),
    ]
    api_fields = [
        APIField("date"),
        APIField("chapo"),
        APIField("image", serializer=Computed(_article_image)),
        APIField("body"),
        APIField("related_fiches", serializer=Computed(_related_fiches)),
    ]

    class Meta:
        verbose_name = _("actualité")
        verbose_name_plural = _("actualités")

    @classmethod
    def prefetch_api_listing(cls, articles):
        """Called by the API's pages endpoint on each page of an article listing."""
        from home import selectors

        selectors.prefetch_api_articles(articles)

    def clean(self):
        super().clean()
        if self.image_id and not (self.image_alt or self.image.description):
            raise ValidationError(
                {
                    "image_alt": _(
                        "L'image n'a pas de texte alternatif : décrivez-la ici (ou dans sa "
                        "description de la médiathèque)."
                    )
                }
            )

    @property
    def image_alt_text(self):
        if not self.image_id:
            return ""
        return self.image_alt or self.image.description


class ArticleRelatedFiche(Orderable):
    """A fiche REX an article talks about, chosen by the editor."""

    article = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="related_fiche_links")
    fiche = models.ForeignKey(
        "fiches.FichePage", verbose_name=_("fiche"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("fiche")]

    class Meta(Orderable.Meta):
        verbose_name = _("fiche liée")
        verbose_name_plural = _("fiches liées")


def _event_place(event, request):
    return {"name": event.place_name, "city": event.city, "online_url": event.online_url}


class EventPage(NewsEntry):
    """An event with its dates and place, e.g. la Semaine des achats responsables."""

    news_kind = "event"

    start = models.DateTimeField(_("début"), help_text=_("Date et heure de début."))
    end = models.DateTimeField(
        _("fin"),
        help_text=_(
            "Date et heure de fin ; pour un événement d'une demi-journée, le même jour que le "
            "début."
        ),
    )
    place_name = models.CharField(
        _("lieu"),
        max_length=200,
        blank=True,
        help_text=_("Le nom du lieu, par exemple « Hôtel de Région ». Vide si en ligne."),
    )
    city = models.CharField(_("ville"), max_length=120, blank=True)
    online_url = models.URLField(
        _("lien pour participer en ligne"),
        blank=True,
        help_text=_("Pour un webinaire ou une retransmission : l'adresse où le suivre."),
    )
    registration_url = models.URLField(
        _("lien d'inscription"),
        blank=True,
        help_text=_("La page où s'inscrire, si l'inscription est demandée."),
    )

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")], heading=_("Dates")),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("place_name"), FieldPanel("city")]),
                FieldPanel("online_url"),
            ],
            heading=_("Lieu"),
        ),
        FieldPanel("registration_url"),
        FieldPanel("chapo"),
        FieldPanel("body"),
    ]
    search_fields = [
        *NewsEntry.search_fields,
        index.SearchField("place_name"),
        index.SearchField("city"),
        index.FilterField("start"),
        index.FilterField("end"),
    ]
    api_fields = [
        APIField("start"),
        APIField("end"),
        APIField("place", serializer=Computed(_event_place)),
        APIField("registration_url"),
        APIField("chapo"),
        APIField("body"),
    ]

    class Meta:
        verbose_name = _("événement")
        verbose_name_plural = _("événements")

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("La fin de l'événement ne peut pas précéder son début.")
        if not (self.place_name or self.city or self.online_url):
            errors["place_name"] = _(
                "Indiquez où se tient l'événement : un lieu, une ville ou un lien pour "
                "participer en ligne."
            )
        if errors:
            raise ValidationError(errors)

    def status(self, now=None):
        """``"upcoming"``, ``"ongoing"`` or ``"past"`` at ``now`` (the current time by default)."""
        now = now or timezone.now()
        if now < self.start:
            return "upcoming"
        return "ongoing" if now <= self.end else "past"

    @property
    def is_past(self):
        return self.status() == "past"

    @property
    def dates_label(self):
        """« le 17 novembre 2026, de 09:00 à 17:00 » or « du 16 novembre 2026 au 20 novembre
        2026 », in the current language and time zone."""
        start, end = timezone.localtime(self.start), timezone.localtime(self.end)
        if start.date() == end.date():
            return gettext("le %(date)s, de %(start)s à %(end)s") % {
                "date": formats.date_format(start, "DATE_FORMAT"),
                "start": formats.time_format(start, "TIME_FORMAT"),
                "end": formats.time_format(end, "TIME_FORMAT"),
            }
        return gettext("du %(start)s au %(end)s") % {
            "start": formats.date_format(start, "DATE_FORMAT"),
            "end": formats.date_format(end, "DATE_FORMAT"),
        }

    @property
    def place_label(self):
        """« Hôtel de Région, Rennes », or « En ligne » for an event with only an online link."""
        place = ", ".join(part for part in (self.place_name, self.city) if part)
        return place or (gettext("En ligne") if self.online_url else "")
