"""The pipeline page, its export, and the Secretariat's pages (entries, stages), through the
client with the real roles."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from challenges.models import Challenge, ChallengeTag
from challenges.services import taxonomy_load_report
from meetings.services import work_plan_load_report
from pipeline.models import ProcedureStage, StageEntry
from states.models import Region
from tests.factories import StateFactory
from tests.outreach.factories import FollowUpFactory, OutreachActivityFactory

D = dt.date
INDEX = reverse("pipeline:index")
EXPORT = reverse("pipeline:export")


@pytest.fixture
def world(stages, signatory, non_signatory, depositor, record):
    """Signatoria (Africa): under review since 2015, still in 2018 (stalled), with open
    challenges 3.1 and 6.2, outreach in 2017 and a follow-up due in 2018. Nonsignia (Asia):
    none known in 2017, before parliament since 10 April 2018 (after the 7 March 2018
    meeting). Depositia: instrument executed in July 2018, deposited in August. A plan with
    its meetings of 7 March and 31 May 2018, and Annex A."""
    work_plan_load_report()
    taxonomy_load_report()
    record(signatory, stages["under_review"], D(2015, 2, 1))
    record(signatory, stages["under_review"], D(2017, 2, 1), source="Confirmed by the embassy")
    record(non_signatory, stages["none_known"], D(2017, 1, 15), visibility="public")
    record(non_signatory, stages["before_parliament"], D(2018, 4, 10))
    record(depositor, stages["instrument_executed"], D(2018, 7, 1))
    for code in ("3.1", "6.2"):
        ChallengeTag.objects.create(
            challenge=Challenge.objects.get(code=code),
            state=signatory,
            noted_on=D(2017, 3, 1),
            source="Visit",
        )
    activity = OutreachActivityFactory(start_date=D(2017, 10, 5), states=[signatory])
    FollowUpFactory(activity=activity, action="Send the model law", due_on=D(2018, 7, 1))
    return stages


def get(client, **params):
    return client.get(INDEX, params)


def rows_by_iso3(rows):
    return {row["iso3"]: row for row in rows}


def test_the_page_groups_the_states_by_stage_most_advanced_first(world, client_for):
    response = get(client_for("cochair"), as_of="2018-07-15")
    groups = [(g["stage"].code, [r["iso3"] for r in g["rows"]]) for g in response.context["groups"]]
    assert groups == [
        ("deposited", []),
        ("instrument_executed", ["XDP"]),
        ("parliament_approved", []),
        ("before_parliament", ["XNS"]),
        ("government_approved", []),
        ("under_review", ["XSG"]),
        ("none_known", []),
        ("", []),
    ]
    counts = {c["stage"].code: c["count"] for c in response.context["counts"]}
    assert counts["instrument_executed"] == 1 and counts["before_parliament"] == 1


def test_moves_since_the_previous_meeting_and_the_last_csp(world, client_for):
    response = get(client_for("cochair"), as_of="2018-05-31")
    changes = {c["reference"].kind: c for c in response.context["changes"]}
    assert changes["meeting"]["reference"].date == D(2018, 3, 7)
    meeting = [(m["row"]["iso3"], m["previous"].code) for m in changes["meeting"]["moves"]]
    assert meeting == [("XNS", "none_known")]
    assert changes["csp"]["reference"].label == "CSP3"
    csp = [(m["row"]["iso3"], m["previous"].code) for m in changes["csp"]["moves"]]
    # Signatoria's re-confirmation of the same stage in 2017 is not a move.
    assert csp == [("XNS", "none_known")]
    html = response.content.decode()
    assert "Moved since the previous meeting (7 March 2018)" in html
    assert "Moved since the last Conference (CSP3, 11 September 2017)" in html


def test_a_deposit_is_a_move_to_the_pipelines_end(world, client_for):
    response = get(client_for("cochair"), as_of="2018-09-01")
    changes = {c["reference"].kind: c for c in response.context["changes"]}
    assert changes["meeting"]["reference"].date == D(2018, 5, 31)
    moves = [
        (m["row"]["iso3"], m["previous"].code, m["row"]["stage"].code)
        for m in changes["meeting"]["moves"]
    ]
    assert moves == [("XDP", "", "deposited")]
    # Deposited on 14 August 2018, before CSP4 opened (20 August): no move since then.
    assert changes["csp"]["reference"].label == "CSP4"
    assert changes["csp"]["moves"] == []


def test_stalled_states_come_with_challenges_6x_first_last_contact_and_next_follow_up(
    world, client_for
):
    response = get(client_for("cochair"), as_of="2018-05-31")
    stalled = rows_by_iso3(response.context["stalled"])
    assert list(stalled) == ["XSG"]
    row = stalled["XSG"]
    assert row["since"] == D(2015, 2, 1)
    assert [c["code"] for c in row["challenges"]] == ["6.2", "3.1"]
    assert row["last_contact"] == D(2017, 10, 5)
    assert (row["next_action"], row["next_due"]) == ("Send the model law", D(2018, 7, 1))
    html = response.content.decode()
    assert "Stalled: at the same stage for more than 12 months" in html
    assert "Send the model law" in html


def test_the_stalled_threshold_is_a_setting(world, client_for, settings):
    settings.PIPELINE_STALLED_MONTHS = 48
    response = get(client_for("cochair"), as_of="2018-05-31")
    assert response.context["stalled"] == []
    assert "more than 48 months" in response.content.decode()


def test_a_stage_reached_less_than_the_threshold_ago_is_not_stalled(world, client_for):
    response = get(client_for("cochair"), as_of="2016-01-31")  # under review since 2015-02-01
    assert response.context["stalled"] == []
    response = get(client_for("cochair"), as_of="2016-02-02")
    assert [r["iso3"] for r in response.context["stalled"]] == ["XSG"]


def test_the_region_filter(world, client_for):
    response = get(client_for("cochair"), as_of="2018-05-31", region=Region.ASIA)
    assert [r["iso3"] for r in response.context["rows"]] == ["XNS"]


@pytest.mark.parametrize(
    ("stage", "expected"), [("under_review", ["XSG"]), ("none", ["XDP"]), ("", None)]
)
def test_the_stage_filter(world, client_for, stage, expected):
    response = get(client_for("cochair"), as_of="2018-05-31", stage=stage)
    iso3s = sorted(r["iso3"] for r in response.context["rows"])
    assert iso3s == (expected or ["XDP", "XNS", "XSG"])


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"as_of": "31/05/2018"}, "Enter a date in the form YYYY-MM-DD"),
        ({"stage": "in_committee"}, "Select a valid choice"),
        ({"region": "Atlantis"}, "Select a valid choice"),
    ],
)
def test_a_bad_parameter_is_answered_with_a_message(world, client_for, params, message):
    response = get(client_for("cochair"), **params)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_page_speaks_the_readers_language(world, client_for):
    client = client_for("cochair")
    client.cookies["django_language"] = "fr"
    html = get(client, as_of="2018-05-31").content.decode()
    assert "Soumis au parlement" in html and "À l&#x27;examen du gouvernement" in html
    # The stalled state's open challenges, in French too.
    assert "L&#x27;élaboration des lois nationales nécessaires prend également du temps." in html


def test_the_secretariat_gets_the_editing_links_the_cochairs_do_not(world, client_for):
    add = reverse("pipeline:entry_add", args=["XSG"])
    assert add in get(client_for("secretariat"), as_of="2018-05-31").content.decode()
    html = get(client_for("cochair"), as_of="2018-05-31").content.decode()
    assert add not in html and reverse("pipeline:import") not in html


def test_the_page_is_never_served_stale(world, client_for, record, signatory):
    client = client_for("cochair")
    assert get(client, as_of="2018-05-31").context["stalled"]
    record(signatory, world["government_approved"], D(2018, 5, 1))
    response = get(client, as_of="2018-05-31")
    assert rows_by_iso3(response.context["rows"])["XSG"]["stage"].code == "government_approved"
    assert response.context["stalled"] == []


# --- the export ---------------------------------------------------------------------------------


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_export_has_the_pages_rows_and_its_references(world, client_for):
    response = client_for("cochair").get(EXPORT, {"as_of": "2018-05-31"})
    assert response["Content-Disposition"] == (
        'attachment; filename="joining-pipeline-2018-05-31.csv"'
    )
    header, *rows = csv_rows(response)
    assert header[:8] == [
        "Name",
        "ISO 3166 code",
        "Region",
        "Status",
        "Stage",
        "Since",
        "Latest entry",
        "Stalled",
    ]
    assert "Stage at WGTU (2018-03-07)" in header and "Stage at CSP3 (2017-09-11)" in header
    by_code = {row[1]: dict(zip(header, row, strict=True)) for row in rows}
    assert by_code["XSG"]["Stage"] == "Under consideration by the government"
    assert by_code["XSG"]["Since"] == "2015-02-01"
    assert by_code["XSG"]["Latest entry"] == "2017-02-01"
    assert by_code["XSG"]["Stalled"] == "yes"
    assert by_code["XSG"]["Open challenges"].startswith("6.2 ")
    assert by_code["XSG"]["Next follow-up"] == "Send the model law"
    assert by_code["XNS"]["Stage at WGTU (2018-03-07)"] == "No known process"


def test_the_export_neutralises_formulas(world, client_for, signatory):
    StateFactory(iso3="XFM", name_en='=HYPERLINK("http://evil.example")')
    FollowUpFactory(
        activity=OutreachActivityFactory(start_date=D(2018, 1, 5), states=[signatory]),
        action="+cmd|' /C calc'!A0",
        due_on=D(2018, 6, 1),
    )
    _header, *rows = csv_rows(client_for("cochair").get(EXPORT, {"as_of": "2018-05-31"}))
    cells = [cell for row in rows for cell in row]
    assert '\'=HYPERLINK("http://evil.example")' in cells
    assert "'+cmd|' /C calc'!A0" in cells
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)


def test_a_bad_export_parameter_is_a_400_with_its_message(world, client_for):
    response = client_for("cochair").get(EXPORT, {"as_of": "2018-13-01"})
    assert response.status_code == 400
    assert response.content.decode().startswith("as_of: ")


# --- the Secretariat's entry pages --------------------------------------------------------------


def entry_data(stage, day, **fields):
    return {
        "stage": stage.pk,
        "date": day,
        "source": "National gazette",
        "source_url": "",
        "document": "",
        "visibility": "public",
        "note": "",
        **fields,
    }


def test_the_secretariat_records_a_stage_on_a_state(world, client_for, secretariat):
    client = client_for("secretariat")
    url = reverse("pipeline:entry_add", args=["xsg"])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        entry_data(
            world["government_approved"], "2018-05-02", source_url="https://gazette.example/1"
        ),
    )
    assert response.status_code == 302
    assert response.url == reverse("states:detail", args=["XSG"]) + "#procedure-heading"
    entry = StageEntry.objects.get(stage__code="government_approved")
    assert (entry.state.iso3, entry.date, entry.recorded_by) == ("XSG", D(2018, 5, 2), secretariat)
    page = client.get(reverse("states:detail", args=["XSG"])).content.decode()
    assert "https://gazette.example/1" in page


def test_a_stage_after_the_deposit_is_refused_on_the_form(world, client_for):
    response = client_for("secretariat").post(
        reverse("pipeline:entry_add", args=["XDP"]),
        entry_data(world["instrument_executed"], "2018-08-20"),
    )
    assert response.status_code == 400
    assert "14 August 2018" in response.content.decode()
    assert StageEntry.objects.filter(state__iso3="XDP").count() == 1


def test_a_cochair_cannot_record_a_stage(world, client_for):
    response = client_for("cochair").post(
        reverse("pipeline:entry_add", args=["XSG"]),
        entry_data(world["government_approved"], "2018-05-02"),
    )
    assert response.status_code == 403
    assert not StageEntry.objects.filter(stage__code="government_approved").exists()


def test_editing_an_entry_and_a_stale_edit(world, client_for):
    client = client_for("secretariat")
    entry = StageEntry.objects.get(state__iso3="XNS", stage__code="before_parliament")
    url = reverse("pipeline:entry_edit", args=[entry.pk])
    assert client.get(url).status_code == 200
    data = entry_data(entry.stage, "2018-04-10", note="Committee stage", version=1)
    assert client.post(url, data).status_code == 302
    entry.refresh_from_db()
    assert (entry.note, entry.version, entry.visibility) == ("Committee stage", 2, "public")
    stale = client.post(url, {**data, "note": "Another note"})
    assert stale.status_code == 409
    assert "Committee stage" in stale.content.decode()
    entry.refresh_from_db()
    assert entry.note == "Committee stage"


def test_deleting_an_entry(world, client_for):
    client = client_for("secretariat")
    entry = StageEntry.objects.get(state__iso3="XNS", stage__code="before_parliament")
    url = reverse("pipeline:entry_delete", args=[entry.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"version": 1}).status_code == 302
    assert not StageEntry.objects.filter(pk=entry.pk).exists()


# --- the stages ---------------------------------------------------------------------------------


def test_the_stages_page_lists_the_vocabulary_in_order(world, client_for):
    html = client_for("cochair").get(reverse("pipeline:stages")).content.decode()
    assert html.index("No known process") < html.index("Instrument signed by the competent")
    assert reverse("pipeline:stage_create") not in html


def test_the_secretariat_adds_a_stage_between_two(world, client_for):
    client = client_for("secretariat")
    data = {
        "code": "committee_approved",
        "order": 45,
        "name_en": "Approved by a parliamentary committee",
        "name_fr": "Approuvé par une commission parlementaire",
        "name_es": "Aprobado por una comisión parlamentaria",
    }
    assert client.post(reverse("pipeline:stage_create"), data).status_code == 302
    codes = list(ProcedureStage.objects.in_order().values_list("code", flat=True))
    assert codes.index("committee_approved") == codes.index("before_parliament") + 1
    # It is at once a choice of the pipeline page's filter and of the import.
    response = get(client, stage="committee_approved")
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"code": "deposited"}, "a deposit recorded in the ledger closes the pipeline"),
        ({"code": "under_review"}, "already exists"),
        ({"order": 40}, "already exists"),
    ],
)
def test_a_stage_that_cannot_be_is_refused_with_a_message(world, client_for, fields, message):
    data = {"code": "new_stage", "order": 45, "name_en": "New", "name_fr": "", "name_es": ""}
    response = client_for("secretariat").post(reverse("pipeline:stage_create"), {**data, **fields})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert ProcedureStage.objects.count() == 6


def test_renaming_a_stage(world, client_for):
    client = client_for("secretariat")
    url = reverse("pipeline:stage_edit", args=["before_parliament"])
    data = {
        "code": "before_parliament",
        "order": 40,
        "name_en": "Before parliament",
        "name_fr": "Soumis au parlement",
        "name_es": "Presentado al parlamento",
        "version": 1,
    }
    assert client.post(url, data).status_code == 302
    assert ProcedureStage.objects.get(code="before_parliament").name_en == "Before parliament"
    assert client.post(url, {**data, "name_en": "Stale"}).status_code == 409
