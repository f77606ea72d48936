"""StreamField blocks: one StructBlock per semantic unit, each with its template, icon, label and
preview value; the body StreamBlocks are at the bottom."""

import re

from django.core.exceptions import ValidationError
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

from fiches import rules
from fiches.api import fields as api
from fiches.choices import FigureKind
from fiches.numbers import MAX_DIGITS, format_figure
from fiches.widgets import FrenchDecimalField

IFRAME_TAG = re.compile(r"<iframe\b([^>]*)>", re.IGNORECASE)
TITLE_ATTRIBUTE = re.compile(r"\stitle\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+)", re.IGNORECASE)


def with_iframe_title(html, title):
    """The player HTML with its iframe titled, since screen readers announce an iframe by its
    ``title`` (RGAA 2.1); the embed providers' HTML rarely has a meaningful one."""

    def retitle(match):
        attributes = TITLE_ATTRIBUTE.sub("", match.group(1))
        return f'<iframe title="{escape(title)}"{attributes}>'

    return mark_safe(IFRAME_TAG.sub(retitle, html, count=1))  # noqa: S308 - provider HTML


INLINE_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]

GROUP_TEXT = _("Texte")
GROUP_MEDIA = _("Médias")
GROUP_HIGHLIGHT = _("Mise en valeur")


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", INLINE_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Paragraphe")
        group = GROUP_TEXT
        template = "fiches/blocks/paragraph.html"
        preview_value = (
            "<p>Le Département a réservé le marché aux structures employant des travailleurs "
            "handicapés, après un sourcing mené avec la CRESS.</p>"
        )
        description = _(
            "Un ou plusieurs paragraphes de texte, avec gras, italique, listes et liens."
        )


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Titre"), max_length=120)
    level = blocks.ChoiceBlock(
        label=_("Niveau"),
        choices=[
            ("h2", _("Titre de section (h2)")),
            ("h3", _("Sous-titre (h3)")),
            ("h4", _("Intertitre (h4)")),
        ],
        default="h2",
        help_text=_(
            "Respectez l'ordre : un h3 vient après un h2, jamais directement sous le "
            "titre de la fiche."
        ),
    )

    class Meta:
        icon = "title"
        label = _("Intertitre")
        group = GROUP_TEXT
        template = "fiches/blocks/heading.html"
        preview_value = {
            "text": "Un marché construit avec les acteurs du territoire",
            "level": "h2",
        }
        description = _("Un titre de section pour structurer le récit.")


class FigureBlock(blocks.StructBlock):
    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(
        label=_("Légende"),
        required=False,
        max_length=250,
        help_text=_(
            "Ce que montre la photo, pour tous les lecteurs. Le crédit de l'image "
            "s'affiche automatiquement."
        ),
    )

    class Meta:
        icon = "image"
        label = _("Image avec légende")
        group = GROUP_MEDIA
        template = "fiches/blocks/figure.html"
        description = _("Une photo ou une illustration, avec son texte alternatif et sa légende.")

    def get_api_representation(self, value, context=None):
        picture = value["image"]
        request = (context or {}).get("request")
        return {
            "image": api.image(picture, request, alt=picture.contextual_alt_text)
            if picture is not None
            else None,
            "decorative": bool(picture and picture.decorative),
            "caption": value["caption"],
        }


class TestimonyBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Citation"), max_length=800)
    author = blocks.CharBlock(
        label=_("Qui parle"),
        required=False,
        max_length=120,
        help_text=_(
            "Laissez vide si les sources ne nomment pas la personne : la fiche donnera sa "
            "fonction, ou « Témoin non nommé »."
        ),
    )
    role = blocks.CharBlock(
        label=_("Fonction et structure"),
        required=False,
        max_length=200,
        help_text=_("Par exemple « Responsable des achats, Département de la Vendée »."),
    )

    class Meta:
        icon = "openquote"
        label = _("Témoignage")
        group = GROUP_HIGHLIGHT
        template = "fiches/blocks/testimony.html"
        preview_value = {
            "quote": "Le marché réservé nous a permis de pérenniser dix postes.",
            "author": "Marie Durand",
            "role": "Directrice, ESAT des Olonnes",
        }
        description = _("Une citation d'un acheteur, d'un salarié ou d'un partenaire.")


