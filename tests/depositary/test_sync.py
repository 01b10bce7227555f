"""manage.py sync_depositary against a local HTTP server (http.server in a thread): the bundled
2018 file, an edited copy, a 404, a server that never answers, truncated files and a 100 MB file;
exit statuses 0/1/2, the records left behind, the e-mails, and the depositary page."""

import datetime as dt
import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from depositary.fetch import FetchError, Limits, fetch
from depositary.models import DepositaryCheck, DepositarySync
from depositary.services import depositary_apply, depositary_check_result
from depositary.sync import depositary_sync
from states import freshness
from tests.depositary.conftest import SAMPLE, encode, sample_text, set_cell

pytestmark = pytest.mark.django_db

HUGE = 100 * 1024 * 1024


class Depositary:
    """A local web server playing the depositary; `files` maps a path to bytes."""

    def __init__(self):
        self.files: dict[str, bytes] = {}
        self.release = threading.Event()  # lets the "never answers" handler go at teardown
        self.sent: dict[str, int] = {}  # bytes of body sent per path
        depositary = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _body(self, path, data, length=None):
                self.send_response(200)
                self.send_header("Content-Type", "text/xml; charset=iso-8859-1")
                if length is not None:
                    self.send_header("Content-Length", str(length))
                self.end_headers()
                try:
                    for start in range(0, len(data), 65536):
                        self.wfile.write(data[start : start + 65536])
                        depositary.sent[path] = depositary.sent.get(path, 0) + len(
                            data[start : start + 65536]
                        )
                except OSError:
                    pass

            def do_GET(self):
                path = self.path
                if path == "/never-answers.xml":
                    depositary.release.wait(10)
                    return
                if path == "/huge.xml":  # 100 MB announced and streamed
                    self.send_response(200)
                    self.send_header("Content-Type", "text/xml")
                    self.send_header("Content-Length", str(HUGE))
                    self.end_headers()
                    return self._stream(path, HUGE)
                if path == "/huge-unannounced.xml":  # 100 MB, no Content-Length
                    self.send_response(200)
                    self.send_header("Content-Type", "text/xml")
                    self.end_headers()
                    return self._stream(path, HUGE)
                if path == "/cut-short.xml":  # announces the whole file, sends half
                    data = SAMPLE.read_bytes()
                    return self._body(path, data[: len(data) // 2], length=len(data))
                if path == "/moved.xml":
                    self.send_response(302)
                    self.send_header("Location", "/XXVI-8.en.xml")
                    self.end_headers()
                    return
                if path not in depositary.files:
                    self.send_error(404, "Not Found")
                    return
                data = depositary.files[path]
                self._body(path, data, length=len(data))

            def _stream(self, path, size):
                chunk = b"<Document>" + b" " * (65536 - 10)
                try:
                    for _ in range(size // len(chunk)):
                        self.wfile.write(chunk)
                        depositary.sent[path] = depositary.sent.get(path, 0) + len(chunk)
                except OSError:
                    pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_port}{path}"


@pytest.fixture
def depositary(settings):
    settings.WGTU_DEPOSITARY_CONNECT_TIMEOUT = 2
    settings.WGTU_DEPOSITARY_READ_TIMEOUT = 1
    settings.WGTU_DEPOSITARY_TOTAL_TIMEOUT = 10
    server = Depositary()
    server.files["/XXVI-8.en.xml"] = SAMPLE.read_bytes()
    text = set_cell(sample_text(), "Angola", 4, "10 Jan 2018")
    server.files["/edited/XXVI-8.en.xml"] = encode(set_cell(text, "Bahrain", 2, "22 Nov 2013"))
    data = SAMPLE.read_bytes()
    server.files["/truncated.xml"] = data[: len(data) // 2]
    server.files["/page.html"] = b"<!DOCTYPE html><html><body>Maintenance</body></html>"
    server.thread.start()
    settings.WGTU_DEPOSITARY_URL = server.url("/XXVI-8.en.xml")
    yield server
    server.release.set()
    server.server.shutdown()
    server.server.server_close()


def sync(url=None):
    """(exit status, stdout, stderr-like message) of `manage.py sync_depositary [--url URL]`."""
    out = io.StringIO()
    args = ["--url", url] if url else []
    try:
        call_command("sync_depositary", *args, stdout=out)
    except SystemExit as exc:
        return exc.code, out.getvalue(), ""
    except CommandError as exc:
        return exc.returncode, out.getvalue(), str(exc)
    return 0, out.getvalue(), ""


# The Done-when lines --------------------------------------------------------------------------


def test_the_bundled_file_exits_0_and_shows_on_the_depositary_page_with_no_difference(
    reference_data, depositary, client_for
):
    status, out, _err = sync(depositary.url("/XXVI-8.en.xml"))
    assert status == 0
    assert "no differences with the portal" in out
    run = DepositarySync.objects.get()
    assert (run.outcome, run.differences_pending, run.checked_on) == ("agrees", 0, dt.date.today())
    check = run.check_made
    assert check.source_url == depositary.url("/XXVI-8.en.xml") and len(check.sha256) == 64
    page = client_for("secretariat").get(reverse("depositary:index")).text
    assert "No differences" in page and reverse("depositary:detail", args=[check.pk]) in page
    detail = client_for("secretariat").get(reverse("depositary:detail", args=[check.pk])).text
    assert "The file and the portal agree" in detail
    # The later ratifications (Brazil, China, …) are newer than the file, never removals.
    assert "Newer than the file" in detail and "China" in detail
    assert 'data-what="remove"' not in detail


def test_an_edited_copy_exits_1_and_names_its_two_changes(reference_data, depositary):
    status, out, _err = sync(depositary.url("/edited/XXVI-8.en.xml"))
    assert status == 1
    assert "2 differences" in out
    assert "Angola: in the file, not in the portal: Ratification 10 January 2018" in out
    assert (
        "Bahrain: conflict: portal Signature 21 November 2013 → file Signature 22 November 2013"
        in out
    )
    assert DepositarySync.objects.get().outcome == "differences"


@pytest.mark.parametrize(
    ("path", "why"),
    [
        ("/missing.xml", "HTTP 404"),
        ("/never-answers.xml", "did not answer within 1 seconds"),
        ("/truncated.xml", "not readable XML"),
        ("/cut-short.xml", "truncated"),
        ("/huge.xml", "more than the 2097152 allowed; not downloaded"),
        ("/huge-unannounced.xml", "larger than the 2097152 bytes allowed"),
        ("/page.html", "not the depositary's MTDSG XML"),
    ],
)
def test_a_file_that_cannot_be_fetched_or_read_exits_2_with_one_line_and_no_check(
    reference_data, depositary, path, why
):
    status, out, err = sync(depositary.url(path))
    assert status == 2 and out == ""
    assert why in err and "\n" not in err
    assert not DepositaryCheck.objects.exists()
    assert list(DepositarySync.objects.values_list("outcome", flat=True)) == ["failed"]
    assert freshness.current() == freshness.Freshness()


def test_a_100_mb_file_is_refused_without_reading_it_all(reference_data, depositary):
    for path in ("/huge.xml", "/huge-unannounced.xml"):
        assert sync(depositary.url(path))[0] == 2
    # The announced one: nothing read; the other: cut off at the cap (the socket buffers aside).
    assert depositary.sent.get("/huge-unannounced.xml", 0) < 16 * 1024 * 1024


def test_a_repeated_identical_file_is_unchanged_and_sends_nothing(
    reference_data, depositary, secretariat
):
    url = depositary.url("/edited/XXVI-8.en.xml")
    assert sync(url)[0] == 1
    assert len(mail.outbox) == 1
    status, out, _err = sync(url)
    assert status == 1 and "unchanged since the last sync" in out
    first, second = DepositarySync.objects.order_by("pk")
    assert (second.outcome, second.check_made_id) == ("unchanged", first.check_made_id)
    assert DepositaryCheck.objects.count() == 1
    assert len(mail.outbox) == 1


def test_nothing_successful_is_recorded_after_a_failure_and_freshness_keeps_the_last_success(
    reference_data, depositary
):
    assert sync(depositary.url("/XXVI-8.en.xml"))[0] == 0
    before = freshness.current()
    assert sync(depositary.url("/missing.xml"))[0] == 2
    assert freshness.current() == before
    assert DepositaryCheck.objects.count() == 1


# E-mails ----------------------------------------------------------------------------------------


def test_differences_e_mail_the_secretariat_accounts_only(
    reference_data, depositary, secretariat, cochair, delegate
):
    sync(depositary.url("/edited/XXVI-8.en.xml"))
    (message,) = mail.outbox
    assert message.to == [secretariat.email]
    assert "2 differences" in message.subject
    assert "Angola" in message.body and "Nothing has been applied." in message.body


def test_no_e_mail_when_the_file_agrees(reference_data, depositary, secretariat):
    sync(depositary.url("/XXVI-8.en.xml"))
    assert mail.outbox == []


def test_the_third_failure_in_a_row_e_mails_once(reference_data, depositary, secretariat):
    url = depositary.url("/missing.xml")
    for _ in range(2):
        sync(url)
    assert mail.outbox == []
    sync(url)
    assert len(mail.outbox) == 1 and "3 times in a row" in mail.outbox[0].subject
    sync(url)
    assert len(mail.outbox) == 1
    # A success in between starts the count again.
    sync(depositary.url("/XXVI-8.en.xml"))
    for _ in range(3):
        sync(url)
    assert len(mail.outbox) == 2


# Never applies; applying refreshes what is pending ----------------------------------------------


def test_the_sync_applies_nothing(reference_data, depositary):
    from states.models import TreatyAction

    before = TreatyAction.objects.count()
    sync(depositary.url("/edited/XXVI-8.en.xml"))
    assert TreatyAction.objects.count() == before


def test_applying_the_differences_brings_pending_to_zero(reference_data, depositary, secretariat):
    sync(depositary.url("/edited/XXVI-8.en.xml"))
    assert freshness.current().differences_pending == 2
    check = DepositaryCheck.objects.get()
    keys = [d.key for d in depositary_check_result(check).differences]
    depositary_apply(check=check, keys=keys, user=secretariat)
    assert freshness.current() == freshness.Freshness(dt.date.today(), 0)


def test_the_default_url_is_the_setting(reference_data, depositary):
    assert sync()[0] == 0
    assert DepositarySync.objects.get().url == depositary.url("/XXVI-8.en.xml")


# The fetcher on its own ---------------------------------------------------------------------------


def test_plain_http_is_refused_except_from_a_loopback_address():
    limits = Limits(1, 1, 1, 1000)
    with pytest.raises(FetchError, match="plain HTTP"):
        fetch("http://treaties.un.org/doc/XXVI-8.en.xml", limits)
    with pytest.raises(FetchError, match="not an https"):
        fetch("ftp://example.org/x.xml", limits)


def test_a_redirect_is_followed(depositary):
    fetched = fetch(depositary.url("/moved.xml"), Limits.from_settings())
    assert fetched.file_name == "XXVI-8.en.xml" and fetched.content == SAMPLE.read_bytes()


def test_a_refused_file_is_a_failure(reference_data, depositary):
    from tests.depositary.conftest import rename

    depositary.files["/renamed.xml"] = encode(rename(sample_text(), "Zimbabwe", "Zimbabwia"))
    status, _out, err = sync(depositary.url("/renamed.xml"))
    assert status == 2 and "refused" in err and "Zimbabwia" in err


def test_sync_service_reports_its_exit_status(reference_data, depositary):
    assert depositary_sync(url=depositary.url("/XXVI-8.en.xml")).exit_status == 0
