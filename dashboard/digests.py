"""The portal's e-mails (`manage.py send_digests`, daily; docs/email-and-audit.md):

- **follow-ups**: to each account with open follow-ups assigned to it that are overdue or due
  within DUE_WITHIN days; Delegates read the action and dates only (never an activity's notes);
- **weekly summary**: to each Co-chair, once in seven days, what changed in the ledger, the
  pipeline, the challenge tags, the outreach log and the meetings (from the audit trail,
  dashboard.audit: no second record);
- **report published**: to each Delegate who opted in, the reports published since the last such
  e-mail that they may download, with their links.

Each goes in the account's language (accounts.Profile.language, translation.override), as plain
text and HTML, with links to the portal only (settings.WGTU_PORTAL_URL), no image and no
tracking; each account may opt out of each kind on its profile (/accounts/profile/). At most one
of each kind per account per day however often it runs: a DigestSent row (unique account, kind,
day) is claimed before the e-mail goes, and given back if the mail server refuses it.
"""

import datetime as dt
import logging
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


def _send(user, kind: str, day: dt.date, template: str, context: dict, result: Sent) -> bool:
    """Claim (user, kind, day), then send; False when already sent today (or refused: the claim
    is given back so that a later run retries)."""
    try:
        with transaction.atomic():
            DigestSent.objects.create(user=user, kind=kind, date=day)
    except IntegrityError:
        result.skipped[kind] = result.skipped.get(kind, 0) + 1
        return False
    context = {**context, "person": user, "profile_url": portal_link(reverse("accounts:profile"))}
    subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
    text = render_to_string(f"emails/{template}.txt", context)
    html = render_to_string(f"emails/{template}.html", context)
    # Automatic mail: no auto-replies to it; the unsubscribe link is the portal's settings page.
    headers = {
        "Auto-Submitted": "auto-generated",
        "List-Unsubscribe": f"<{context['profile_url']}>",
    }
    message = EmailMultiAlternatives(subject, text, to=[user.email], headers=headers)
    message.attach_alternative(html, "text/html")
    try:
        message.send()
    except Exception:
        log.exception("digest %s to account %s not sent", kind, user.pk)
        DigestSent.objects.filter(user=user, kind=kind, date=day).delete()
        result.failed += 1
        return False
    return True


def _recipients(queryset):
    return list(queryset.active().exclude(email="").order_by("pk"))


# --- follow-ups -----------------------------------------------------------------------------


def followups_send(*, day: dt.date, result: Sent) -> None:
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
        with translation.override(_language(profile)):
            rows = [
                {
                    "action": f.action,
                    "due_on": f.due_on,
                    "overdue": f.due_on < day,
                    # The activity (its kind and states) for readers of internal outreach only.
                    "activity": f.activity.heading if internal else "",
                    "url": portal_link(f.activity.get_absolute_url()) if internal else "",
                }
                for f in by_user[user.pk]
            ]
            context = {
                "rows": rows,
                "overdue": sum(1 for r in rows if r["overdue"]),
                "days": DUE_WITHIN,
                "list_url": portal_link(reverse("my_followups")),
            }
            if _send(user, DigestKind.FOLLOWUPS, day, "followups", context, result):
                result.followups += 1


# --- the weekly summary -------------------------------------------------------------------------


def _weekly_due(users, day: dt.date) -> list:
    """The users whose last weekly summary is a week old or more (or never sent)."""
    recent = set(
        DigestSent.objects.filter(
            user__in=users, kind=DigestKind.WEEKLY, date__gt=day - dt.timedelta(days=WEEK)
        ).values_list("user_id", flat=True)
    )
    return [u for u in users if u.pk not in recent]


def weekly_send(*, day: dt.date, result: Sent) -> None:
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
    for user in users:
        with translation.override(_language(profiles[user.pk])):
            context = {
                "since": since,
                "until": day,
                "areas": [
                    {"label": label, "count": count, "entries": audit.audit_entries(rows)}
                    for _key, label, count, rows in areas
                ],
                "dashboard_url": portal_link(reverse("dashboard:index")),
            }
            if _send(user, DigestKind.WEEKLY, day, "weekly", context, result):
                result.weekly += 1


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


def reports_send(*, day: dt.date, result: Sent) -> None:
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
        with translation.override(language):
            context = {
                "meetings": [
                    {
                        "title": m.title,
                        "date": m.date,
                        "url": portal_link(
                            f"{reverse('meetings:report', args=[m.pk])}?lang={language}"
                        ),
                    }
                    for m in meetings
                ],
                "reports_url": portal_link(reverse("reports:index")),
            }
            if _send(user, DigestKind.REPORTS, day, "reports", context, result):
                result.reports += 1


def digests_send(*, day: dt.date | None = None) -> Sent:
    """Send every e-mail due on `day` (today by default); what was sent, per kind."""
    day = day or portal_today()
    result = Sent()
    followups_send(day=day, result=result)
    weekly_send(day=day, result=result)
    reports_send(day=day, result=result)
    return result
