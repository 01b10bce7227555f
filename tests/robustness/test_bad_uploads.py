"""Hostile files for the outreach attachments and the meetings documents: zip bombs, damaged and
fuzzed archives, files just over the size limit, wrong types. Refused with a message, never a
server error, nothing stored (no row, no file under MEDIA_ROOT)."""

import io
import random
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from meetings import services as meetings_services
from meetings.models import Document
from tests.robustness.conftest import FUZZ, PDF_BYTES, docx_bytes, odt_bytes, zip_bytes
from uploads.validators import validate_document

LIMIT = 20 * 1024 * 1024


def _mutations(count: int, seed: int = 9) -> list[tuple[str, bytes]]:
    """Valid DOCX/ODT archives with a few bytes changed (the cases that found the bugs)."""
    rnd = random.Random(seed)
    bases = [docx_bytes(), odt_bytes()]
    out = []
    for index in range(count):
        data = bytearray(rnd.choice(bases))
        for _ in range(rnd.randint(1, 6)):
            data[rnd.randrange(len(data))] = rnd.randrange(256)
        out.append((f"mutated zip #{index}", bytes(data)))
    return out


def _set_central_flag(data: bytes, flag: int) -> bytes:
    """Set a general-purpose flag (0x1 encrypted, 0x800 UTF-8 name) on every member."""
    out = bytearray(data)
    start = 0
    while (at := out.find(b"PK\x01\x02", start)) != -1:
        out[at + 8 : at + 10] = (int.from_bytes(out[at + 8 : at + 10], "little") | flag).to_bytes(
            2, "little"
        )
        start = at + 4
    return bytes(out)


def _set_method(data: bytes, method: int) -> bytes:
    out = bytearray(data)
    out[8:10] = method.to_bytes(2, "little")
    at = out.find(b"PK\x01\x02")
    out[at + 10 : at + 12] = method.to_bytes(2, "little")
    return bytes(out)


POLYGLOT = (
    b"%PDF-1.4\n% <html><body><script>alert(document.domain)</script></body></html>\n"
    b"1 0 obj\n<<>>\nendobj\n%%EOF\n"
)


