"""Every account's e-mail settings (issue 23, item 2): the language of its e-mails and an opt-out
per kind; only the kinds its role receives are offered."""

import pytest
from django.urls import reverse

from accounts.models import Profile

pytestmark = pytest.mark.django_db

URL = reverse("accounts:profile")


@pytest.mark.parametrize(
    ("persona", "offered", "hidden"),
    [
        ("delegate", "email_reports", "email_weekly"),
        ("cochair", "email_weekly", "email_reports"),
        ("secretariat", "email_followups", "email_weekly"),
    ],
)
def test_each_role_is_offered_its_kinds(client_for, persona, offered, hidden):
    response = client_for(persona).get(URL)
    assert response.status_code == 200
    assert f'name="{offered}"' in response.content.decode()
    assert f'name="{hidden}"' not in response.content.decode()


def test_a_cochair_opts_out_of_the_weekly_summary_and_chooses_spanish(client_for, cochair):
    response = client_for("cochair").post(URL, {"language": "es", "email_followups": "on"})
    assert response.status_code == 302
    profile = Profile.objects.get(user=cochair)
    assert (profile.language, profile.email_followups, profile.email_weekly) == ("es", True, False)


def test_a_delegate_opts_in_to_reports(client_for, delegate):
    client_for("delegate").post(URL, {"language": "fr", "email_reports": "on"})
    assert Profile.objects.get(user=delegate).email_reports is True


def test_an_unknown_language_is_refused(client_for):
    assert client_for("delegate").post(URL, {"language": "de"}).status_code == 200
    assert not Profile.objects.exists()


def test_anonymous_is_sent_to_sign_in(client):
    assert client.get(URL).status_code == 302
