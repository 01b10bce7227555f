"""The report's charts read whole (issue 20, item 4): every label of the parties chart and of the
map is read back from the PDF's text, in English, French and Spanish; marker labels are written
across (not rotated up into the running header), and no two overlap."""

import io
import re

import pypdf
import pytest
from django.utils import translation

from states.bodies import meeting_kind_label
from states.charts import Marker, _marker_labels, flow_legend, text_width
from states.models import Status

pytestmark = pytest.mark.django_db

MAY = "2018-05-31"


def _labels(language: str) -> list[str]:
    with translation.override(language):
        return [
            str(text)
            for text in (
                translation.gettext("States Parties (in force)"),
                translation.gettext("Instruments deposited"),
                translation.gettext("Conference of States Parties"),
                meeting_kind_label(),
                translation.gettext("Other territories"),
                *(s.label for s in Status),
            )
        ]


def _folded(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_every_chart_and_map_label_is_read_back_whole(rendered, language):
    _html, result = rendered(MAY, "public", language)
    reader = pypdf.PdfReader(io.BytesIO(result.content))
    text = _folded(" ".join(page.extract_text() for page in reader.pages))
    for label in _labels(language):
        assert label in text, (language, label)
    # The map's legend gives each status with its count, whole.
    with translation.override(language):
        deposited = str(Status.RATIFIED_NOT_IN_FORCE.label)
    assert re.search(re.escape(deposited) + r" \(\d+\)", text)
    # The markers: the CSP that opened the cycle and both meetings, by their short titles in
    # the reader's language (the bundled English titles are the source's; French and Spanish
    # ones are composed, with the ATT's acronyms: issue 22).
    for marker in MARKERS[language]:
        assert marker in text, (language, marker)


MARKERS = {
    "en": ("CSP3", "WGTU meeting, 7 March 2018", "WGTU meeting, 31 May 2018"),
    "fr": ("CEP3", "Réunion du GTUT, 7 mars 2018", "Réunion du GTUT, 31 mai 2018"),
    "es": ("CEEP3", "Reunión del GTUT, 7 de marzo de 2018", "Reunión del GTUT, 31 de mayo de 2018"),
}


def test_marker_labels_are_upright_and_inside_the_chart(rendered):
    _html, result = rendered(MAY, "public", "fr")
    reader = pypdf.PdfReader(io.BytesIO(result.content))
    seen = []

    def visit(text, cm, tm, font, size):
        if text.strip() in MARKERS["fr"]:
            # Matrices [a, b, c, d, e, f]: b and c are zero for text written across.
            turned = any(round(m[i], 3) for m in (cm, tm) for i in (1, 2))
            seen.append((text.strip(), turned))

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    assert {label for label, _turned in seen} == set(MARKERS["fr"])
    assert not any(turned for _label, turned in seen), seen


def test_marker_labels_close_together_take_rows_and_never_overlap():
    import datetime as dt

    markers = [
        Marker(dt.date(2018, 3, 7), "WGTU meeting, 7 March 2018", "meeting"),
        Marker(dt.date(2018, 5, 31), "WGTU meeting, 31 May 2018", "meeting"),
        Marker(dt.date(2018, 8, 20), "CSP4", "csp"),
        Marker(dt.date(2018, 8, 21), "Réunion extraordinaire", "meeting"),
    ]
    since, until = dt.date(2013, 6, 3), dt.date(2018, 9, 1)

    def x(day):
        return 52 + (day - since).days / (until - since).days * 692

    labels, rows = _marker_labels(markers, x, right=744)
    assert rows >= 2
    for label in labels:
        assert label.x0 >= 0 and label.x1 <= 744
    for a in labels:
        for b in labels:
            if a is not b and a.row == b.row:
                assert a.x1 <= b.x0 or b.x1 <= a.x0


def test_a_legend_wraps_a_label_wider_than_its_room():
    items, bottom = flow_legend(
        ["Instrument déposé, pas encore en vigueur, avec une très longue explication"],
        left=0,
        right=200,
        top=0,
        size=12,
        key_width=20,
    )
    (item,) = items
    assert len(item.lines) > 1
    assert all(text_width(line, 12) <= 180 for line in item.lines)
    assert bottom > 2 * 12
