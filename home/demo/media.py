"""The demo's generated images and document, created once (looked up by title)."""

import io

from django.core.files.images import ImageFile
from wagtail.documents import get_document_model

from fiches import factories
from fiches.models import CustomImage


def image(title, *, seed, width=1200, height=675, description=""):
    """The generated image with this title, created once."""
    image = CustomImage.objects.filter(title=title).first()
    if image is None:
        image = factories.ImageFactory(
            title=title,
            description=description or title,
            file=ImageFile(
                io.BytesIO(factories.make_png(width=width, height=height, text=title, seed=seed)),
                name=f"demo-{seed}.png",
            ),
        )
    return image


def document():
    """The demo specification document, created once."""
    Document = get_document_model()
    document = Document.objects.filter(title="Cahier des charges (démonstration)").first()
    return document or factories.DocumentFactory(title="Cahier des charges (démonstration)")
