"""Checks on an uploaded evidence file, decided by its content, and where its bytes live.

`inspect_upload` refuses (ValidationError with a translated message) anything that is
not one of the accepted kinds of document, judged by its first bytes and never by the
name or the browser's Content-Type; the name's extension must agree with what the
content is. The whole file is read in chunks: once for these checks (size, SHA-256,
web-page/script markers anywhere inside, valid UTF-8 for text), once when stored.

`store` writes the bytes under EVIDENCE_ROOT as `<yyyy>/<mm>/<uuid4 hex>`: a temporary
file in the same folder, fsynced, then renamed, so a half-written file never carries
a real name. The user's file name is only ever displayed, never used as a path.
"""

import codecs
import hashlib
import os
import re
import tempfile
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

FILE_NAME_MAX_LENGTH = 200
CHUNK_SIZE = 64 * 1024
HEAD_SIZE = 64

NAME_NOT_ACCEPTABLE = _(
    "The file name is not acceptable: it must not contain folder separators, “..” or "
    "control characters, and may be at most %(limit)s characters long. Rename the file "
    "and upload it again."
)
NOT_ACCEPTED_KIND = _(
    "This kind of file is not accepted. Upload a photo (JPEG or PNG), a video (MP4 or "
    "MOV), a PDF, a Word or Excel document, or a CSV or plain-text file."
)


@dataclass(frozen=True)
class FileType:
    label: str
    content_types: dict[str, str]  # extension -> content type served on download


