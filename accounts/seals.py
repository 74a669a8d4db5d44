"""An office's seal image (印章): where the file lives, what may be uploaded, how it is named.

The seal is printed over the acting body's name on the office's written decisions
(templates/includes/office_seal.html). It is a PNG or an SVG of at most SEAL_MAX_BYTES,
judged by the name's extension and by the first bytes of the content: a PNG must start
with the PNG signature; an SVG must be UTF-8 text with an <svg> element and nothing that
could run or fetch (script, event attributes, foreignObject, entities, links out).

The files live under settings.SEAL_ROOT, outside the web root and STATIC_ROOT, under a
random name; `SealStorage.url` gives the permission-checked view that serves them
(accounts/views.py `office_seal`), never a public address. A replaced seal gets a new
name, so a browser never prints yesterday's seal from its cache.
"""

import os
import re
import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.validators import FileExtensionValidator
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

SEAL_EXTENSIONS = {"png": "image/png", "svg": "image/svg+xml"}
SEAL_MAX_BYTES = 512 * 1024  # the admin's help text on Office.seal says 512 KB
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# What an image printed on a decision never needs: anything that runs, or that makes the
# browser fetch or embed something else (the serving view's CSP forbids it as well).
SVG_FORBIDDEN = re.compile(
    rb"<script|<foreignobject|<!entity|<iframe|<embed|<object|javascript:|@import|"
    rb"\son[a-z]+\s*=|href\s*=\s*(?![\"']?\s*#)|url\s*\((?!\s*[\"']?\s*#)",
    re.IGNORECASE,
)

TOO_LARGE = _("The seal image is %(size)s; it may be at most %(limit)s.")
NOT_A_PNG = _("This file is not a PNG image, although its name ends in .png.")
NOT_AN_SVG = _(
    "This file is not an SVG image that can be printed safely: it must be UTF-8 text with "
    "an <svg> element, and without scripts, event attributes, embedded pages or links to "
    "other files."
)

validate_seal_extension = FileExtensionValidator(allowed_extensions=list(SEAL_EXTENSIONS))


def seal_extension(name: str) -> str:
    return PurePath(name).suffix.lower().lstrip(".")


def validate_seal_file(file) -> None:
    """The size, and the content against the extension (the extension itself is checked
    by `validate_seal_extension`, which names the accepted ones)."""
    if file.size > SEAL_MAX_BYTES:
        raise ValidationError(
            TOO_LARGE,
            code="too_large",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(SEAL_MAX_BYTES)},
        )
    extension = seal_extension(file.name)
    if extension not in SEAL_EXTENSIONS:
        return
    file.seek(0)
    content = file.read(SEAL_MAX_BYTES + 1)
    file.seek(0)
    if extension == "png" and not content.startswith(PNG_SIGNATURE):
        raise ValidationError(NOT_A_PNG, code="not_png")
    if extension == "svg" and not _is_plain_svg(content):
        raise ValidationError(NOT_AN_SVG, code="not_svg")


def _is_plain_svg(content: bytes) -> bool:
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return b"<svg" in content.lower() and SVG_FORBIDDEN.search(content) is None


def seal_upload_to(instance, filename: str) -> str:
    """A random name with the upload's extension: the user's file name is never a path."""
    return f"{uuid.uuid4().hex}.{seal_extension(filename)}"


def seal_content_type(name: str) -> str:
    return SEAL_EXTENSIONS[seal_extension(name)]


@deconstructible
class SealStorage(FileSystemStorage):
    """Files under settings.SEAL_ROOT, read at each use (so a test can move it); their URL
    is the permission-checked view, never a public one."""

    @property
    def base_location(self):
        return str(settings.SEAL_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        return reverse("accounts:office_seal", args=[name])


def seal_storage() -> SealStorage:
    """The storage of Office.seal (a callable, so migrations do not freeze a location)."""
    return SealStorage()
