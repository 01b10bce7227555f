"""The report's annex lists every State in one table in the reader's alphabetical order (issue 20,
item 3): "… Belize, Bénin, Bhoutan …" and "Égypte" among the E's in French, "Bélgica" before
"Bulgaria" in Spanish, read back from the PDF; and the whole order checked on the HTML."""

import io
import re

import pypdf
import pytest

from states.collation import by_name

pytestmark = pytest.mark.django_db

MAY = "2018-05-31"


def _annex_text(result) -> str:
    pages = [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(result.content)).pages]
    text = "\n".join(pages)
    # The annex's heading ("Annexe", "Anexo"); the table of contents names it first.
    return text[max(text.rfind("Annex"), text.rfind("Anexo")) :]


def _in_order(text: str, names: list[str]) -> bool:
    # Each row starts a line with the state's name, then its status.
    positions = [re.search(rf"^{re.escape(name)} ", text, re.M).start() for name in names]
    return positions == sorted(positions)


def test_the_french_annex_reads_belize_benin_bhoutan_and_egypte_among_the_es(rendered):
    _html, result = rendered(MAY, "public", "fr")
    text = _annex_text(result)
    # Consecutive rows, with the UN's French name "Belize" (django-countries: "Bélize").
    rows = [line.split(" ")[0] for line in text.splitlines() if re.match(r"^[A-ZÉ]\S* ", line)]
    start = rows.index("Belize")
    assert rows[start : start + 3] == ["Belize", "Bénin", "Bhoutan"]
    assert _in_order(
        text,
        ["Dominique", "Égypte", "Équateur", "Érythrée", "Espagne", "Estonie", "Éthiopie", "Fidji"],
    )


def test_the_spanish_annex_reads_belgica_before_belice_and_bulgaria(rendered):
    _html, result = rendered(MAY, "public", "es")
    text = _annex_text(result)
    assert _in_order(
        text, ["Bélgica", "Belice", "Benín", "Botsuana", "Bulgaria", "Burundi", "Bután"]
    )
    assert _in_order(text, ["Ecuador", "Egipto", "El Salvador", "Eritrea", "España"])


@pytest.mark.parametrize("language", ["fr", "es"])
def test_the_annex_is_one_table_of_every_state_in_the_collation_order(rendered, language):
    html, _result = rendered(MAY, "public", language)
    annex = html[html.index('id="annex"') :]
    tables = re.findall(r"<tbody>(.*?)</tbody>", annex, re.S)
    assert len(tables) == 1
    names = re.findall(r'<th scope="row">([^<]+)</th>', tables[0])
    assert len(names) == 196
    assert names == by_name(names, name=str, language=language)
