"""Factories of the media library: generated pictures, images and documents."""

import io
import random

import factory
from django.core.files.images import ImageFile
from django.utils.text import slugify
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.documents import get_document_model

from fiches.models import CustomImage

PALETTE = [(17, 94, 89), (180, 106, 30), (64, 82, 140), (122, 46, 74), (46, 110, 60)]


def make_png(*, width=1200, height=675, text="", seed=0):
    """A simple generated picture (coloured bands and a caption) so that no image is downloaded."""
    rng = random.Random(seed)
    base = PALETTE[seed % len(PALETTE)]
    picture = PILImage.new("RGB", (width, height), base)
    draw = ImageDraw.Draw(picture)
    for _ in range(6):
        shade = tuple(min(255, channel + rng.randint(10, 70)) for channel in base)
        top = rng.randint(0, height)
        draw.rectangle([0, top, width, top + height // 8], fill=shade)
    if text:
        draw.text((width // 20, height - height // 5), text, fill=(255, 255, 255))
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    return buffer.getvalue()


class ImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CustomImage

    title = factory.Sequence(lambda n: f"Photo {n}")
    description = factory.LazyAttribute(lambda o: f"Illustration : {o.title}")
    credit = "© Réseau ESS — image de démonstration"
    file = factory.LazyAttributeSequence(
        lambda o, n: ImageFile(
            io.BytesIO(make_png(text=o.title, seed=n)), name=f"{slugify(o.title) or 'image'}.png"
        )
    )


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_document_model()

    title = factory.Sequence(lambda n: f"Document {n}")
    file = factory.django.FileField(filename="document.txt", data=b"Document de demonstration.")
