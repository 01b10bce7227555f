"""Security headers on every response, and no inline script or style in any page (issue 9, item 3).

The pages are those of the URL walker (tests/test_url_access.py): every pattern, as an anonymous
user and as the Secretariat, with the sample objects.
"""

import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils.csp import CSP

from tests.test_url_access import ask, build_url_data, sample_urls

ROOT = Path(__file__).resolve().parents[2]

EXPECTED_HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}
NONCE = re.compile(r"'nonce-([^']+)'")


class InlineCodeFinder(HTMLParser):
    """Lists what a CSP without 'unsafe-inline' would block: <script> without src and <style>
    without the response's nonce, style="" attributes, on*="" handlers, javascript: URLs."""

    def __init__(self, nonce):
        super().__init__(convert_charrefs=True)
        self.nonce = nonce
        self.problems = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        where = f"<{tag}> at line {self.getpos()[0]}"
        data_only = attributes.get("type") in ("application/json", "application/ld+json")
        inline = tag == "script" and "src" not in attributes and not data_only
        if inline and attributes.get("nonce") != self.nonce:
            self.problems.append(f"inline <script> without the nonce, {where}")
        if tag == "style" and attributes.get("nonce") != self.nonce:
            self.problems.append(f"<style> without the nonce, {where}")
        for name, value in attrs:
            if name == "style":
                self.problems.append(f'style="{value}" on {where}')
            elif name.startswith("on"):
                self.problems.append(f"{name}= handler on {where}")
            elif name in ("href", "src", "action") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.problems.append(f"javascript: URL on {where}")

    handle_startendtag = handle_starttag


def header_problems(response) -> list[str]:
    problems = [
        f"{name}: {response.get(name)!r}, expected {value!r}"
        for name, value in EXPECTED_HEADERS.items()
        if response.get(name) != value
    ]
    csp = response.get("Content-Security-Policy", "")
    if "default-src 'self'" not in csp or "frame-ancestors 'none'" not in csp:
        problems.append(f"Content-Security-Policy: {csp!r}")
    if "unsafe-inline" in csp or "unsafe-eval" in csp:
        problems.append(f"Content-Security-Policy allows inline code: {csp!r}")
    return problems


def html_problems(response) -> list[str]:
    if not response.get("Content-Type", "").startswith("text/html") or response.streaming:
        return []
    match = NONCE.search(response.get("Content-Security-Policy", ""))
    finder = InlineCodeFinder(match.group(1) if match else None)
    finder.feed(response.content.decode())
    return finder.problems


def test_the_checker_finds_each_kind_of_inline_code():
    finder = InlineCodeFinder("n0nce")
    finder.feed(
        '<script>alert(1)</script><script nonce="n0nce">ok()</script><script src="/s.js"></script>'
        '<style>p{}</style><p style="color:red">x</p><a href="javascript:go()" onclick="go()">y</a>'
        '<img src="/i.png" onerror="x()"/>'
    )
    assert len(finder.problems) == 6, finder.problems


@pytest.fixture
def walk_data(reference_data, personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return build_url_data(personas)


def test_the_csp_allows_no_inline_script_or_style():
    policy = {name: [str(v) for v in values] for name, values in settings.SECURE_CSP.items()}
    every_source = " ".join(v for values in policy.values() for v in values)
    assert "unsafe-inline" not in every_source and "unsafe-eval" not in every_source
    assert set(policy["script-src"]) == {"'self'", str(CSP.NONCE)}
    assert set(policy["style-src"]) == {"'self'", str(CSP.NONCE)}
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]


@pytest.mark.django_db
def test_every_page_sends_the_security_headers_and_has_no_inline_code(walk_data, client_for):
    problems = []
    pages = 0
    for role in ("anonymous", "secretariat"):
        client = client_for(role)
        client.raise_request_exception = False
        for name, url in sample_urls(walk_data):
            response = ask(client, "GET", url)
            found = header_problems(response)
            if response.status_code in (200, 400):
                found += html_problems(response)
                pages += 1
            problems += [f"{name} {url} as {role} ({response.status_code}): {p}" for p in found]
    assert problems == [], f"{len(problems)} problem(s):\n" + "\n".join(problems)
    assert pages >= 60


@pytest.mark.django_db
def test_error_pages_send_the_headers_and_have_no_inline_code(client_for):
    responses = {
        "403": client_for("delegate").get(reverse("challenges:index")),
        "404": client_for("secretariat").get("/no-such-page/"),
        "405": client_for("delegate").get(reverse("accounts:logout")),
    }
    assert [k for k, r in responses.items() if str(r.status_code) != k] == []
    problems = [f"{k}: {p}" for k, r in responses.items() for p in header_problems(r)]
    problems += [f"{k}: {p}" for k, r in responses.items() for p in html_problems(r)]
    assert problems == []


@pytest.mark.django_db
def test_the_lockout_page_sends_the_headers_and_has_no_inline_code(delegate):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(
            reverse("accounts:login"), {"username": delegate.username, "password": "wrong one"}
        )
    assert response.status_code == 429
    assert header_problems(response) + html_problems(response) == []


PRODUCTION_PROBE = """
import django
from django.test import Client
django.setup()
from django.test.utils import setup_test_environment
setup_test_environment()
response = Client().get("/i18n/setlang/", secure=True)
print(response.status_code)
print(response.get("Strict-Transport-Security", ""))
print(Client().get("/i18n/setlang/").status_code)
"""


def test_production_sends_hsts_and_redirects_to_https(tmp_path):
    """With the production environment (DEBUG off, no overrides of settings_test)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="wgtu_portal.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="a-long-random-production-secret-" + "k" * 40,
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_EMAIL_HOST="smtp.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    status, hsts, plain_status = result.stdout.split("\n")[:3]
    assert status == "302"  # the language view sends the browser back; no page, no database
    assert hsts == "max-age=31536000; includeSubDomains; preload"
    assert plain_status == "301"
