"""Secretariat editing: plans (and starting the next cycle), meetings, agenda items (add, edit,
move, remove), activities and standard topics. Each view needs one model permission; every save records its user in history
(simple_history's middleware) and ends with a message and a redirect."""

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import CreateView, FormView, UpdateView

from meetings import services
from meetings.forms import (
    AgendaItemForm,
    MeetingForm,
    NextCycleForm,
    PlanActivityForm,
    StandardTopicForm,
    WorkPlanForm,
)
from meetings.models import (
    ActivityStatus,
    AgendaItem,
    Meeting,
    PlanActivity,
    StandardTopic,
    WorkPlan,
)
from meetings.titles import conference_name
from meetings.views.mixins import CreateWithMessageMixin, SecretariatMixin
from states import versioning
from states.versioning import StaleEditMixin


class VersionedUpdateMixin(SecretariatMixin, StaleEditMixin):
    """Edit views whose form carries the version it was opened on (states.versioning): only
    the changed fields are saved; a form opened on an older version is refused with 409, the
    user's input shown again against the current version, with who changed what since."""

    def form_valid(self, form):
        try:
            changed = versioning.versioned_update(
                instance=self.object,
                expected_version=form.cleaned_data["version"],
                values=form.edited_values(),
                user=self.request.user,
            )
        except versioning.StaleEdit as stale:
            return self.stale(stale)
        if not changed:
            messages.info(self.request, _("Nothing was changed."))
        else:
            messages.success(self.request, _("Saved: %(object)s.") % {"object": self.object})
        return redirect(self.get_success_url())

    def form_invalid(self, form):
        current = self.get_queryset().get(pk=self.object.pk)
        stale = self.stale_first(form, current, fields=form.edited_fields())
        return stale or super().form_invalid(form)

    def stale_form(self, data, current):
        self.object = self.get_queryset().get(pk=current.pk)
        return self.get_form_class()(**{**self.get_form_kwargs(), "data": data})

    def stale_page(self, form, current):
        return self.render_to_response(self.get_context_data(form=form))


# --- Work plans -----------------------------------------------------------------------------


class PlanCreateView(CreateWithMessageMixin, CreateView):
    permission_required = "meetings.add_workplan"
    form_class = WorkPlanForm
    heading = gettext_lazy("New work plan")
    created_message = gettext_lazy("Work plan %(object)s created.")

    def get_success_url(self):
        return self.object.get_absolute_url() if self.object else reverse("meetings:index")

    def get_cancel_url(self):
        return reverse("meetings:index")


class PlanUpdateView(VersionedUpdateMixin, UpdateView):
    permission_required = "meetings.change_workplan"
    form_class = WorkPlanForm
    heading = gettext_lazy("Edit work plan")
    queryset = WorkPlan.objects.with_conferences()

    def get_success_url(self):
        return self.object.get_absolute_url()

    def form_valid(self, form):
        try:
            changed = services.work_plan_update(
                plan=self.object,
                expected_version=form.cleaned_data["version"],
                values=form.edited_values(),
                standing_topics=form.cleaned_data["standing_topics"],
                user=self.request.user,
            )
        except versioning.StaleEdit as stale:
            return self.stale(stale)
        if not changed:
            messages.info(self.request, _("Nothing was changed."))
        else:
            messages.success(self.request, _("Saved: %(object)s.") % {"object": self.object})
        return redirect(self.get_success_url())


class NextCycleView(SecretariatMixin, FormView):
    """ "Start the next cycle" from a plan (Secretariat): one form, pre-filled from the plan
    (services.next_cycle_start says what is carried over)."""

    permission_required = "meetings.add_workplan"
    form_class = NextCycleForm
    template_name = "meetings/next_cycle.html"
    heading = gettext_lazy("Start the next cycle")

    @cached_property
    def plan(self):
        return get_object_or_404(WorkPlan.objects.with_conferences(), pk=self.kwargs["pk"])

    @cached_property
    def next_conference(self):
        return services.next_conference(self.plan)

    def next_name(self) -> str:
        return conference_name(self.plan.conference.number + 1)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "plan": self.plan,
            "next_conference": self.next_conference,
        }

    def get_initial(self):
        activities = self.plan.activities.exclude(status=ActivityStatus.CANCELLED)
        return {
            "title": services.default_plan_title(self.plan.conference.number + 1),
            "standing_topics": services.standing_topics_of(self.plan),
            "activities": list(activities),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            plan=self.plan,
            next_conference=self.next_conference,
            next_name=self.next_name(),
        )
        return context

    def get_cancel_url(self):
        return self.plan.get_absolute_url()

    def form_valid(self, form):
        data = form.cleaned_data
        new_plan = services.next_cycle_start(
            plan=self.plan,
            title=data["title"],
            standing_topics=data["standing_topics"],
            activities=data["activities"],
            meeting_date=data["meeting_date"],
            meeting_title=data["meeting_title"],
            user=self.request.user,
        )
        messages.success(
            self.request,
            _("The cycle %(cycle)s has started: %(plan)s.")
            % {"cycle": new_plan.cycle_label, "plan": new_plan.title},
        )
        return redirect(new_plan.get_absolute_url())


