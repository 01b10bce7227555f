"""The Secretariat's depositary check pages: access, upload, apply, and the state page partial."""

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse

from depositary.models import DepositaryCheck, DepositaryName
from depositary.services import depositary_check
from states.models import State, TreatyAction
from tests.depositary.conftest import SAMPLE_NAME

pytestmark = pytest.mark.django_db
FORBIDDEN = ["delegate", "cochair"]


def upload(data, name=SAMPLE_NAME):
    return {"file": SimpleUploadedFile(name, data, content_type="text/xml")}


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def check(secretariat, sample_bytes):
    return DepositaryCheck.objects.create(
        file_name=SAMPLE_NAME,
        content=sample_bytes,
        as_of="2018-01-15",
        checked_by=secretariat,
    )


# Access -------------------------------------------------------------------------------------------


def test_anonymous_users_are_sent_to_sign_in_for_every_page(client_for, check):
    client = client_for("anonymous")
    for method, url in [
        ("get", reverse("depositary:index")),
        ("post", reverse("depositary:index")),
        ("get", reverse("depositary:detail", args=[check.pk])),
        ("post", reverse("depositary:apply", args=[check.pk])),
        ("post", reverse("depositary:name_add")),
    ]:
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


@pytest.mark.parametrize("persona", FORBIDDEN)
def test_other_roles_get_403_on_the_upload_page(client_for, persona):
    assert client_for(persona).get(reverse("depositary:index")).status_code == 403


@pytest.mark.parametrize("persona", FORBIDDEN)
def test_other_roles_get_403_when_uploading(client_for, persona, sample_bytes):
    response = client_for(persona).post(reverse("depositary:index"), upload(sample_bytes))
    assert response.status_code == 403
    assert not DepositaryCheck.objects.exists()


@pytest.mark.parametrize("persona", FORBIDDEN)
def test_other_roles_get_403_on_a_check(client_for, persona, check):
    assert client_for(persona).get(reverse("depositary:detail", args=[check.pk])).status_code == 403


@pytest.mark.parametrize("persona", FORBIDDEN)
def test_other_roles_get_403_when_applying(client_for, persona, check):
    response = client_for(persona).post(
        reverse("depositary:apply", args=[check.pk]), {"difference": ["x"]}
    )
    assert response.status_code == 403


@pytest.mark.parametrize("persona", FORBIDDEN)
def test_other_roles_get_403_when_adding_a_name(client_for, persona):
    response = client_for(persona).post(
        reverse("depositary:name_add"), {"name": "Zimbabwia", "state": "ZWE"}
    )
    assert response.status_code == 403


def test_secretariat_gets_the_upload_page(client_for, check):
    response = client_for("secretariat").get(reverse("depositary:index"))
    assert response.status_code == 200
    assert SAMPLE_NAME in response.text


def test_secretariat_gets_a_check(client_for, reference_data, check):
    response = client_for("secretariat").get(reverse("depositary:detail", args=[check.pk]))
    assert response.status_code == 200
    assert "The file and the portal agree" in response.text


def test_apply_answers_only_post(client_for, check):
    response = client_for("secretariat").get(reverse("depositary:apply", args=[check.pk]))
    assert response.status_code == 405


def test_an_unknown_check_is_404(client_for):
    assert (
        client_for("secretariat").get(reverse("depositary:detail", args=[999])).status_code == 404
    )


# Upload -------------------------------------------------------------------------------------------


def test_uploading_the_sample_keeps_it_and_shows_its_check(
    client_for, reference_data, sample_bytes
):
    response = client_for("secretariat").post(reverse("depositary:index"), upload(sample_bytes))
    check = DepositaryCheck.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("depositary:detail", args=[check.pk])
    assert (bytes(check.content), str(check.as_of), check.differences_found) == (
        sample_bytes,
        "2018-01-15",
        0,
    )


def test_a_non_xml_upload_is_refused_with_a_message(client_for):
    response = client_for("secretariat").post(
        reverse("depositary:index"), upload(b"iso3,name\nFRA,France\n", "status.csv")
    )
    assert response.status_code == 200
    assert "The file is not readable XML" in response.text
    assert not DepositaryCheck.objects.exists()


