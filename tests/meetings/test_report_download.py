"""The cached report download (/meetings/<id>/report.pdf): its queries, the bytes it serves, and
the per-process copy of recent renderings (meetings.reports.cache), which is never stale."""

from unittest import mock

import pytest
from django.core.cache import cache as django_cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.models import RenderedReport
from meetings.reports import cache
from tests.factories import StateFactory
from tests.outreach.factories import bulk_activities

PDF_A = ("WGTU_report_A.pdf", "application/pdf", b"%PDF-A " + b"a" * 2000)
PDF_B = ("WGTU_report_B.pdf", "application/pdf", b"%PDF-B " + b"b" * 2000)
# Tables the framework reads on every signed-in request: the session, the user, the permissions.
FRAMEWORK_TABLES = ('"django_session"', '"auth_user"', '"auth_permission"', '"auth_group"')


def report_url(meeting, **params):
    query = "&".join(f"{key}={value}" for key, value in {"lang": "en", **params}.items())
    return f"{reverse('meetings:report', args=[meeting.pk])}?{query}"


@pytest.fixture
def renderer():
    """The PDF renderer, replaced: each test says what it returns (rendering costs seconds)."""
    with mock.patch.object(cache, "render_meeting_report", return_value=PDF_A) as fake:
        yield fake


