"""The portal's e-mails (`manage.py send_digests`, daily; docs/email-and-audit.md):

- **follow-ups**: to each account with open follow-ups assigned to it that are overdue or due
  within DUE_WITHIN days; Delegates read the action and dates only (never an activity's notes);
- **weekly summary**: to each Co-chair, once in seven days, what changed in the ledger, the
  pipeline, the challenge tags, the outreach log and the meetings (from the audit trail,
  dashboard.audit: no second record);
- **report published**: to each Delegate who opted in, the reports published since the last such
  e-mail that they may download, with their links.

An account gets one e-mail a day at most, with a section for each kind due to it, in its
language (accounts.Profile.language, translation.override), as plain text and HTML, with links to
the portal only (settings.WGTU_PORTAL_URL), no image and no tracking; each account may opt out of
each kind on its profile (/accounts/profile/). However often it runs, a kind goes to an account
once a day: a DigestSent row (unique account, kind, day) is claimed before the e-mail goes, and
given back if the mail server refuses it (a later run retries); a run that finds every kind
claimed sends nothing.
"""

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Prefetch, Subquery
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.models import DigestKind, DigestSent, PortalUser, Profile
from accounts.roles import Role
from dashboard import audit
from meetings.models import Meeting
from outreach.models import FollowUp
from states.dates import today as portal_today
from states.models import State

log = logging.getLogger("wgtu.digests")

DUE_WITHIN = 7
WEEK = 7
SHOWN_PER_AREA = 5
# What the weekly summary covers, as kinds of record of the audit trail.
AREAS = [
    ("ledger", _("Treaty record"), ("states.state", "states.treatyaction")),
    ("pipeline", _("Joining pipeline"), ("pipeline.stageentry", "pipeline.procedurestage")),
    ("tags", _("Challenges and their tags"), ("challenges.challengetag", "challenges.challenge")),
    (
        "outreach",
        _("Outreach"),
        ("outreach.outreachactivity", "outreach.followup", "outreach.attachment"),
    ),
    (
        "meetings",
        _("Meetings"),
        (
            "meetings.conference",
            "meetings.workplan",
            "meetings.meeting",
            "meetings.agendaitem",
            "meetings.planactivity",
            "meetings.standardtopic",
            "meetings.document",
            "meetings.documentfile",
        ),
    ),
]


@dataclass
class Sent:
    followups: int = 0
    weekly: int = 0
    reports: int = 0
    failed: int = 0
    skipped: dict = field(default_factory=dict)


def portal_link(path: str) -> str:
    return f"{settings.WGTU_PORTAL_URL}{path}"


def _profiles(users) -> dict[int, Profile]:
    found = {p.user_id: p for p in Profile.objects.filter(user__in=[u.pk for u in users])}
    return {u.pk: found.get(u.pk) or Profile(user=u) for u in users}


def _language(profile: Profile) -> str:
    return profile.language or settings.LANGUAGE_CODE


@dataclass
class Section:
    """One kind's part of an account's e-mail: `template` names its subject
    (emails/<template>_subject.txt) and its text and HTML parts (emails/sections/); `context`
    is called in the reader's language."""

    kind: str
    template: str
    context: Callable[[], dict]


@dataclass
class Outbox:
    """What each account is to receive today, section by section, and in which language."""

    users: dict = field(default_factory=dict)
    languages: dict = field(default_factory=dict)
    sections: dict = field(default_factory=dict)

    def add(self, user, language: str, section: Section) -> None:
        self.users[user.pk] = user
        self.languages[user.pk] = language
        self.sections.setdefault(user.pk, []).append(section)


def _claim(user, kind: str, day: dt.date) -> bool:
    """Record that `user` gets `kind` on `day`; False when it was recorded before (by this run's
    twin or an earlier one): the unique constraint decides, whoever comes first."""
    try:
        with transaction.atomic():
            DigestSent.objects.create(user=user, kind=kind, date=day)
    except IntegrityError:
        return False
    return True


