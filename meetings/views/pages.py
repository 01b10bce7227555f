"""Reading pages: work plans with their timeline, meetings and agendas, standard topics."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from caching.pages import cached_page
from caching.versions import data_version
from meetings.delegations import meeting_delegations
from meetings.forms import AgendaItemForm, MeetingForm, PlanActivityForm, WorkPlanForm
from meetings.models import (
    AgendaItem,
    Conference,
    Document,
    Meeting,
    Participation,
    PlanActivity,
    Presenter,
    StandardTopic,
    WorkPlan,
)
from meetings.summary_workflow import summaries_visible_to
from meetings.timeline import plan_timeline
from meetings.topics import STATUS_TOPIC
from meetings.translated import translated_history_fields
from meetings.views.mixins import MeetingsReadMixin, reads_internal
from states.dates import today
from states.history import history_entries, newest
from states.models import State

HISTORY_SHOWN = 25

# How many changes a page lists (newest first); the full record stays in the admin.


def plan_history(plan: WorkPlan):
    """Who changed what in the plan and its activities, and when. Two queries."""
    plan_records = WorkPlan.history.filter(id=plan.pk).select_related("history_user")
    activity_records = PlanActivity.history.filter(plan_id=plan.pk).select_related("history_user")
    entries = history_entries(
        plan_records.order_by("history_date", "history_id"),
        WorkPlan,
        [*WorkPlanForm._meta.fields, *translated_history_fields(WorkPlan)],
        lambda r: _("Work plan"),
    )
    entries += history_entries(
        activity_records.order_by("history_date", "history_id"),
        PlanActivity,
        [*PlanActivityForm._meta.fields, *translated_history_fields(PlanActivity)],
        lambda r: _("Activity “%(title)s”") % {"title": r.title},
    )
    return newest(entries, HISTORY_SHOWN)


def meeting_history(meeting: Meeting):
    """Who changed what in the meeting, its agenda, its participants and presenters, and when.
    Four queries."""
    meeting_records = Meeting.history.filter(id=meeting.pk).select_related("history_user")
    item_records = AgendaItem.history.filter(meeting_id=meeting.pk).select_related(
        "history_user", "topic"
    )
    entries = history_entries(
        meeting_records.order_by("history_date", "history_id"),
        Meeting,
        [*MeetingForm._meta.fields, "report_published", *translated_history_fields(Meeting)],
        lambda r: _("Meeting"),
    )
    entries += history_entries(
        item_records.order_by("history_date", "history_id"),
        AgendaItem,
        [*AgendaItemForm._meta.fields, *translated_history_fields(AgendaItem)],
        lambda r: (
            _("Agenda item “%(title)s”") % {"title": r.title or (r.topic.title if r.topic else "")}
        ),
    )
    entries += _record_history(meeting)
    return newest(entries, HISTORY_SHOWN)


def _record_history(meeting: Meeting):
    """Who changed the meeting's participants and presenters, and when. Two queries."""
    related = ("history_user", "state", "organization")
    participations = Participation.history.filter(meeting_id=meeting.pk).select_related(*related)
    presenters = Presenter.history.filter(agenda_item__meeting_id=meeting.pk).select_related(
        *related
    )
    entries = history_entries(
        participations.order_by("history_date", "history_id"),
        Participation,
        ["state", "organization", "person", "role"],
        lambda r: _("Participation of %(name)s") % {"name": _delegation_name(r)},
    )
    entries += history_entries(
        presenters.order_by("history_date", "history_id"),
        Presenter,
        ["state", "organization", "person", "title", "slides"],
        lambda r: _("Presentation “%(title)s”") % {"title": r.title},
    )
    return entries


def _delegation_name(record) -> str:
    delegation = record.state if record.state_id else record.organization
    return delegation.name if delegation is not None else ""


