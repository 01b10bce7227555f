"""The signed-in home page: "what needs me now", per role, as plain data (the template runs no
query).

- Secretariat: the next meeting and what is not ready for it (an empty agenda, documents
  missing a language version), held meetings whose report is not published, overdue follow-ups,
  and the age of the last depositary check.
- Co-chairs: what changed since the previous meeting and since the last CSP, the next meeting.
- Delegates: the latest published reports, the next meeting.
Every role also sees today's headline counts and the next conference.
"""

import datetime as dt

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.roles import Role, role_of
from dashboard.selectors import overdue_followups
from depositary.models import DepositaryCheck
from meetings import calendar
from meetings.models import Conference, Document, Language, Meeting
from states import keydates
from states.models import State
from states.overview import change_between

REPORTS_SHOWN = 5
UNPUBLISHED_SHOWN = 5
# A depositary check older than this is flagged: the depositary's file changes with each deposit.
CHECK_DUE_AFTER_DAYS = 30


def next_meeting(user, today: dt.date) -> Meeting | None:
    """The next meeting `user` may see, today's included (not cancelled). One query."""
    return (
        Meeting.objects.visible_to(user)
        .not_cancelled()
        .filter(date__gte=today)
        .select_related("plan")
        .order_by("date", "pk")
        .first()
    )


def next_conference(today: dt.date) -> Conference | None:
    """The first conference still to come (dated later, or dates to be fixed). One query."""
    return Conference.objects.after(today).first()


def meeting_readiness(meeting: Meeting) -> list[dict]:
    """What is not ready for `meeting`: an empty agenda, each of its documents without a
    version in every language. Two queries."""
    problems = []
    if not meeting.agenda_items.exists():
        problems.append(
            {
                "text": _("The agenda of %(meeting)s is empty.") % {"meeting": meeting.heading},
                "url": meeting.get_absolute_url(),
            }
        )
    documents = (
        Document.objects.filter(meeting=meeting)
        .annotate(versions=Count("files"))
        .filter(versions__lt=len(Language.values))
        .prefetch_related("files")
    )
    for document in documents:
        present = {f.language for f in document.files.all()}
        missing = [str(label) for code, label in Language.choices if code not in present]
        problems.append(
            {
                "text": _("%(document)s has no version in %(languages)s.")
                % {"document": document.label, "languages": ", ".join(missing)},
                "url": document.get_absolute_url(),
            }
        )
    return problems


def unpublished_reports(today: dt.date, limit: int = UNPUBLISHED_SHOWN) -> list[dict]:
    """Held meetings up to today whose report is not published, latest first. One query."""
    meetings = Meeting.objects.held().filter(date__lte=today, report_published=False)
    return [
        {
            "text": _("The report of %(meeting)s is not published.") % {"meeting": m.heading},
            "url": reverse("reports:index"),
        }
        for m in meetings.order_by("-date", "-pk")[:limit]
    ]


def depositary_check_age(today: dt.date) -> dict:
    """When the depositary's file was last checked, and whether that is too long ago. One query."""
    last = DepositaryCheck.objects.order_by("-checked_at").values_list("checked_at", flat=True)
    checked_at = last.first()
    if checked_at is None:
        return {"checked_on": None, "days": None, "due": True, "url": reverse("depositary:index")}
    checked_on = checked_at.date()
    days = (today - checked_on).days
    return {
        "checked_on": checked_on,
        "days": days,
        "due": days > CHECK_DUE_AFTER_DAYS,
        "url": reverse("depositary:index"),
    }


def secretariat_home(user, today: dt.date) -> dict:
    """Queries: the next meeting (1), its readiness (2, when there is one), reports not
    published (1), overdue follow-ups (1), the last depositary check (1). At most six."""
    meeting = next_meeting(user, today)
    attention = meeting_readiness(meeting) if meeting else []
    attention += unpublished_reports(today)
    return {
        "next_meeting": meeting,
        "attention": attention,
        "followups": overdue_followups(user, today),
        "depositary": depositary_check_age(today),
    }


def cochair_home(user, today: dt.date, counts) -> dict:
    """Queries: the key dates (1), for each of the previous meeting and the last CSP: four
    (change_between), the next meeting (1). At most ten."""
    dates = calendar.key_dates()
    references = [
        keydates.previous(dates, keydates.MEETING, today),
        keydates.previous(dates, keydates.CSP, today),
    ]
    changes = [change_between(ref, today, counts) for ref in references if ref]
    return {"changes": changes, "next_meeting": next_meeting(user, today)}


def delegate_home(user, today: dt.date) -> dict:
    """Queries: the latest published reports (1), the next meeting (1)."""
    reports = Meeting.objects.reports_visible_to(user).filter(date__lte=today)
    return {
        "reports": list(reports.order_by("-date", "-pk")[:REPORTS_SHOWN]),
        "next_meeting": next_meeting(user, today),
    }


def home_page(user, today: dt.date) -> dict:
    """The home page's context for `user` (signed in): today's counts (1 query), the next
    conference (1), and the role's own part."""
    counts = State.objects.counts_on(today)
    context = {
        "counts": counts,
        "today": today,
        "next_conference": next_conference(today),
        "role": role_of(user),
    }
    role = context["role"]
    if role == Role.SECRETARIAT:
        context.update(secretariat_home(user, today))
    elif role == Role.COCHAIRS:
        context.update(cochair_home(user, today, counts))
    elif role == Role.DELEGATES:
        context.update(delegate_home(user, today))
    return context
