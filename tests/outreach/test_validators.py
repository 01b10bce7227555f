"""Attachments are accepted by their content: PDF, DOCX, ODT; everything else refused."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from outreach.validators import detect_format
from tests.outreach.conftest import pdf_upload, zip_upload

DOCX = {"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"}
ODT = {"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<office/>"}


def test_a_pdf_is_recognised_by_its_first_bytes():
    assert detect_format(pdf_upload("renamed.txt")) == "pdf"


def test_a_docx_is_recognised_by_its_members():
    assert detect_format(zip_upload("a.docx", DOCX)) == "docx"


def test_an_odt_is_recognised_by_its_mimetype_member():
    assert detect_format(zip_upload("a.odt", ODT)) == "odt"


def test_a_spreadsheet_odf_is_refused():
    upload = zip_upload("a.odt", {"mimetype": "application/vnd.oasis.opendocument.spreadsheet"})
    with pytest.raises(ValidationError):
        detect_format(upload)


def test_a_plain_zip_named_docx_is_refused():
    with pytest.raises(ValidationError):
        detect_format(zip_upload("a.docx", {"readme.txt": "hello"}))


def test_a_file_named_pdf_with_other_content_is_refused():
    with pytest.raises(ValidationError, match="not a PDF"):
        detect_format(SimpleUploadedFile("x.pdf", b"<html>", "application/pdf"))


def test_a_truncated_zip_is_refused():
    data = zip_upload("a.docx", DOCX).read()[:40]
    with pytest.raises(ValidationError):
        detect_format(SimpleUploadedFile("a.docx", data))


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError, match="empty"):
        detect_format(SimpleUploadedFile("a.pdf", b""))


def test_a_file_over_the_limit_is_refused(settings):
    settings.MAX_UPLOAD_BYTES = 10
    with pytest.raises(ValidationError, match="too large"):
        detect_format(pdf_upload())


def test_a_zip_bomb_is_refused_without_inflating_it(monkeypatch):
    # The declared sizes are checked before any member is read (the limit lowered for speed).
    monkeypatch.setattr("outreach.validators.MAX_INFLATED_BYTES", 1024 * 1024)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (4 * 1024 * 1024))
    assert len(buffer.getvalue()) < 20_000
    with pytest.raises(ValidationError):
        detect_format(SimpleUploadedFile("bomb.docx", buffer.getvalue()))


def test_too_many_zip_members_are_refused(monkeypatch):
    monkeypatch.setattr("outreach.validators.MAX_ZIP_MEMBERS", 3)
    with pytest.raises(ValidationError):
        detect_format(zip_upload("a.docx", {**DOCX, "a": "1", "b": "2"}))
