"""Permission matrix: every outreach view, for anonymous, delegate, cochair, secretariat, GET and POST.

Anonymous: sign-in redirect. Delegates: 403 everywhere (outreach is internal). Co-chairs: read
pages 200, changes 403. Secretariat: everything. Read pages answer POST with 405.
"""

import pytest
from django.urls import reverse

from tests.outreach.factories import FollowUpFactory, OutreachActivityFactory

pytestmark = pytest.mark.django_db

READ_PAGES = [
    "index",
    "export",
    "activity",
    "state_timeline",
    "coverage",
    "followups",
    "attachment",
]
FORM_PAGES = ["create", "edit", "delete"]


@pytest.fixture
def urls(signatory):
    from outreach.models import Attachment
    from tests.outreach.conftest import pdf_upload

    followup = FollowUpFactory(activity__states=[signatory])
    activity = followup.activity
    attachment = Attachment(
        activity=activity, token="t" * 32, original_name="a.pdf", format="pdf", size=10
    )
    attachment.file.save("a.pdf", pdf_upload(), save=True)
    return {
        "index": reverse("outreach:index"),
        "export": reverse("outreach:export"),
        "activity": reverse("outreach:activity", args=[activity.pk]),
        "state_timeline": reverse("outreach:state_timeline", args=[signatory.iso3]),
        "coverage": reverse("outreach:coverage"),
        "followups": reverse("outreach:followups"),
        "attachment": attachment.get_absolute_url(),
        "create": reverse("outreach:create"),
        "edit": reverse("outreach:edit", args=[activity.pk]),
        "delete": reverse("outreach:delete", args=[activity.pk]),
        "followup_done": reverse("outreach:followup_done", args=[followup.pk]),
    }


ALL = [*READ_PAGES, *FORM_PAGES, "followup_done"]


def status(client, method, url):
    """The status code; the response is closed (a file download holds the file open)."""
    response = getattr(client, method)(url)
    response.close()
    return response.status_code


@pytest.mark.parametrize("name", ALL)
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_users_are_sent_to_sign_in(client_for, urls, name, method):
    response = getattr(client_for("anonymous"), method)(urls[name])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", ALL)
@pytest.mark.parametrize("method", ["get", "post"])
def test_delegates_get_403_everywhere(client_for, urls, name, method):
    assert getattr(client_for("delegate"), method)(urls[name]).status_code == 403


@pytest.mark.parametrize("name", READ_PAGES)
def test_cochairs_read_every_page(client_for, urls, name):
    assert status(client_for("cochair"), "get", urls[name]) == 200


@pytest.mark.parametrize("name", READ_PAGES)
def test_read_pages_refuse_post(client_for, urls, name):
    assert client_for("cochair").post(urls[name]).status_code == 405
    assert client_for("secretariat").post(urls[name]).status_code == 405


@pytest.mark.parametrize("name", [*FORM_PAGES, "followup_done"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_cochairs_change_nothing(client_for, urls, name, method):
    assert getattr(client_for("cochair"), method)(urls[name]).status_code == 403


@pytest.mark.parametrize("name", [*READ_PAGES, *FORM_PAGES])
def test_secretariat_opens_every_page(client_for, urls, name):
    assert status(client_for("secretariat"), "get", urls[name]) == 200


def test_secretariat_cannot_get_the_follow_up_done_action(client_for, urls):
    assert client_for("secretariat").get(urls["followup_done"]).status_code == 405


def test_secretariat_posts_follow_up_done(client_for, urls):
    assert client_for("secretariat").post(urls["followup_done"]).status_code == 302


def test_secretariat_posts_delete(client_for, urls):
    assert client_for("secretariat").post(urls["delete"]).status_code == 302


def test_secretariat_posts_an_empty_form_and_gets_it_back(client_for, urls):
    response = client_for("secretariat").post(urls["create"], {})
    assert response.status_code == 200
    assert response.context["editor"].has_errors


def test_delegates_get_403_on_coverage(client_for):
    assert client_for("delegate").get(reverse("outreach:coverage")).status_code == 403


def test_an_unknown_activity_is_404(client_for):
    assert (
        client_for("secretariat").get(reverse("outreach:activity", args=[999])).status_code == 404
    )


def test_an_unknown_state_timeline_is_404(client_for):
    url = reverse("outreach:state_timeline", args=["QQQ"])
    assert client_for("cochair").get(url).status_code == 404


def test_nav_shows_outreach_to_cochairs_only_among_readers(client_for):
    assert reverse("outreach:index") in client_for("cochair").get("/").content.decode()
    assert reverse("outreach:index") not in client_for("delegate").get("/").content.decode()


def test_the_other_activity_file_is_404(client_for, urls, signatory):
    other = OutreachActivityFactory(states=[signatory])
    url = urls["attachment"].replace("/outreach/", "/outreach/", 1)
    pk = url.rstrip("/").split("/")[-1]
    wrong = reverse("outreach:attachment", args=[other.pk, int(pk)])
    assert client_for("secretariat").get(wrong).status_code == 404
