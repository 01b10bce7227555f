"""The Secretariat's side of the pipeline: record, edit and delete a state's stage entries,
import a pipeline file (with a preview), and keep the vocabulary of stages.

Each write needs the matching pipeline permission (Secretariat only; Co-chairs read the list of
stages, Delegates get 403, anonymous users are sent to sign in). Writes go through
pipeline.services. The pipeline page itself composes challenges and outreach too, so it lives in
the dashboard app (dashboard/pipeline.py).
"""

import secrets
from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.decorators.http import require_POST

from pipeline import selectors, services
from pipeline.forms import DeleteEntryForm, PipelineFileForm, ProcedureStageForm, StageEntryForm
from pipeline.models import ProcedureStage, StageEntry
from states.dates import today
from states.models import State
from states.versioning import StaleEdit, StaleEditMixin

IMPORT_PERMISSIONS = ("pipeline.add_stageentry", "pipeline.change_stageentry")
IMPORT_SESSION_KEY = "pipeline_import"
ENTRY_TEMPLATE = "pipeline/entry_form.html"


def state_url(state: State) -> str:
    """The state's page, at its pipeline section (where the Secretariat comes from)."""
    return f"{state.get_absolute_url()}#procedure-heading"


def _form_errors(form, error: ValidationError) -> None:
    """A service's ValidationError on the form: by field when it names the form's fields."""
    if hasattr(error, "error_dict") and set(error.error_dict) <= set(form.fields):
        for name, messages_ in error.message_dict.items():
            for message in messages_:
                form.add_error(name, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


class EntryWriteMixin(PermissionRequiredMixin):
    raise_exception = True

    def page(self, form, *, state, entry=None, status=200):
        context = {
            "form": form,
            "state": state,
            "entry": entry,
            "entries": selectors.state_entries(state, today(), internal=True),
        }
        return render(self.request, ENTRY_TEMPLATE, context, status=status)


class EntryAddView(EntryWriteMixin, View):
    """Record a stage reached by the state of the URL."""

    permission_required = "pipeline.add_stageentry"

    def get(self, request, iso3):
        state = get_object_or_404(State, iso3=iso3.upper())
        return self.page(StageEntryForm(state=state), state=state)

    def post(self, request, iso3):
        state = get_object_or_404(State, iso3=iso3.upper())
        form = StageEntryForm(request.POST, state=state)
        if form.is_valid():
            values = {name: form.cleaned_data[name] for name in services.ENTRY_FIELDS}
            try:
                entry = services.stage_entry_create(state=state, user=request.user, **values)
            except ValidationError as error:
                _form_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(state)s: “%(stage)s” recorded on %(date)s.")
                    % {"state": state.name, "stage": entry.stage.name, "date": entry.date},
                )
                return redirect(state_url(state))
        return self.page(form, state=state, status=400)


class EntryEditView(EntryWriteMixin, StaleEditMixin, View):
    """Edit an entry; a form opened on an older version is refused with what changed (409)."""

    permission_required = "pipeline.change_stageentry"

    def get(self, request, pk):
        entry = selectors.entry_for(request.user, pk)
        form = StageEntryForm(instance=entry, state=entry.state)
        return self.page(form, state=entry.state, entry=entry)

    def post(self, request, pk):
        entry = selectors.entry_for(request.user, pk)
        form = StageEntryForm(request.POST, instance=entry, state=entry.state)
        if form.is_valid():
            try:
                changed = services.stage_entry_update(
                    entry=entry,
                    expected_version=form.cleaned_data["version"],
                    values=form.edited_values(),
                    user=request.user,
                )
            except StaleEdit as stale:
                return self.stale(stale)
            except ValidationError as error:
                _form_errors(form, error)
            else:
                if changed:
                    messages.success(request, _("Entry saved."))
                else:
                    messages.info(request, _("Nothing was changed."))
                return redirect(state_url(entry.state))
        # (is_valid put the input on `entry`: the stale check reads the row afresh.)
        current = StageEntry.objects.get(pk=entry.pk)
        stale = self.stale_first(form, current, fields=form.edited_fields())
        return stale or self.page(form, state=entry.state, entry=entry, status=400)

    def stale_form(self, data, current):
        current = selectors.entry_for(self.request.user, current.pk)
        return StageEntryForm(data, instance=current, state=current.state)

    def stale_page(self, form, current):
        current = selectors.entry_for(self.request.user, current.pk)
        return self.page(form, state=current.state, entry=current)


