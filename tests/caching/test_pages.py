"""Whole pages from the page cache (caching/pages.py): a hit is the same page, with this request's
own CSP nonce and CSRF tokens, for the same reader, language, address and data version only;
nothing that must not be kept is kept. Through a test page (tests/caching/urls.py) and the
middleware stack of the settings."""

import re

import pytest
from django.conf import settings
from django.test import Client

from accounts.roles import Role
from accounts.services import account_change_role
from tests.caching import urls
from tests.factories import UserFactory

pytestmark = [pytest.mark.urls("tests.caching.urls"), pytest.mark.django_db]

NONCE_IN_PAGE = re.compile(r'<script nonce="([^"]+)">')
NONCE_IN_HEADER = re.compile(r"'nonce-([^']+)'")
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _state():
    saved = dict(urls.STATE)
    urls.STATE.update(version="1", renders=0, status=200, cookie=False, session=False)
    yield urls.STATE
    urls.STATE.update(saved)


def _text(response) -> str:
    return response.content.decode()


def _blanked(response) -> str:
    """The page with its nonce and tokens blanked: what must be the same on a hit."""
    return TOKEN.sub("", NONCE_IN_PAGE.sub("", _text(response)))


def _field(response, name: str) -> str:
    return re.search(rf"<p id={name}>([^<]*)</p>", _text(response)).group(1)


def test_a_second_request_is_served_without_rendering(client, _state):
    first = client.get("/page/")
    second = client.get("/page/")
    assert _state["renders"] == 1
    assert second.status_code == 200
    assert _blanked(second) == _blanked(first)
    assert second["Content-Type"] == first["Content-Type"]


def test_a_hit_carries_its_own_nonce_in_the_page_and_the_header(client):
    first = client.get("/page/")
    second = client.get("/page/")
    page_nonce = NONCE_IN_PAGE.search(_text(second)).group(1)
    header_nonce = NONCE_IN_HEADER.search(second["Content-Security-Policy"]).group(1)
    assert page_nonce == header_nonce
    assert page_nonce != NONCE_IN_PAGE.search(_text(first)).group(1)


def test_a_hit_carries_fresh_csrf_tokens_that_the_server_accepts():
    client = Client(enforce_csrf_checks=True)
    first = client.get("/page/")
    second = client.get("/page/")
    tokens = TOKEN.findall(_text(second))
    assert len(tokens) == 2 and not set(tokens) & set(TOKEN.findall(_text(first)))
    response = client.post("/post/", {"csrfmiddlewaretoken": tokens[1]})
    assert response.status_code == 200


def test_a_first_visit_served_from_the_cache_gets_its_csrf_cookie_and_can_post(_state):
    Client().get("/page/")  # someone else's visit stores the page
    newcomer = Client(enforce_csrf_checks=True)
    page = newcomer.get("/page/")
    assert _state["renders"] == 1
    assert settings.CSRF_COOKIE_NAME in page.cookies
    token = TOKEN.search(_text(page)).group(1)
    assert newcomer.post("/post/", {"csrfmiddlewaretoken": token}).status_code == 200


def test_a_post_without_the_token_is_still_refused_after_a_hit():
    client = Client(enforce_csrf_checks=True)
    client.get("/page/")
    client.get("/page/")
    assert client.post("/post/", {}).status_code == 403


def test_each_reader_gets_their_own_page(client, _state):
    ann = UserFactory(username="ann", first_name="Ann", last_name="One", role=Role.COCHAIRS)
    bob = UserFactory(username="bob", first_name="Bob", last_name="Two", role=Role.COCHAIRS)
    readers = {"anonymous": client}
    for user in (ann, bob):
        readers[user.first_name] = Client()
        readers[user.first_name].force_login(user)
    for _round in range(2):
        shown = {name: _field(c.get("/page/"), "reader") for name, c in readers.items()}
        assert shown == {"anonymous": "anonymous", "Ann": "Ann One", "Bob": "Bob Two"}
    assert _state["renders"] == 3


def test_a_change_of_role_or_name_is_a_new_page(_state, secretariat):
    user = UserFactory(username="cy", first_name="Cy", last_name="Three", role=Role.COCHAIRS)
    client = Client()
    client.force_login(user)
    client.get("/page/")
    account_change_role(by=secretariat, user=user, role=Role.DELEGATES)
    client.get("/page/")
    assert _state["renders"] == 2
    user.first_name = "Cyd"
    user.save()
    assert _field(client.get("/page/"), "reader") == "Cyd Three"
    assert _state["renders"] == 3


def test_a_permission_given_or_taken_directly_is_a_new_page(_state):
    """Pages show links by permission ({% if perms.… %}): a permission given to the user
    directly, or superuser status, changes what they may see with no data version changing."""
    from django.contrib.auth.models import Permission

    user = UserFactory(username="cy", role=Role.COCHAIRS)
    client = Client()
    client.force_login(user)
    client.get("/page/")
    client.get("/page/")
    assert _state["renders"] == 1
    user.user_permissions.add(Permission.objects.get(codename="change_meeting"))
    client.get("/page/")
    assert _state["renders"] == 2
    user.user_permissions.clear()
    client.get("/page/")  # back to the first set: its page is still kept
    assert _state["renders"] == 2
    user.is_superuser = True
    user.save()
    client.get("/page/")
    assert _state["renders"] == 3


def test_a_new_data_version_is_a_new_page(client, _state):
    assert _field(client.get("/page/"), "version") == "1"
    _state["version"] = "2"
    assert _field(client.get("/page/"), "version") == "2"
    assert _state["renders"] == 2


def test_pages_differ_by_query_string_and_language(client, _state):
    assert _field(client.get("/page/", {"q": "a"}), "query") == "a"
    assert _field(client.get("/page/", {"q": "b"}), "query") == "b"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert _field(client.get("/page/", {"q": "b"}), "language") == "fr"
    assert _state["renders"] == 3


def test_waiting_messages_are_shown_by_a_render_not_hidden_by_the_cache(client, _state):
    client.get("/page/")
    client.get("/flash/")
    shown = client.get("/page/")
    assert "Saved." in _text(shown)
    assert _state["renders"] == 2
    again = client.get("/page/")  # shown once, then the stored page again
    assert "Saved." not in _text(again)
    assert _state["renders"] == 2


@pytest.mark.parametrize(
    "change",
    [{"status": 400}, {"status": 404}, {"cookie": True}, {"session": True}],
    ids=["bad-request", "not-found", "sets-a-cookie", "writes-the-session"],
)
def test_what_must_not_be_kept_is_rendered_every_time(client, _state, change):
    _state.update(change)
    client.get("/page/")
    client.get("/page/")
    assert _state["renders"] == 2


def test_a_post_is_never_answered_from_the_cache(client, _state):
    client.get("/page/")
    client.post("/page/")
    assert _state["renders"] == 2
