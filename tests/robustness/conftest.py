"""The bad-input harness (issue 9, item 5): each malformed input is tried inside a savepoint, with
the database's fingerprint (row counts of every table, a checksum of every row of the portal's
own apps) taken before and after; the savepoint is then rolled back so inputs are independent.

A server error is a 500 response or any exception escaping the view or the service. A partial
write is a fingerprint that changed although the input was refused. Inputs the portal accepts
(valid data that merely looks hostile, e.g. a summary holding "<script>") are counted apart.
"""

import hashlib
import importlib
import io
import pkgutil
import struct
import time
import traceback
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.db import connection, transaction
from hypothesis import HealthCheck, settings

from challenges.services import taxonomy_load_report
from states.models import Region, TreatyAction
from tests.factories import StateFactory, TreatyActionFactory
from tests.robustness.summary import OUTCOMES, TRIED

PORTAL_APPS = ("accounts", "states", "depositary", "challenges", "outreach", "meetings")
# Refreshed by page views (wgtu_portal.sessions, at most once a minute): not a write of the portal.
VOLATILE_TABLES = {"django_session"}

# Hypothesis: the example budget comes from the loaded profile (tests/conftest.py: 25 examples,
# derandomized, no example database); the harness's function-scoped fixtures are fine here.
FUZZ = settings(
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


_QUERIES: dict[str, tuple[str, list[str]]] = {}


def _queries() -> tuple[str, list[str]]:
    """The count query (every table) and one raw SELECT per table of the portal's apps, built
    once per database (compiling ORM queries for every input would cost seconds)."""
    if connection.vendor not in _QUERIES:
        quote = connection.ops.quote_name
        tables = sorted(
            t for t in connection.introspection.table_names() if t not in VOLATILE_TABLES
        )
        count = " UNION ALL ".join(
            f"SELECT '{t}', COUNT(*) FROM {quote(t)}"  # noqa: S608 (names from introspection)
            for t in tables
        )
        selects = [
            f"SELECT * FROM {quote(m._meta.db_table)} ORDER BY {quote(m._meta.pk.column)}"  # noqa: S608
            for m in apps.get_models(include_auto_created=True)
            if m._meta.app_label in PORTAL_APPS and not m._meta.proxy and m._meta.managed
        ]
        _QUERIES[connection.vendor] = (count, selects)
    return _QUERIES[connection.vendor]


def fingerprint() -> dict:
    """Row counts of every table and a SHA-256 of every row of the portal's apps' tables."""
    count, selects = _queries()
    with connection.cursor() as cursor:
        cursor.execute(count)
        state = {f"rows:{t}": n for t, n in cursor.fetchall()}
        for sql in selects:
            cursor.execute(sql)
            state[f"sum:{sql.split()[3]}"] = hashlib.sha256(
                repr([_plain(row) for row in cursor.fetchall()]).encode()
            ).hexdigest()
    media = Path(django_settings.MEDIA_ROOT)
    stored = [p for p in media.rglob("*") if p.is_file()] if media.is_dir() else []
    state["files:MEDIA_ROOT"] = (len(stored), sum(p.stat().st_size for p in stored))
    return state


def _plain(row) -> tuple:
    """A row with its binary columns as bytes: PostgreSQL's driver returns them as memoryview,
    whose repr holds an address that changes on every read."""
    return tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)


@dataclass
class Problem:
    surface: str
    label: str
    kind: str  # "server error" or "partial write"
    detail: str


