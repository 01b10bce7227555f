"""The report's annex lists the states of each region in the reader's order (issue 20, item 3):
"Bénin" among the B's and "Égypte" among the E's in French, "Bélgica" before "Bulgaria" in
Spanish, read back from the PDF; and the whole order checked on the HTML it is drawn from."""

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


def test_the_french_annex_reads_benin_among_the_bs_and_egypte_among_the_es(rendered):
    _html, result = rendered(MAY, "public", "fr")
    text = _annex_text(result)
    assert _in_order(text, ["Angola", "Bénin", "Botswana", "Burkina Faso", "Burundi"])
    assert _in_order(text, ["Djibouti", "Égypte", "Érythrée", "Éthiopie", "Gabon"])
    assert _in_order(text, ["Belgique", "Bulgarie", "Croatie"])  # Europe


def test_the_spanish_annex_reads_belgica_before_bulgaria(rendered):
    _html, result = rendered(MAY, "public", "es")
    text = _annex_text(result)
    assert _in_order(text, ["Alemania", "Bélgica", "Bulgaria", "Croacia"])
    assert _in_order(text, ["Benín", "Botsuana", "Burundi"])


@pytest.mark.parametrize("language", ["fr", "es"])
def test_every_region_of_the_annex_is_in_the_collation_order(rendered, language):
    html, _result = rendered(MAY, "public", language)
    annex = html[html.index('id="annex"') :]
    for table in re.findall(r"<tbody>(.*?)</tbody>", annex, re.S):
        names = re.findall(r'<th scope="row">([^<]+)</th>', table)
        assert names == by_name(names, name=str, language=language)
