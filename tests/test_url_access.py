"""Every URL pattern of the project has an access decision (issue 2, item 7).

A pattern is either on PUBLIC (anonymous users get the page) or refuses anonymous users with a
redirect to the sign-in page. A new view that is on neither side fails this test.
"""

import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# Named URL patterns that anonymous users may open. Everything else requires sign-in.
PUBLIC = {
    "accounts:login",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "accounts:accept_invitation",
    "set_language",
    "status",
    "states:list",
    "states:detail",
    "states:export",
    "api:summary",
    "api:states",
    "api:openapi",
}

# Sample values per converter; the middleware refuses anonymous users before the view runs,
# so the objects need not exist for the anonymous check.
CONVERTER_SAMPLES = {
    "int": "1",
    "str": "FRA",
    "slug": "sample",
    "path": "sample",
    "uuid": str(uuid.uuid4()),
}


def _walk(resolver, prefix="", namespace=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or ""
            full_ns = f"{namespace}:{ns}".strip(":") if ns else namespace
            yield from _walk(pattern, prefix + str(pattern.pattern), full_ns)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}".strip(":") if pattern.name else None
            yield name, prefix + str(pattern.pattern), pattern


def project_patterns():
    """(name, route) of every pattern of the project, the admin left to its own login."""
    out = []
    for name, route, _pattern in _walk(get_resolver()):
        if (name and name.startswith("admin:")) or route.startswith("admin/"):
            continue
        out.append((name, route))
    return out


def sample_url(name, pattern):
    converters = pattern.pattern.converters
    kwargs = {}
    for key, converter in converters.items():
        kind = type(converter).__name__.replace("Converter", "").lower()
        kwargs[key] = CONVERTER_SAMPLES.get(kind, "sample")
    return reverse(name, kwargs=kwargs)


def test_every_pattern_is_named():
    unnamed = [route for name, route in project_patterns() if name is None]
    assert unnamed == [], "give every URL pattern a name so its access decision can be recorded"


@pytest.mark.django_db
def test_every_private_pattern_sends_anonymous_users_to_sign_in(client, settings):
    by_name = {name: pattern for name, _route, pattern in _walk(get_resolver()) if name}
    login = reverse(settings.LOGIN_URL)
    checked = 0
    for name, _route in project_patterns():
        url = sample_url(name, by_name[name])
        response = client.get(url)
        if name in PUBLIC:
            is_login_redirect = response.status_code == 302 and response["Location"].startswith(
                login
            )
            assert not is_login_redirect, (
                f"{name} ({url}) is public but asks anonymous users to sign in"
            )
        else:
            assert response.status_code == 302, (
                f"{name} ({url}) answered {response.status_code} to an anonymous user"
            )
            assert response["Location"].startswith(login), (
                f"{name} ({url}) redirects elsewhere than sign-in"
            )
        checked += 1
    assert checked >= 10


@pytest.mark.django_db
def test_admin_asks_anonymous_users_to_sign_in(client):
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