class FrenchDecimalBlock(blocks.DecimalBlock):
    """A number typed the French way (« 1 600 000,00 », « 1,5 »), read by the one parser of
    ``fiches.numbers`` like every number field of the admin."""

    def __init__(self, required=True, help_text=None, decimal_places=None, **kwargs):
        super().__init__(required=required, help_text=help_text, **kwargs)
        self.field = FrenchDecimalField(
            required=required,
            help_text=help_text,
            max_digits=MAX_DIGITS,
            decimal_places=decimal_places,
        )


class KeyFigureValue(blocks.StructValue):
    @property
    def figure(self):
        """« 350 à 500 », « plus de 400 machines »; a figure stored before the kinds existed
        (value, unit and label only) reads as an exact value."""
        return format_figure(
            kind=self.get("kind") or FigureKind.EXACT,
            value=self.get("value"),
            value_min=self.get("value_min"),
            value_max=self.get("value_max"),
            unit=self.get("unit") or "",
        )


class KeyFigureBlock(blocks.StructBlock):
    # Figures stored before ``kind``, ``value_min``, ``value_max``, ``period`` and ``source``
    # existed ({value, unit, label}) are read as they are: StructBlock gives a missing child its
    # default, so an old figure is an exact value (no data migration).
    kind = blocks.ChoiceBlock(
        label=_("Précision"),
        choices=FigureKind.choices,
        default=FigureKind.EXACT,
        help_text=_(
            "Une valeur exacte, « environ », « plus de », « moins de », ou une fourchette."
        ),
    )
    value = FrenchDecimalBlock(
        label=_("Valeur"),
        required=False,
        decimal_places=2,
        help_text=_("En chiffres, à la française : « 1 600 000 », « 1,5 »."),
    )
    value_min = FrenchDecimalBlock(
        label=_("Minimum"), required=False, decimal_places=2, help_text=_("Pour une fourchette.")
    )
    value_max = FrenchDecimalBlock(
        label=_("Maximum"), required=False, decimal_places=2, help_text=_("Pour une fourchette.")
    )
    unit = blocks.CharBlock(
        label=_("Unité"), required=False, max_length=40, help_text=_("Par exemple « € » ou « % ».")
    )
    label = blocks.CharBlock(
        label=_("Ce que mesure le chiffre"),
        max_length=120,
        help_text=_("Par exemple « repas servis chaque année »."),
    )
    period = blocks.CharBlock(
        label=_("Période"),
        required=False,
        default="",
        max_length=80,
        help_text=_("Par exemple « 2021-2023 » ou « par jour »."),
    )
    source = blocks.CharBlock(
        label=_("Source"),
        required=False,
        default="",
        max_length=200,
        help_text=_("D'où vient le chiffre : bilan du facilitateur, article de presse…"),
    )

    def clean(self, value):
        value = super().clean(value)
        errors = rules.check_figure(
            kind=value.get("kind") or FigureKind.EXACT,
            value=value.get("value"),
            value_min=value.get("value_min"),
            value_max=value.get("value_max"),
        )
        if errors:
            raise StructBlockValidationError(
                block_errors={name: ValidationError(message) for name, message in errors.items()}
            )
        return value

    class Meta:
        icon = "decimal"
        label = _("Chiffre clé")
        template = "fiches/blocks/key_figure.html"
        value_class = KeyFigureValue


class KeyFiguresBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titre du bloc"), required=False, max_length=120)
    figures = blocks.ListBlock(KeyFigureBlock(), label=_("Chiffres"), min_num=1, max_num=6)

    class Meta:
        icon = "table"
        label = _("Chiffres clés")
        group = GROUP_HIGHLIGHT
        template = "fiches/blocks/key_figures.html"
        preview_value = {
            "title": "En bref",
            "figures": [
                {"kind": "exact", "value": "34", "unit": "", "label": "collèges livrés"},
                {
                    "kind": "environ",
                    "value": "105000",
                    "unit": "€",
                    "label": "d'achats",
                    "period": "par an",
                },
                {
                    "kind": "fourchette",
                    "value_min": "350",
                    "value_max": "500",
                    "unit": "",
                    "label": "personnes accompagnées",
                },
            ],
        }
        description = _("De un à six chiffres mis en avant, avec leur unité.")


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(
        label=_("Adresse de la vidéo"),
        help_text=_("Lien de la vidéo sur YouTube, Vimeo, Dailymotion ou PeerTube."),
    )
    title = blocks.CharBlock(
        label=_("Titre de la vidéo"),
        max_length=150,
        help_text=_("Obligatoire : il est lu par les lecteurs d'écran pour annoncer la vidéo."),
    )
    transcript = blocks.TextBlock(
        label=_("Transcription"),
        required=False,
        help_text=_("Facultatif mais recommandé : le texte de ce qui est dit dans la vidéo."),
    )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        player = value["video"].html if value["video"] else ""
        context["player"] = with_iframe_title(player, value["title"])
        return context

    class Meta:
        icon = "media"
        label = _("Vidéo")
        group = GROUP_MEDIA
        template = "fiches/blocks/video.html"
        description = _("Une vidéo intégrée depuis une plateforme de partage.")


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        label=_("Intitulé du lien"),
        required=False,
        max_length=150,
        help_text=_("Laissez vide pour reprendre le titre du document."),
    )
    description = blocks.TextBlock(label=_("Description"), required=False, max_length=300)

    class Meta:
        icon = "doc-full"
        label = _("Document à télécharger")
        group = GROUP_MEDIA
        template = "fiches/blocks/document.html"
        description = _("Un règlement de consultation, un cahier des charges, un bilan…")

    def get_api_representation(self, value, context=None):
        document = value["document"]
        return {
            "document": api.document(document, (context or {}).get("request")),
            "title": value["title"] or (document.title if document else ""),
            "description": value["description"],
        }


class CalloutBlock(blocks.StructBlock):
    tone = blocks.ChoiceBlock(
        label=_("Type d'encadré"),
        choices=[
            ("info", _("À savoir")),
            ("tip", _("Conseil")),
            ("warning", _("Point de vigilance")),
        ],
        default="info",
    )
    title = blocks.CharBlock(label=_("Titre"), required=False, max_length=120)
    text = blocks.RichTextBlock(label=_("Texte"), features=INLINE_FEATURES)

    class Meta:
        icon = "info-circle"
        label = _("Encadré")
        group = GROUP_HIGHLIGHT
        template = "fiches/blocks/callout.html"
        preview_value = {
            "tone": "tip",
            "title": "Conseil",
            "text": "<p>Associez le facilitateur de clauses dès la rédaction du cahier des "
            "charges.</p>",
        }
        description = _("Un encadré pour une information, un conseil ou un point de vigilance.")


class ContentBodyBlock(blocks.StreamBlock):
    """The body of plain content pages (À propos, Méthodologie, mentions légales)."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = FigureBlock()
    callout = CalloutBlock()
    document = DocumentBlock()
    video = VideoBlock()

    class Meta:
        collapsed = True


class FicheBodyBlock(ContentBodyBlock):
    """The narrative of a fiche: the content blocks plus testimonies and key figures."""

    testimony = TestimonyBlock()
    key_figures = KeyFiguresBlock()

    class Meta:
        collapsed = True
        block_counts = {"heading": {"max_num": 30}}
