"""An issued document as an editable Word file, rendered with docxtpl from a template.

The template is the administrator's upload for the document's kind (DocumentTemplate), or
the shipped default.docx, a generic layout that serves every kind (built by
`manage.py document_template_default`, complaints/documents/default_template.py). Either
gets the placeholders of `PLACEHOLDERS`, filled from the document's content as issued,
never from the case as it is now.

Templates are Jinja run in a sandbox: an administrator's template can read the values it
is given and nothing else (no attribute starting with "_", no Python object behind the seal
image). Text is XML-escaped (autoescape), so a worker's "<" or "&" cannot break the file.
"""

import io
import logging
import struct
import zlib
from pathlib import Path
from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2.sandbox import SandboxedEnvironment

from accounts.seals import seal_extension
from complaints.documents.content import document_language

logger = logging.getLogger(__name__)

DEFAULT_TEMPLATE = Path(__file__).with_name("default.docx")
SEAL_WIDTH = Mm(40)  # the seal's size on paper, as on the A4 page (css .office-seal-image)

# What a template may use (docs/documents.md lists them for the administrator).
PLACEHOLDERS = (
    "title",
    "acting_body",
    "number",
    "addressee",
    "facts",  # [{label, value}]
    "sections",  # [{heading, paragraphs, table: {columns, rows, footer} or None}]
    "signers",  # [{name, card}]
    "date",  # "YYYY-MM-DD", as issued
    "sealed",
    "receipt_line",
    "is_copy",
    "copy_mark",  # "副本" on a copy, "" on the original
    "corrects_number",  # the number of the document this one corrects, or ""
    "correction_line",  # "本文书更正…" on a correction, or ""
    "seal",  # the office's PNG seal as an image, or ""
    "seal_name",  # the acting body's name by the seal ("…（印章）" without a PNG seal)
)


class _Seal:
    """The seal image for the template: it prints as the picture and exposes nothing else
    (the sandbox refuses names starting with "_")."""

    def __init__(self, image: InlineImage):
        self._image = image

    def __html__(self) -> str:
        return self._image.__html__()

    __str__ = __html__


def correction_line(corrects) -> str:
    """How a correction names the document it corrects (an IssuedDocument), in the
    language of documents."""
    with document_language():
        if corrects.number:
            return _("This document corrects %(number)s.") % {"number": corrects.number}
        return _("This document corrects the %(title)s issued on %(date)s.") % {
            "title": corrects.title,
            "date": corrects.content.get("date", ""),
        }


def _split_lines(paragraphs: list) -> list[str]:
    """Each line its own paragraph: Word ignores a newline inside a text run."""
    return [line for paragraph in paragraphs for line in str(paragraph).splitlines() or [""]]


def content_context(content: dict, *, is_copy: bool, corrects=None) -> dict:
    """The placeholders' values from `content` (complaints/documents/content.py) and the
    document it corrects, if any; the seal is added by `render` (it needs the template)."""
    with document_language():
        copy_mark = pgettext("mark on a reprinted document", "Copy") if is_copy else ""
    return {
        "title": content.get("title", ""),
        "acting_body": content.get("acting_body", ""),
        "number": content.get("number", ""),
        "addressee": content.get("addressee", ""),
        "facts": [{"label": label, "value": value} for label, value in content.get("facts", [])],
        "sections": [
            {
                "heading": section.get("heading", ""),
                "paragraphs": _split_lines(section.get("paragraphs", [])),
                "table": section.get("table"),
            }
            for section in content.get("sections", [])
        ],
        "signers": [
            {"name": signer.get("name", ""), "card": signer.get("card", "")}
            for signer in content.get("signers", [])
        ],
        "date": content.get("date", ""),
        "sealed": bool(content.get("sealed")),
        "receipt_line": content.get("receipt_line", ""),
        "is_copy": is_copy,
        "copy_mark": copy_mark,
        "corrects_number": corrects.number if corrects else "",
        "correction_line": correction_line(corrects) if corrects else "",
    }


def _environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(autoescape=True)


