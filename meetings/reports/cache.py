"""Rendered once, served from storage afterwards: one stored rendering per (meeting, edition,
language, data version). A download whose version is stored does no rendering at all.

Each worker process also keeps the bytes of the renderings it served lately in its local-memory
cache (`django.core.cache.cache`), keyed by (meeting, edition, language, data version): a repeated
download costs the version query only, not a read of the stored PDF from the database. The
version is in the key, so an entry is never served after the data or the layout changed (a new
version renders anew). What a process keeps is bounded: at most MEMORY_ENTRIES renderings and
MEMORY_BYTES bytes in all (the least recently served go first), none larger than
MEMORY_ENTRY_BYTES; settings REPORT_MEMORY_ENTRIES, REPORT_MEMORY_BYTES, REPORT_MEMORY_ENTRY_BYTES
override them.
"""

import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404

from meetings.models import Meeting, RenderedReport, ReportEdition
from meetings.reports import versions
from meetings.reports.render import (
    CONTENT_TYPE,
    LANGUAGES,
    render_meeting_report,
    render_meeting_reports,
)

MEMORY_ENTRIES = 24
MEMORY_BYTES = 32 * 1024 * 1024
MEMORY_ENTRY_BYTES = 4 * 1024 * 1024
# Unreachable once the version changes; the timeout only bounds how long an entry lingers.
MEMORY_TIMEOUT = 24 * 60 * 60
KEY_PREFIX = "meeting-report"


def report_data_version(meeting: Meeting | int, edition: str) -> str:
    """The data version of the report of `meeting` (or of the meeting with that id) in
    `edition` (one query)."""
    models = (
        versions.INTERNAL_MODELS if edition == ReportEdition.INTERNAL else versions.PUBLIC_MODELS
    )
    pk = meeting.pk if isinstance(meeting, Meeting) else int(meeting)
    return versions.data_version(models, pk, edition)


def readable_meeting(queryset, pk: int, version: str, scope: str) -> Meeting:
    """The meeting `pk` from `queryset` (the reader's scoped meetings), else Http404, kept per
    process by the report's data version (which reads the meetings' table and history, so a
    meeting published, withdrawn or deleted since is never served from here) and the reader's
    `scope` (what decides the queryset: "internal" or "published"). No query when kept."""
    key = f"{KEY_PREFIX}-meeting:{pk}:{scope}:{version}"
    meeting = cache.get(key)
    if meeting is None:
        meeting = get_object_or_404(queryset, pk=pk)  # a 404 is never kept
        cache.set(key, meeting, MEMORY_TIMEOUT)
    return meeting


class RecentReports:
    """The renderings this process served lately, in its local-memory cache, bounded in number
    and bytes. The ledger of what was put there (key → size) is this process's own, like the
    cache: it may name entries the cache has already dropped (culled, expired, cleared), which
    only makes the bound stricter."""

    def __init__(self):
        self._sizes: OrderedDict[str, int] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    @staticmethod
    def key(meeting_pk, edition: str, language: str, version: str) -> str:
        return f"{KEY_PREFIX}:{meeting_pk}:{edition}:{language}:{version}"

    def get(self, key: str):
        """(filename, content) kept for `key`, or None. No query."""
        kept = cache.get(key)
        if kept is not None:
            with self._lock:
                if key in self._sizes:
                    self._sizes.move_to_end(key)
        return kept

    def put(self, key: str, filename: str, content: bytes) -> None:
        """Keep (filename, content) under `key` unless it is too large, dropping the least
        recently served renderings past the bounds."""
        if len(content) > _limit("REPORT_MEMORY_ENTRY_BYTES", MEMORY_ENTRY_BYTES):
            return
        most_entries = _limit("REPORT_MEMORY_ENTRIES", MEMORY_ENTRIES)
        most_bytes = _limit("REPORT_MEMORY_BYTES", MEMORY_BYTES)
        # Ledger and cache change together (threaded workers): what the ledger drops is gone.
        with self._lock:
            self._bytes += len(content) - self._sizes.pop(key, 0)
            self._sizes[key] = len(content)
            dropped = []
            while self._sizes and (len(self._sizes) > most_entries or self._bytes > most_bytes):
                old, size = self._sizes.popitem(last=False)
                self._bytes -= size
                dropped.append(old)
            if key not in dropped:
                cache.set(key, (filename, content), MEMORY_TIMEOUT)
            cache.delete_many(dropped)


