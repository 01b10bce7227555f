"""Password reset by e-mail: one message, a link that works once, then sign in."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from tests.accounts.conftest import NEW_PASSWORD, PASSWORD, link_in

pytestmark = pytest.mark.django_db


def _ask_for_reset(client, email):
    return client.post(reverse("accounts:password_reset"), {"email": email})


def test_reset_page_is_public(client):
    response = client.get(reverse("accounts:password_reset"))
    assert response.status_code == 200
    assert b"Send the link" in response.content


def test_reset_request_sends_one_email_with_a_link(client, delegate, outbox):
    response = _ask_for_reset(client, delegate.email.upper())
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(outbox) == 1
    assert outbox[0].to == [delegate.email]
    assert outbox[0].subject == "WGTU Portal: set your password"
    assert "/accounts/password/reset/" in link_in(outbox[0])


def test_reset_request_for_an_unknown_address_sends_nothing_and_says_the_same(client, outbox):
    response = _ask_for_reset(client, "nobody@example.org")
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert outbox == []


def test_reset_link_sets_the_password_and_the_new_one_signs_in(client, delegate, outbox):
    _ask_for_reset(client, delegate.email)
    response = client.get(link_in(outbox[0]), follow=True)
    assert response.context["validlink"] is True
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response["Location"] == reverse("accounts:password_reset_complete")
    response = client.post(
        reverse("accounts:login"), {"username": delegate.username, "password": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert int(client.session[SESSION_KEY]) == delegate.pk


def test_reset_link_works_only_once(client, delegate, outbox):
    _ask_for_reset(client, delegate.email)
    link = link_in(outbox[0])
    form_url = client.get(link)["Location"]
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    response = client.get(link, follow=True)
    assert response.context["validlink"] is False
    assert b"This link is not valid" in response.content


def test_reset_with_mismatched_passwords_keeps_the_old_one(client, delegate, outbox):
    _ask_for_reset(client, delegate.email)
    form_url = client.get(link_in(outbox[0]))["Location"]
    response = client.post(
        form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "x"}
    )
    assert response.status_code == 200
    assert response.context["form"].has_error("new_password2", "password_mismatch")
    delegate.refresh_from_db()
    assert delegate.check_password(PASSWORD)


def test_reset_link_with_a_forged_token_is_refused(client, delegate):
    url = reverse("accounts:password_reset_confirm", kwargs={"uidb64": "MQ", "token": "abc-forged"})
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["validlink"] is False
