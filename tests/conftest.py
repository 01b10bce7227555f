"""Shared fixtures: one persona per role (STYLE.md § 16) and the bundled reference data."""

import io

import pytest
from django.core.management import call_command
from django.utils import translation

from accounts.roles import Role
from tests.factories import UserFactory

# Playwright fixtures (browser, page, sign_in), shared by every browser test.
pytest_plugins = ["tests.browser_fixtures"]


@pytest.fixture(autouse=True)
def _english_by_default():
    """Tests never depend on the language another test left active."""
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def secretariat(db):
    return UserFactory(username="sam.secretariat", role=Role.SECRETARIAT)


@pytest.fixture
def cochair(db):
    return UserFactory(username="chris.cochair", role=Role.COCHAIRS)


@pytest.fixture
def delegate(db):
    return UserFactory(username="dana.delegate", role=Role.DELEGATES)


@pytest.fixture
def personas(secretariat, cochair, delegate):
    """Each role's user by name, None for anonymous."""
    return {"anonymous": None, "delegate": delegate, "cochair": cochair, "secretariat": secretariat}


@pytest.fixture
def client_for(client, personas):
    """client_for("cochair") → a test client signed in as that persona (anonymous: signed out)."""

    def make(name):
        from django.test import Client

        c = Client()
        if personas[name] is not None:
            c.force_login(personas[name])
        return c

    return make


@pytest.fixture
def reference_data(db):
    """The bundled reference data, loaded as `make run` loads it."""
    call_command("load_reference_data", stdout=io.StringIO())
