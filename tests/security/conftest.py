"""Fixtures of the security tests: the security log captured, and sign-in helpers."""

import logging

import pytest
from django.urls import reverse

PASSWORD = "correct horse battery staple"


@pytest.fixture
def security_log(caplog):
    """The records of the "wgtu.security" logger (it does not propagate to the root logger)."""
    logger = logging.getLogger("wgtu.security")
    logger.addHandler(caplog.handler)
    caplog.set_level(logging.INFO, logger="wgtu.security")
    yield caplog
    logger.removeHandler(caplog.handler)


def security_lines(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "wgtu.security"]


@pytest.fixture
def sign_in_post(client):
    """sign_in_post(username, password, ip=...) → the response of the sign-in form's POST."""

    def post(username, password, ip="192.0.2.10", c=None):
        return (c or client).post(
            reverse("accounts:login"),
            {"username": username, "password": password},
            REMOTE_ADDR=ip,
        )

    return post
