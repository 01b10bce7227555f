"""One `as_of` everywhere (issue 19, item 1): every URL of the project, found by walking the URL
resolver (tests/test_url_access.py: project_patterns, SAMPLES, ACCESS), is read with
?as_of=<value> for a table of values, by a role that may read it. Never a server error, never a
write; and every URL that takes the parameter answers alike for the same value: a malformed date
is a 400 carrying the one message of states.dates, any calendar day is a page."""

from urllib.parse import urlencode

import pytest

from states.dates import MESSAGES
from tests.robustness.inputs import BAD_DATES
from tests.test_url_access import (  # noqa: F401 - fixtures
    ROLES,
    ask,
    decision,
    role_clients,
    sample_urls,
    url_data,
)

# Malformed: refused with the one message wherever as_of is read.
MALFORMED = [
    "2013-02-30",
    "2018-13-01",
    "2018-00-10",
    "0000-00-00",
    "10000-01-01",
    "-2018-01-01",
    "20180531",
    "2018-W22-4",
    "2018/03/07",
    "07/03/2018",
    "2018-3-7",
    "2018-03-07T10:00:00",
    "yesterday",
    "\uff11\uff19\uff19\uff19-\uff10\uff11-\uff10\uff11",
]
# Any calendar day: the status is computed on it.
CALENDAR_DAYS = ["0001-01-01", "1899-12-31", "2018-05-31", "9999-10-05", "9999-12-31"]
PROBE = "2018-13-01"


def _reader(rule) -> str | None:
    """The role that reads the URL: the widest one its GET decision names."""
    if rule is None or rule.methods == "post":
        return None
    for role in ("anonymous", "delegate", "cochair", "secretariat"):
        if role in rule.get:
            return role
    return None


def _with(url: str, value: str) -> str:
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}{urlencode({'as_of': value})}"


def _text(response) -> str:
    if response.get("Content-Type", "").startswith(("text/", "application/json")):
        return response.content.decode("utf-8", "replace")
    return ""


@pytest.mark.django_db
def test_every_url_answers_every_as_of_without_a_server_error(url_data, role_clients, harness):  # noqa: F811
    h = harness("as_of on every URL")
    message = str(MESSAGES["invalid"])
    takes_as_of, problems = [], []
    for name, url in sample_urls(url_data):
        role = _reader(decision(name))
        if role is None:
            continue
        client = role_clients[role]
        probe = h.attempt(
            f"{name} {PROBE}",
            lambda client=client, url=url: ask(client, "GET", _with(url, PROBE)),
            accepted=lambda r: False,
        )
        if probe is None:
            continue
        if probe.status_code != 400:
            # Not a reader of as_of: a few values prove it is ignored safely.
            for value in ("0001-01-01", "2018-05-31\x00", "x" * 300):
                h.attempt(
                    f"{name} {value[:20]!r}",
                    lambda client=client, url=url, value=value: ask(
                        client, "GET", _with(url, value)
                    ),
                    accepted=lambda r: False,
                )
            continue
        takes_as_of.append(name)
        # Each value asked once: the malformed ones and the calendar days are also among
        # BAD_DATES (a full page at 0001-01-01 costs as much as any other day's).
        for value in dict.fromkeys([*MALFORMED, *BAD_DATES, *CALENDAR_DAYS]):
            response = h.attempt(
                f"{name} {value[:30]!r}",
                lambda client=client, url=url, value=value: ask(client, "GET", _with(url, value)),
                accepted=lambda r: False,
            )
            if response is None:
                continue
            if value in MALFORMED and (
                response.status_code != 400 or message not in _text(response)
            ):
                problems.append(f"{name} as_of={value!r}: {response.status_code}")
            if value in CALENDAR_DAYS and response.status_code not in decision(name).get_ok:
                problems.append(f"{name} as_of={value}: {response.status_code}")
    h.check(minimum=200)
    assert problems == [], "\n".join(problems)
    # The pages, exports, API and reports that take a date (found above, not listed by hand)
    # include at least these.
    assert {
        "status",
        "dashboard:index",
        "states:list",
        "states:detail",
        "states:export",
        "api:summary",
        "api:states",
        "challenges:heatmap",
        "reports:briefing",
    } <= set(takes_as_of), takes_as_of