class PlanIndexView(MeetingsReadMixin, ListView):
    """The cycles, newest first (by the conference each prepares), each with its work plan's
    timeline; the next conferences still to come. Queries: plans with their conferences, their
    meetings (those the reader may see), their activities, the conferences to come.

    The whole page from the page cache (caching.pages), keyed by the version of the
    conferences, plans, meetings and plan activities (one query); the reader (who decides
    which meetings show), language, query string and today are in the page key."""

    template_name = "meetings/index.html"
    context_object_name = "plans"

    def get(self, request, *args, **kwargs):
        version = data_version(Conference, WorkPlan, Meeting, PlanActivity)

        def render():
            response = super(PlanIndexView, self).get(request, *args, **kwargs)
            return response.render()  # a TemplateResponse: rendered before it is stored

        return cached_page(request, (version,), render)

    def get_queryset(self):
        meetings = Meeting.objects.visible_to(self.request.user)
        return (
            WorkPlan.objects.with_conferences()
            .prefetch_related(Prefetch("meetings", meetings), "activities")
            .order_by("-conference__number")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["timelines"] = [
            (plan, *plan_timeline(plan, plan.meetings.all(), plan.activities.all()))
            for plan in context["plans"]
        ]
        planned = {plan.conference_id for plan in context["plans"]}
        context["upcoming"] = [c for c in Conference.objects.after(today()) if c.pk not in planned]
        if context["plans"]:
            context["latest_plan"] = context["plans"][0]
        return context


class PlanDetailView(MeetingsReadMixin, DetailView):
    """One plan: timeline, meetings with their agendas, activities, the documents the reader may see.

    Queries (constant in the number of meetings and items): plan with its conferences, meetings
    (those the reader may see), agenda items with their topics, activities, documents, document
    files, the plan's standing topics; for readers of internal material, the plan's and its
    activities' history (2).
    """

    template_name = "meetings/plan_detail.html"
    context_object_name = "plan"

    def get_queryset(self):
        documents = Document.objects.visible_to(self.request.user).with_files()
        meetings = Meeting.objects.visible_to(self.request.user).with_agenda()
        return WorkPlan.objects.with_conferences().prefetch_related(
            Prefetch("meetings", meetings),
            "activities",
            Prefetch("documents", documents.select_related("part_of")),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = self.object
        context["timeline"], context["undated_activities"] = plan_timeline(
            plan, plan.meetings.all(), plan.activities.all()
        )
        context["standing_topics"] = list(plan.standing_topics.all())
        if reads_internal(self.request.user):
            context["history"] = plan_history(plan)
        return context


class MeetingDetailView(MeetingsReadMixin, DetailView):
    """A meeting with its agenda. Internal meetings, notes and documents only for readers of
    internal material (scoped in the queryset, not only hidden in the template).

    Queries (constant in the number of items): meeting with its plan, agenda items with their
    topics, their presenters (with delegations and slides), documents with their files (2), the participations (1) and the participating
    states' status on the meeting day (1, when any state took part), the summaries the reader
    may read (1; for a Delegate +2: their delegation and whether it took part), and the status counts on
    the meeting's date (1) when the agenda has the status-of-ratifications topic; for readers of internal material, the
    meeting's, its agenda items', participants' and presenters' history (4).
    """

    template_name = "meetings/meeting_detail.html"
    context_object_name = "meeting"

    def get_queryset(self):
        documents = Document.objects.visible_to(self.request.user).with_files()
        meetings = Meeting.objects.visible_to(self.request.user)
        items = AgendaItem.objects.select_related("topic").prefetch_related(
            Prefetch("presenters", Presenter.objects.with_related())
        )
        return meetings.select_related("plan").prefetch_related(
            Prefetch("agenda_items", items),
            Prefetch("documents", documents.select_related("part_of")),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting = self.object
        items = list(meeting.agenda_items.all())
        if not reads_internal(self.request.user):
            for item in items:
                item.internal_notes = ""
                # Slides filed as an internal document: staff only.
                for presenter in item.presenters.all():
                    if presenter.slides_id and presenter.slides.is_internal:
                        presenter.slides = None
        context["items"] = items
        if any(item.topic_id and item.topic.code == STATUS_TOPIC for item in items):
            context["counts"] = State.objects.counts_on(meeting.date)
        context["status_topic"] = STATUS_TOPIC
        summaries = {s.agenda_item_id: s for s in summaries_visible_to(self.request.user, meeting)}
        context["meeting_summary"] = summaries.get(None)
        for item in items:
            item.summary = summaries.get(item.pk)
        context["delegations"] = meeting_delegations(
            meeting, people=reads_internal(self.request.user)
        )
        if reads_internal(self.request.user):
            context["history"] = meeting_history(meeting)
        return context


class TopicListView(MeetingsReadMixin, ListView):
    template_name = "meetings/topic_list.html"
    context_object_name = "topics"
    queryset = StandardTopic.objects.all()


class TopicDetailView(MeetingsReadMixin, DetailView):
    """A standard topic and its notes across meetings, in date order (internal notes only for
    readers of internal material). Queries: topic, its agenda items with their meetings."""

    template_name = "meetings/topic_detail.html"
    context_object_name = "topic"

    def get_object(self, queryset=None):
        return get_object_or_404(StandardTopic, code=self.kwargs["code"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meetings = Meeting.objects.visible_to(self.request.user)
        items = list(
            self.object.agenda_items.filter(meeting__in=meetings)
            .select_related("meeting")
            .order_by("meeting__date", "order")
        )
        if not reads_internal(self.request.user):
            for item in items:
                item.internal_notes = ""
        context["items"] = items
        return context
