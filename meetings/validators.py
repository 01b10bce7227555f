"""Validators of the meetings app: ATT document symbols and uploaded files (checked by content).

An upload is accepted only if its bytes are a PDF, a DOCX or an ODT and its extension says the
same; a ZIP-based format is inspected through its central directory only (member count and
declared sizes checked before any member is read, and a member is never read beyond a small cap),
so a zip bomb is refused without being inflated.
"""

import re
import struct
import zipfile
import zlib
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# ATT/<body>[.<subsidiary body>]/<year>/<part>[/<part>...], parts like CHAIR, 356, Conf.Rep, WP.4,
# Rev.1: e.g. ATT/CSP4.WGTU/2018/CHAIR/356/Conf.Rep or ATT/CSP2/2016/WP.4/Rev.1.
SYMBOL_PATTERN = (
    r"^ATT/[A-Z][A-Za-z0-9-]*(\.[A-Za-z0-9-]+)*/(19|20)\d{2}(/[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*)+$"
)

validate_document_symbol = RegexValidator(
    regex=re.compile(SYMBOL_PATTERN),
    message=gettext_lazy(
        "Enter an ATT document symbol such as ATT/CSP4.WGTU/2018/CHAIR/356/Conf.Rep or "
        "ATT/CSP2/2016/WP.4/Rev.1."
    ),
    code="invalid_symbol",
)

PDF, DOCX, ODT = "pdf", "docx", "odt"
EXTENSIONS = {".pdf": PDF, ".docx": DOCX, ".odt": ODT}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
# A text document never needs more members than this; a zip with more is refused unread.
MAX_ZIP_MEMBERS = 2000
# The total a document may inflate to, as a multiple of the upload limit (text compresses ~10x).
MAX_INFLATION_FACTOR = 20
# Members read to identify a format are tiny; never read more than this of one.
MAX_PROBE_BYTES = 256 * 1024


def _max_upload_bytes() -> int:
    return settings.MAX_UPLOAD_BYTES


def _refuse(message: str, code: str):
    raise ValidationError(message, code=code)


def _zip_format(uploaded) -> str:
    """DOCX or ODT, from the zip's central directory and two tiny members; else refused."""
    try:
        archive = zipfile.ZipFile(uploaded)
    except (
        zipfile.BadZipFile,
        OSError,
        ValueError,
        zlib.error,
        struct.error,
        EOFError,
        NotImplementedError,
        RuntimeError,
    ):
        _refuse(_("The file is damaged: it is not a readable ZIP archive."), "bad_zip")
    with archive:
        members = archive.infolist()
        if len(members) > MAX_ZIP_MEMBERS:
            _refuse(_("The file has too many parts to be a text document."), "zip_bomb")
        inflated = sum(m.file_size for m in members)
        if inflated > _max_upload_bytes() * MAX_INFLATION_FACTOR:
            _refuse(
                _("The file would expand to %(size)s once unpacked: refused as unsafe.")
                % {"size": filesizeformat(inflated)},
                "zip_bomb",
            )

        def probe(info) -> bytes:
            if info.file_size > MAX_PROBE_BYTES:
                _refuse(_("The file's internal structure is not that of a document."), "zip_bomb")
            try:
                with archive.open(info) as member:
                    return member.read(MAX_PROBE_BYTES + 1)
            except (
                zipfile.BadZipFile,
                OSError,
                RuntimeError,
                NotImplementedError,
                EOFError,
                zlib.error,
                ValueError,
            ):
                _refuse(_("The file is damaged: a part of it cannot be read."), "bad_zip")

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
    _refuse(_("The ZIP archive is neither a Word (DOCX) nor an OpenDocument text (ODT)."), "type")


def detect_format(uploaded) -> str:
    """The format of `uploaded` (an UploadedFile or any binary file object) from its bytes.

    Raises ValidationError when the content is neither PDF, DOCX nor ODT.
    """
    uploaded.seek(0)
    head = uploaded.read(8)
    uploaded.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return PDF
        if head.startswith(b"PK\x03\x04"):
            return _zip_format(uploaded)
    finally:
        uploaded.seek(0)
    _refuse(
        _("The file's content is not a PDF, a Word document (DOCX) or an OpenDocument text (ODT)."),
        "type",
    )


def validate_upload(uploaded) -> str:
    """Check size, content and extension of an uploaded document; return its format.

    Raises ValidationError with a message for the user (size, unknown extension, content that is
    not what the name says, unsafe archive).
    """
    limit = _max_upload_bytes()
    if uploaded.size is not None and uploaded.size > limit:
        _refuse(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(uploaded.size), "limit": filesizeformat(limit)},
            "too_large",
        )
    if not uploaded.size:
        _refuse(_("The file is empty."), "empty")
    extension = PurePosixPath(uploaded.name or "").suffix.lower()
    expected = EXTENSIONS.get(extension)
    if expected is None:
        _refuse(
            _("Only PDF, DOCX and ODT files are accepted (the name ends in %(ext)s).")
            % {"ext": extension or _("no extension")},
            "extension",
        )
    found = detect_format(uploaded)
    if found != expected:
        _refuse(
            _(
                "The file is named %(ext)s but its content is %(found)s: rename it or upload the right file."
            )
            % {"ext": extension, "found": found.upper()},
            "mismatch",
        )
    return found
