"""The files a proposer may send: images and documents, a few of each, each within
``PROPOSAL_MAX_UPLOAD_BYTES`` and of an accepted type, checked by its content as well as its
name. Images go through Wagtail's own checks (extension, real format, pixel count); documents
through Wagtail's size check, the extensions of ``WAGTAILDOCS_EXTENSIONS`` and a look at their
first bytes (a program renamed « rapport.pdf » is refused)."""

import os

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.documents.fields import WagtailDocumentField
from wagtail.images.fields import WagtailImageField

#: What a document of each extension starts with (office files are zip archives); the text
#: formats have no signature: they must be UTF-8 text without NUL bytes.
DOCUMENT_SIGNATURES = {
    "pdf": (b"%PDF-",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "pptx": (b"PK\x03\x04",),
    "odt": (b"PK\x03\x04",),
    "ods": (b"PK\x03\x04",),
    "odp": (b"PK\x03\x04",),
}
TEXT_EXTENSIONS = {"csv", "txt"}
#: Bytes read to check a text document.
TEXT_SAMPLE = 64 * 1024


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFilesMixin:
    """A field of several files, each cleaned by the single-file field it extends; at most
    ``PROPOSAL_MAX_FILES``, each at most ``PROPOSAL_MAX_UPLOAD_BYTES``."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    # The limits are read from the settings at each use (the form's fields are built once).
    @property
    def max_upload_size(self):
        return settings.PROPOSAL_MAX_UPLOAD_BYTES

    @max_upload_size.setter
    def max_upload_size(self, value):
        """Wagtail's fields set their own limit (WAGTAILIMAGES_MAX_UPLOAD_SIZE): ignored."""

    @property
    def max_upload_size_text(self):
        return filesizeformat(self.max_upload_size)

    @max_upload_size_text.setter
    def max_upload_size_text(self, value):
        pass

    def clean(self, data, initial=None):
        files = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if len(files) > settings.PROPOSAL_MAX_FILES:
            raise forms.ValidationError(
                ngettext(
                    "Envoyez au plus %(count)d fichier ici.",
                    "Envoyez au plus %(count)d fichiers ici.",
                    settings.PROPOSAL_MAX_FILES,
                )
                % {"count": settings.PROPOSAL_MAX_FILES},
                code="too_many_files",
            )
        cleaned = []
        for upload in files:
            if upload.size is not None and upload.size > self.max_upload_size:
                raise forms.ValidationError(
                    _("« %(name)s » est trop lourd (%(size)s) : %(max)s au plus par fichier.")
                    % {
                        "name": upload.name,
                        "size": filesizeformat(upload.size),
                        "max": self.max_upload_size_text,
                    },
                    code="file_too_large",
                )
            try:
                cleaned.append(super().clean(upload, initial))
            except forms.ValidationError as error:
                raise forms.ValidationError(
                    _("« %(name)s » : %(error)s")
                    % {"name": upload.name, "error": " ".join(error.messages)},
                    code=error.code or "invalid",
                ) from error
        return cleaned


class ProposalImagesField(MultipleFilesMixin, WagtailImageField):
    """Photos of the contract: Wagtail's image checks, for each file."""

    def describe(self):
        """The help text, in the active language and with the current limits."""
        return _(
            "Facultatif : jusqu'à %(count)d images (%(formats)s), %(max)s au plus chacune. "
            "Envoyez seulement des photos que vous avez le droit de diffuser."
        ) % {
            "count": settings.PROPOSAL_MAX_FILES,
            "formats": self.supported_formats_text,
            "max": self.max_upload_size_text,
        }


class ProposalDocumentsField(MultipleFilesMixin, WagtailDocumentField):
    """Documents about the contract (an article, a report): Wagtail's document extensions, and
    content that matches the extension."""

    def describe(self):
        """The help text, in the active language and with the current limits."""
        return _(
            "Facultatif : jusqu'à %(count)d documents (%(formats)s), %(max)s au plus chacun."
        ) % {
            "count": settings.PROPOSAL_MAX_FILES,
            "formats": ", ".join(settings.WAGTAILDOCS_EXTENSIONS).upper(),
            "max": self.max_upload_size_text,
        }

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        extension = os.path.splitext(upload.name)[1].lower().lstrip(".")
        if extension not in settings.WAGTAILDOCS_EXTENSIONS:
            raise forms.ValidationError(
                _("ce type de fichier n'est pas accepté (formats acceptés : %(formats)s).")
                % {"formats": ", ".join(settings.WAGTAILDOCS_EXTENSIONS).upper()},
                code="invalid_extension",
            )
        if not content_matches(upload, extension):
            raise forms.ValidationError(
                _("son contenu ne correspond pas à un fichier .%(extension)s.")
                % {"extension": extension},
                code="invalid_content",
            )
        return upload


def content_matches(upload, extension):
    """Whether the first bytes of ``upload`` are those of a file of ``extension``."""
    upload.seek(0)
    sample = upload.read(TEXT_SAMPLE if extension in TEXT_EXTENSIONS else 8)
    upload.seek(0)
    if extension in TEXT_EXTENSIONS:
        if b"\x00" in sample:
            return False
        try:
            sample.decode("utf-8")
        except UnicodeDecodeError as error:
            # A sample cut in the middle of a character is still text.
            return error.start >= len(sample) - 3
        return True
    return sample.startswith(DOCUMENT_SIGNATURES.get(extension, (b"",)))
