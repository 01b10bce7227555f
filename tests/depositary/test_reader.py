"""The reader on the depositary's real file of 15 January 2018 and on broken copies of it."""

import collections
import datetime as dt

import pytest

from depositary.reader import MtdsgError, clean_xml_text, parse_cell, read_mtdsg
from tests.depositary.conftest import SAMPLE_NAME, encode, rename, sample_text, set_cell


@pytest.fixture
def sample(sample_bytes):
    return read_mtdsg(sample_bytes, file_name=SAMPLE_NAME)


def row(parsed, name):
    return next(r for r in parsed.rows if r.name == name)


def test_reader_reads_the_status_line(sample):
    assert (sample.signatories, sample.parties) == (130, 94)


def test_reader_rows_agree_with_the_status_line(sample):
    assert (len(sample.rows), sample.signature_rows, sample.deposit_rows) == (135, 130, 94)


def test_reader_counts_each_deposit_suffix(sample):
    kinds = collections.Counter(r.deposit_kind for r in sample.rows if r.deposit)
    assert kinds == {"ratification": 85, "accession": 5, "approval": 2, "acceptance": 2}


def test_reader_reads_provisional_application_as_its_own_action(sample):
    antigua = row(sample, "Antigua and Barbuda")
    assert sum(1 for r in sample.rows if r.provisional_application) == 22
    assert antigua.actions()["provisional_application"] == (
        "provisional_application",
        dt.date(2013, 8, 12),
    )


def test_reader_reads_dates_like_3_jun_2013(sample):
    albania = row(sample, "Albania")
    assert (albania.signature, albania.deposit) == (dt.date(2013, 6, 3), dt.date(2014, 3, 19))


def test_reader_strips_the_footnote_marker_from_denmark(sample):
    denmark = row(sample, "Denmark")
    assert denmark.footnotes == ["1"]
    assert denmark.deposit_kind == "approval"


def test_reader_keeps_a_name_written_with_st(sample):
    assert row(sample, "St. Vincent and the Grenadines").provisional_application == dt.date(
        2014, 6, 3
    )


def test_reader_puts_the_quotation_marks_back_for_control_characters(sample):
    belgium = next(d for d in sample.declarations if d.participant == "Belgium")
    assert belgium.text == (
        "\u201cThis signature engages also the Walloon Region, the Flemish Region and the "
        "Brussels-Capital Region.\u201d"
    )


def test_reader_keeps_unescaped_ampersands(sample):
    switzerland = next(d for d in sample.declarations if d.participant == "Switzerland")
    new_zealand = next(
        d for d in sample.declarations if d.participant == "New Zealand" and d.kind == "declaration"
    )
    assert switzerland.text.startswith("& It is the understanding of Switzerland")
    assert new_zealand.text.endswith("in the light of Article 9 &\u201d")


def test_reader_keeps_each_declaration_with_its_heading(sample):
    headings = {(d.participant, d.kind, d.heading) for d in sample.declarations}
    assert ("Kazakhstan", "declaration", "Declaration upon accession:") in headings
    assert ("Belgium", "declaration", "7 June 2013 · Declaration:") in headings


def test_reader_keeps_end_notes_with_the_participant_that_refers_to_them(sample):
    note = next(d for d in sample.declarations if d.kind == "note" and d.participant == "Denmark")
    assert "Faroe Islands and Greenland" in note.text


def test_clean_xml_text_escapes_only_bare_ampersands():
    assert clean_xml_text("a & b &amp; c &lt; d &#38; \x1cq\x1d\x07") == (
        "a &amp; b &amp; c &lt; d &#38; \u201cq\u201d "
    )


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("3 Jun 2013", (dt.date(2013, 6, 3), "")),
        ("18 Dec 2014 A", (dt.date(2014, 12, 18), "A")),
        ("2 April 2014 AA", (dt.date(2014, 4, 2), "AA")),
        ("", (None, None)),
    ],
)
def test_parse_cell_reads_date_and_suffix(cell, expected):
    assert parse_cell(cell) == expected


def test_reader_takes_the_date_from_the_file_name(sample):
    assert (sample.as_of, sample.as_of_origin) == (dt.date(2018, 1, 15), "file name")


def test_reader_takes_a_date_stated_in_the_file_before_the_name():
    text = sample_text().replace(
        "<Status>", "<Status>\n          <StatusDate>16 January 2018</StatusDate>", 1
    )
    parsed = read_mtdsg(encode(text), file_name=SAMPLE_NAME)
    assert (parsed.as_of, parsed.as_of_origin) == (dt.date(2018, 1, 16), "file")


def test_a_file_without_a_date_is_as_of_its_newest_event(sample_bytes):
    parsed = read_mtdsg(sample_bytes, file_name="XXVI-8.en.xml")
    newest = max(
        d for r in parsed.rows for d in (r.signature, r.deposit, r.provisional_application) if d
    )
    assert (parsed.as_of, parsed.as_of_origin) == (newest, "newest event")
    assert parsed.as_of <= dt.date(2018, 1, 15)


def test_reader_reports_an_unreadable_cell_with_its_row_and_participant():
    parsed = read_mtdsg(
        encode(set_cell(sample_text(), "Bahrain", 2, "21 Nom 2013")), file_name=SAMPLE_NAME
    )
    assert [str(p) for p in parsed.problems] == [
        "row 9 (Bahrain): Signature: '21 Nom 2013' is not a date like “3 Jun 2013”"
    ]


def test_reader_reports_an_unknown_deposit_suffix():
    parsed = read_mtdsg(
        encode(set_cell(sample_text(), "Angola", 4, "10 Jan 2018 x")), file_name=SAMPLE_NAME
    )
    assert [(p.row, p.name) for p in parsed.problems] == [(3, "Angola")]


def test_reader_reports_a_participant_listed_twice():
    parsed = read_mtdsg(encode(rename(sample_text(), "Angola", "Albania")), file_name=SAMPLE_NAME)
    assert [(p.row, p.name) for p in parsed.problems] == [(3, "Albania")]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"iso3,name\nFRA,France\n", "not readable XML"),
        (b"", "empty"),
        (b"<Document><Other/></Document>", "not an MTDSG status file"),
        (b"x" * (2 * 1024 * 1024 + 1), "larger than 2 MB"),
        (
            b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "b">]><Document/>',
            "DTD or entities",
        ),
        (b'<?xml version="1.0" encoding="klingon"?><Document/>', "unknown encoding"),
    ],
)
def test_reader_refuses_what_is_not_a_status_file(data, message):
    with pytest.raises(MtdsgError, match=message):
        read_mtdsg(data, file_name=SAMPLE_NAME)


def test_reader_refuses_the_status_of_another_treaty():
    text = sample_text().replace("<Numsect>8</Numsect>", "<Numsect>9</Numsect>")
    with pytest.raises(MtdsgError, match=r"XXVI-9"):
        read_mtdsg(encode(text), file_name=SAMPLE_NAME)
