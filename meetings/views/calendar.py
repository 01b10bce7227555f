"""Calendar feeds (iCalendar, meetings.ical) and the page that explains them.

- /calendar.ics: public; every dated conference and every public meeting. Cached by the data
  version of the conferences and meetings (and the address it links back to): one query when
  cached, none for an anonymous reader within PUBLIC_MAX_AGE of this process's last reading.
- /calendar/<secret>.ics: an account's private feed (Secretariat, Co-chairs): the internal
  meetings too. An unknown, revoked or no longer entitled secret gets 404.
- /meetings/<id>/calendar.ics, /meetings/conferences/<number>/calendar.ics: one event ("Add to
  calendar"), for those who may read the page.
- /meetings/calendar/: the addresses; the private feed made, regenerated or revoked by its
  owner; every private feed listed for the Secretariat, who may revoke any.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from caching.versions import data_version
from meetings import ical, services
from meetings.calendar import KEY_DATE_MODELS
from meetings.models import INTERNAL_PERMISSION, CalendarToken, Conference, Meeting
from meetings.views.mixins import MeetingsReadMixin
from states.cache import cached, max_age_for

# The session key under which a new secret waits to be shown, once.
SHOWN_TOKEN = "calendar-feed-secret"  # noqa: S105


def ics_response(content: bytes, filename: str, *, private: bool, attachment: bool = False):
    response = HttpResponse(content, content_type=ical.CONTENT_TYPE)
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    if private:
        response["Cache-Control"] = "private, no-store"
    return response


@login_not_required
@require_safe
def public_feed(request):
    """GET /calendar.ics: dated conferences and public meetings."""
    version = data_version(*KEY_DATE_MODELS, max_age=max_age_for(request.user))

    def content():
        events = ical.feed_events(request.build_absolute_uri)
        return ical.calendar_bytes(
            events, _("ATT WGTU: meetings and Conferences of States Parties")
        )

    parts = (request.scheme, request.get_host())
    return ics_response(cached(version, "calendar-feed", parts, content), "wgtu.ics", private=False)


@login_not_required
@require_safe
def private_feed(request, token):
    """GET /calendar/<secret>.ics: the private feed, internal meetings included."""
    owner = services.calendar_token_owner(token)
    if owner is None:
        raise Http404(_("No such calendar feed."))
    events = ical.feed_events(request.build_absolute_uri, internal=True)
    name = _("ATT WGTU: meetings and Conferences of States Parties (private)")
    return ics_response(ical.calendar_bytes(events, name), "wgtu-private.ics", private=True)


class MeetingCalendarView(MeetingsReadMixin, View):
    """GET /meetings/<id>/calendar.ics: the meeting as one event (scoped to the reader)."""

    def get(self, request, pk):
        meetings = ical.with_revisions(
            Meeting.objects.visible_to(request.user).select_related("plan")
        )
        meeting = get_object_or_404(meetings, pk=pk)
        event = ical.meeting_event(meeting, request.build_absolute_uri)
        content = ical.calendar_bytes([event], meeting.heading)
        filename = f"wgtu-meeting-{meeting.date.isoformat()}.ics"
        return ics_response(content, filename, private=True, attachment=True)


class ConferenceCalendarView(MeetingsReadMixin, View):
    """GET /meetings/conferences/<number>/calendar.ics: the conference as one event (404 while
    its days are to be fixed)."""

    def get(self, request, number):
        conferences = ical.with_revisions(Conference.objects.dated())
        conference = get_object_or_404(conferences, number=number)
        event = ical.conference_event(conference, request.build_absolute_uri)
        content = ical.calendar_bytes([event], conference.name)
        filename = f"{conference.name.lower()}.ics"
        return ics_response(content, filename, private=True, attachment=True)


def may_hold_private_feed(user) -> bool:
    return user.has_perm(INTERNAL_PERMISSION)


class CalendarFeedsView(MeetingsReadMixin, TemplateView):
    """The feeds' addresses; the reader's private feed (staff); every private feed (Secretariat).
    Queries: the reader's feed (1); for the Secretariat, every feed with its account (1)."""

    template_name = "meetings/calendar.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        secret = self.request.session.pop(SHOWN_TOKEN, None)
        context["public_url"] = self.request.build_absolute_uri(reverse("calendar:feed"))
        context["may_hold_private_feed"] = may_hold_private_feed(user)
        context["own_token"] = CalendarToken.objects.filter(user=user).first()
        if secret:
            context["private_url"] = self.request.build_absolute_uri(
                reverse("calendar:private", args=[secret])
            )
        if user.has_perm("meetings.delete_calendartoken"):
            context["all_tokens"] = list(
                CalendarToken.objects.select_related("user").order_by(
                    "user__last_name", "user__username"
                )
            )
        return context


class PrivateFeedMixin(PermissionRequiredMixin):
    """Private feeds are for readers of internal meetings (Secretariat, Co-chairs): 403 else."""

    permission_required = INTERNAL_PERMISSION
    raise_exception = True
    http_method_names = ["post"]


class CalendarTokenMakeView(PrivateFeedMixin, View):
    """POST: make (or regenerate) the reader's own private feed; its address is shown once."""

    def post(self, request):
        regenerated = CalendarToken.objects.filter(user=request.user).exists()
        secret = services.calendar_token_make(owner=request.user, user=request.user)
        request.session[SHOWN_TOKEN] = secret
        if regenerated:
            messages.success(
                request, _("A new private address was made; the previous one no longer works.")
            )
        else:
            messages.success(request, _("Your private calendar address was made."))
        return redirect("meetings:calendar")


class CalendarTokenRevokeView(PrivateFeedMixin, View):
    """POST: revoke a private feed: one's own, or any for the Secretariat (scoped lookup: 404
    for anyone else's)."""

    def post(self, request, pk):
        scope = CalendarToken.objects.visible_to(request.user).select_related("user")
        token = get_object_or_404(scope, pk=pk)
        owner = token.user
        services.calendar_token_revoke(token=token, user=request.user)
        if owner == request.user:
            messages.success(request, _("Your private calendar address no longer works."))
        else:
            messages.success(
                request,
                _("The private calendar address of %(person)s no longer works.")
                % {"person": owner.get_full_name() or owner.get_username()},
            )
        return redirect("meetings:calendar")
