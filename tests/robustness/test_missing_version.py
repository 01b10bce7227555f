"""An edit that leaves out the hidden version field is refused (issue 24, item 5): without it the
conflict check (states.versioning) could not run, so nothing is saved and the form says why.

Every edit page of a versioned record, found from the URL resolver (the views whose form carries a
`version` field), is opened as the Secretariat; its form is posted back exactly as a browser
would send it — every field as shown, one text changed — but without the version."""

import re
from html.parser import HTMLParser

import pytest

from states.versioning import MISSING_VERSION
from tests.robustness.conftest import fingerprint
from tests.test_url_access import (  # noqa: F401 - fixtures
    decision,
    role_clients,
    sample_urls,
    url_data,
)


class FormReader(HTMLParser):
    """The fields of the page's POST forms as a browser would submit them (no files)."""

    def __init__(self):
        super().__init__()
        self.forms: list[list[tuple[str, str]]] = []
        self._select = None
        self._textarea = None
        self._options = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self.forms.append([])
        if not self.forms:
            return
        fields = self.forms[-1]
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("file", "submit", "button"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            fields.append((name, a.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._select, self._options = name, []
        elif tag == "option" and self._select is not None and "selected" in a:
            fields.append((self._select, a.get("value", "")))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None and self.forms:
            self.forms[-1].append(tuple(self._textarea))
            self._textarea = None
        elif tag == "select":
            self._select = None


def versioned_form(html: str) -> list[tuple[str, str]] | None:
    reader = FormReader()
    reader.feed(html)
    for fields in reader.forms:
        if any(re.fullmatch(r"(\w+-)?version", name) and value for name, value in fields):
            return fields
    return None


@pytest.mark.django_db
def test_every_edit_without_its_version_is_refused_and_saves_nothing(url_data, role_clients):  # noqa: F811
    client = role_clients["secretariat"]
    tried = []
    for name, url in sample_urls(url_data):
        rule = decision(name)
        if rule is None or "secretariat" not in rule.post or rule.methods != "both":
            continue
        page = client.get(url)
        if page.status_code != 200 or "text/html" not in page["Content-Type"]:
            continue
        fields = versioned_form(page.content.decode())
        if fields is None:
            continue
        data: dict[str, list[str]] = {}
        for field, value in fields:
            if re.fullmatch(r"(\w+-)?version", field):
                continue  # left out, as a crafted request would
            data.setdefault(field, []).append(value)
        # One visible change, so that a save would show.
        for field in data:
            if field.endswith(("note", "notes", "description", "summary", "title_en", "source")):
                data[field] = [data[field][0] + " (edited)"]
                break
        before = fingerprint()
        response = client.post(url, data)
        after = fingerprint()
        tried.append(name)
        assert response.status_code in (200, 400, 409), (name, response.status_code)
        assert str(MISSING_VERSION) in response.content.decode(), name
        assert before == after, f"{name} saved an edit without its version"
    assert {
        "states:action_edit",
        "challenges:tag_edit",
        "challenges:tag_close",
        "challenges:challenge_edit",
        "outreach:edit",
        "meetings:plan_edit",
        "meetings:meeting_edit",
        "meetings:agenda_item_edit",
        "meetings:document_edit",
    } <= set(tried), tried
