"""Participation (issue 16, item 2): the delegations that took part in a meeting, imported from
the participants file (command and browser, all or nothing, idempotent), shown grouped by their
treaty status on the meeting day; names of persons for staff only."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from meetings.delegations import meeting_delegations
from meetings.models import Organization, Participation

GOOD = (
    "kind,iso3_or_name,person,role\n"
    "state,FRA,Jeanne Diplomate,Head of delegation\n"  # State Party on 31 May 2018
    "state,AGO,,\n"  # signatory
    "state,CHL,Askar Internal,Delegate\n"  # deposited 18 May 2018: not yet in force on 31 May
    "state,IND,,Observer\n"  # never signed
    "ngo_think_tank,Saferworld,Roy Isbister,Presenter\n"
    "regional_organization,African Union,,\n"
)
BAD_LINE_4 = (
    "kind,iso3_or_name,person,role\n"
    "state,FRA,,\n"
    "ngo_think_tank,Saferworld,,\n"
    "state,XXX,,\n"
    "industry,Defence Co,,\n"
)


@pytest.fixture
def may(reference_data):
    from meetings.models import Meeting

    return Meeting.objects.get(date="2018-05-31")


def write(tmp_path, text, name="participants.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def run(tmp_path, text):
    out = io.StringIO()
    call_command(
        "import_participants", "--meeting", "2018-05-31", write(tmp_path, text), stdout=out
    )
    return out.getvalue()


def test_the_command_imports_states_and_organizations(may, tmp_path):
    output = run(tmp_path, GOOD)
    assert "6 rows read; 6 participations changed." in output
    assert Participation.objects.filter(meeting=may).count() == 6
    assert Organization.objects.get(name="Saferworld").kind == "ngo_think_tank"
    assert Participation.objects.get(state__iso3="FRA").history.get().history_change_reason == (
        "Imported from participants.csv"
    )


def test_importing_the_same_file_twice_changes_nothing(may, tmp_path):
    run(tmp_path, GOOD)
    history = Participation.history.count()
    output = run(tmp_path, GOOD)
    assert "0 participations changed." in output
    assert Participation.history.count() == history


def test_a_bad_row_on_line_4_saves_nothing_and_says_why(may, tmp_path):
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command(
            "import_participants",
            "--meeting",
            "2018-05-31",
            write(tmp_path, BAD_LINE_4),
            stderr=err,
        )
    assert "line 4 (XXX): unknown state code 'XXX'" in err.getvalue()
    assert not Participation.objects.exists()
    assert not Organization.objects.exists()


def test_every_bad_row_is_reported(may, tmp_path):
    text = (
        "kind,iso3_or_name,person,role\n"
        "planet,Mars,,\n"
        "ngo_think_tank,,,\n"
        "state,FRA,A,\n"
        "state,fra,a,\n"
        "state,FRA\n"
    )
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_participants", "--meeting", "2018-05-31", write(tmp_path, text), stderr=err
        )
    lines = err.getvalue()
    assert "line 2 (Mars): unknown kind 'planet'" in lines
    assert "line 3 (?): the organization's name is empty" in lines
    assert "line 5 (fra): the same delegation and person are already on line 4" in lines
    assert "line 6 (FRA): wrong column set" in lines


def test_an_organization_of_another_kind_is_refused(may, tmp_path):
    Organization.objects.create(name="Saferworld", kind="industry")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_participants", "--meeting", "2018-05-31", write(tmp_path, GOOD), stderr=err
        )
    assert "line 6 (Saferworld): Saferworld is recorded as “Industry”" in err.getvalue()


def test_no_meeting_that_day(reference_data, tmp_path):
    with pytest.raises(CommandError, match="No meeting on 2018-06-01"):
        call_command("import_participants", "--meeting", "2018-06-01", write(tmp_path, GOOD))


def test_delegations_are_grouped_by_their_status_on_the_meeting_day(may, tmp_path):
    run(tmp_path, GOOD)
    groups = meeting_delegations(may, people=False)
    by_status = {g.code: [d.name for d in g.delegations] for g in groups.states}
    assert by_status == {
        "state_party": ["France"],
        "ratified_not_in_force": ["Chile"],
        "signatory": ["Angola"],
        "non_signatory": ["India"],
    }
    kinds = {g.code: [d.name for d in g.delegations] for g in groups.organizations}
    assert kinds == {"regional_organization": ["African Union"], "ngo_think_tank": ["Saferworld"]}
    assert all(not d.people for g in groups.states for d in g.delegations)


def test_the_meeting_page_names_persons_for_staff_only(may, tmp_path, client_for):
    run(tmp_path, GOOD)
    for persona in ("secretariat", "cochair"):
        page = client_for(persona).get(may.get_absolute_url()).content.decode()
        assert "Askar Internal" in page and "Chile" in page
    page = client_for("delegate").get(may.get_absolute_url()).content.decode()
    assert "Chile" in page and "Saferworld" in page
    assert "Askar Internal" not in page and "Roy Isbister" not in page
    assert "Head of delegation" not in page


def upload(text, name="participants.csv"):
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def test_the_browser_import_previews_then_applies(may, client_for, secretariat):
    sec = client_for("secretariat")
    url = reverse("meetings:participants_import", args=[may.pk])
    response = sec.post(url, {"file": upload(GOOD)})
    assert response.status_code == 200
    assert "6 changes would be made" in response.content.decode()
    assert not Participation.objects.exists()
    token = response.context["token"]
    confirm = reverse("meetings:participants_import_confirm", args=[may.pk])
    response = sec.post(confirm, {"token": token})
    assert response.status_code == 302
    assert Participation.objects.filter(meeting=may).count() == 6
    assert Participation.objects.first().history.get().history_user == secretariat


def test_the_browser_preview_lists_bad_rows_and_offers_no_confirmation(may, client_for):
    sec = client_for("secretariat")
    url = reverse("meetings:participants_import", args=[may.pk])
    response = sec.post(url, {"file": upload(BAD_LINE_4)})
    page = response.content.decode()
    assert "line 4" in page and "unknown state code" in page
    assert "Apply these changes" not in page
    assert not Participation.objects.exists()


def test_a_confirmation_after_the_data_changed_imports_nothing(may, client_for, tmp_path):
    sec = client_for("secretariat")
    response = sec.post(
        reverse("meetings:participants_import", args=[may.pk]), {"file": upload(GOOD)}
    )
    run(tmp_path, "kind,iso3_or_name,person,role\nstate,FRA,Jeanne Diplomate,Ambassador\n")
    response = sec.post(
        reverse("meetings:participants_import_confirm", args=[may.pk]),
        {"token": response.context["token"]},
    )
    assert response.status_code == 409
    assert Participation.objects.count() == 1


@pytest.mark.parametrize("persona", ["cochair", "delegate"])
def test_only_the_secretariat_imports(may, client_for, persona):
    url = reverse("meetings:participants_import", args=[may.pk])
    assert client_for(persona).post(url, {"file": upload(GOOD)}).status_code == 403
    assert not Participation.objects.exists()
