"""Issue 18, "Done when": a file of six entries for four states (two internal) imported with
`import_pipeline`; /pipeline/ shows each state at its stage on the date; a Delegate and an
anonymous reader find neither internal entry anywhere (pages, API, exports)."""

import io

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from pipeline.models import StageEntry

FILE = """iso3,stage,date,source,visibility,note
BRA,before_parliament,2016-03-10,Chamber of Deputies bill 3.641/2015,public,
BRA,parliament_approved,2018-02-20,Senate legislative decree,public,
AGO,under_review,2016-05-02,Ministry of Foreign Affairs letter,internal,Shared in confidence
MOZ,government_approved,2017-11-08,Council of Ministers communiqué,public,
MOZ,before_parliament,2018-04-12,Assembly of the Republic agenda,internal,Hearing in June
KEN,none_known,2017-01-15,ATT Monitor 2017,public,
"""
# What only the two internal entries say.
SECRETS = (
    "Ministry of Foreign Affairs letter",
    "Shared in confidence",
    "Assembly of the Republic agenda",
    "Hearing in June",
)
AS_OF = "2018-05-31"


@pytest.fixture
def imported(reference_data, tmp_path):
    path = tmp_path / "pipeline.csv"
    path.write_text(FILE, encoding="utf-8")
    call_command("import_pipeline", str(path), stdout=io.StringIO())
    assert StageEntry.objects.count() == 6
    assert StageEntry.objects.internal().count() == 2
    return path


def stage_on_page(response) -> dict[str, str]:
    """{iso3: stage code} from the page's groups."""
    return {
        row["iso3"]: group["stage"].code
        for group in response.context["groups"]
        for row in group["rows"]
        if group["stage"].code
    }


def test_the_pipeline_page_shows_each_state_at_its_stage_on_the_date(imported, client_for):
    response = client_for("cochair").get(reverse("pipeline:index"), {"as_of": AS_OF})
    assert response.status_code == 200
    stages = stage_on_page(response)
    assert stages["BRA"] == "parliament_approved"
    assert stages["AGO"] == "under_review"
    assert stages["MOZ"] == "before_parliament"
    assert stages["KEN"] == "none_known"
    html = response.content.decode()
    assert 'data-iso3="MOZ"' in html and "12 April 2018" in html


def test_on_an_earlier_date_the_states_stand_where_they_stood(imported, client_for):
    response = client_for("cochair").get(reverse("pipeline:index"), {"as_of": "2017-12-31"})
    stages = stage_on_page(response)
    assert stages["BRA"] == "before_parliament"
    assert stages["MOZ"] == "government_approved"
    assert stages["AGO"] == "under_review"
    assert stages["KEN"] == "none_known"
    response = client_for("cochair").get(reverse("pipeline:index"), {"as_of": "2016-12-31"})
    typed = {k: v for k, v in stage_on_page(response).items() if v != "deposited"}
    assert typed == {"BRA": "before_parliament", "AGO": "under_review"}


def test_once_deposited_a_state_leaves_the_typed_stages(imported, client_for):
    # Brazil deposited on 14 August 2018 (in force 12 November 2018).
    response = client_for("cochair").get(reverse("pipeline:index"), {"as_of": "2018-09-01"})
    assert stage_on_page(response)["BRA"] == "deposited"
    response = client_for("cochair").get(reverse("pipeline:index"), {"as_of": "2019-01-01"})
    assert "BRA" not in stage_on_page(response)  # a State Party: out of the pipeline


def test_staff_read_the_internal_entries_on_the_state_page(imported, client_for):
    """The positive control of the leak test below: the secrets are on the page for staff."""
    for persona in ("cochair", "secretariat"):
        html = client_for(persona).get(reverse("states:detail", args=["MOZ"])).content.decode()
        assert "Assembly of the Republic agenda" in html and "Hearing in June" in html


def readable_texts(client) -> dict[str, str]:
    """Everything a reader can fetch that might carry a stage entry, as text."""
    texts = {}
    for iso3 in ("AGO", "MOZ", "BRA", "KEN"):
        for params in ({}, {"as_of": AS_OF}):
            url = reverse("states:detail", args=[iso3])
            texts[f"{url} {params}"] = client.get(url, params).content.decode()
    for name, params in (
        ("states:list", {"as_of": AS_OF}),
        ("states:export", {"as_of": AS_OF, "format": "csv"}),
        ("api:states", {"as_of": AS_OF}),
        ("api:summary", {"as_of": AS_OF}),
        ("status", {"as_of": AS_OF}),
        ("home", {}),
        ("reports:index", {}),
    ):
        response = client.get(reverse(name), params)
        texts[name] = response.content.decode()
    workbook = client.get(reverse("states:export"), {"as_of": AS_OF, "format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(workbook.content)).active
    texts["xlsx"] = " ".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row)
    return texts


@pytest.mark.parametrize("persona", ["delegate", "anonymous"])
def test_delegates_and_anonymous_readers_find_neither_internal_entry(imported, client_for, persona):
    client = client_for(persona)
    texts = readable_texts(client)
    leaks = [(where, s) for where, text in texts.items() for s in SECRETS if s in text]
    assert leaks == []
    # The public entries are there (the pages did render them), the internal ones' stages not.
    moz = texts[f"{reverse('states:detail', args=['MOZ'])} {{'as_of': '{AS_OF}'}}"]
    assert "Council of Ministers communiqué" in moz
    assert "Submitted to parliament" not in moz
    ago = texts[f"{reverse('states:detail', args=['AGO'])} {{}}"]
    assert "Under consideration by the government" not in ago
    # The pipeline page and its export are not theirs.
    for name in ("pipeline:index", "pipeline:export"):
        response = client.get(reverse(name), {"as_of": AS_OF})
        if persona == "anonymous":
            assert response.status_code == 302
            assert response.url.startswith(reverse("accounts:login"))
        else:
            assert response.status_code == 403
