"""The reports page, the report download (the contract's URL), publication, briefing packs."""

import datetime as dt
from unittest import mock

import pytest
from django.urls import reverse

from meetings import tasks as report_tasks
from meetings.models import Meeting
from meetings.reports import cache
from meetings.reports import pdf as pdf_module
from tests.reports.conftest import _SESSION_PDFS, meeting_on, page_texts

FAKE = ("WGTU_report.pdf", "application/pdf", b"%PDF-fake")


def report_url(meeting, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"{reverse('meetings:report', args=[meeting.pk])}?{query}"


@pytest.fixture
def march(reference_data):
    return meeting_on("2018-03-07")


@pytest.fixture
def fake_render():
    with mock.patch.object(cache, "render_meeting_report", return_value=FAKE) as renderer:
        yield renderer


def test_contract_url_is_meetings_id_report_pdf(march):
    assert reverse("meetings:report", args=[march.pk]) == f"/meetings/{march.pk}/report.pdf"
    assert reverse("reports:index") == "/reports/"


# --- the reports page ---------------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in_from_the_reports_page(client_for, reference_data):
    response = client_for("anonymous").get(reverse("reports:index"))
    assert response.status_code == 302 and "login" in response.url


@pytest.mark.parametrize("role", ["delegate", "cochair", "secretariat"])
def test_every_signed_in_role_sees_the_reports_page(client_for, reference_data, role):
    assert client_for(role).get(reverse("reports:index")).status_code == 200


def test_delegate_sees_published_reports_in_three_languages_and_no_internal_link(client_for, march):
    page = client_for("delegate").get(reverse("reports:index")).content.decode()
    for language in ("en", "fr", "es"):
        assert f"/meetings/{march.pk}/report.pdf?lang={language}" in page
    assert "edition=internal" not in page
    assert 'action="/reports/meetings/' not in page


def test_delegate_does_not_see_an_unpublished_meeting(client_for, march):
    Meeting.objects.filter(pk=march.pk).update(report_published=False)
    page = client_for("delegate").get(reverse("reports:index")).content.decode()
    assert f"/meetings/{march.pk}/report.pdf" not in page


def test_cochair_sees_internal_links_and_unpublished_previews_but_no_publish_button(
    client_for, march
):
    Meeting.objects.filter(pk=march.pk).update(report_published=False)
    page = client_for("cochair").get(reverse("reports:index")).content.decode()
    assert f"/meetings/{march.pk}/report.pdf?lang=fr&amp;edition=internal" in page
    assert "Not published (preview)" in page
    assert f'action="/reports/meetings/{march.pk}/publication/"' not in page


def test_secretariat_sees_the_publication_toggle(client_for, march):
    page = client_for("secretariat").get(reverse("reports:index")).content.decode()
    assert f'action="/reports/meetings/{march.pk}/publication/"' in page


def test_reports_page_queries(client_for, march, django_assert_num_queries):
    client = client_for("delegate")
    client.get(reverse("reports:index"))
    # session, user, the user's role and permissions (one: accounts.roles.load_access), work
    # plans, their published meetings; no session save (wgtu_portal.sessions saves it at most
    # once a minute)
    with django_assert_num_queries(5):
        client.get(reverse("reports:index"))


# --- downloads ------------------------------------------------------------------------------


def test_delegate_downloads_the_spanish_report_of_31_may_from_the_reports_page(
    client_for, reference_data
):
    may = meeting_on("2018-05-31")
    client = client_for("delegate")
    page = client.get(reverse("reports:index")).content.decode()
    link = f"/meetings/{may.pk}/report.pdf?lang=es"
    assert link in page
    response = client.get(link)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    _SESSION_PDFS[("view", "2018-05-31", "es")] = response.content
    text = "\n".join(page_texts(response.content))
    assert "31 de mayo de 2018" in text


def test_delegate_gets_403_for_the_internal_edition(client_for, march, fake_render):
    response = client_for("delegate").get(report_url(march, lang="es", edition="internal"))
    assert response.status_code == 403
    fake_render.assert_not_called()


def test_delegate_gets_404_for_an_unpublished_report(client_for, march, fake_render):
    Meeting.objects.filter(pk=march.pk).update(report_published=False)
    assert client_for("delegate").get(report_url(march, lang="en")).status_code == 404


@pytest.mark.parametrize("role", ["cochair", "secretariat"])
def test_staff_preview_an_unpublished_internal_report(client_for, march, fake_render, role):
    Meeting.objects.filter(pk=march.pk).update(report_published=False)
    response = client_for(role).get(report_url(march, lang="fr", edition="internal"))
    assert response.status_code == 200
    fake_render.assert_called_once_with(march, edition="internal", language="fr")


def test_anonymous_download_redirects_to_sign_in(client_for, march):
    response = client_for("anonymous").get(report_url(march, lang="en"))
    assert response.status_code == 302 and "login" in response.url


@pytest.mark.parametrize("params", [{"lang": "de"}, {"lang": "en", "edition": "secret"}])
def test_bad_language_or_edition_is_a_400_with_a_message(client_for, march, params):
    response = client_for("delegate").get(report_url(march, **params))
    assert response.status_code == 400
    assert b"choose" in response.content


def test_a_report_that_cannot_be_rendered_answers_503_with_a_message(client_for, march):
    problem = pdf_module.ReportUnavailable("The report took too long.")
    with mock.patch.object(cache, "render_meeting_report", side_effect=problem):
        response = client_for("delegate").get(report_url(march, lang="en"))
    assert response.status_code == 503
    assert b"The report took too long." in response.content


def test_second_download_is_served_from_storage(client_for, march, fake_render):
    client = client_for("delegate")
    client.get(report_url(march, lang="en"))
    response = client.get(report_url(march, lang="en"))
    assert response.content == b"%PDF-fake"
    fake_render.assert_called_once()


# --- publication ---------------------------------------------------------------------------


def publication_url(meeting):
    return reverse("reports:publication", args=[meeting.pk])


def test_secretariat_withdraws_a_report_with_a_message_and_history(client_for, march, secretariat):
    response = client_for("secretariat").post(
        publication_url(march), {"published": "0"}, follow=True
    )
    assert b"no longer see it" in response.content
    march.refresh_from_db()
    assert march.report_published is False
    assert march.history.first().history_user == secretariat


def test_publishing_an_unchanged_state_says_nothing_changed(client_for, march):
    response = client_for("secretariat").post(
        publication_url(march), {"published": "1"}, follow=True
    )
    assert b"Nothing was changed." in response.content


def test_a_bad_publication_value_changes_nothing(client_for, march):
    response = client_for("secretariat").post(
        publication_url(march), {"published": "yes"}, follow=True
    )
    assert b"Choose whether" in response.content
    march.refresh_from_db()
    assert march.report_published is True


@pytest.mark.parametrize("role", ["delegate", "cochair"])
def test_only_the_secretariat_publishes(client_for, march, role):
    assert client_for(role).post(publication_url(march), {"published": "0"}).status_code == 403
    march.refresh_from_db()
    assert march.report_published is True


def test_anonymous_publication_redirects_to_sign_in(client_for, march):
    response = client_for("anonymous").post(publication_url(march), {"published": "0"})
    assert response.status_code == 302 and "login" in response.url


def test_publication_is_post_only(client_for, march):
    assert client_for("secretariat").get(publication_url(march)).status_code == 405


# --- briefing packs ----------------------------------------------------------------------------


def briefing_url(iso3="AGO", **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"{reverse('reports:briefing', args=[iso3])}?{query}"


@pytest.fixture
def fake_briefing():
    # The render runs in the briefing task (meetings.tasks; the tests' backend runs it at once).
    with mock.patch.object(report_tasks, "render_state_briefing", return_value=FAKE) as renderer:
        yield renderer


@pytest.mark.parametrize("role", ["cochair", "secretariat"])
def test_staff_get_a_briefing_pack(client_for, reference_data, fake_briefing, role):
    response = client_for(role).get(briefing_url(lang="fr", as_of="2018-05-31"))
    assert response.status_code == 200
    assert fake_briefing.call_args.kwargs == {"language": "fr", "as_of": dt.date(2018, 5, 31)}


def test_delegate_gets_403_for_a_briefing_pack(client_for, reference_data, fake_briefing):
    assert client_for("delegate").get(briefing_url()).status_code == 403
    fake_briefing.assert_not_called()


def test_anonymous_briefing_redirects_to_sign_in(client_for, reference_data):
    assert client_for("anonymous").get(briefing_url()).status_code == 302


def test_unknown_state_briefing_is_404(client_for, reference_data, fake_briefing):
    assert client_for("cochair").get(briefing_url("XXX")).status_code == 404


def test_malformed_briefing_date_is_a_400_with_a_message(client_for, reference_data):
    response = client_for("cochair").get(briefing_url(as_of="31-05-2018"))
    assert response.status_code == 400
    assert b"YYYY-MM-DD" in response.content
