"""Who may open the dashboard and the public status page (STYLE.md § 17)."""

import pytest

DASHBOARD = "/dashboard/"
STATUS = "/status/"


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("delegate", 403), ("cochair", 200), ("secretariat", 200)],
)
def test_dashboard_get_by_role(reference_data, client_for, persona, expected):
    assert client_for(persona).get(DASHBOARD).status_code == expected


def test_dashboard_sends_anonymous_users_to_sign_in(db, client_for):
    response = client_for("anonymous").get(DASHBOARD)
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("delegate", 403), ("cochair", 405), ("secretariat", 405)],
)
def test_dashboard_post_is_refused(db, client_for, persona, expected):
    assert client_for(persona).post(DASHBOARD).status_code == expected


def test_dashboard_post_by_anonymous_goes_to_sign_in(db, client_for):
    assert client_for("anonymous").post(DASHBOARD).status_code == 302


@pytest.mark.parametrize("persona", ["anonymous", "delegate", "cochair", "secretariat"])
def test_status_page_is_open_to_everyone(reference_data, client_for, persona):
    assert client_for(persona).get(STATUS).status_code == 200


@pytest.mark.parametrize("persona", ["anonymous", "delegate"])
def test_status_post_is_refused(db, client_for, persona):
    assert client_for(persona).post(STATUS).status_code == 405


def test_status_page_shows_counts_to_anonymous_users(reference_data, client_for):
    html = client_for("anonymous").get(STATUS, {"as_of": "2018-03-07"}).content.decode()
    assert 'data-count="state_party">92<' in html
    assert 'data-count="ratified_not_in_force">2<' in html


def test_status_page_shows_nothing_internal(reference_data, client_for):
    response = client_for("anonymous").get(STATUS, {"as_of": "2018-03-07"})
    for key in ("pending", "pipeline", "changes"):
        assert key not in response.context
    assert "Signatory pipeline" not in response.content.decode()


def test_status_page_malformed_date_is_a_400(db, client_for):
    response = client_for("anonymous").get(STATUS, {"as_of": "7 March"})
    assert response.status_code == 400
    assert "YYYY-MM-DD" in response.content.decode()


def test_dashboard_is_in_the_staff_navigation(db, client_for):
    html = client_for("cochair").get("/status/").content.decode()
    assert 'href="/dashboard/"' in html
    assert 'href="/dashboard/"' not in client_for("delegate").get("/status/").content.decode()
