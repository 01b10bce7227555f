"""A report in all three languages at once (issue 21, item 3): the data read once, the three
PDFs rendered side by side, each still right in its language (read back with pypdf)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.models import RenderedReport
from meetings.reports.cache import meeting_report_files
from meetings.reports.render import meeting_report_html, meeting_report_htmls
from tests.reports.conftest import meeting_on, page_texts


def _folded(content: bytes) -> str:
    return " ".join(" ".join(page_texts(content)).split())


def test_the_three_languages_are_each_right_and_stored_under_one_version(report_world):
    meeting = meeting_on("2018-03-07")
    files = meeting_report_files(meeting=meeting, edition="public", languages=("en", "fr", "es"))
    assert list(files) == ["en", "fr", "es"]
    assert len({version for _name, _type, _content, version in files.values()}) == 1
    english, french, spanish = (_folded(files[lang][2]) for lang in ("en", "fr", "es"))
    assert "State Party 92" in english and "Kazakhstan Accession 8 December 2017" in english
    assert "État partie 92" in french and "Kazakhstan Adhésion 8 décembre 2017" in french
    assert "7 de marzo de 2018" in spanish and "África" in spanish
    assert "Accession" not in french and "Adhésion" not in spanish
    assert [files[lang][0] for lang in ("en", "fr", "es")] == [
        "WGTU_report_2018-03-07_EN.pdf",
        "WGTU_report_2018-03-07_FR.pdf",
        "WGTU_report_2018-03-07_ES.pdf",
    ]
    stored = RenderedReport.objects.filter(meeting=meeting, edition="public")
    assert sorted(stored.values_list("language", flat=True)) == ["en", "es", "fr"]
    # Asked again: served from what was stored, nothing rendered.
    again = meeting_report_files(meeting=meeting, edition="public", languages=("fr",))
    assert again["fr"][2] == files["fr"][2]


def test_each_language_is_the_html_of_that_language_alone(report_world):
    meeting = meeting_on("2018-05-31")
    for edition in ("public", "internal"):
        together = meeting_report_htmls(meeting, edition=edition)
        for language in ("en", "fr", "es"):
            alone = meeting_report_html(meeting, edition=edition, language=language)
            assert together[language] == alone, (edition, language)


def test_the_data_is_read_once_for_the_three_languages(report_world):
    meeting = meeting_on("2018-05-31")
    with CaptureQueriesContext(connection) as one:
        meeting_report_htmls(meeting, languages=("en",))
    with CaptureQueriesContext(connection) as three:
        meeting_report_htmls(meeting, languages=("en", "fr", "es"))
    assert len(three) == len(one)
