"""The scheduled depositary sync: fetch the UN depositary's status file, compare it with the
portal on the day it was fetched, record the run, tell the Secretariat. It never applies anything.

depositary_sync() is the one service; `manage.py sync_depositary` (cron, systemd) and the task
depositary.tasks.depositary_sync_task ("Check now" on the depositary page) both call it.

- The file is kept (its SHA-256, when and where it was fetched) as a DepositaryCheck, the same
  record as an uploaded file, so its differences are reviewed and applied on the same page.
- The same file as the last successful run (same SHA-256) is recorded as "unchanged": compared
  again (the portal may have changed), not stored again, no e-mail.
- A run that cannot fetch or read the file records why and nothing else: no check, and the
  freshness stays that of the last successful run. The third failure in a row e-mails the
  Secretariat (once, until a run succeeds).
- Differences found in a new file e-mail the Secretariat a summary.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.roles import Role
from depositary import reader
from depositary.fetch import FetchError, fetch
from depositary.models import DepositarySync, SyncOutcome
from depositary.services import (
    CheckResult,
    ComparisonDateError,
    depositary_check,
    depositary_check_save,
)

FAILURES_BEFORE_MAIL = 3
EXIT_AGREES, EXIT_DIFFERENCES, EXIT_FAILED = 0, 1, 2


@dataclass
class SyncReport:
    sync: DepositarySync
    result: CheckResult | None = None

    @property
    def exit_status(self) -> int:
        """0: no differences; 1: differences awaiting review; 2: could not fetch or read."""
        if self.sync.outcome == SyncOutcome.FAILED:
            return EXIT_FAILED
        return EXIT_DIFFERENCES if self.sync.differences_pending else EXIT_AGREES

    def lines(self) -> list[str]:
        """What the command prints: one line on failure; else the summary and each difference."""
        sync = self.sync
        if sync.outcome == SyncOutcome.FAILED:
            return [
                _("Could not fetch or read the depositary's file: %(why)s") % {"why": sync.message}
            ]
        n = sync.differences_pending
        head = {
            SyncOutcome.AGREES: _(
                "%(file)s (SHA-256 %(sha)s): no differences with the portal on %(date)s."
            ),
            SyncOutcome.DIFFERENCES: ngettext(
                "%(file)s (SHA-256 %(sha)s): %(n)s difference with the portal on %(date)s, awaiting review.",
                "%(file)s (SHA-256 %(sha)s): %(n)s differences with the portal on %(date)s, awaiting review.",
                n,
            ),
            SyncOutcome.UNCHANGED: ngettext(
                "%(file)s (SHA-256 %(sha)s): unchanged since the last sync; %(n)s difference with the portal on %(date)s.",
                "%(file)s (SHA-256 %(sha)s): unchanged since the last sync; %(n)s differences with the portal on %(date)s.",
                n,
            ),
        }[sync.outcome]
        out = [
            head
            % {
                "file": self.result.file.file_name,
                "sha": sync.sha256[:12],
                "n": sync.differences_pending,
                "date": sync.checked_on.isoformat(),
            }
        ]
        out.extend(f"  {d.describe()}" for d in self.result.differences)
        out.extend(f"  {d.describe()}" for d in self.result.declaration_differences)
        if self.result.newer:
            out.append(
                _(
                    "Newer than the file's date (%(date)s, from the %(origin)s), not differences: %(n)s."
                )
                % {
                    "date": self.result.as_of.isoformat(),
                    "origin": self.result.file.as_of_origin,
                    "n": len(self.result.newer),
                }
            )
        return out


def secretariat_emails() -> list[str]:
    """The e-mail addresses of the active Secretariat accounts (one query)."""
    users = get_user_model().objects.filter(groups__name=Role.SECRETARIAT, is_active=True)
    return sorted(set(users.exclude(email="").values_list("email", flat=True)))


def _mail(subject: str, lines: list[str]) -> bool:
    recipients = secretariat_emails()
    if not recipients:
        return False
    send_mail(subject, "\n".join(lines) + "\n", None, recipients)
    return True


def _page_url(check=None) -> str:
    path = reverse("depositary:detail", args=[check.pk]) if check else reverse("depositary:index")
    return path


def _mail_differences(report: SyncReport) -> bool:
    with translation.override(settings.LANGUAGE_CODE):
        n = report.sync.differences_pending
        subject = ngettext(
            "UN depositary: %(n)s difference with the portal",
            "UN depositary: %(n)s differences with the portal",
            n,
        ) % {"n": n}
        lines = [
            *report.lines(),
            "",
            _("Review and apply them on the depositary page: %(path)s")
            % {"path": _page_url(report.sync.check_made)},
            _("Nothing has been applied."),
        ]
        return _mail(subject, lines)


def _mail_failures(failures: list[DepositarySync]) -> bool:
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("UN depositary: the sync has failed %(n)s times in a row") % {
            "n": len(failures)
        }
        lines = [
            _("The portal could not fetch or read the depositary's status file:"),
            *(f"  {f.started_at:%Y-%m-%d %H:%M %Z}: {f.message}" for f in failures),
            "",
            _("The record's freshness is that of the last successful sync. See %(path)s")
            % {"path": _page_url()},
        ]
        return _mail(subject, lines)


def consecutive_failures() -> list[DepositarySync]:
    """The failed runs since the last successful one, newest first (one query)."""
    failures = []
    for sync in DepositarySync.objects.latest_first()[:50]:
        if sync.outcome != SyncOutcome.FAILED:
            break
        failures.append(sync)
    return failures


def _record_failure(*, url: str, started_at: dt.datetime, message: str) -> SyncReport:
    sync = DepositarySync.objects.create(
        started_at=started_at, url=url[:500], outcome=SyncOutcome.FAILED, message=message[:500]
    )
    failures = consecutive_failures()
    if len(failures) == FAILURES_BEFORE_MAIL:
        sync.notified = _mail_failures(failures)
        if sync.notified:
            sync.save(update_fields=["notified"])
    return SyncReport(sync)


def depositary_sync(*, url: str | None = None, today: dt.date | None = None) -> SyncReport:
    """Fetch the status file from `url` (default settings.WGTU_DEPOSITARY_URL), compare it with
    the portal on the day fetched, record the run; e-mail the Secretariat when a new file shows
    differences or on the third failure in a row. Applies nothing."""
    url = url or settings.WGTU_DEPOSITARY_URL
    started_at = timezone.now()
    today = today or timezone.localdate()
    try:
        fetched = fetch(url)
        result = depositary_check(
            data=fetched.content, file_name=fetched.file_name, compare_on=today, clamp=True
        )
    except (FetchError, reader.MtdsgError, ComparisonDateError) as exc:
        return _record_failure(url=url, started_at=started_at, message=" ".join(str(exc).split()))
    if result.refused:
        why = _("the file is refused (%(n)s problem(s)): %(first)s") % {
            "n": len(result.problems),
            "first": result.problems[0],
        }
        return _record_failure(url=url, started_at=started_at, message=why)
    return _record_success(fetched, result, url=url, started_at=started_at)


@transaction.atomic
def _record_success(fetched, result: CheckResult, *, url: str, started_at) -> SyncReport:
    last = DepositarySync.objects.successful().latest_first().select_related("check_made").first()
    unchanged = last is not None and last.sha256 == fetched.sha256 and last.check_made is not None
    if unchanged:
        check = last.check_made
        check.compared_on = result.compared_on
        check.save(update_fields=["compared_on"])
        outcome = SyncOutcome.UNCHANGED
    else:
        check = depositary_check_save(
            data=fetched.content,
            result=result,
            user=None,
            source_url=fetched.url,
            fetched_at=fetched.fetched_at,
        )
        outcome = SyncOutcome.DIFFERENCES if result.pending else SyncOutcome.AGREES
    sync = DepositarySync.objects.create(
        started_at=started_at,
        url=url[:500],
        outcome=outcome,
        check_made=check,
        checked_on=result.compared_on,
        sha256=fetched.sha256,
        differences_pending=result.pending,
        newer_than_file=len(result.newer),
    )
    report = SyncReport(sync, result)
    if outcome == SyncOutcome.DIFFERENCES and _mail_differences(report):
        sync.notified = True
        sync.save(update_fields=["notified"])
    return report