JPEG = FileType(_("a JPEG photo"), {"jpg": "image/jpeg", "jpeg": "image/jpeg"})
PNG = FileType(_("a PNG image"), {"png": "image/png"})
PDF = FileType(_("a PDF document"), {"pdf": "application/pdf"})
DOCX = FileType(
    _("a Word document (.docx)"),
    {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
)
XLSX = FileType(
    _("an Excel workbook (.xlsx)"),
    {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
)
# Old Word and Excel files share one container format (OLE2 compound file).
OLE2 = FileType(
    _("an old-format Word or Excel document (.doc or .xls)"),
    {"doc": "application/msword", "xls": "application/vnd.ms-excel"},
)
TEXT = FileType(_("a text file"), {"txt": "text/plain", "csv": "text/csv"})
# Videos as phones record them (the posting of a document at absconded premises, a site).
MP4 = FileType(_("an MP4 video"), {"mp4": "video/mp4"})
MOV = FileType(_("a QuickTime video (.mov)"), {"mov": "video/quicktime"})
# An ISO media file says what it is in its first box: "ftyp" then a brand. Only video
# brands are taken: HEIF photos and other formats share the box.
ISO_MEDIA_BOX = b"ftyp"
MP4_BRANDS = (b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1")
VIDEO_BRANDS = {b"qt  ": MOV, **dict.fromkeys(MP4_BRANDS, MP4)}

SIGNATURES = (
    (b"\xff\xd8\xff", JPEG),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"%PDF-", PDF),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", OLE2),
)
ZIP_SIGNATURE = b"PK\x03\x04"
# Windows (MZ), Linux (ELF), macOS (Mach-O 32/64-bit, both byte orders, and universal
# binaries) and scripts run by an interpreter (#!).
EXECUTABLE_SIGNATURES = (
    b"MZ",
    b"\x7fELF",
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
    b"#!",
)
# What makes a browser treat bytes as a web page or run them, wherever it sits in the file
# (a PNG with a <script> in a chunk is still a PNG to an image viewer). Tags must be
# followed by a delimiter so compressed data (photos, PDFs) rarely matches by chance.
ACTIVE_CONTENT = re.compile(
    rb"<(?:html|head|body|script|svg|iframe|object|embed)[\s/>]|<!doctype|javascript:|vbscript:",
    re.IGNORECASE,
)
MARKER_OVERLAP = 16  # longer than any marker, so one split across two chunks is still seen
# Text files may hold tabs, line breaks and form feeds; any other control byte means binary.
TEXT_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")
STORED_PATH = re.compile(r"\d{4}/\d{2}/[0-9a-f]{32}")


@dataclass(frozen=True)
class InspectedUpload:
    name: str
    content_type: str
    size: int
    sha256: str


def clean_file_name(raw_name: str | None) -> str:
    """The name to display, or ValidationError if it could be mistaken for a path."""
    name = unicodedata.normalize("NFC", (raw_name or "").strip())
    # NFKC folds look-alikes such as the full-width solidus "／" into "/" (Django has
    # already cut everything up to the last real "/" or "\\"; this is the second line).
    folded = unicodedata.normalize("NFKC", name)
    if (
        not name
        or len(name) > FILE_NAME_MAX_LENGTH
        or any(separator in folded for separator in ("/", "\\", "\u2215"))
        or ".." in name
        or any(unicodedata.category(char) in {"Cc", "Cf", "Zl", "Zp"} for char in name)
    ):
        raise ValidationError(
            NAME_NOT_ACCEPTABLE, code="bad_name", params={"limit": FILE_NAME_MAX_LENGTH}
        )
    return name


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def inspect_upload(upload, *, max_bytes: int, video_max_bytes: int = 0) -> InspectedUpload:
    """Check `upload` (a Django File) and describe it; ValidationError when refused. A
    video may be up to `video_max_bytes` (when larger than `max_bytes`)."""
    name = clean_file_name(upload.name)
    largest = max(max_bytes, video_max_bytes)
    if upload.size > largest:
        raise _too_large(upload.size, largest)
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    upload.seek(0)
    head = upload.read(HEAD_SIZE)
    if head.startswith(EXECUTABLE_SIGNATURES):
        raise ValidationError(_("Programs and scripts are not accepted."), code="executable")
    file_type = _sniff(upload, head)
    if file_type in (MP4, MOV):
        max_bytes = largest
    if upload.size > max_bytes:
        raise _too_large(upload.size, max_bytes)
    extension = extension_of(name)
    if extension not in file_type.content_types:
        raise ValidationError(
            _("The file is %(found)s, so its name must end in %(expected)s."),
            code="type_mismatch",
            params={
                "found": file_type.label,
                "expected": " / ".join(f".{known}" for known in file_type.content_types),
            },
        )
    size, sha256 = _scan(upload, is_text=file_type is TEXT, max_bytes=max_bytes)
    return InspectedUpload(name, file_type.content_types[extension], size, sha256)


def _too_large(size: int, max_bytes: int) -> ValidationError:
    return ValidationError(
        _("The file is %(size)s; at most %(limit)s can be uploaded."),
        code="too_large",
        params={"size": filesizeformat(size), "limit": filesizeformat(max_bytes)},
    )


def _sniff(upload, head: bytes) -> FileType:
    for signature, file_type in SIGNATURES:
        if head.startswith(signature):
            return file_type
    if head.startswith(ZIP_SIGNATURE):
        return _sniff_office_zip(upload)
    if head[4:8] == ISO_MEDIA_BOX and head[8:12] in VIDEO_BRANDS:
        return VIDEO_BRANDS[head[8:12]]
    if not TEXT_CONTROL_BYTES.search(head):
        return TEXT  # confirmed (valid UTF-8 throughout) by _scan
    raise ValidationError(NOT_ACCEPTED_KIND, code="unknown_type")


def _sniff_office_zip(upload) -> FileType:
    """A .docx/.xlsx is a zip with [Content_Types].xml and the main part of its kind."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = {info.filename.lower() for info in archive.infolist()}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise ValidationError(NOT_ACCEPTED_KIND, code="unknown_type") from None
    if "[content_types].xml" not in names:
        raise ValidationError(NOT_ACCEPTED_KIND, code="unknown_type")
    if any(name.endswith("vbaproject.bin") for name in names):
        raise ValidationError(_("Office documents with macros are not accepted."), code="macros")
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    raise ValidationError(NOT_ACCEPTED_KIND, code="unknown_type")


def _scan(upload, *, is_text: bool, max_bytes: int) -> tuple[int, str]:
    """Read every byte once: size, SHA-256, markers of web content, UTF-8 for text."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8-sig")("strict")
    size = 0
    tail = b""
    for chunk in upload.chunks(CHUNK_SIZE):
        size += len(chunk)
        if size > max_bytes:
            raise _too_large(size, max_bytes)
        digest.update(chunk)
        if ACTIVE_CONTENT.search(tail + chunk):
            raise ValidationError(
                _("The file contains web page or script code and is not accepted."),
                code="active_content",
            )
        tail = chunk[-MARKER_OVERLAP:]
        if is_text:
            _check_text(decoder, chunk)
    if is_text:
        _check_text(decoder, b"", final=True)
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    return size, digest.hexdigest()


def _check_text(decoder, chunk: bytes, final: bool = False) -> None:
    try:
        decoder.decode(chunk, final=final)
    except UnicodeDecodeError:
        raise ValidationError(
            _("A text or CSV file must be saved as UTF-8 text."), code="not_utf8"
        ) from None
    if TEXT_CONTROL_BYTES.search(chunk):
        raise ValidationError(NOT_ACCEPTED_KIND, code="unknown_type")


# --- Storage under EVIDENCE_ROOT ------------------------------------------------------


def store(upload, *, root: Path, when: datetime, sha256: str) -> str:
    """Write the upload atomically; return its path relative to `root`.

    Refuses (ValueError) if the bytes written are not the ones inspected.
    """
    relative = f"{when:%Y}/{when:%m}/{uuid.uuid4().hex}"
    target = Path(root) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
    try:
        digest = hashlib.sha256()
        with os.fdopen(descriptor, "wb") as out:
            for chunk in upload.chunks(CHUNK_SIZE):
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        if digest.hexdigest() != sha256:
            raise ValueError("The upload changed between inspection and storage.")
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return relative


def stored_file(relative: str, *, root: Path) -> Path:
    """The absolute path of a stored file; never outside `root`, whatever the row says."""
    if not STORED_PATH.fullmatch(relative or ""):
        raise FileNotFoundError(relative)
    return Path(root) / relative


def remove(relative: str, *, root: Path) -> None:
    stored_file(relative, root=root).unlink(missing_ok=True)
