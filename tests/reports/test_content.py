"""What the PDFs say, read back with pypdf: counts, states, dates, languages, editions, layout."""

import io

import pypdf
import pytest
from django.core.management import call_command

from states.models import State
from tests.reports.conftest import (
    _SESSION_PDFS,
    INTERNAL_ACTOR,
    PUBLIC_ACTOR,
    SECRET_SUMMARY,
    page_texts,
)


@pytest.fixture
def french_march(report_world, tmp_path):
    """The French public report of 7 March 2018, written by the contract's command."""
    key = ("command", "2018-03-07", "fr")
    if key not in _SESSION_PDFS:
        output = tmp_path / "r.pdf"
        call_command(
            "meeting_report",
            "--date",
            "2018-03-07",
            "--lang",
            "fr",
            "--output",
            str(output),
            stdout=io.StringIO(),
        )
        _SESSION_PDFS[key] = output.read_bytes()
    return _SESSION_PDFS[key]


def _status_page(texts: list[str], marker: str) -> str:
    return next(t for t in texts if marker in t)


def test_command_writes_a_french_report_with_92_parties_and_2_deposited(french_march):
    # Table cells wrap with the column widths: compare with the line breaks folded.
    status = " ".join(_status_page(page_texts(french_march), "2.1 ").split())
    assert "Instrument déposé, pas encore en vigueur 2" in status
    assert "État partie 92" in status


def test_french_report_names_the_new_states_in_french_with_french_dates(french_march):
    text = "\n".join(page_texts(french_march))
    assert "Kazakhstan Adhésion 8 décembre 2017" in text
    assert "Palestine, État de Adhésion 29 décembre 2017" in text
    assert "7 mars 2018" in text


def test_french_report_has_french_headings_and_labels(french_march):
    text = "\n".join(page_texts(french_march))
    for french in (
        "Ordre du jour",
        "Afrique",
        "Amériques",
        "Océanie",
        "Non signé",
        "États parties",
    ):
        assert french in text, french


def test_french_annex_lists_every_state_with_its_french_name(french_march):
    texts = page_texts(french_march)
    # The annex (one table of the 196 States, alphabetical) starts at its lead sentence.
    start = next(i for i, t in enumerate(texts) if "ordre alphabétique" in t)
    # Long names wrap inside their cell (after a space or a hyphen): collapse the breaks.
    annex = " ".join(" ".join(texts[start:]).split()).replace("- ", "-")
    states = list(State.objects.values_list("name_fr", "name_en"))
    assert len(states) == 196
    missing = [fr or en for fr, en in states if " ".join((fr or en).split()) not in annex]
    assert missing == []


def test_report_has_a_sane_page_count_and_a4_pages(french_march):
    reader = pypdf.PdfReader(io.BytesIO(french_march))
    assert 8 <= len(reader.pages) <= 30
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


FRENCH_TITLE = "Réunion du Groupe de travail sur l'universalisation du Traité, 7 mars 2018"


def test_every_page_has_the_title_the_data_date_and_page_x_of_y(french_march):
    texts = page_texts(french_march)
    for number, text in enumerate(texts, start=1):
        # The running title in French, composed from the body and the date (issue 22).
        assert FRENCH_TITLE in text
        assert f"{number} of {len(texts)}" in text or f"{number} sur {len(texts)}" in text


def test_pdf_metadata_names_title_author_and_a_fixed_date(french_march):
    reader = pypdf.PdfReader(io.BytesIO(french_march))
    assert reader.metadata["/Title"] == FRENCH_TITLE
    assert reader.metadata["/Author"] == "ATT Secretariat — WGTU"
    assert reader.metadata["/CreationDate"] == "D:20180307000000Z"


def test_pdf_declares_the_report_language(french_march):
    catalog = pypdf.PdfReader(io.BytesIO(french_march)).trailer["/Root"]
    assert catalog.get("/Lang") == "fr"


def test_table_of_contents_gives_page_numbers(french_march):
    first = page_texts(french_march)[0]
    assert "Contents" in first or "Table des matières" in first
    assert "Annex" in first or "Annexe" in first


def test_internal_marker_on_every_page_of_the_internal_edition(rendered):
    _html, result = rendered("2018-03-07", "internal", "en")
    texts = page_texts(result.content)
    assert len(texts) > 5
    assert all("Internal" in t for t in texts)


def test_no_internal_marker_or_internal_content_in_the_public_edition(rendered):
    _html, result = rendered("2018-03-07", "public", "en")
    text = "\n".join(page_texts(result.content))
    assert "Internal" not in text
    assert "Minutes only the Secretariat reads" not in text
    assert INTERNAL_ACTOR not in text
    assert "Needs a national control list" not in text


def test_public_edition_shows_public_activities_with_public_fields_only(rendered):
    _html, result = rendered("2018-03-07", "public", "en")
    text = "\n".join(page_texts(result.content))
    assert PUBLIC_ACTOR in text
    assert "Luanda" in text
    assert SECRET_SUMMARY not in text
    assert "Secret counterpart" not in text


def test_internal_edition_adds_challenges_and_the_internal_outreach_record(rendered):
    _html, result = rendered("2018-03-07", "internal", "en")
    text = "\n".join(page_texts(result.content))
    assert "Challenges noted (internal)" in text
    assert "Angola" in text and "Needs a national control list" in text
    assert INTERNAL_ACTOR in text
    assert "Send the model control list" in text
    assert "Minutes only the Secretariat reads" in text


def test_english_status_section_lists_counts_and_the_change_since_csp3(rendered):
    _html, result = rendered("2018-03-07", "public", "en")
    status = _status_page(page_texts(result.content), "2.1 Counts by status")
    assert "State Party 92" in status
    assert "Deposited, not yet in force 2 +2" in status
    assert "Changes since CSP3 (11 September 2017)" in status
    assert "Kazakhstan Accession 8 December 2017" in status


def test_spanish_report_has_spanish_labels_names_and_dates(rendered):
    _html, result = rendered("2018-05-31", "public", "es")
    text = "\n".join(page_texts(result.content))
    assert "31 de mayo de 2018" in text
    assert "Estado de las ratificaciones, adhesiones y firmas" in text
    assert "África" in text
    assert "Estados partes" in text
