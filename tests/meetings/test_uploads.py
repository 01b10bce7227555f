"""Uploads are checked by content: a refused file gets a message and nothing is stored."""

import pytest
from django.urls import reverse

from meetings.models import Document, DocumentFile
from tests.meetings.samples import (
    docx_bytes,
    odt_bytes,
    pdf_bytes,
    stored_files,
    upload,
    zip_bomb_bytes,
)


@pytest.fixture
def wp4(work_plan):
    return Document.objects.get(symbol="ATT/CSP2/2016/WP.4/Rev.1")


def post_file(client, document, name, content, language="fr"):
    url = reverse("meetings:document_file_upload", args=[document.pk])
    return client.post(url, {"language": language, "file": upload(name, content)}, follow=True)


def test_a_text_file_named_pdf_is_refused_with_a_message_and_nothing_stored(
    client_for, wp4, media_root
):
    response = post_file(client_for("secretariat"), wp4, "minutes.pdf", b"Minutes of the meeting\n")
    assert response.status_code == 200
    assert "its content is not a PDF" in response.content.decode()
    assert not DocumentFile.objects.exists()
    assert stored_files(media_root) == []


def test_a_zip_bomb_upload_is_refused_and_nothing_stored(client_for, wp4, media_root, settings):
    settings.MAX_UPLOAD_BYTES = 1024 * 1024
    response = post_file(client_for("secretariat"), wp4, "bomb.docx", zip_bomb_bytes(64 << 20))
    assert "refused as unsafe" in response.content.decode()
    assert not DocumentFile.objects.exists()
    assert stored_files(media_root) == []


@pytest.mark.parametrize(
    ("name", "content"),
    [("wp4.pdf", pdf_bytes()), ("wp4.docx", docx_bytes()), ("wp4.odt", odt_bytes())],
)
def test_a_document_upload_is_stored_under_a_random_name(
    client_for, wp4, media_root, name, content
):
    response = post_file(client_for("secretariat"), wp4, name, content)
    version = DocumentFile.objects.get(document=wp4, language="fr")
    assert version.file_format == name.rsplit(".", 1)[1]
    assert version.original_name == name
    [stored] = stored_files(media_root)
    assert stored.read_bytes() == content and stored.name != name
    assert "French version of ATT/CSP2/2016/WP.4/Rev.1 saved." in response.content.decode()


def test_a_new_upload_replaces_the_old_file_of_that_language(
    client_for, wp4, media_root, django_capture_on_commit_callbacks
):
    client = client_for("secretariat")
    second = docx_bytes()
    post_file(client, wp4, "first.pdf", pdf_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        post_file(client, wp4, "second.docx", second)
    assert DocumentFile.objects.get(document=wp4, language="fr").original_name == "second.docx"
    [stored] = stored_files(media_root)
    assert stored.read_bytes() == second


def test_removing_a_language_version_deletes_its_file(
    client_for, wp4, media_root, django_capture_on_commit_callbacks
):
    client = client_for("secretariat")
    post_file(client, wp4, "wp4.pdf", pdf_bytes())
    url = reverse("meetings:document_file_delete", args=[wp4.pk, "fr"])
    with django_capture_on_commit_callbacks(execute=True):
        with_message = client.post(url, follow=True).content.decode()
    assert "French version of ATT/CSP2/2016/WP.4/Rev.1 removed." in with_message
    assert not DocumentFile.objects.exists()
    assert stored_files(media_root) == []


def test_missing_language_versions_are_shown_in_the_document_list(client_for, wp4, media_root):
    client = client_for("secretariat")
    post_file(client, wp4, "wp4-en.pdf", pdf_bytes(), language="en")
    post_file(client, wp4, "wp4-es.pdf", pdf_bytes(), language="es")
    page = client.get(reverse("meetings:documents")).content.decode()
    row = page[page.index("ATT/CSP2/2016/WP.4/Rev.1") :]
    row = row[: row.index("</tr>")]
    assert "En ✓" in row and "Fr —" in row and "Es ✓" in row


def test_a_download_returns_the_file_as_an_attachment(client_for, wp4, media_root):
    post_file(client_for("secretariat"), wp4, "wp4.pdf", pdf_bytes())
    url = reverse("meetings:document_download", args=[wp4.pk, "fr"])
    response = client_for("delegate").get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == pdf_bytes()
    response.close()
