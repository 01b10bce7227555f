"""The one check of an uploaded document (a meeting document's language file, an outreach
attachment): size, name and content must all say PDF, DOCX or ODT.

- Size: at most settings.MAX_UPLOAD_BYTES, and not empty.
- Name: it ends in .pdf, .docx or .odt (never .html, .svg, .exe or nothing: a file is served
  under its type, so a PDF/HTML polyglot named minutes.html is refused).
- Content: PDF starts with "%PDF-"; DOCX is a zip holding word/document.xml and a
  [Content_Types].xml that declares a word-processing document; ODT is a zip whose first member
  "mimetype" reads application/vnd.oasis.opendocument.text. The name and the content agree.
- Archives are judged from their central directory before anything is inflated: at most
  MAX_ZIP_MEMBERS members, no encrypted member, at most MAX_INFLATED_BYTES once unpacked and at
  most MAX_RATIO times the upload's size (a zip bomb is refused unread); the two members read to
  identify the format are tiny and read with a hard cap.
"""

import struct
import zipfile
import zlib
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

PDF, DOCX, ODT = "pdf", "docx", "odt"
EXTENSIONS = {".pdf": PDF, ".docx": DOCX, ".odt": ODT}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
# A text document never needs more members than this; a zip with more is refused unread.
MAX_ZIP_MEMBERS = 2000
# What a document may unpack to, in all, and as a multiple of its size (text compresses about
# 10 times; a 389 KB file unpacking to 390 MiB is a bomb whatever the absolute cap).
MAX_INFLATED_BYTES = 100 * 1024 * 1024
MAX_RATIO = 100
# Members read to identify a format are tiny; never read more than this of one.
MAX_PROBE_BYTES = 256 * 1024
# What zipfile raises on a damaged or hostile archive (found by fuzzing, tests/robustness):
# offsets pointing before the file (negative seek), names flagged UTF-8 that are not, unknown
# versions or methods, bad deflate data, encrypted members.
DAMAGED_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    struct.error,
    EOFError,
    OSError,
    RuntimeError,
    ValueError,
    NotImplementedError,
)
ENCRYPTED_FLAG = 0x1


def _refuse(upload, message: str, code: str, **params):
    name = PurePosixPath(getattr(upload, "name", "") or "").name
    raise ValidationError(
        _("%(name)s: %(problem)s") % {"name": name or _("the file"), "problem": message % params},
        code=code,
    )


def _zip_format(upload, size: int) -> str:
    """DOCX or ODT, from the zip's central directory and two tiny members; else refused."""
    try:
        archive = zipfile.ZipFile(upload)
    except DAMAGED_ZIP_ERRORS:
        _refuse(upload, _("the file is damaged: it is not a readable ZIP archive."), "bad_zip")
    with archive:
        members = archive.infolist()
        if len(members) > MAX_ZIP_MEMBERS:
            _refuse(upload, _("the file has too many parts to be a text document."), "zip_bomb")
        if any(m.flag_bits & ENCRYPTED_FLAG for m in members):
            _refuse(
                upload,
                _("the file is encrypted (password-protected): save it without a password."),
                "encrypted",
            )
        inflated = sum(m.file_size for m in members)
        if inflated > MAX_INFLATED_BYTES or inflated > MAX_RATIO * max(size, 1):
            _refuse(
                upload,
                _("the file would expand to %(size)s once unpacked: refused as unsafe."),
                "zip_bomb",
                size=filesizeformat(inflated),
            )

        def probe(info) -> bytes:
            if info.file_size > MAX_PROBE_BYTES:
                _refuse(
                    upload,
                    _("the file's internal structure is not that of a document."),
                    "zip_bomb",
                )
            try:
                with archive.open(info) as member:
                    return member.read(MAX_PROBE_BYTES + 1)
            except DAMAGED_ZIP_ERRORS:
                _refuse(upload, _("the file is damaged: a part of it cannot be read."), "bad_zip")

        names = {m.filename: m for m in members}
        if members and members[0].filename == "mimetype":
            if probe(members[0]).strip() == ODT_MIMETYPE:
                return ODT
        elif (
            "[Content_Types].xml" in names
            and "word/document.xml" in names
            and b"wordprocessingml" in probe(names["[Content_Types].xml"])
        ):
            return DOCX
    _refuse(
        upload,
        _("the ZIP archive is neither a Word (DOCX) nor an OpenDocument text (ODT)."),
        "type",
    )


def detect_format(upload, size: int) -> str:
    """The format of `upload` from its bytes (PDF, DOCX, ODT), else ValidationError."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return PDF
        if head.startswith(b"PK\x03\x04"):
            return _zip_format(upload, size)
    finally:
        upload.seek(0)
    _refuse(
        upload,
        _("its content is not a PDF, a Word document (DOCX) or an OpenDocument text (ODT)."),
        "type",
    )


def validate_document(upload) -> str:
    """Check an uploaded document's size, name and content; return its format ("pdf", "docx" or
    "odt"). ValidationError, with a message naming the file, otherwise."""
    limit = settings.MAX_UPLOAD_BYTES
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        _refuse(
            upload,
            _("the file is %(size)s; the limit is %(limit)s."),
            "too_large",
            size=filesizeformat(size),
            limit=filesizeformat(limit),
        )
    if not size:
        _refuse(upload, _("the file is empty."), "empty")
    extension = PurePosixPath(getattr(upload, "name", "") or "").suffix.lower()
    expected = EXTENSIONS.get(extension)
    if expected is None:
        _refuse(
            upload,
            _("only PDF, DOCX and ODT files are accepted (the name ends in %(ext)s)."),
            "extension",
            ext=extension or _("no extension"),
        )
    found = detect_format(upload, size)
    if found != expected:
        _refuse(
            upload,
            _(
                "the name ends in %(ext)s but the content is %(found)s: rename it or upload the right file."
            ),
            "mismatch",
            ext=extension,
            found=found.upper(),
        )
    return found