@dataclass
class Harness:
    """Tries bad inputs on one surface and keeps what went wrong (see the module docstring)."""

    surface: str
    problems: list[Problem] = field(default_factory=list)
    tried: int = 0
    refused: int = 0
    accepted: int = 0
    slowest: list = field(default_factory=list)

    def attempt(self, label, call, *, accepted=None, expect_refused=False):
        """Run call() once; accepted(result) says whether the portal took the input as valid
        (default: a redirect). Returns the result (None after an exception)."""
        accepted = accepted or _redirected
        started = time.monotonic()
        self.tried += 1
        TRIED[self.surface] += 1
        before = fingerprint()
        savepoint = transaction.savepoint_create()
        try:
            try:
                result = call()
            except Exception as exc:
                transaction.savepoint_rollback(savepoint)
                savepoint = None
                self._problem(label, "server error", _short_traceback(exc))
                return None
            if getattr(result, "status_code", 200) >= 500:
                self._problem(label, "server error", f"HTTP {result.status_code}")
            taken = bool(accepted(result))
            after = fingerprint()
            if taken:
                self.accepted += 1
                OUTCOMES["accepted"] += 1
                if expect_refused:
                    self._problem(label, "accepted", "this input should have been refused")
            else:
                self.refused += 1
                OUTCOMES["refused"] += 1
                changed = sorted(k for k in after if after.get(k) != before.get(k))
                if changed:
                    self._problem(label, "partial write", ", ".join(changed))
            return result
        finally:
            if savepoint is not None:
                transaction.savepoint_rollback(savepoint)
            self.slowest = sorted([*self.slowest, (time.monotonic() - started, str(label)[:60])])[
                -3:
            ]

    def _problem(self, label, kind, detail):
        self.problems.append(Problem(self.surface, str(label)[:120], kind, detail))

    def report(self) -> str:
        lines = [
            f"{self.surface}: {self.tried} inputs, {self.refused} refused, "
            f"{self.accepted} accepted, {len(self.problems)} problems; slowest: "
            + ", ".join(f"{label!r} {seconds:.2f}s" for seconds, label in reversed(self.slowest))
        ]
        lines += [f"  {p.kind}: {p.label!r}: {p.detail}" for p in self.problems[:20]]
        return "\n".join(lines)

    def check(self, minimum: int):
        print(self.report())
        assert not self.problems, self.report()
        assert self.tried >= minimum, self.report()


def _redirected(response) -> bool:
    return getattr(response, "status_code", None) == 302


def _short_traceback(exc) -> str:
    frames = traceback.format_exception(exc)
    return "".join(frames[-3:]).strip()[-600:]


@pytest.fixture(scope="session", autouse=True)
def _every_portal_module_loaded():
    """Hypothesis also draws from the literals of the project's modules loaded so far (its
    "local constants"), so the examples it generates would depend on which tests this process
    ran before: under pytest-xdist, on how the tests were shared out. Load them all first, so
    every process fuzzes with the same examples and the summary counts the same outcomes."""
    root = Path(django_settings.BASE_DIR)
    for init in sorted(root.glob("*/__init__.py")):
        package = init.parent.name
        if package == "tests":
            continue
        for module in pkgutil.walk_packages([str(init.parent)], prefix=f"{package}."):
            if module.name.rsplit(".", 1)[-1] not in ("wsgi", "asgi", "__main__"):
                importlib.import_module(module.name)


@pytest.fixture
def harness():
    made = []

    def make(surface):
        made.append(Harness(surface))
        return made[-1]

    return make


# --- a small world --------------------------------------------------------------------------


@pytest.fixture
def world(db, settings, tmp_path):
    """Three states (a signatory, a non-signatory, a party), the Annex A taxonomy; uploads go to
    a private folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    signatory = StateFactory(iso3="XSG", name_en="Signatoria", region=Region.AFRICA)
    TreatyActionFactory(
        state=signatory, kind=TreatyAction.Kind.SIGNATURE, date="2013-09-25", source="seed"
    )
    non_signatory = StateFactory(iso3="XNS", name_en="Nonsignia", region=Region.ASIA)
    party = StateFactory(iso3="XPT", name_en="Partyland", region=Region.EUROPE)
    TreatyActionFactory(state=party, kind=TreatyAction.Kind.RATIFICATION, date="2014-04-02")
    taxonomy_load_report()
    return {"signatory": signatory, "non_signatory": non_signatory, "party": party}


# --- hostile files, built in memory -------------------------------------------------------------


def zip_bytes(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    """The same bytes on every call: members carry a fixed date (writestr(name, ...) would
    stamp the time of day, and the fuzzed documents built from these would change every 2 s)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            member = zipfile.ZipInfo(name, date_time=(2018, 3, 7, 0, 0, 0))
            member.external_attr = 0o600 << 16  # as writestr(name, ...) sets it
            archive.writestr(member, data, compress_type=compression)
    return buffer.getvalue()


