"""The one validator of every upload (uploads.validators): meeting documents and outreach
attachments are judged alike, by size, name and content; archives by their directory."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.meetings.samples import docx_bytes, odt_bytes, pdf_bytes, upload, zip_bomb_bytes
from tests.outreach.conftest import pdf_upload, zip_upload
from uploads.validators import validate_document

DOCX = {
    "[Content_Types].xml": "<Types>wordprocessingml</Types>",
    "word/document.xml": "<w:document/>",
}
ODT = {"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<office/>"}
POLYGLOT = (
    b"%PDF-1.4\n% <html><body><script>alert(document.domain)</script></body></html>\n"
    b"1 0 obj\n<<>>\nendobj\n%%EOF\n"
)


def refused(upload_file) -> str:
    with pytest.raises(ValidationError) as error:
        validate_document(upload_file)
    return error.value.code


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("wp4.pdf", pdf_bytes(), "pdf"),
        ("wp4.docx", docx_bytes(), "docx"),
        ("wp4.odt", odt_bytes(), "odt"),
        ("WP4.PDF", pdf_bytes(), "pdf"),
    ],
)
def test_a_real_document_is_recognised_by_its_content(name, content, kind):
    assert validate_document(upload(name, content)) == kind


def test_a_docx_and_an_odt_are_recognised_by_their_members():
    assert validate_document(zip_upload("a.docx", DOCX)) == "docx"
    assert validate_document(zip_upload("a.odt", ODT)) == "odt"


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("notes.pdf", b"just some text, not a PDF at all", "type"),
        ("x.pdf", b"<html>", "type"),
        ("report.docx", pdf_bytes(), "mismatch"),
        ("report.pdf", odt_bytes(), "mismatch"),
        ("report.odt", docx_bytes(), "mismatch"),
        ("report.txt", b"plain text", "extension"),
        ("renamed.txt", pdf_bytes(), "extension"),
        ("report", pdf_bytes(), "extension"),
        ("minutes.html", POLYGLOT, "extension"),
        ("drawing.svg", POLYGLOT, "extension"),
        ("setup.exe", pdf_bytes(), "extension"),
        ("empty.pdf", b"", "empty"),
        ("broken.docx", b"PK\x03\x04not really a zip", "bad_zip"),
    ],
)
def test_a_file_that_is_not_what_its_name_says_is_refused(name, content, code):
    assert refused(upload(name, content)) == code


def test_the_message_names_the_file():
    with pytest.raises(ValidationError) as error:
        validate_document(upload("minutes.html", POLYGLOT))
    assert error.value.messages[0].startswith("minutes.html: only PDF, DOCX and ODT files")


def test_a_zip_that_is_neither_docx_nor_odt_is_refused():
    assert refused(zip_upload("archive.docx", {"readme.txt": "hello"})) == "type"
    spreadsheet = {"mimetype": "application/vnd.oasis.opendocument.spreadsheet"}
    assert refused(zip_upload("a.odt", spreadsheet)) == "type"


def test_a_truncated_zip_is_refused():
    data = zip_upload("a.docx", DOCX).read()[:40]
    assert refused(SimpleUploadedFile("a.docx", data)) in ("bad_zip", "type")


def test_a_docx_with_encrypted_members_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in DOCX.items():
            archive.writestr(name, text)
    data = bytearray(buffer.getvalue())
    # Set the "encrypted" bit (general purpose flag, bit 0) of every entry, local and central.
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (at := data.find(signature, start)) != -1:
            data[at + offset] |= 0x1
            start = at + 4
    assert refused(SimpleUploadedFile("locked.docx", bytes(data))) == "encrypted"


def test_a_zip_bomb_is_refused_by_its_ratio_before_it_is_inflated():
    bomb = zip_bomb_bytes(8 * 1024 * 1024)  # 8 MiB of zeros in a few KB: ratio ~1000
    assert len(bomb) < 64 * 1024
    assert refused(upload("bomb.docx", bomb)) == "zip_bomb"


def test_the_389_kb_docx_that_unpacks_to_390_mib_is_refused():
    bomb = zip_bomb_bytes(390 * 1024 * 1024)
    assert len(bomb) < 400 * 1024
    assert refused(upload("bomb.docx", bomb)) == "zip_bomb"


def test_an_archive_within_the_ratio_but_over_the_absolute_cap_is_refused(monkeypatch):
    monkeypatch.setattr("uploads.validators.MAX_INFLATED_BYTES", 1024)
    monkeypatch.setattr("uploads.validators.MAX_RATIO", 10**6)
    big = zip_upload("big.docx", {**DOCX, "word/styles.xml": "x" * 4096})
    assert refused(big) == "zip_bomb"


def test_a_zip_with_too_many_members_is_refused():
    members = {**DOCX, **{f"word/part{n}.xml": "" for n in range(2001)}}
    assert refused(zip_upload("many.docx", members)) == "zip_bomb"


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.MAX_UPLOAD_BYTES = 10
    with pytest.raises(ValidationError, match="the limit is"):
        validate_document(pdf_upload())


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError, match="empty"):
        validate_document(SimpleUploadedFile("a.pdf", b""))