def _message(user, sections: list[Section], day: dt.date) -> EmailMultiAlternatives:
    """The e-mail of `sections` for `user`, in the active language: one subject (the section's
    own when there is one, else the day's), text and HTML parts, links to the portal only."""
    profile_url = portal_link(reverse("accounts:profile"))
    parts = [(section, section.context()) for section in sections]
    if len(parts) == 1:
        section, context = parts[0]
        subject = render_to_string(f"emails/{section.template}_subject.txt", context)
    else:
        subject = render_to_string("emails/digest_subject.txt", {"day": day})
    context = {"person": user, "profile_url": profile_url}
    text = render_to_string(
        "emails/digest.txt",
        {
            **context,
            "parts": [render_to_string(f"emails/sections/{s.template}.txt", c) for s, c in parts],
        },
    )
    html = render_to_string(
        "emails/digest.html",
        {
            **context,
            "parts": [render_to_string(f"emails/sections/{s.template}.html", c) for s, c in parts],
        },
    )
    # Automatic mail: no auto-replies to it; the unsubscribe link is the portal's settings page.
    headers = {"Auto-Submitted": "auto-generated", "List-Unsubscribe": f"<{profile_url}>"}
    message = EmailMultiAlternatives(
        " ".join(subject.split()), text, to=[user.email], headers=headers
    )
    message.attach_alternative(html, "text/html")
    return message


def outbox_send(outbox: Outbox, *, day: dt.date, result: Sent) -> None:
    """One e-mail per account with every section not sent to it today (each kind claimed first;
    given back when the mail server refuses, so that a later run retries)."""
    for pk, sections in outbox.sections.items():
        user = outbox.users[pk]
        claimed = []
        for section in sections:
            if _claim(user, section.kind, day):
                claimed.append(section)
            else:
                result.skipped[section.kind] = result.skipped.get(section.kind, 0) + 1
        if not claimed:
            continue
        with translation.override(outbox.languages[pk]):
            message = _message(user, claimed, day)
        try:
            message.send()
        except Exception:
            log.exception("e-mail of %s to account %s not sent", day, pk)
            kinds = [section.kind for section in claimed]
            DigestSent.objects.filter(user=user, kind__in=kinds, date=day).delete()
            result.failed += 1
            continue
        for section in claimed:
            setattr(result, section.kind, getattr(result, section.kind) + 1)


def _recipients(queryset):
    return list(queryset.active().exclude(email="").order_by("pk"))


# --- follow-ups -----------------------------------------------------------------------------


def followups_collect(outbox: Outbox, *, day: dt.date) -> None:
    """Each owner's follow-ups overdue or due within DUE_WITHIN days (a Delegate's without
    their activity)."""
    due = (
        FollowUp.objects.due_within(day, DUE_WITHIN)
        .filter(assignee__is_active=True)
        .exclude(assignee__email="")
        .select_related("activity")
        .prefetch_related(
            Prefetch(
                "activity__states", State.objects.only("iso3", "name_en", "name_fr", "name_es")
            )
        )
        .order_by("assignee_id", "due_on", "pk")
    )
    by_user: dict[int, list[FollowUp]] = {}
    for followup in due:
        by_user.setdefault(followup.assignee_id, []).append(followup)
    users = list(PortalUser.objects.filter(pk__in=by_user).order_by("pk"))
    profiles = _profiles(users)
    for user in users:
        profile = profiles[user.pk]
        if not profile.email_followups:
            continue
        internal = user.has_perm("outreach.view_internal_outreach")

        def context(followups=by_user[user.pk], internal=internal) -> dict:
            rows = [
                {
                    "action": f.action,
                    "due_on": f.due_on,
                    "overdue": f.due_on < day,
                    # The activity (its kind and states) for readers of internal outreach only.
                    "activity": f.activity.heading if internal else "",
                    "url": portal_link(f.activity.get_absolute_url()) if internal else "",
                }
                for f in followups
            ]
            return {
                "rows": rows,
                "overdue": sum(1 for r in rows if r["overdue"]),
                "days": DUE_WITHIN,
                "list_url": portal_link(reverse("my_followups")),
            }

        outbox.add(user, _language(profile), Section(DigestKind.FOLLOWUPS, "followups", context))


# --- the weekly summary -------------------------------------------------------------------------


