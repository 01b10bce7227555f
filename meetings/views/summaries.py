"""The summaries workflow in the browser: the Secretariat drafts, edits (each text a version),
circulates for comments with a deadline and makes final; Co-chairs and Delegates of
participating delegations comment on a circulated summary. Every lookup is scoped
(summary_workflow.summary_for): a summary one may not read is a 404."""

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from caching.headers import confidential
from meetings import summary_workflow as workflow
from meetings.models import AgendaItem, Meeting
from meetings.summaries import Summary, SummaryComment, SummaryVersion, summary_diff
from meetings.views.mixins import MeetingsReadMixin
from states.dates import IsoDateField
from states.versioning import StaleEdit, StaleEditMixin, VersionField, VersionRequiredMixin


class SummaryTextForm(VersionRequiredMixin, forms.Form):
    text = forms.CharField(label=gettext_lazy("Text"), widget=forms.Textarea(attrs={"rows": 14}))
    version = VersionField()

    def __init__(self, *args, creating=False, **kwargs):
        self.creating = creating
        super().__init__(*args, **kwargs)

    def version_required(self) -> bool:
        return not self.creating


class CirculateForm(VersionRequiredMixin, forms.Form):
    deadline = IsoDateField(
        label=gettext_lazy("Deadline for comments"),
        help_text=gettext_lazy("YYYY-MM-DD"),
    )
    version = VersionField()


class VersionOnlyForm(VersionRequiredMixin, forms.Form):
    version = VersionField()


class CommentForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Your comment"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


def _summary_or_404(user, pk) -> Summary:
    try:
        return workflow.summary_for(user, pk)
    except Summary.DoesNotExist:
        raise Http404 from None


class SummaryReadMixin(MeetingsReadMixin):
    @cached_property
    def summary(self) -> Summary:
        return _summary_or_404(self.request.user, self.kwargs["pk"])


class SummaryDetailView(SummaryReadMixin, TemplateView):
    """A summary: its text and state; for staff its versions (each with the difference to the
    previous), every comment, and the Secretariat's actions; for a Delegate who may comment, the
    circulated text, their own comments and the comment form. Never stored by a cache."""

    template_name = "meetings/summary_detail.html"

    def get(self, request, *args, **kwargs):
        return confidential(super().get(request, *args, **kwargs))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        summary, user = self.summary, self.request.user
        staff = workflow.reads_all_summaries(user)
        comments = SummaryComment.objects.filter(version__summary=summary).select_related(
            "author", "version"
        )
        if not staff:
            comments = comments.filter(author=user)
        context.update(
            summary=summary,
            meeting=summary.meeting,
            staff=staff,
            comments=list(comments),
            may_comment=workflow.may_comment(user, summary),
            comment_form=CommentForm(),
        )
        if staff:
            versions = list(SummaryVersion.objects.filter(summary=summary).select_related("author"))
            previous = ""
            for version in versions:
                version.diff = summary_diff(previous, version.text)
                previous = version.text
            context["versions"] = list(reversed(versions))
            context["circulate_form"] = CirculateForm(
                initial={"version": summary.version, "deadline": summary.deadline}
            )
        return context


class SummaryCreateView(PermissionRequiredMixin, FormView):
    """A new Draft summary of a meeting (?item=<id>: of one of its agenda items)."""

    permission_required = "meetings.add_summary"
    raise_exception = True
    template_name = "meetings/form.html"

    @cached_property
    def meeting(self):
        return get_object_or_404(Meeting, pk=self.kwargs["pk"])

    @cached_property
    def item(self):
        pk = self.request.GET.get("item")
        if not pk:
            return None
        if not pk.isdigit():
            raise Http404
        return get_object_or_404(AgendaItem, pk=pk, meeting=self.meeting)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "creating": True}

    def get_form_class(self):
        return SummaryTextForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        heading = (
            _("Summary of “%(item)s”") % {"item": self.item.heading}
            if self.item
            else _("Summary of the meeting")
        )
        context.update(heading=heading, cancel_url=self.meeting.get_absolute_url())
        return context

    def form_valid(self, form):
        try:
            summary = workflow.summary_create(
                meeting=self.meeting,
                agenda_item=self.item,
                text=form.cleaned_data["text"],
                user=self.request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The draft summary is saved (version 1)."))
        return redirect(summary.get_absolute_url())


class SummaryEditView(PermissionRequiredMixin, StaleEditMixin, FormView):
    """Edit the text: a new version. A form opened on an older version: 409, nothing saved."""

    permission_required = "meetings.change_summary"
    raise_exception = True
    template_name = "meetings/form.html"
    form_class = SummaryTextForm

    @cached_property
    def summary(self) -> Summary:
        return _summary_or_404(self.request.user, self.kwargs["pk"])

    def get_initial(self):
        return {"text": self.summary.text, "version": self.summary.version}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            heading=_("Edit: %(summary)s") % {"summary": self.summary},
            cancel_url=self.summary.get_absolute_url(),
        )
        return context

    def form_valid(self, form):
        try:
            changed = workflow.summary_edit(
                summary=self.summary,
                expected_version=form.cleaned_data["version"],
                text=form.cleaned_data["text"],
                user=self.request.user,
            )
        except StaleEdit as stale:
            return self.stale(stale)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        if changed:
            messages.success(self.request, _("Saved: a new version of the summary."))
        else:
            messages.info(self.request, _("Nothing was changed."))
        return redirect(self.summary.get_absolute_url())

    def stale_form(self, data, current):
        return SummaryTextForm(data)

    def stale_page(self, form, current):
        return self.render_to_response(self.get_context_data(form=form))


class SummaryTransitionView(PermissionRequiredMixin, View):
    """POST: circulate (with a deadline) or make final; a stale form is refused (409)."""

    permission_required = "meetings.change_summary"
    raise_exception = True
    http_method_names = ["post"]
    action = ""

    def post(self, request, pk):
        summary = _summary_or_404(request.user, pk)
        form_class = CirculateForm if self.action == "circulate" else VersionOnlyForm
        form = form_class(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, " ".join(errors))
            return redirect(summary.get_absolute_url())
        try:
            if self.action == "circulate":
                workflow.summary_circulate(
                    summary=summary,
                    expected_version=form.cleaned_data["version"],
                    deadline=form.cleaned_data["deadline"],
                    user=request.user,
                )
                messages.success(request, _("The summary is circulated for comments."))
            else:
                workflow.summary_finalize(
                    summary=summary,
                    expected_version=form.cleaned_data["version"],
                    user=request.user,
                )
                messages.success(request, _("The summary is final: it is now public."))
        except StaleEdit as stale:
            messages.error(request, stale.message)
            response = render(
                request,
                "meetings/summary_stale.html",
                {"summary": summary, "message": stale.message},
                status=409,
            )
            return confidential(response)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(summary.get_absolute_url())


class SummaryCommentView(MeetingsReadMixin, View):
    """POST: a comment on the circulated summary (Co-chairs, Delegates of participating
    delegations, before the deadline); 403 for anyone else who may read it."""

    http_method_names = ["post"]

    def post(self, request, pk):
        summary = _summary_or_404(request.user, pk)
        form = CommentForm(request.POST)
        if not workflow.may_comment(request.user, summary):
            raise PermissionDenied(_("Comments on this summary are closed, or not yours to make."))
        if not form.is_valid():
            messages.error(request, _("Write a comment (at most 5,000 characters)."))
            return redirect(summary.get_absolute_url())
        try:
            workflow.summary_comment(
                summary=summary, user=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your comment is recorded."))
        return redirect(summary.get_absolute_url())