class EntryDeleteView(PermissionRequiredMixin, StaleEditMixin, View):
    """GET: confirm; POST: delete the entry (refused if it changed since the page was opened)."""

    permission_required = "pipeline.delete_stageentry"
    raise_exception = True
    template_name = "pipeline/entry_confirm_delete.html"

    def get(self, request, pk):
        entry = selectors.entry_for(request.user, pk)
        form = DeleteEntryForm(initial={"version": entry.version})
        return render(request, self.template_name, {"entry": entry, "form": form})

    def post(self, request, pk):
        entry = selectors.entry_for(request.user, pk)
        form = DeleteEntryForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {"entry": entry, "form": form}, status=400)
        try:
            services.stage_entry_delete(
                entry=entry, expected_version=form.cleaned_data["version"], user=request.user
            )
        except StaleEdit as stale:
            return self.stale(stale)
        messages.success(
            request,
            _("%(state)s: the entry “%(stage)s” of %(date)s was deleted.")
            % {"state": entry.state.name, "stage": entry.stage.name, "date": entry.date},
        )
        return redirect(state_url(entry.state))

    def stale_form(self, data, current):
        return DeleteEntryForm(data)

    def stale_page(self, form, current):
        entry = selectors.entry_for(self.request.user, current.pk)
        return render(self.request, self.template_name, {"entry": entry, "form": form})


# --- pipeline files -------------------------------------------------------------------------------


def _preview(request, name: str, text: str, parsed, *, status: int = 200):
    """List what the file would change (or its bad rows); keep it in the session to confirm."""
    request.session.pop(IMPORT_SESSION_KEY, None)
    changes = [] if parsed.errors else services.pipeline_file_plan(parsed.rows)
    token = ""
    if changes:
        token = secrets.token_urlsafe(16)
        request.session[IMPORT_SESSION_KEY] = {
            "token": token,
            "name": name,
            "text": text,
            "digest": services.pipeline_plan_digest(changes),
        }
    context = {
        "file_name": name,
        "rows": len(parsed.rows),
        "errors": parsed.errors,
        "changes": changes,
        "token": token,
    }
    return render(request, "pipeline/import_preview.html", context, status=status)


class ImportView(PermissionRequiredMixin, View):
    """Upload a pipeline file: the answer is the preview of every change it would make."""

    permission_required = IMPORT_PERMISSIONS
    raise_exception = True
    template_name = "pipeline/import_form.html"

    def get(self, request):
        return render(request, self.template_name, {"form": PipelineFileForm()})

    def post(self, request):
        form = PipelineFileForm(request.POST, request.FILES)
        if form.is_valid():
            name = PurePath(form.cleaned_data["file"].name).name[:100]
            text = form.cleaned_data["text"]
            try:
                parsed = services.pipeline_file_parse(text.encode())
            except services.PipelineFileError as exc:
                form.add_error("file", str(exc))
            else:
                return _preview(request, name, text, parsed)
        return render(request, self.template_name, {"form": form}, status=400)


