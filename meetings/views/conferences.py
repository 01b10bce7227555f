"""The Conferences of States Parties: read by every signed-in role, recorded and edited by the
Secretariat (versioned edits, history)."""

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from meetings.forms import ConferenceForm
from meetings.models import Conference, WorkPlan
from meetings.views.edit import VersionedUpdateMixin
from meetings.views.mixins import CreateWithMessageMixin, MeetingsReadMixin, reads_internal
from meetings.views.pages import HISTORY_SHOWN
from states.history import history_entries, newest


def conference_history(conference: Conference):
    """Who changed what in the conference, and when. One query (two with a relation changed)."""
    records = Conference.history.filter(id=conference.pk).select_related(
        "history_user", "president_state"
    )
    entries = history_entries(
        records.order_by("history_date", "history_id"),
        Conference,
        ConferenceForm._meta.fields,
        lambda r: _("Conference"),
    )
    return newest(entries, HISTORY_SHOWN)


class ConferenceListView(MeetingsReadMixin, ListView):
    """Every conference by number, newest first, with the plan of the cycle it closes.
    Queries: the conferences with their plans and Presidents' states (1)."""

    template_name = "meetings/conference_list.html"
    context_object_name = "conferences"

    def get_queryset(self):
        return Conference.objects.select_related("work_plan", "president_state").order_by("-number")


class ConferenceLookupMixin:
    """A conference by its number (the address of its page)."""

    def get_object(self, queryset=None):
        queryset = queryset if queryset is not None else self.get_queryset()
        return get_object_or_404(queryset, number=self.kwargs["number"])


class ConferenceDetailView(ConferenceLookupMixin, MeetingsReadMixin, DetailView):
    """A conference: days, place, format, President, sources, the cycles it opens and closes;
    its history for readers of internal material. Queries: the conference (1), the plans (1),
    the history (1)."""

    template_name = "meetings/conference_detail.html"
    context_object_name = "conference"

    def get_queryset(self):
        return Conference.objects.select_related("president_state")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        conference = self.object
        context["plans"] = list(
            WorkPlan.objects.with_conferences().filter(
                Q(opening_conference=conference) | Q(conference=conference)
            )
        )
        if reads_internal(self.request.user):
            context["history"] = conference_history(conference)
        return context


class ConferenceCreateView(CreateWithMessageMixin, CreateView):
    permission_required = "meetings.add_conference"
    form_class = ConferenceForm
    heading = gettext_lazy("Record a Conference of States Parties")
    created_message = gettext_lazy("Conference %(object)s recorded.")

    def get_initial(self):
        last = Conference.objects.order_by("-number").first()
        return {"number": last.number + 1 if last else 1}

    def get_success_url(self):
        return self.object.get_absolute_url() if self.object else reverse("meetings:conferences")

    def get_cancel_url(self):
        return reverse("meetings:conferences")


class ConferenceUpdateView(ConferenceLookupMixin, VersionedUpdateMixin, UpdateView):
    permission_required = "meetings.change_conference"
    form_class = ConferenceForm
    heading = gettext_lazy("Edit conference")
    queryset = Conference.objects.all()

    def get_success_url(self):
        # (versioned_update has put the saved values, a new number included, on self.object.)
        return self.object.get_absolute_url()
