"""Malformed status files, through the service, the import command and the browser upload:
no server error, and a refused file writes nothing (row counts and checksums unchanged)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from states.services import status_file as services
from states.views.edit import IMPORT_SESSION_KEY
from tests.robustness.conftest import FUZZ
from tests.robustness.inputs import HEADER, bad_status_files

VALID_ANYWAY = {"CR line endings", "quote in the middle"}


def _service_import(data: bytes):
    """What the command and the confirmed upload do: parse, then apply only a clean file."""
    try:
        parsed = services.status_file_parse(data)
    except services.StatusFileError:
        return False
    if parsed.errors:
        return False
    services.status_file_apply(parsed.rows, source="robustness.csv")
    return True


def _applied(result) -> bool:
    return result is True


def test_bad_status_files_through_the_service(world, harness):
    h = harness("import: service")
    for label, data in bad_status_files():
        h.attempt(
            label,
            lambda data=data: _service_import(data),
            accepted=_applied,
            expect_refused=label not in VALID_ANYWAY,
        )
    h.check(minimum=80)


@pytest.fixture
def fuzz_import(world, harness):
    return harness("import: service (fuzzed)")


cells = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["", "XSG", "XNS", "Africa", "2013-09-25", "9999-12-31", "ratification"]),
)


@FUZZ
@given(rows=st.lists(st.lists(cells, min_size=0, max_size=9), min_size=0, max_size=4))
def test_fuzzed_status_rows_never_break_the_service(fuzz_import, rows):
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write(HEADER + "\n")
    writer.writerows(rows)
    data = buffer.getvalue().encode("utf-8", "surrogatepass")
    fuzz_import.attempt(repr(rows)[:80], lambda: _service_import(data), accepted=_applied)
    assert not fuzz_import.problems, fuzz_import.report()


@FUZZ
@given(data=st.binary(max_size=300))
def test_fuzzed_bytes_never_break_the_service(fuzz_import, data):
    fuzz_import.attempt(
        repr(data)[:80], lambda: _service_import(HEADER.encode() + b"\n" + data), accepted=_applied
    )
    assert not fuzz_import.problems, fuzz_import.report()


def test_bad_status_files_through_the_command(world, harness, tmp_path):
    h = harness("import: command")

    def run(path):
        try:
            call_command("import_att_status", str(path), stdout=_Null(), stderr=_Null())
        except CommandError:
            return False
        return True

    for index, (label, data) in enumerate(bad_status_files()[::3]):
        path = tmp_path / f"file{index}.csv"
        path.write_bytes(data)
        h.attempt(
            label,
            lambda path=path: run(path),
            accepted=_applied,
            expect_refused=label not in VALID_ANYWAY,
        )
    h.attempt("missing file", lambda: run(tmp_path / "missing.csv"), accepted=_applied)
    h.attempt("a directory", lambda: run(tmp_path), accepted=_applied)
    h.check(minimum=25)


class _Null:
    def write(self, *args):
        pass

    def flush(self):
        pass


def _imported(response) -> bool:
    return response.status_code == 302 and response.url == reverse("states:list")


def test_bad_status_files_through_the_browser(world, client_for, harness):
    h = harness("import: browser upload")
    client = client_for("secretariat")

    def upload_and_confirm(name, data, content_type="text/csv"):
        response = client.post(
            reverse("states:import"), {"file": SimpleUploadedFile(name, data, content_type)}
        )
        pending = client.session.get(IMPORT_SESSION_KEY)
        if response.status_code != 200 or not pending:
            return response
        return client.post(reverse("states:import_confirm"), {"token": pending["token"]})

    for label, data in bad_status_files()[::2]:
        h.attempt(
            label,
            lambda data=data: upload_and_confirm("status.csv", data),
            accepted=_imported,
            expect_refused=label not in VALID_ANYWAY,
        )
    good = (HEADER + "\nXSG,Signatoria,Africa,2013-09-25,,,\n").encode()
    for label, name in [
        ("not a .csv name", "status.xlsx"),
        ("no extension", "status"),
        ("path in the name", "../../etc/status.csv"),
        ("overlong name", "x" * 300 + ".csv"),
        ("NUL in the name", "sta\x00tus.csv"),
        ("script in the name", "<script>alert(1)</script>.csv"),
    ]:
        h.attempt(label, lambda name=name: upload_and_confirm(name, good), accepted=_imported)
    h.attempt("no file at all", lambda: client.post(reverse("states:import"), {}))
    h.attempt("file as a text field", lambda: client.post(reverse("states:import"), {"file": "x"}))
    for label, token in [("confirm without a preview", "forged"), ("NUL token", "\x00")]:
        h.attempt(
            label,
            lambda token=token: client.post(reverse("states:import_confirm"), {"token": token}),
            accepted=_imported,
            expect_refused=True,
        )
    h.check(minimum=45)
