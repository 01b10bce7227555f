"""Failed sign-ins are throttled per account and per address (django-axes), the lockout is
explained on the page, idle sessions expire, and security events are logged (issue 9, item 2)."""

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.security.conftest import PASSWORD, security_lines

pytestmark = pytest.mark.django_db

WRONG = "not the password at all"
LIMIT = settings.AXES_FAILURE_LIMIT


def fail(sign_in_post, username, times, ip="192.0.2.10"):
    return [sign_in_post(username, WRONG, ip=ip) for _ in range(times)]


def test_failures_below_the_limit_only_say_the_password_is_wrong(sign_in_post, delegate):
    responses = fail(sign_in_post, delegate.username, LIMIT - 1)
    assert {r.status_code for r in responses} == {200}
    assert b"Please enter a correct username and password" in responses[-1].content


def test_the_failure_that_reaches_the_limit_answers_with_the_lockout_page(sign_in_post, delegate):
    responses = fail(sign_in_post, delegate.username, LIMIT)
    assert responses[-1].status_code == 429
    assert "registration/locked_out.html" in [t.name for t in responses[-1].templates]


def test_the_right_password_is_refused_while_locked(client, sign_in_post, delegate):
    fail(sign_in_post, delegate.username, LIMIT)
    response = sign_in_post(delegate.username, PASSWORD)
    assert response.status_code == 429
    assert SESSION_KEY not in client.session


def test_the_lockout_page_says_when_to_try_again(sign_in_post, delegate):
    fail(sign_in_post, delegate.username, LIMIT)
    before = timezone.now()
    response = sign_in_post(delegate.username, PASSWORD)
    html = response.content.decode()
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    retry_at = (before + settings.AXES_COOLOFF_TIME).astimezone(dt.UTC)
    assert "Sign-in paused" in html
    assert f"after {LIMIT} failed attempts" in html
    assert f"in {minutes} minutes" in html
    assert retry_at.strftime("%H:") in html and " UTC" in html
    assert response["Retry-After"] == str(minutes * 60)


def test_the_lockout_is_per_account_whatever_the_address(sign_in_post, delegate):
    for n in range(LIMIT):
        sign_in_post(delegate.username, WRONG, ip=f"198.51.100.{n + 1}")
    response = sign_in_post(delegate.username, PASSWORD, ip="203.0.113.7")
    assert response.status_code == 429


def test_the_lockout_is_per_address_whatever_the_account(sign_in_post, delegate):
    for n in range(LIMIT):
        sign_in_post(f"guess{n}", WRONG, ip="198.51.100.9")
    assert sign_in_post(delegate.username, PASSWORD, ip="198.51.100.9").status_code == 429
    assert sign_in_post(delegate.username, PASSWORD, ip="203.0.113.7").status_code == 302


def test_another_account_from_another_address_still_signs_in(sign_in_post, delegate, cochair):
    fail(sign_in_post, delegate.username, LIMIT, ip="198.51.100.9")
    response = sign_in_post(cochair.username, PASSWORD, ip="203.0.113.7")
    assert response.status_code == 302


def test_a_successful_sign_in_resets_the_count(sign_in_post, delegate):
    fail(sign_in_post, delegate.username, LIMIT - 1)
    assert sign_in_post(delegate.username, PASSWORD, c=Client()).status_code == 302
    responses = fail(sign_in_post, delegate.username, LIMIT - 1)
    assert {r.status_code for r in responses} == {200}
    assert sign_in_post(delegate.username, PASSWORD, c=Client()).status_code == 302


def test_sign_in_works_again_after_the_cool_off(sign_in_post, delegate):
    fail(sign_in_post, delegate.username, LIMIT)
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - dt.timedelta(seconds=5)
    )
    assert sign_in_post(delegate.username, PASSWORD).status_code == 302


def test_behind_a_proxy_the_forwarded_address_is_throttled_not_the_proxy(
    client, settings, delegate, cochair
):
    settings.WGTU_TRUSTED_PROXIES = 1
    for n in range(LIMIT):
        client.post(
            reverse("accounts:login"),
            {"username": f"guess{n}", "password": WRONG},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="spoofed, 198.51.100.9",
        )
    other = Client().post(
        reverse("accounts:login"),
        {"username": cochair.username, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )
    assert other.status_code == 302
    assert AccessAttempt.objects.filter(ip_address="198.51.100.9").exists()


# Sessions -----------------------------------------------------------------------------------------


def test_an_active_session_is_kept(client_for):
    client = client_for("delegate")
    assert client.get(reverse("home")).status_code == 200


def test_a_session_idle_longer_than_its_age_is_refused(client_for, monkeypatch):
    client = client_for("delegate")
    client.get(reverse("home"))  # saved with a fresh expiry date
    later = timezone.now() + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE + 60)
    monkeypatch.setattr(timezone, "now", lambda: later)
    # (The home page is public now: a signed-out visitor gets the status page there.)
    response = client.get(reverse("meetings:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_each_request_extends_the_session(client_for, monkeypatch):
    client = client_for("delegate")
    client.get(reverse("home"))
    start = timezone.now()
    age = dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    monkeypatch.setattr(timezone, "now", lambda: start + age * 0.75)
    assert client.get(reverse("home")).status_code == 200
    monkeypatch.setattr(timezone, "now", lambda: start + age * 1.5)
    assert client.get(reverse("home")).status_code == 200


# Security log -------------------------------------------------------------------------------------


def test_a_sign_in_is_logged(security_log, sign_in_post, delegate):
    sign_in_post(delegate.username, PASSWORD)
    assert security_lines(security_log) == [
        f"sign-in user='{delegate.username}' id={delegate.pk} ip=192.0.2.10"
    ]


def test_a_failed_sign_in_is_logged_without_the_password(security_log, sign_in_post, delegate):
    sign_in_post(delegate.username, WRONG)
    lines = security_lines(security_log)
    assert lines == [f"sign-in failed user='{delegate.username}' ip=192.0.2.10"]
    assert WRONG not in security_log.text


def test_a_lockout_is_logged(security_log, sign_in_post, delegate):
    fail(sign_in_post, delegate.username, LIMIT)
    lines = security_lines(security_log)
    assert f"lockout user='{delegate.username}' ip=192.0.2.10" in lines
    assert lines[-1].endswith("(locked out)")


def test_a_forged_log_line_in_a_user_name_stays_on_one_line(security_log, sign_in_post):
    sign_in_post("x\nsign-in user='admin'", WRONG)
    (line,) = security_lines(security_log)
    assert "\n" not in line


def test_a_sign_out_is_logged(security_log, client_for, delegate):
    client = client_for("delegate")
    client.post(reverse("accounts:logout"))
    assert f"sign-out user='{delegate.username}' ip=127.0.0.1" in security_lines(security_log)


def test_a_permission_denial_is_logged_with_user_method_and_path(security_log, client_for, cochair):
    response = client_for("cochair").post(reverse("states:import"))
    assert response.status_code == 403
    denials = [line for line in security_lines(security_log) if line.startswith("permission")]
    assert denials == [
        f"permission denied user='{cochair.username}' method=POST path='/states/import/upload/' "
        "ip=127.0.0.1"
    ]


def test_a_failed_csrf_check_is_logged_as_a_denial(security_log, delegate):
    client = Client(enforce_csrf_checks=True)
    client.force_login(delegate)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 403
    assert any(line.startswith("permission denied") for line in security_lines(security_log))
