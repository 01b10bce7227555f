"""Signing in and out, and changing a password (Django's views in the portal's templates)."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from tests.accounts.conftest import NEW_PASSWORD, PASSWORD

pytestmark = pytest.mark.django_db


def test_sign_in_page_is_styled_and_public(client):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert b"Sign in to the WGTU Portal" in response.content
    assert b'name="username"' in response.content


def test_sign_in_with_the_right_password_goes_home(client, delegate):
    response = client.post(
        reverse("accounts:login"), {"username": delegate.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert int(client.session[SESSION_KEY]) == delegate.pk


def test_sign_in_returns_to_the_page_asked_for(client, delegate):
    response = client.post(
        reverse("accounts:login"),
        {"username": delegate.username, "password": PASSWORD, "next": "/meetings/"},
    )
    assert response["Location"] == "/meetings/"


def test_sign_in_with_a_wrong_password_says_so(client, delegate):
    response = client.post(
        reverse("accounts:login"), {"username": delegate.username, "password": "wrong password"}
    )
    assert response.status_code == 200
    assert b"Please enter a correct username and password" in response.content
    assert SESSION_KEY not in client.session


def test_deactivated_account_cannot_sign_in(client, delegate):
    delegate.is_active = False
    delegate.save(update_fields=["is_active"])
    response = client.post(
        reverse("accounts:login"), {"username": delegate.username, "password": PASSWORD}
    )
    assert response.status_code == 200
    assert SESSION_KEY not in client.session


def test_signed_in_user_opening_sign_in_goes_home(client_for):
    response = client_for("delegate").get(reverse("accounts:login"))
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_sign_out_refuses_get(client_for):
    client = client_for("delegate")
    response = client.get(reverse("accounts:logout"))
    assert response.status_code == 405
    assert SESSION_KEY in client.session


def test_sign_out_by_post_ends_the_session(client_for):
    client = client_for("delegate")
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert SESSION_KEY not in client.session


def test_every_page_offers_sign_out_as_a_post_form(client_for):
    response = client_for("delegate").get(reverse("accounts:password_change"))
    html = response.content.decode()
    assert f'<form method="post" action="{reverse("accounts:logout")}">' in html


def test_password_change_page_asks_anonymous_users_to_sign_in(client):
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_password_change_sets_the_new_password(client_for, delegate):
    client = client_for("delegate")
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_change_done")
    delegate.refresh_from_db()
    assert delegate.check_password(NEW_PASSWORD)
    # The session survives the change (Django updates its hash).
    assert client.get(reverse("accounts:password_change_done")).status_code == 200


def test_password_change_with_a_wrong_old_password_changes_nothing(client_for, delegate):
    response = client_for("delegate").post(
        reverse("accounts:password_change"),
        {"old_password": "not it", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert b"Your old password was entered incorrectly" in response.content
    delegate.refresh_from_db()
    assert delegate.check_password(PASSWORD)


def test_password_change_refuses_a_short_password(client_for, delegate):
    response = client_for("delegate").post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "short1", "new_password2": "short1"},
    )
    assert response.status_code == 200
    assert b"at least 10 characters" in response.content
    delegate.refresh_from_db()
    assert delegate.check_password(PASSWORD)
