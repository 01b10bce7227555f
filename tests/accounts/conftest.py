import re

import pytest
from django.core import mail

from accounts.roles import Role
from tests.factories import UserFactory

PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "a fresh long passphrase 42"


@pytest.fixture
def person(db):
    """An ordinary account the Secretariat acts on."""
    return UserFactory(
        username="pat.person", first_name="Pat", last_name="Person", role=Role.DELEGATES
    )


@pytest.fixture
def second_secretariat(db):
    return UserFactory(
        username="sol.second", first_name="Sol", last_name="Second", role=Role.SECRETARIAT
    )


@pytest.fixture
def secretariat_client(client_for):
    return client_for("secretariat")


def link_in(message):
    """The first http(s) link of an e-mail body, as a path the test client can open."""
    url = re.search(r"https?://\S+", message.body).group(0)
    return re.sub(r"^https?://[^/]+", "", url)


@pytest.fixture
def outbox():
    mail.outbox = []
    return mail.outbox