def render(template: bytes, context: dict, *, seal_png: bytes | None = None) -> bytes:
    """The .docx of `template` filled with `context`; the seal line from `seal_png`.

    Raises jinja2's TemplateError (or another error) when the template cannot be rendered.
    """
    document = DocxTemplate(io.BytesIO(template))
    context = dict(context)
    sealed = context.get("sealed")
    # A seal goes into Word only as a picture: an SVG seal (or none) is stamped by hand
    # over the printed name, as the A4 page says "(seal)".
    if sealed and seal_png:
        context["seal"] = _Seal(InlineImage(document, io.BytesIO(seal_png), width=SEAL_WIDTH))
        context["seal_name"] = context["acting_body"]
    else:
        context["seal"] = ""
        with document_language():
            by_hand = _("%(name)s (seal)") % {"name": context["acting_body"]}
        context["seal_name"] = by_hand if sealed else ""
    document.render(context, jinja_env=_environment(), autoescape=True)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def unknown_placeholders(template: bytes) -> set[str]:
    """The names `template` uses that no document gives it (a misspelt placeholder)."""
    document = DocxTemplate(io.BytesIO(template))
    used = document.get_undeclared_template_variables(jinja_env=_environment())
    return set(used) - set(PLACEHOLDERS)


def template_bytes(uploaded_file=None) -> bytes:
    """The administrator's template (a DocumentTemplate's file), else the shipped default."""
    if uploaded_file:
        try:
            with uploaded_file.open("rb") as handle:
                return handle.read()
        except FileNotFoundError:
            logger.error(
                "The Word template %s is missing on disk; using the default", uploaded_file
            )
    return DEFAULT_TEMPLATE.read_bytes()


def office_seal_png(office) -> bytes | None:
    """The office's seal image when it is a PNG (Word takes no SVG), else None."""
    if not office.seal or seal_extension(office.seal.name) != "png":
        return None
    try:
        with office.seal.open("rb") as handle:
            return handle.read()
    except FileNotFoundError:
        logger.error("The seal of office %s is missing on disk", office.pk)
        return None


def document_docx(*, document, template: bytes, is_copy: bool) -> bytes:
    """An IssuedDocument as Word, from its content as issued, with `template`."""
    context = content_context(document.content, is_copy=is_copy, corrects=document.corrects)
    return render(template, context, seal_png=office_seal_png(document.office))


def _sample_png() -> bytes:
    """A 1x1 PNG, standing in for a seal when a template is tried."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


# Every part a document can have, to try a template with before it is accepted.
SAMPLE_CONTENT = {
    "title": "Sample",
    "acting_body": "Sample acting body",
    "number": "Sample No. 1",
    "addressee": "Sample addressee",
    "facts": [["Label", "Value <&>"]],
    "sections": [
        {
            "heading": "Heading",
            "paragraphs": ["First line\nSecond line"],
            "table": {"columns": ["A", "B", "C"], "rows": [["1", "2", "3"]], "footer": ["4"]},
        },
        {"heading": "", "paragraphs": [], "table": None},
    ],
    "signers": [{"name": "Name", "card": "Card"}],
    "date": "2026-01-01",
    "sealed": True,
    "receipt_line": "Received by:",
}
SAMPLE_CORRECTED = SimpleNamespace(number="Sample No. 0", title="Sample", content=SAMPLE_CONTENT)


def template_check(template: bytes) -> None:
    """Refuse a template (ValidationError) that uses a placeholder no document has, or that
    cannot be rendered: tried as an original and as a copy of a correction, with a seal."""
    try:
        unknown = unknown_placeholders(template)
        if not unknown:
            for is_copy, corrects in ((False, None), (True, SAMPLE_CORRECTED)):
                context = content_context(SAMPLE_CONTENT, is_copy=is_copy, corrects=corrects)
                render(template, context, seal_png=_sample_png())
    except Exception as error:  # noqa: BLE001 - whatever fails, the file cannot serve
        raise ValidationError(
            _("This Word template cannot be rendered: %(error)s"),
            code="template_broken",
            params={"error": error},
        ) from error
    if unknown:
        raise ValidationError(
            _("This Word template uses placeholders that documents do not have: %(names)s."),
            code="template_unknown_placeholders",
            params={"names": ", ".join(sorted(unknown))},
        )
