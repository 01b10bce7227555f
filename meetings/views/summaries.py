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
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from caching.headers import confidential
from meetings import summary_workflow as workflow
from meetings.models import AgendaItem, Language, Meeting
from meetings.summaries import Summary, SummaryComment, SummaryVersion, summary_diff
from meetings.translated import (
    LANGUAGE_CODES,
    column,
    language_name,
    missing_languages,
    original_language,
)
from meetings.translated import version as translated_version
from meetings.views.mixins import MeetingsReadMixin
from states.dates import IsoDateField
from states.versioning import StaleEdit, StaleEditMixin, VersionField, VersionRequiredMixin


class SummaryTextForm(VersionRequiredMixin, forms.Form):
    """The summary's text in English, French and Spanish side by side (the template of the
    side-by-side editor, meetings/translation_form.html), the original's language chosen and
    its text required, the translations optional. On a Final summary the original (its language
    and text) is shown but not edited: only the translations are."""

    original_language = forms.ChoiceField(
        label=Summary._meta.get_field("original_language").verbose_name,
        choices=Language.choices,
        required=False,
    )
    unofficial_translation = forms.BooleanField(
        label=Summary._meta.get_field("unofficial_translation").verbose_name,
        help_text=Summary._meta.get_field("unofficial_translation").help_text,
        required=False,
    )
    text = forms.CharField(
        label=Summary._meta.get_field("text").verbose_name, required=False, widget=forms.Textarea
    )
    text_fr = forms.CharField(
        label=Summary._meta.get_field("text_fr").verbose_name, required=False, widget=forms.Textarea
    )
    text_es = forms.CharField(
        label=Summary._meta.get_field("text_es").verbose_name, required=False, widget=forms.Textarea
    )
    version = VersionField()

    def __init__(self, *args, creating=False, final_original=None, **kwargs):
        """`final_original`: the language of a Final summary's original (its column read-only)."""
        self.creating = creating
        super().__init__(*args, **kwargs)
        for name in workflow.TEXT_FIELDS:
            self.fields[name].widget.attrs.update({"rows": 14, "class": "form-control"})
        if final_original:
            self.fields["original_language"].disabled = True
            self.fields["original_language"].initial = final_original
            original = column(Summary, "text", final_original)
            self.fields[original].widget.attrs["readonly"] = True

    def version_required(self) -> bool:
        return not self.creating

    def rows(self) -> list[dict]:
        """The one text, its field in each language (the side-by-side editor's table)."""
        return [
            {
                "name": "text",
                "label": gettext_lazy("Text"),
                "cells": [self[column(Summary, "text", code)] for code in LANGUAGE_CODES],
            }
        ]

    def clean(self):
        data = super().clean()
        original = data.get("original_language") or "en"
        data["original_language"] = original
        name = column(Summary, "text", original)
        if not (data.get(name) or "").strip():
            self.add_error(name, _("This is the original: it cannot be empty."))
        return data

    def texts(self) -> dict:
        """The language fields, as summary_workflow takes them (after is_valid())."""
        return {name: self.cleaned_data[name] for name in workflow.EDITED_FIELDS}


class SummaryFormMixin:
    """The side-by-side editor's page for a summary: its languages, the original marked."""

    template_name = "meetings/translation_form.html"

    def summary_form_context(self, form) -> dict:
        original = form["original_language"].value() or "en"
        return {
            "languages": [(code, language_name(code)) for code in LANGUAGE_CODES],
            "original": original if original in LANGUAGE_CODES else "en",
            "next": self.request.POST.get("next") or self.request.GET.get("next", ""),
        }

    def next_url(self, default: str) -> str:
        wanted = self.request.POST.get("next") or self.request.GET.get("next") or ""
        if wanted and url_has_allowed_host_and_scheme(
            wanted, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        ):
            return wanted
        return default


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