def hostile_files(zip_bombs) -> list[tuple[str, str, bytes]]:
    """(label, file name, content) of files every upload must refuse."""
    utf8_name = bytearray(_set_central_flag(docx_bytes(), 0x800))
    at = utf8_name.find(b"PK\x01\x02")
    utf8_name[at + 46] = 0xFF  # first byte of the first name: not UTF-8
    files = [
        ("empty", "a.pdf", b""),
        ("one byte", "a.pdf", b"%"),
        ("PDF magic cut short", "a.pdf", b"%PDF"),
        ("text named .pdf", "a.pdf", b"just some text"),
        ("HTML named .pdf", "a.pdf", b"<html><script>alert(1)</script></html>"),
        ("Windows executable", "a.pdf", b"MZ\x90\x00" + b"\x00" * 60),
        ("ELF executable", "a.docx", b"\x7fELF" + b"\x00" * 60),
        ("PNG image", "a.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40),
        ("latin-1 text", "a.odt", "Côte d'Ivoire".encode("latin-1")),
        ("UTF-16 text", "a.docx", "document".encode("utf-16")),
        ("NUL bytes", "a.pdf", b"\x00" * 1024),
        ("zip magic only", "a.docx", b"PK\x03\x04"),
        ("truncated DOCX", "a.docx", docx_bytes()[:60]),
        ("DOCX without its central directory", "a.docx", docx_bytes()[:-22]),
        ("empty zip", "a.docx", zip_bytes({})),
        ("plain zip", "a.docx", zip_bytes({"readme.txt": b"hello"})),
        ("zip inside a zip", "a.docx", zip_bytes({"inner.docx": docx_bytes()})),
        ("ODT with a wrong mimetype", "a.odt", zip_bytes({"mimetype": b"application/zip"})),
        ("ODT with a 300-byte mimetype", "a.odt", zip_bytes({"mimetype": b"x" * 300})),
        ("DOCX without [Content_Types].xml", "a.docx", zip_bytes({"word/document.xml": b"x"})),
        ("encrypted members", "a.odt", _set_central_flag(odt_bytes(), 0x1)),
        ("unknown compression method", "a.odt", _set_method(odt_bytes(), 99)),
        ("name flagged UTF-8 that is not", "a.docx", bytes(utf8_name)),
        ("DOCX zip bomb (2 GiB)", "a.docx", zip_bombs["docx_2GiB"]),
        ("ODT zip bomb (2 GiB)", "a.odt", zip_bombs["odt_2GiB"]),
        ("ODT whose mimetype is a bomb", "a.odt", zip_bombs["odt_mimetype_2GiB"]),
        ("6,000 members", "a.docx", zip_bombs["zip_6000_members"]),
        ("390 KB DOCX unpacking to 384 MiB", "a.docx", zip_bombs["docx_384MiB"]),
        ("encrypted DOCX members", "a.docx", _set_central_flag(docx_bytes(), 0x1)),
        ("PDF/HTML polyglot named .html", "minutes.html", POLYGLOT),
        ("PDF/HTML polyglot named .svg", "minutes.svg", POLYGLOT),
        ("PDF named .exe", "setup.exe", PDF_BYTES),
        ("PDF without extension", "minutes", PDF_BYTES),
    ]
    return files


def mutated_files() -> list[tuple[str, str, bytes]]:
    """Archives with a few random bytes changed: some stay valid documents (accepted), the
    rest must be refused; none may raise anything but ValidationError."""
    return [(label, "a.docx", data) for label, data in _mutations(60)]


def _refused(call) -> bool:
    try:
        call()
    except ValidationError:
        return True
    return False


# --- the validators, directly (cheap: no request) ----------------------------------------------


def test_the_upload_validator_refuses_hostile_files(db, zip_bombs, harness):
    """Documents and attachments share one validator (uploads.validators)."""
    h = harness("upload: validator")
    for label, name, data in hostile_files(zip_bombs):
        h.attempt(
            label,
            lambda name=name, data=data: _refused(
                lambda: validate_document(SimpleUploadedFile(name, data))
            ),
            accepted=lambda refused: not refused,
            expect_refused=True,
        )
    for label, name, data in mutated_files():
        h.attempt(
            label,
            lambda name=name, data=data: _refused(
                lambda: validate_document(SimpleUploadedFile(name, data))
            ),
            accepted=lambda refused: not refused,
        )
    h.check(minimum=80)


def _fuzzed_document(base, edits, cut) -> bytes:
    data = bytearray({"docx": docx_bytes, "odt": odt_bytes, "pdf": lambda: PDF_BYTES}[base]())
    for position, value in edits:
        data[position % len(data)] = value
    return bytes(data[: max(cut, 1)])


documents = {
    "base": st.sampled_from(["docx", "odt", "pdf"]),
    "edits": st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 255)), max_size=8),
    "cut": st.integers(0, 10_000),
}


@pytest.fixture
def fuzz_validator(db, harness):
    return harness("upload: validator (fuzzed)")


@settings(parent=FUZZ, phases=[Phase.generate])  # no time spent shrinking
@given(**documents)
def test_fuzzed_documents_never_break_the_upload_validator(fuzz_validator, base, edits, cut):
    data = _fuzzed_document(base, edits, cut)
    fuzz_validator.attempt(
        repr(data[:40]),
        lambda: _refused(lambda: validate_document(SimpleUploadedFile(f"fuzz.{base}", data))),
        accepted=lambda refused: not refused,
    )
    assert not fuzz_validator.problems, fuzz_validator.report()


# --- through the browser ------------------------------------------------------------------------


def activity_data(world, **fields):
    data = {
        "activity-start_date": "2018-03-01",
        "activity-end_date": "",
        "activity-actor_role": "presidency",
        "activity-actor_name": "The President of CSP4",
        "activity-kind": "visit",
        "activity-place": "Capital City",
        "activity-counterpart": "Ministry of Foreign Affairs",
        "activity-summary": "Discussed the ATT.",
        "activity-outcome": "",
        "activity-visibility": "internal",
        "activity-states": [world["signatory"].pk],
        "noted-TOTAL_FORMS": "1",
        "noted-INITIAL_FORMS": "0",
        "noted-MIN_NUM_FORMS": "0",
        "noted-MAX_NUM_FORMS": "50",
        "stages-TOTAL_FORMS": "1",
        "stages-INITIAL_FORMS": "0",
        "stages-MIN_NUM_FORMS": "0",
        "stages-MAX_NUM_FORMS": "50",
        "followups-TOTAL_FORMS": "1",
        "followups-INITIAL_FORMS": "0",
        "followups-MIN_NUM_FORMS": "0",
        "followups-MAX_NUM_FORMS": "50",
    }
    data.update({f"activity-{key}": value for key, value in fields.items()})
    return data


