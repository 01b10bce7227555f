"""caching.urls.reverse_one and caching.labels.choice_label give what reverse() and
get_FOO_display() give, in every language and under a script prefix (issue 21)."""

import pytest
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix
from django.utils import translation

from caching.labels import choice_label
from caching.urls import reverse_one
from meetings.models import Meeting, MeetingStatus
from outreach.models import OutreachActivity

CASES = [
    ("states:detail", "AGO"),
    ("states:detail", "a b/é'(x)"),
    ("meetings:meeting", 5),
    ("meetings:meeting", 918273645546372819),
    ("meetings:plan", 12),
    ("meetings:conference", 4),
    ("meetings:document", 1),
    ("outreach:activity", 7),
    ("outreach:state_timeline", "KEN"),
]


@pytest.mark.parametrize(("name", "value"), CASES)
def test_reverse_one_equals_reverse(name, value):
    if "/" in str(value):  # a <str:…> argument never holds a slash: reverse() refuses it
        value = str(value).replace("/", "")
    assert reverse_one(name, value) == reverse(name, args=[value])
    set_script_prefix("/portal/")
    try:
        assert reverse_one(name, value) == reverse(name, args=[value])
        assert reverse_one(name, value).startswith("/portal/")
    finally:
        clear_script_prefix()
    assert reverse_one(name, value) == reverse(name, args=[value])


def _outcome(function, name, value):
    try:
        return function(name, value)
    except NoReverseMatch:
        return NoReverseMatch


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("states:detail", "a/b"),
        ("states:detail", ""),
        ("outreach:state_timeline", "KEN/.."),
        ("meetings:meeting", -5),
        ("meetings:meeting", True),
        ("meetings:meeting", "5"),
        ("meetings:meeting", "five"),
        ("outreach:activity", "7"),
        ("meetings:topic", "6.1"),
        ("meetings:topic", "a b"),
        ("meetings:topic", "intl_1"),
        ("meetings:bulk", "2b1f0c52-3c7e-4a43-9a39-0b7bb1c1a0de"),
    ],
)
def test_arguments_the_pattern_refuses_are_refused_as_reverse_refuses_them(name, value):
    """An argument the fast way cannot take (a slash, a negative number, a number written as
    text, text a slug or uuid refuses) goes through reverse(): same URL, or the same refusal."""
    for _ in range(2):  # the second call is answered from what the first one kept
        expected = _outcome(lambda n, v: reverse(n, args=[v]), name, value)
        assert _outcome(reverse_one, name, value) == expected


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_choice_label_equals_get_display_in_each_language(language):
    with translation.override(language):
        for value in MeetingStatus.values:
            meeting = Meeting(status=value)
            assert choice_label(meeting, "status") == meeting.get_status_display()
        activity = OutreachActivity(kind="visit", actor_role="wgtu_cochair", visibility="internal")
        for field in ("kind", "actor_role", "visibility"):
            display = getattr(activity, f"get_{field}_display")()
            assert choice_label(activity, field) == display
    # A value outside the choices is shown as it is, as get_FOO_display() does.
    assert choice_label(Meeting(status="unknown"), "status") == "unknown"


def test_the_labels_follow_the_language():
    meeting = Meeting(status=MeetingStatus.HELD)
    with translation.override("fr"):
        french = choice_label(meeting, "status")
    with translation.override("es"):
        spanish = choice_label(meeting, "status")
    assert len({french, spanish, choice_label(meeting, "status")}) == 3