def test_an_oversize_upload_is_refused_with_a_message(client_for):
    response = client_for("secretariat").post(
        reverse("depositary:index"), upload(b"<" + b" " * (2 * 1024 * 1024))
    )
    assert "larger than 2 MB" in response.text
    assert not DepositaryCheck.objects.exists()


def test_a_file_with_an_unknown_name_is_refused_naming_it_and_its_row(
    client_for, reference_data, three_edits
):
    response = client_for("secretariat").post(reverse("depositary:index"), upload(three_edits))
    assert response.status_code == 200
    assert "row 135 (Republic of Zimbabwia)" in response.text
    assert "The file is refused; nothing was kept or applied." in messages_of(response)
    assert not DepositaryCheck.objects.exists()


def test_a_name_recorded_from_a_refused_file_maps_it_next_time(
    client_for, reference_data, three_edits
):
    client = client_for("secretariat")
    response = client.post(
        reverse("depositary:name_add"),
        {"prefix": "row135", "row135-name": "Republic of Zimbabwia", "row135-state": "ZWE"},
    )
    assert response.status_code == 302
    assert DepositaryName.objects.get(name="Republic of Zimbabwia").state.iso3 == "ZWE"
    assert not depositary_check(data=three_edits, file_name=SAMPLE_NAME).refused


def test_a_name_already_recorded_is_refused_with_a_message(client_for, reference_data):
    response = client_for("secretariat").post(
        reverse("depositary:name_add"), {"name": "turkey", "state": "ZWE"}
    )
    assert "The name was not recorded" in messages_of(response)[0]
    assert DepositaryName.objects.get(name="Turkey").state.iso3 == "TUR"


# Apply --------------------------------------------------------------------------------------------


def test_the_check_page_lists_each_difference_with_a_checkbox_unticked(
    client_for, reference_data, two_edits
):
    client = client_for("secretariat")
    client.post(reverse("depositary:index"), upload(two_edits))
    response = client.get(reverse("depositary:detail", args=[DepositaryCheck.objects.get().pk]))
    assert response.text.count('type="checkbox" name="difference"') == 2
    assert "checked" not in response.text.split('name="difference"')[1].split(">")[0]
    assert "Signature 21 November 2013 → Signature 22 November 2013" in response.text


def test_applying_from_the_page_records_the_chosen_difference(
    client_for, reference_data, two_edits, secretariat
):
    client = client_for("secretariat")
    client.post(reverse("depositary:index"), upload(two_edits))
    check = DepositaryCheck.objects.get()
    (added,) = [
        d
        for d in depositary_check(data=two_edits, file_name=SAMPLE_NAME).differences
        if d.what == "add"
    ]
    response = client.post(
        reverse("depositary:apply", args=[check.pk]), {"difference": [added.key]}
    )
    deposit = TreatyAction.objects.deposits().get(state__iso3="AGO")
    assert response.status_code == 302
    assert messages_of(response)[-1] == "Applied: 1 difference."
    assert deposit.history.latest().history_user == secretariat
    assert TreatyAction.objects.get(state__iso3="BHR", kind="signature").version == 1


def test_applying_nothing_from_the_page_is_refused_with_a_message(
    client_for, reference_data, two_edits
):
    client = client_for("secretariat")
    client.post(reverse("depositary:index"), upload(two_edits))
    check = DepositaryCheck.objects.get()
    response = client.post(reverse("depositary:apply", args=[check.pk]))
    assert messages_of(response)[-1] == "Choose at least one difference to apply."
    assert check.applied == []


# The state page's partial ---------------------------------------------------------------------------


def test_the_state_page_partial_shows_the_states_declarations(reference_data):
    html = render_to_string(
        "states/includes/declarations.html", {"state": State.objects.get(iso3="DNK")}
    )
    assert "Declarations and reservations" in html
    assert "Faroe Islands and Greenland" in html and "UNTC XXVI-8, 15 Jan 2018" in html


def test_the_state_page_partial_is_empty_without_declarations(reference_data):
    html = render_to_string(
        "states/includes/declarations.html", {"state": State.objects.get(iso3="FRA")}
    )
    assert html.strip() == ""


def test_the_state_page_partial_costs_one_query(reference_data, django_assert_num_queries):
    state = State.objects.get(iso3="NZL")
    # the state's declarations, ordered
    with django_assert_num_queries(1):
        render_to_string("states/includes/declarations.html", {"state": state})
