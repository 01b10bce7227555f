"""Attachments are accepted by their content, never by their name or declared type.

PDF: starts with "%PDF-". DOCX: a zip holding word/document.xml and [Content_Types].xml.
ODT: a zip whose "mimetype" member reads application/vnd.oasis.opendocument.text.
The zip's directory is read without inflating any member except the tiny "mimetype" one (read
with a hard cap), so a zip bomb costs nothing; member counts and declared sizes are bounded too.
"""

import struct
import zipfile
import zlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
# What zipfile raises on a damaged or hostile archive (found by fuzzing, tests/robustness):
# offsets pointing before the file (ValueError: negative seek), names flagged UTF-8 that are not
# (UnicodeDecodeError), unknown versions or methods (NotImplementedError), bad deflate data.
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
MAX_ZIP_MEMBERS = 5000
# A document's members together may declare at most this many bytes once inflated.
MAX_INFLATED_BYTES = 512 * 1024 * 1024


def detect_format(upload) -> str:
    """The attachment's format ("pdf", "docx", "odt"), or ValidationError with a clear message.

    `upload` is a Django UploadedFile (or any file object with .size, .seek and .read).
    """
    limit = settings.MAX_UPLOAD_BYTES
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise ValidationError(
            _("%(name)s is too large (%(size)s); the limit is %(limit)s.")
            % {
                "name": getattr(upload, "name", ""),
                "size": filesizeformat(size),
                "limit": filesizeformat(limit),
            },
            code="too_large",
        )
    if not size:
        raise ValidationError(_("The file is empty."), code="empty")
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            return _zip_document_format(upload)
        finally:
            upload.seek(0)
    raise ValidationError(
        _("%(name)s is not a PDF, Word (DOCX) or OpenDocument (ODT) document.")
        % {"name": getattr(upload, "name", "")},
        code="format",
    )


def _zip_document_format(upload) -> str:
    refused = ValidationError(
        _("%(name)s is not a valid Word (DOCX) or OpenDocument (ODT) document.")
        % {"name": getattr(upload, "name", "")},
        code="format",
    )
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
            if len(members) > MAX_ZIP_MEMBERS:
                raise refused
            if sum(m.file_size for m in members) > MAX_INFLATED_BYTES:
                raise refused
            names = {m.filename for m in members}
            if "mimetype" in names:
                info = archive.getinfo("mimetype")
                if info.file_size > 200:
                    raise refused
                with archive.open(info) as handle:
                    if handle.read(201).strip() == ODT_MIMETYPE:
                        return "odt"
                raise refused
            if {"word/document.xml", "[Content_Types].xml"} <= names:
                return "docx"
    except DAMAGED_ZIP_ERRORS as exc:
        raise refused from exc
    raise refused
