"""Where the administrator's Word templates live, and what may be uploaded as one.

The files live under settings.DOCUMENT_TEMPLATE_ROOT, outside the web root; only the
rendering code reads them. A template must be a .docx (a ZIP holding word/document.xml).
"""

import os
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.validators import FileExtensionValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

TEMPLATE_MAX_BYTES = 5 * 1024 * 1024

validate_template_extension = FileExtensionValidator(allowed_extensions=["docx"])


def validate_template_file(file) -> None:
    """At most TEMPLATE_MAX_BYTES, and a Word document inside (not just the name)."""
    if file.size > TEMPLATE_MAX_BYTES:
        raise ValidationError(_("A Word template may be at most 5 MB."))
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        with zipfile.ZipFile(file) as archive:
            is_word = "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        is_word = False
    finally:
        file.seek(position)
    if not is_word:
        raise ValidationError(_("This file is not a Word document (.docx)."))


@deconstructible
class TemplateStorage(FileSystemStorage):
    """Files under settings.DOCUMENT_TEMPLATE_ROOT, read at each use: the field builds its
    storage once, when the model class loads, so a fixed location would ignore a test's
    (or a later) setting."""

    @property
    def base_location(self):
        return str(settings.DOCUMENT_TEMPLATE_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)


def template_storage() -> FileSystemStorage:
    """The storage of DocumentTemplate.file (a callable, so migrations do not freeze a
    location and tests can move it)."""
    return TemplateStorage()