@permission_required(IMPORT_PERMISSIONS, raise_exception=True)
@require_POST
def import_confirm(request):
    """Apply the previewed file, checked again: if its changes differ now, the new preview."""
    pending = request.session.get(IMPORT_SESSION_KEY)
    if not pending or pending["token"] != request.POST.get("token"):
        messages.error(
            request,
            _("This preview is no longer available (expired or replaced): upload the file again."),
        )
        return redirect("pipeline:import")
    name, text = pending["name"], pending["text"]
    parsed = services.pipeline_file_parse(text.encode())  # read once already: no file error
    if parsed.errors:
        messages.warning(request, _("The data changed since the preview; nothing was imported."))
        return _preview(request, name, text, parsed, status=409)
    try:
        changes = services.pipeline_file_apply(
            parsed.rows, user=request.user, source=name, expected_digest=pending["digest"]
        )
    except services.PlanChanged:
        messages.warning(
            request,
            _("The data changed since the preview; nothing was imported. Check the new preview."),
        )
        return _preview(request, name, text, parsed, status=409)
    request.session.pop(IMPORT_SESSION_KEY, None)
    messages.success(
        request,
        ngettext(
            "Imported %(file)s: %(n)s change to %(states)s state(s).",
            "Imported %(file)s: %(n)s changes to %(states)s state(s).",
            len(changes),
        )
        % {"file": name, "n": len(changes), "states": len({c.iso3 for c in changes})},
    )
    return redirect("pipeline:index")


# --- the vocabulary -------------------------------------------------------------------------------


class StageListView(PermissionRequiredMixin, View):
    """The stages in order, with how many entries each has (Secretariat and Co-chairs)."""

    permission_required = "pipeline.view_procedurestage"
    raise_exception = True
    http_method_names = ["get", "head", "options"]

    def get(self, request):
        stages = ProcedureStage.objects.in_order().annotate(entry_count=Count("entries"))
        return render(request, "pipeline/stage_list.html", {"stages": stages})


class StageFormMixin(PermissionRequiredMixin):
    raise_exception = True

    def page(self, form, *, stage=None, status=200):
        context = {"form": form, "stage": stage, "cancel_url": reverse("pipeline:stages")}
        return render(self.request, "pipeline/stage_form.html", context, status=status)


class StageCreateView(StageFormMixin, View):
    permission_required = "pipeline.add_procedurestage"

    def get(self, request):
        return self.page(ProcedureStageForm())

    def post(self, request):
        form = ProcedureStageForm(request.POST)
        if form.is_valid():
            values = {name: form.cleaned_data[name] for name in services.STAGE_FIELDS}
            try:
                stage = services.procedure_stage_create(user=request.user, **values)
            except ValidationError as error:
                _form_errors(form, error)
            else:
                messages.success(request, _("Stage “%(stage)s” added.") % {"stage": stage.name})
                return redirect("pipeline:stages")
        return self.page(form, status=400)


class StageEditView(StageFormMixin, StaleEditMixin, View):
    permission_required = "pipeline.change_procedurestage"

    def get(self, request, code):
        stage = get_object_or_404(ProcedureStage, code=code)
        return self.page(ProcedureStageForm(instance=stage), stage=stage)

    def post(self, request, code):
        stage = get_object_or_404(ProcedureStage, code=code)
        form = ProcedureStageForm(request.POST, instance=stage)
        if form.is_valid():
            try:
                changed = services.procedure_stage_update(
                    stage=stage,
                    expected_version=form.cleaned_data["version"],
                    values=form.edited_values(),
                    user=request.user,
                )
            except StaleEdit as stale:
                return self.stale(stale)
            if changed:
                messages.success(request, _("Stage saved."))
            else:
                messages.info(request, _("Nothing was changed."))
            return redirect("pipeline:stages")
        current = ProcedureStage.objects.get(pk=stage.pk)
        stale = self.stale_first(form, current, fields=form.edited_fields())
        return stale or self.page(form, stage=stage, status=400)

    def stale_form(self, data, current):
        return ProcedureStageForm(data, instance=ProcedureStage.objects.get(pk=current.pk))

    def stale_page(self, form, current):
        return self.page(form, stage=ProcedureStage.objects.get(pk=current.pk))