def test_hostile_attachments_on_the_outreach_form(world, client_for, zip_bombs, harness):
    h = harness("upload: outreach form")
    client = client_for("secretariat")
    url = reverse("outreach:create")

    def post(files):
        return client.post(url, {**activity_data(world), "activity-files": files})

    for label, name, data in hostile_files(zip_bombs):
        h.attempt(
            label,
            lambda name=name, data=data: post([SimpleUploadedFile(name, data)]),
            expect_refused=True,
        )
    for label, name, data in mutated_files()[:10]:
        h.attempt(label, lambda name=name, data=data: post([SimpleUploadedFile(name, data)]))
    over = b"%PDF-1.7\n" + b"\0" * (LIMIT + 1 - 9)
    h.attempt(
        "PDF one byte over 20 MB",
        lambda: post([SimpleUploadedFile("big.pdf", over)]),
        expect_refused=True,
    )
    h.attempt(
        "eleven files",
        lambda: post([SimpleUploadedFile(f"{i}.pdf", PDF_BYTES) for i in range(11)]),
        expect_refused=True,
    )
    h.attempt(
        "a good PDF beside a bomb",
        lambda: post(
            [
                SimpleUploadedFile("good.pdf", PDF_BYTES),
                SimpleUploadedFile("bomb.docx", zip_bombs["docx_2GiB"]),
            ]
        ),
        expect_refused=True,
    )
    for label, name in [
        ("path traversal in the name", "../../../etc/passwd.pdf"),
        ("script in the name", "<script>alert(1)</script>.pdf"),
        ("overlong name", "n" * 400 + ".pdf"),
        ("NUL in the name", "a\x00b.pdf"),
        ("control characters in the name", "a\x1b[31m\r\n.pdf"),
    ]:
        h.attempt(label, lambda name=name: post([SimpleUploadedFile(name, PDF_BYTES)]))
    h.check(minimum=45)


@pytest.fixture
def document(db):
    meetings_services.work_plan_load()
    return Document.objects.get(symbol="ATT/CSP2/2016/WP.4/Rev.1")


def test_hostile_files_on_the_meetings_document_upload(
    world, document, client_for, zip_bombs, harness
):
    h = harness("upload: meetings form")
    client = client_for("secretariat")
    url = reverse("meetings:document_file_upload", args=[document.pk])

    def post(name, data, language="fr"):
        return client.post(url, {"language": language, "file": SimpleUploadedFile(name, data)})

    for label, name, data in hostile_files(zip_bombs):
        h.attempt(label, lambda name=name, data=data: post(name, data), expect_refused=True)
    over = b"%PDF-1.7\n" + b"\0" * (LIMIT + 1 - 9)
    h.attempt("PDF one byte over 20 MB", lambda: post("big.pdf", over), expect_refused=True)
    h.attempt("PDF named .docx", lambda: post("a.docx", PDF_BYTES), expect_refused=True)
    h.attempt("DOCX named .pdf", lambda: post("a.pdf", docx_bytes()), expect_refused=True)
    h.attempt("no extension", lambda: post("document", PDF_BYTES), expect_refused=True)
    for language in ["", "xx", "\x00", "fr" * 100, "<b>"]:
        h.attempt(
            f"language {language!r}",
            lambda language=language: post("a.pdf", PDF_BYTES, language),
            expect_refused=True,
        )
    h.attempt("no file", lambda: client.post(url, {"language": "fr"}), expect_refused=True)
    h.attempt("file as text", lambda: client.post(url, {"language": "fr", "file": "x"}))
    for label, name in [
        ("path traversal in the name", "../../../etc/passwd.pdf"),
        ("script in the name", "<script>alert(1)</script>.pdf"),
        ("overlong name", "n" * 400 + ".pdf"),
        ("NUL in the name", "a\x00b.pdf"),
        ("upper-case extension", "A.PDF"),
    ]:
        h.attempt(label, lambda name=name: post(name, PDF_BYTES, "es"))
    h.check(minimum=40)


def test_zip_bombs_are_what_they_claim(zip_bombs):
    """The bombs would really inflate to GiBs: their directories declare it and a reader
    inflating the first megabyte gets zeros (the rest is never inflated)."""
    with zipfile.ZipFile(io.BytesIO(zip_bombs["docx_2GiB"])) as archive:
        bomb = archive.getinfo("word/media/image1.png")
        assert bomb.file_size == 2 * 1024**3
        assert bomb.compress_size < 3 * 1024**2
        with archive.open(bomb) as member:
            assert member.read(1 << 20) == b"\0" * (1 << 20)
