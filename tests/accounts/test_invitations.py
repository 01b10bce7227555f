"""Inviting a person: one e-mail, a one-time link that sets the password and signs in."""

import datetime as dt

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import User
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts import services
from accounts.models import AccountAction, AccountEvent
from accounts.roles import Role, role_of
from tests.accounts.conftest import NEW_PASSWORD, link_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

INVITE = {
    "first_name": "Ines",
    "last_name": "Invited",
    "email": "Ines.Invited@Example.ORG",
    "role": Role.COCHAIRS,
}


def _invite(client, **changes):
    return client.post(reverse("accounts:invite"), {**INVITE, **changes})


def _accept(client, link, password=NEW_PASSWORD):
    form_url = client.get(link)["Location"]
    return client.post(form_url, {"new_password1": password, "new_password2": password})


def test_invite_creates_an_account_without_a_usable_password(secretariat_client, outbox):
    response = _invite(secretariat_client)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:people")
    user = User.objects.get(email__iexact="ines.invited@example.org")
    assert not user.has_usable_password()
    assert user.is_active
    assert role_of(user) == Role.COCHAIRS
    assert (user.first_name, user.last_name) == ("Ines", "Invited")


def test_invite_derives_the_username_from_the_email(secretariat_client, outbox):
    _invite(secretariat_client)
    assert User.objects.filter(username="ines.invited@example.org").exists()


def test_invite_username_gets_a_suffix_when_taken(secretariat_client, outbox):
    UserFactory(username="ines.invited@example.org", email="someone.else@example.org")
    _invite(secretariat_client)
    assert User.objects.get(email__iexact=INVITE["email"]).username == "ines.invited@example.org-2"


def test_invite_sends_one_email_with_the_link(secretariat_client, outbox):
    _invite(secretariat_client)
    assert len(outbox) == 1
    assert outbox[0].to == ["Ines.Invited@example.org"]
    assert outbox[0].subject == "WGTU Portal: you are invited"
    assert "Co-chairs" in outbox[0].body
    assert link_in(outbox[0]).startswith("/accounts/invitation/")


def test_invite_is_recorded_with_who_invited(secretariat_client, secretariat, outbox):
    _invite(secretariat_client)
    event = AccountEvent.objects.get(action=AccountAction.INVITED)
    assert event.actor == secretariat
    assert event.subject.email == "Ines.Invited@example.org"
    assert event.role == Role.COCHAIRS


def test_invite_says_who_was_invited(secretariat_client, outbox):
    response = _invite(secretariat_client, role=Role.DELEGATES)
    page = secretariat_client.get(response["Location"])
    assert b"Ines Invited is invited" in page.content


def test_invitation_link_sets_the_password_and_signs_in(client, secretariat_client, outbox):
    _invite(secretariat_client)
    response = _accept(client, link_in(outbox[0]))
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    user = User.objects.get(email__iexact=INVITE["email"])
    assert user.check_password(NEW_PASSWORD)
    assert int(client.session[SESSION_KEY]) == user.pk


def test_invitation_acceptance_is_recorded(client, secretariat_client, outbox):
    _invite(secretariat_client)
    _accept(client, link_in(outbox[0]))
    event = AccountEvent.objects.get(action=AccountAction.INVITATION_ACCEPTED)
    assert event.actor == event.subject
    assert event.subject.email == "Ines.Invited@example.org"


def test_invitation_link_fails_the_second_time(client, secretariat_client, outbox):
    _invite(secretariat_client)
    link = link_in(outbox[0])
    _accept(client, link)
    client.post(reverse("accounts:logout"))
    response = client.get(link, follow=True)
    assert response.status_code == 200
    assert response.context["validlink"] is False
    assert b"This invitation link does not work" in response.content


def test_invitation_link_expires(client, secretariat_client, outbox, monkeypatch):
    _invite(secretariat_client)
    later = timezone.now().replace(tzinfo=None) + dt.timedelta(days=4)
    monkeypatch.setattr(PasswordResetTokenGenerator, "_now", lambda self: later)
    response = client.get(link_in(outbox[0]))
    assert response.status_code == 200
    assert response.context["validlink"] is False


def test_invitation_link_of_a_deactivated_account_fails(
    client, secretariat_client, secretariat, outbox
):
    _invite(secretariat_client)
    user = User.objects.get(email__iexact=INVITE["email"])
    services.account_deactivate(by=secretariat, user=user)
    response = client.get(link_in(outbox[0]))
    assert response.context["validlink"] is False


def test_invitation_link_refuses_a_short_password(client, secretariat_client, outbox):
    _invite(secretariat_client)
    response = _accept(client, link_in(outbox[0]), password="short1")
    assert response.status_code == 200
    assert response.context["form"].has_error("new_password2")
    assert not User.objects.get(email__iexact=INVITE["email"]).has_usable_password()


def test_invite_refuses_an_email_in_use_in_any_case(secretariat_client, person, outbox):
    response = _invite(secretariat_client, email=person.email.upper())
    assert response.status_code == 200
    assert response.context["form"].has_error("email", "duplicate_email")
    assert b"An account with this e-mail address exists already" in response.content
    assert User.objects.filter(email__iexact=person.email).count() == 1
    assert outbox == []


def test_invite_service_refuses_a_duplicate_email(secretariat, person, outbox):
    with pytest.raises(ValidationError) as caught:
        services.account_invite(
            by=secretariat,
            first_name="X",
            last_name="Y",
            email=f"  {person.email.upper()} ",
            role=Role.DELEGATES,
            base_url="http://testserver/",
        )
    assert caught.value.code == "duplicate_email"
    assert outbox == []


def test_invite_refuses_an_unknown_role(secretariat_client, outbox):
    response = _invite(secretariat_client, role="Superuser")
    assert response.context["form"].has_error("role")
    assert not User.objects.filter(email__iexact=INVITE["email"]).exists()


def test_invite_refuses_a_malformed_email(secretariat_client, outbox):
    response = _invite(secretariat_client, email="not an address")
    assert response.context["form"].has_error("email")
    assert outbox == []


def test_invite_leaves_no_account_when_the_mail_server_fails(secretariat, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    with pytest.raises(ConnectionRefusedError):
        services.account_invite(
            by=secretariat,
            first_name="Ines",
            last_name="Invited",
            email="ines@example.org",
            role=Role.DELEGATES,
            base_url="http://testserver/",
        )
    assert not User.objects.filter(email="ines@example.org").exists()
    assert not AccountEvent.objects.exists()


def test_resend_sends_a_new_working_link(client, secretariat_client, outbox):
    _invite(secretariat_client)
    user = User.objects.get(email__iexact=INVITE["email"])
    response = secretariat_client.post(
        reverse("accounts:invitation_resend", kwargs={"pk": user.pk})
    )
    assert response["Location"] == reverse("accounts:person", kwargs={"pk": user.pk})
    assert len(outbox) == 2
    assert _accept(client, link_in(outbox[1]))["Location"] == reverse("home")
    assert AccountEvent.objects.filter(action=AccountAction.INVITATION_RESENT).count() == 1


def test_resend_is_refused_once_the_password_is_set(secretariat_client, person, outbox):
    response = secretariat_client.post(
        reverse("accounts:invitation_resend", kwargs={"pk": person.pk}), follow=True
    )
    assert b"has already set a password" in response.content
    assert outbox == []