class PlanChildMixin:
    """Views of a record that belongs to the plan named in the URL (plan_pk)."""

    @cached_property
    def plan(self):
        return get_object_or_404(WorkPlan.objects.with_conferences(), pk=self.kwargs["plan_pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "plan": self.plan}

    def get_cancel_url(self):
        return self.plan.get_absolute_url()


# --- Meetings -------------------------------------------------------------------------------


class MeetingCreateView(PlanChildMixin, CreateWithMessageMixin, CreateView):
    """A new meeting of the plan; its agenda starts with the plan's standing topics."""

    permission_required = "meetings.add_meeting"
    form_class = MeetingForm
    heading = gettext_lazy("New meeting")
    created_message = gettext_lazy("Meeting %(object)s created.")

    def save_new(self, form):
        return services.meeting_create(meeting=form.save(commit=False), user=self.request.user)

    def get_success_url(self):
        return self.object.get_absolute_url()


class MeetingUpdateView(VersionedUpdateMixin, UpdateView):
    permission_required = "meetings.change_meeting"
    form_class = MeetingForm
    heading = gettext_lazy("Edit meeting")
    queryset = Meeting.objects.select_related("plan__opening_conference", "plan__conference")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "plan": self.object.plan}

    def get_success_url(self):
        return self.object.get_absolute_url()


# --- Agenda items ---------------------------------------------------------------------------


class AgendaItemCreateView(CreateWithMessageMixin, CreateView):
    permission_required = "meetings.add_agendaitem"
    form_class = AgendaItemForm
    heading = gettext_lazy("New agenda item")
    created_message = gettext_lazy("Agenda item added: %(object)s.")

    @cached_property
    def meeting(self):
        return get_object_or_404(Meeting, pk=self.kwargs["meeting_pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "meeting": self.meeting}

    def save_new(self, form):
        return services.agenda_item_add(item=form.save(commit=False), user=self.request.user)

    def get_success_url(self):
        return f"{self.meeting.get_absolute_url()}#item-{self.object.pk}"

    def get_cancel_url(self):
        return self.meeting.get_absolute_url()


class AgendaItemUpdateView(VersionedUpdateMixin, UpdateView):
    permission_required = "meetings.change_agendaitem"
    form_class = AgendaItemForm
    heading = gettext_lazy("Edit agenda item and notes")
    queryset = AgendaItem.objects.select_related("meeting", "topic")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "meeting": self.object.meeting}

    def get_success_url(self):
        return f"{self.object.meeting.get_absolute_url()}#item-{self.object.pk}"


class AgendaItemMoveView(SecretariatMixin, View):
    """POST direction=up|down: swap with the neighbour, back to the meeting page (or JSON for
    meetings.js, which moves the row in place)."""

    permission_required = "meetings.change_agendaitem"
    http_method_names = ["post"]

    def post(self, request, pk):
        item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=pk)
        direction = request.POST.get("direction")
        if direction not in ("up", "down"):
            return JsonResponse({"error": _("Unknown direction.")}, status=400)
        moved = services.agenda_item_move(item=item, direction=direction, user=request.user)
        if moved:
            text = _("Moved up: %(item)s.") if direction == "up" else _("Moved down: %(item)s.")
        else:
            text = (
                _("%(item)s is already at the top.")
                if direction == "up"
                else _("%(item)s is already at the bottom.")
            )
        text = text % {"item": item.heading}
        if request.headers.get("Accept") == "application/json":
            return JsonResponse({"moved": moved, "message": text})
        (messages.success if moved else messages.info)(request, text)
        return redirect(f"{item.meeting.get_absolute_url()}#item-{item.pk}")


class AgendaItemDeleteView(SecretariatMixin, View):
    """GET asks for confirmation (pages without JavaScript), POST removes the item."""

    permission_required = "meetings.delete_agendaitem"
    template_name = "meetings/confirm_delete.html"

    def get_item(self):
        return get_object_or_404(
            AgendaItem.objects.select_related("meeting", "topic"), pk=self.kwargs["pk"]
        )

    def get(self, request, pk):
        item = self.get_item()
        context = {
            "object_label": _("the agenda item “%(item)s” of %(meeting)s")
            % {"item": item.heading, "meeting": item.meeting},
            "cancel_url": item.meeting.get_absolute_url(),
        }
        return render(request, self.template_name, context)

    def post(self, request, pk):
        item = self.get_item()
        meeting, heading = item.meeting, item.heading
        services.agenda_item_remove(item=item, user=request.user)
        messages.success(request, _("Agenda item removed: %(item)s.") % {"item": heading})
        return redirect(meeting.get_absolute_url())


# --- Activities -----------------------------------------------------------------------------


class ActivityCreateView(PlanChildMixin, CreateWithMessageMixin, CreateView):
    permission_required = "meetings.add_planactivity"
    form_class = PlanActivityForm
    heading = gettext_lazy("New activity")
    created_message = gettext_lazy("Activity %(object)s created.")

    def get_success_url(self):
        return self.plan.get_absolute_url()


class ActivityUpdateView(VersionedUpdateMixin, UpdateView):
    permission_required = "meetings.change_planactivity"
    form_class = PlanActivityForm
    heading = gettext_lazy("Edit activity")
    queryset = PlanActivity.objects.select_related("plan")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "plan": self.object.plan}

    def get_success_url(self):
        return self.object.plan.get_absolute_url()


# --- Standard topics ------------------------------------------------------------------------


class TopicCreateView(CreateWithMessageMixin, CreateView):
    permission_required = "meetings.add_standardtopic"
    form_class = StandardTopicForm
    heading = gettext_lazy("New standard topic")
    created_message = gettext_lazy("Standard topic %(object)s created.")

    def get_success_url(self):
        return self.object.get_absolute_url() if self.object else reverse("meetings:topics")

    def get_cancel_url(self):
        return reverse("meetings:topics")


class TopicUpdateView(VersionedUpdateMixin, UpdateView):
    permission_required = "meetings.change_standardtopic"
    form_class = StandardTopicForm
    heading = gettext_lazy("Edit standard topic")
    queryset = StandardTopic.objects.all()
    slug_field = "code"
    slug_url_kwarg = "code"

    def get_success_url(self):
        return self.object.get_absolute_url()