def version_diffs(versions: list[SummaryVersion]) -> list[SummaryVersion]:
    """Each version (in order) with `diffs`: for every language whose text it changed (its
    first version: every language it has), (language, name, difference to the previous
    version's text in that language). A translation added or corrected shows as its own diff;
    the original's language comes first."""
    previous = dict.fromkeys(LANGUAGE_CODES, "")
    for version in versions:
        original = original_language(version)
        order = [original, *(code for code in LANGUAGE_CODES if code != original)]
        version.diffs = []
        for code in order:
            text = translated_version(version, "text", code)
            if text != previous[code]:
                version.diffs.append(
                    (code, language_name(code), summary_diff(previous[code], text))
                )
            previous[code] = text
    return versions


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
            context["versions"] = list(reversed(version_diffs(versions)))
            context["missing_languages"] = [
                language_name(code) for code in missing_languages(summary, "text")
            ]
            context["circulate_form"] = CirculateForm(
                initial={"version": summary.version, "deadline": summary.deadline}
            )
        return context


class SummaryCreateView(PermissionRequiredMixin, SummaryFormMixin, FormView):
    """A new Draft summary of a meeting (?item=<id>: of one of its agenda items), in English,
    French and Spanish side by side."""

    permission_required = "meetings.add_summary"
    raise_exception = True

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

    def get_initial(self):
        return {"original_language": "en"}

    def get_form_class(self):
        return SummaryTextForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        heading = (
            _("Summary of “%(item)s”") % {"item": self.item.heading}
            if self.item
            else _("Summary of the meeting")
        )
        context.update(
            heading=heading,
            cancel_url=self.meeting.get_absolute_url(),
            **self.summary_form_context(context["form"]),
        )
        return context

    def form_valid(self, form):
        try:
            summary = workflow.summary_create(
                meeting=self.meeting,
                agenda_item=self.item,
                user=self.request.user,
                **form.texts(),
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The draft summary is saved (version 1)."))
        return redirect(summary.get_absolute_url())


class SummaryEditView(PermissionRequiredMixin, SummaryFormMixin, StaleEditMixin, FormView):
    """Edit the texts side by side: a new version when any language's text changed. A Final
    summary: its translations only (the missing-translations page links here). A form opened on
    an older version: 409, nothing saved."""

    permission_required = "meetings.change_summary"
    raise_exception = True
    form_class = SummaryTextForm

    @cached_property
    def summary(self) -> Summary:
        return _summary_or_404(self.request.user, self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), **self.final_kwargs(self.summary)}

    @staticmethod
    def final_kwargs(summary) -> dict:
        return {"final_original": summary.original_language} if summary.is_final else {}

    def get_initial(self):
        initial = {name: getattr(self.summary, name) for name in workflow.EDITED_FIELDS}
        return {**initial, "version": self.summary.version}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.summary.is_final:
            heading = _("Translations: %(summary)s") % {"summary": self.summary}
            context["notice"] = _(
                "This summary is final: its original is not edited any more. Its translations "
                "can be added or corrected; each change is a new version."
            )
        else:
            heading = _("Edit: %(summary)s") % {"summary": self.summary}
        context.update(
            heading=heading,
            cancel_url=self.summary.get_absolute_url(),
            **self.summary_form_context(context["form"]),
        )
        return context

    def form_valid(self, form):
        try:
            changed = workflow.summary_edit(
                summary=self.summary,
                expected_version=form.cleaned_data["version"],
                user=self.request.user,
                **form.texts(),
            )
        except StaleEdit as stale:
            return self.stale(stale)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        if any(name in workflow.TEXT_FIELDS or name == "original_language" for name in changed):
            messages.success(self.request, _("Saved: a new version of the summary."))
        elif changed:
            messages.success(self.request, _("Saved: %(object)s.") % {"object": self.summary})
        else:
            messages.info(self.request, _("Nothing was changed."))
        return redirect(self.next_url(self.summary.get_absolute_url()))

    def stale_form(self, data, current):
        return SummaryTextForm(data, **self.final_kwargs(current))

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