def docx_bytes() -> bytes:
    return zip_bytes(
        {
            "[Content_Types].xml": b'<Types><Override ContentType="application/'
            b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
            "word/document.xml": b"<w:document/>",
        }
    )


def odt_bytes() -> bytes:
    return zip_bytes(
        {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office/>"},
        compression=zipfile.ZIP_STORED,
    )


PDF_BYTES = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"

_CHUNK = 1 << 24  # 16 MiB of zeros


def _zeros_deflated(chunks: int) -> tuple[bytes, int]:
    """A raw deflate stream of chunks x 16 MiB of zeros, and its CRC-32, built in ~1 s.

    After a full flush the compressor forgets its history, so every 16 MiB block of zeros
    compresses to the same ~16 KB: the stream is that block repeated, then an empty final block.
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    zeros = b"\0" * _CHUNK
    block = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    tail = compressor.flush()
    crc = 0
    for _ in range(chunks):
        crc = zlib.crc32(zeros, crc)
    return block * chunks + tail, crc


def _raw_zip(members: list[tuple[str, bytes, int, int, int]]) -> bytes:
    """A zip from precompressed members: (name, data, crc, inflated size, method)."""
    out, central = io.BytesIO(), io.BytesIO()
    for name, data, crc, size, method in members:
        offset = out.tell()
        encoded = name.encode()
        out.write(
            struct.pack(
                "<IHHHHHIIIHH",
                0x04034B50,
                20,
                0,
                method,
                0,
                0x21,
                crc,
                len(data),
                size,
                len(encoded),
                0,
            )
        )
        out.write(encoded + data)
        central.write(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                0,
                method,
                0,
                0x21,
                crc,
                len(data),
                size,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
        )
        central.write(encoded)
    directory = central.getvalue()
    start = out.tell()
    out.write(directory)
    out.write(
        struct.pack(
            "<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(directory), start, 0
        )
    )
    return out.getvalue()


def _stored(name: str, data: bytes):
    return (name, data, zlib.crc32(data), len(data), zipfile.ZIP_STORED)


@pytest.fixture(scope="session")
def zip_bombs():
    """DOCX- and ODT-looking zips of ~2 MB whose bomb member inflates to 2 GiB (never inflated
    here: only its compressed form exists), plus a zip with 6,000 empty members."""
    chunks = 128  # 2 GiB
    data, crc = _zeros_deflated(chunks)
    bomb = ("word/media/image1.png", data, crc, chunks * _CHUNK, zipfile.ZIP_DEFLATED)
    docx = _raw_zip(
        [
            _stored("[Content_Types].xml", b"<Types>wordprocessingml</Types>"),
            _stored("word/document.xml", b"<w:document/>"),
            bomb,
        ]
    )
    odt = _raw_zip(
        [
            _stored("mimetype", b"application/vnd.oasis.opendocument.text"),
            ("content.xml", *bomb[1:]),
        ]
    )
    odt_mimetype_bomb = _raw_zip([("mimetype", *bomb[1:])])
    many = zip_bytes({f"word/part{i}.xml": b"" for i in range(6000)}, zipfile.ZIP_STORED)
    # The probe's case: a ~390 KB DOCX that unpacks to 384 MiB (a ratio of about 1,000).
    small_data, small_crc = _zeros_deflated(24)
    docx_384 = _raw_zip(
        [
            _stored("[Content_Types].xml", b"<Types>wordprocessingml</Types>"),
            _stored("word/document.xml", b"<w:document/>"),
            ("word/media/image1.png", small_data, small_crc, 24 * _CHUNK, zipfile.ZIP_DEFLATED),
        ]
    )
    assert len(docx_384) < 400 * 1024
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        assert sum(i.file_size for i in archive.infolist()) > 2 * 10**9
    return {
        "docx_2GiB": docx,
        "odt_2GiB": odt,
        "odt_mimetype_2GiB": odt_mimetype_bomb,
        "zip_6000_members": many,
        "docx_384MiB": docx_384,
    }