def _limit(name: str, default: int) -> int:
    return getattr(settings, name, default)


recent = RecentReports()


def meeting_report_stored(*, meeting: Meeting, edition: str, language: str, version: str):
    """(filename, content) of this version's rendering if this process kept it or it is stored,
    else None; never renders. Queries: none when kept in memory, else the stored rendering (1)."""
    key = recent.key(meeting.pk, edition, language, version)
    kept = recent.get(key)
    if kept is not None:
        return kept
    stored = (
        RenderedReport.objects.filter(
            meeting=meeting, edition=edition, language=language, data_version=version
        )
        .only("filename", "content")
        .first()
    )
    if stored is None:
        return None
    filename, content = stored.filename, bytes(stored.content)
    recent.put(key, filename, content)
    return filename, content


def meeting_report_file(*, meeting: Meeting, edition: str, language: str, version=None):
    """(filename, content_type, bytes, data_version) of the report, rendered only if this data
    version is not stored yet. Queries: the version (1, none if the caller passes it) when this
    process served this version lately; else also the stored rendering (1); a render adds the
    report's own queries and the store (meetings.reports.render, report_store)."""
    version = version or report_data_version(meeting, edition)
    found = meeting_report_stored(
        meeting=meeting, edition=edition, language=language, version=version
    )
    if found is not None:
        filename, content = found
        return filename, CONTENT_TYPE, content, version
    started = time.perf_counter()
    filename, content_type, content = render_meeting_report(
        meeting, edition=edition, language=language
    )
    report_store(
        meeting=meeting,
        edition=edition,
        language=language,
        version=version,
        filename=filename,
        content=content,
        seconds=time.perf_counter() - started,
    )
    recent.put(recent.key(meeting.pk, edition, language, version), filename, content)
    return filename, content_type, content, version


def meeting_report_files(*, meeting: Meeting, edition: str, languages=LANGUAGES):
    """{language: (filename, content_type, bytes, data_version)} of the report in each of
    `languages`, all of one data version (read once): those stored are served, the others
    rendered together (render_meeting_reports: the data read once, one child per language side
    by side) and stored."""
    version = report_data_version(meeting, edition)
    files, missing = {}, []
    for language in languages:
        found = meeting_report_stored(
            meeting=meeting, edition=edition, language=language, version=version
        )
        if found is None:
            missing.append(language)
        else:
            files[language] = (found[0], CONTENT_TYPE, found[1], version)
    if missing:
        started = time.perf_counter()
        rendered = render_meeting_reports(meeting, edition=edition, languages=missing)
        seconds = (time.perf_counter() - started) / len(missing)
        for language, (filename, content_type, content) in rendered.items():
            report_store(
                meeting=meeting,
                edition=edition,
                language=language,
                version=version,
                filename=filename,
                content=content,
                seconds=seconds,
            )
            recent.put(recent.key(meeting.pk, edition, language, version), filename, content)
            files[language] = (filename, content_type, content, version)
    return {language: files[language] for language in languages}


@transaction.atomic
def report_store(*, meeting, edition, language, version, filename, content, seconds) -> None:
    """Keep this rendering and drop the older versions of the same report. Two concurrent
    renders of the same version: the second finds the first one's row and keeps it."""
    RenderedReport.objects.filter(meeting=meeting, edition=edition, language=language).exclude(
        data_version=version
    ).delete()
    try:
        with transaction.atomic():
            RenderedReport.objects.create(
                meeting=meeting,
                edition=edition,
                language=language,
                data_version=version,
                filename=filename,
                content=content,
                size=len(content),
                render_seconds=round(seconds, 3),
            )
    except IntegrityError:
        pass