def download(client, meeting, **params):
    """(response, the report's own queries: those not reading the framework's tables)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(report_url(meeting, **params))
    assert response.status_code == 200, response.content[:300]
    own = [q["sql"] for q in captured if not any(t in q["sql"] for t in FRAMEWORK_TABLES)]
    return response, own


def stored(meeting, edition="public", language="en") -> bytes:
    return bytes(
        RenderedReport.objects.get(meeting=meeting, edition=edition, language=language).content
    )


# --- queries ------------------------------------------------------------------------------------


def _is_version_query(sql: str) -> bool:
    """caching.versions' query: sub-selects of highest ids (SQLite), or its prepared statement
    run by name (PostgreSQL)."""
    return sql.startswith("SELECT (SELECT MAX(") or "EXECUTE wgtu_version_" in sql


@pytest.mark.parametrize("edition", ["public", "internal"])
def test_a_cached_download_runs_the_version_only(client_for, march_meeting, renderer, edition):
    client = client_for("cochair")
    _response, first = download(client, march_meeting, edition=edition)
    # The first: the data version, the scoped meeting lookup (then kept by that version), ...
    assert _is_version_query(first[0]) and '"meetings_meeting"' in first[1], first

    response, own = download(client, march_meeting, edition=edition)

    # The data version (one query); the framework's besides: the session, the user, the role
    # and permissions. No meeting lookup, no read of the stored PDF, no rendering.
    assert len(own) == 1 and _is_version_query(own[0]), own
    assert response.content == PDF_A[2]
    renderer.assert_called_once()


def test_a_kept_meeting_lookup_never_outlives_a_change_of_publication(
    client_for, march_meeting, renderer
):
    delegate = client_for("delegate")
    assert delegate.get(report_url(march_meeting)).status_code == 200
    assert delegate.get(report_url(march_meeting)).status_code == 200  # lookup kept
    march_meeting.report_published = False
    march_meeting.save()  # a history row: a new data version
    assert delegate.get(report_url(march_meeting)).status_code == 404
    assert client_for("cochair").get(report_url(march_meeting)).status_code == 200


def test_the_download_costs_the_same_queries_at_any_data_size(
    client_for, march_meeting, renderer, django_assert_num_queries
):
    client = client_for("cochair")
    download(client, march_meeting)
    with CaptureQueriesContext(connection) as small:
        client.get(report_url(march_meeting))

    bulk_activities(300, [StateFactory() for _ in range(4)])
    download(client, march_meeting)  # the data changed: a new version, rendered once
    with django_assert_num_queries(len(small)):
        client.get(report_url(march_meeting))
    assert renderer.call_count == 2


def test_a_process_without_the_bytes_reads_the_stored_rendering_once(
    client_for, march_meeting, renderer
):
    client = client_for("cochair")
    download(client, march_meeting)
    django_cache.clear()  # as in another worker process, or after the entry was dropped

    response, own = download(client, march_meeting)
    # the version, the meeting lookup, the stored rendering
    assert len(own) == 3 and "meetings_renderedreport" in own[2]
    assert response.content == stored(march_meeting)

    response, own = download(client, march_meeting)
    assert len(own) == 1
    assert response.content == stored(march_meeting)
    renderer.assert_called_once()


# --- what is served -------------------------------------------------------------------------------


def test_the_bytes_served_are_the_stored_rendering(client_for, march_meeting, renderer):
    client = client_for("cochair")
    first, _own = download(client, march_meeting)
    second, _own = download(client, march_meeting)
    assert first.content == second.content == stored(march_meeting) == PDF_A[2]
    assert second["Content-Type"] == "application/pdf"
    assert second["Content-Disposition"] == f'inline; filename="{PDF_A[0]}"'


def test_new_data_is_rendered_and_served_never_the_kept_bytes(client_for, march_meeting, renderer):
    client = client_for("cochair")
    download(client, march_meeting)
    download(client, march_meeting)  # kept in this process now

    item = march_meeting.agenda_items.order_by("order").first()
    item.public_notes = "A note added after the first rendering."
    item.save()
    renderer.return_value = PDF_B

    response, _own = download(client, march_meeting)
    assert response.content == PDF_B[2]
    assert stored(march_meeting) == PDF_B[2]  # the older rendering is replaced
    response, _own = download(client, march_meeting)
    assert response.content == PDF_B[2]
    assert renderer.call_count == 2


def test_languages_and_editions_are_kept_apart(client_for, march_meeting, renderer):
    client = client_for("cochair")
    renderer.side_effect = lambda meeting, *, edition, language: (
        f"{edition}-{language}.pdf",
        "application/pdf",
        f"%PDF {edition} {language}".encode(),
    )
    for _ in range(2):
        for edition in ("public", "internal"):
            for language in ("en", "fr"):
                response, _own = download(client, march_meeting, edition=edition, lang=language)
                assert response.content == f"%PDF {edition} {language}".encode()
    assert renderer.call_count == 4


def test_the_kept_bytes_do_not_bypass_access_rules(client_for, march_meeting, renderer):
    download(client_for("cochair"), march_meeting, edition="internal")
    download(client_for("cochair"), march_meeting)
    delegate = client_for("delegate")
    assert delegate.get(report_url(march_meeting, edition="internal")).status_code == 403
    march_meeting.report_published = False
    march_meeting.save()
    assert delegate.get(report_url(march_meeting)).status_code == 404
    assert client_for("anonymous").get(report_url(march_meeting)).status_code == 302


# --- the per-process copy is bounded --------------------------------------------------------------


def test_the_process_keeps_at_most_its_number_of_renderings(settings):
    settings.REPORT_MEMORY_ENTRIES = 2
    kept = cache.RecentReports()
    keys = [kept.key(1, "public", language, "v1") for language in ("en", "fr", "es")]
    for key in keys:
        kept.put(key, "r.pdf", b"%PDF")
    assert kept.get(keys[0]) is None
    assert kept.get(keys[1]) == kept.get(keys[2]) == ("r.pdf", b"%PDF")


def test_the_process_keeps_at_most_its_bytes_least_recently_served_first(settings):
    settings.REPORT_MEMORY_BYTES = 2500
    kept = cache.RecentReports()
    first, second, third = (kept.key(1, "public", "en", f"v{n}") for n in range(3))
    kept.put(first, "1.pdf", b"1" * 1000)
    kept.put(second, "2.pdf", b"2" * 1000)
    assert kept.get(first) is not None  # served again: now the most recent
    kept.put(third, "3.pdf", b"3" * 1000)
    assert kept.get(second) is None
    assert kept.get(first) == ("1.pdf", b"1" * 1000)
    assert kept.get(third) == ("3.pdf", b"3" * 1000)


def test_a_rendering_too_large_to_keep_is_served_from_storage(
    client_for, march_meeting, renderer, settings
):
    settings.REPORT_MEMORY_ENTRY_BYTES = 1000
    client = client_for("cochair")
    download(client, march_meeting)
    response, own = download(client, march_meeting)
    assert "meetings_renderedreport" in own[-1]
    assert response.content == stored(march_meeting) == PDF_A[2]


def test_a_lookup_kept_for_a_cochair_is_not_a_delegates(client_for, march_meeting, renderer):
    march_meeting.report_published = False
    march_meeting.save()
    assert client_for("cochair").get(report_url(march_meeting)).status_code == 200  # preview
    assert client_for("delegate").get(report_url(march_meeting)).status_code == 404