def _weekly_due(users, day: dt.date) -> list:
    """The users whose last weekly summary is a week old or more (or never sent)."""
    recent = set(
        DigestSent.objects.filter(
            user__in=users, kind=DigestKind.WEEKLY, date__gt=day - dt.timedelta(days=WEEK)
        ).values_list("user_id", flat=True)
    )
    return [u for u in users if u.pk not in recent]


def weekly_collect(outbox: Outbox, *, day: dt.date) -> None:
    """What changed in the last WEEK days, for the Co-chairs whose last summary is that old."""
    users = _weekly_due(_recipients(PortalUser.objects.in_role(Role.COCHAIRS)), day)
    profiles = _profiles(users)
    users = [u for u in users if profiles[u.pk].email_weekly]
    if not users:
        return
    since = day - dt.timedelta(days=WEEK - 1)
    areas = []
    for key, label, kinds in AREAS:
        events = audit.audit_events(audit.AuditFilters(kinds=kinds, since=since, until=day))
        areas.append((key, label, events.count(), list(events[:SHOWN_PER_AREA])))

    def context() -> dict:
        return {
            "since": since,
            "until": day,
            "areas": [
                {"label": label, "count": count, "entries": audit.audit_entries(rows)}
                for _key, label, count, rows in areas
            ],
            "dashboard_url": portal_link(reverse("dashboard:index")),
        }

    for user in users:
        outbox.add(
            user, _language(profiles[user.pk]), Section(DigestKind.WEEKLY, "weekly", context)
        )


# --- reports published ----------------------------------------------------------------------


def publications(since: dt.datetime) -> dict[int, dt.datetime]:
    """The meetings whose report was published (a change from unpublished: a meeting recorded
    as published, by the reference data, is not news) after `since`, with the moment: from the
    meetings' history. One query."""
    before = (
        Meeting.history.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id"))
        .order_by("-history_id")
        .values("report_published")[:1]
    )
    rows = (
        Meeting.history.filter(history_date__gt=since, report_published=True)
        .annotate(was=Subquery(before))
        .filter(was=False)
        .values_list("id", "history_date")
    )
    found: dict[int, dt.datetime] = {}
    for pk, when in rows:
        found[pk] = max(when, found.get(pk, when))
    return found


def reports_collect(outbox: Outbox, *, day: dt.date) -> None:
    """For each Delegate who opted in, the reports published since their last such e-mail
    that they may download."""
    users = _recipients(PortalUser.objects.in_role(Role.DELEGATES))
    profiles = _profiles(users)
    users = [u for u in users if profiles[u.pk].email_reports]
    if not users:
        return
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    published = publications(start - dt.timedelta(days=WEEK))
    if not published:
        return
    last = dict(
        DigestSent.objects.filter(user__in=users, kind=DigestKind.REPORTS)
        .order_by("user_id", "sent_at")
        .values_list("user_id", "sent_at")
    )
    for user in users:
        since = last.get(user.pk) or start - dt.timedelta(days=1)
        wanted = [pk for pk, when in published.items() if when > since]
        if not wanted:
            continue
        meetings = list(
            Meeting.objects.reports_visible_to(user).filter(pk__in=wanted).order_by("date", "pk")
        )
        if not meetings:
            continue
        language = _language(profiles[user.pk])

        def context(meetings=meetings, language=language) -> dict:
            return {
                "meetings": [
                    {
                        "title": m.heading,
                        "date": m.date,
                        "url": portal_link(
                            f"{reverse('meetings:report', args=[m.pk])}?lang={language}"
                        ),
                    }
                    for m in meetings
                ],
                "reports_url": portal_link(reverse("reports:index")),
            }

        outbox.add(user, language, Section(DigestKind.REPORTS, "reports", context))


def digests_send(*, day: dt.date | None = None) -> Sent:
    """Send the e-mails due on `day` (today by default): one per account, with a section per
    kind due to it; what was sent, per kind."""
    day = day or portal_today()
    outbox = Outbox()
    followups_collect(outbox, day=day)
    weekly_collect(outbox, day=day)
    reports_collect(outbox, day=day)
    result = Sent()
    outbox_send(outbox, day=day, result=result)
    return result
