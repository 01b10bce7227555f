"""The Secretariat's side of the ledger: add, edit and delete treaty actions; import a status file.

Each view needs the matching states permission (Secretariat only; Co-chairs and Delegates get 403,
anonymous users are sent to sign in by LoginRequiredMiddleware). Writes go through states.services
(actions, status_file); an outdated form is refused by states.versioning (409).
"""

import secrets
from collections import defaultdict
from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django.views.generic import FormView

from states.forms import DeleteActionForm, StatusFileForm, TreatyActionEditForm, TreatyActionForm
from states.models import State, TreatyAction
from states.services import actions, status_file
from states.versioning import StaleEdit, StaleEditMixin

IMPORT_PERMISSIONS = (
    "states.add_state",
    "states.change_state",
    "states.add_treatyaction",
    "states.change_treatyaction",
    "states.delete_treatyaction",
)
IMPORT_SESSION_KEY = "states_import"


def get_state(iso3: str) -> State:
    return get_object_or_404(State, iso3=iso3.upper())


def get_action(state: State, pk: int) -> TreatyAction:
    """An action of this state only (an action of another state is a 404)."""
    return get_object_or_404(state.actions.select_related("state"), pk=pk)


class StateActionMixin:
    """Looks up the state (and the action) of the URL once the permission check has passed."""

    raise_exception = True
    template_name = "states/action_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.state = get_state(kwargs["iso3"])
        self.action = get_action(self.state, kwargs["pk"]) if "pk" in kwargs else None
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        record = list(self.state.actions.all())
        return super().get_context_data(
            state=self.state, action=self.action, record=record, **kwargs
        )

    def add_errors(self, form, error: ValidationError):
        for message in error.messages:
            form.add_error(None, message)
        return self.form_invalid(form)

    def done(self, message: str):
        messages.success(self.request, message)
        return redirect(self.state)


class ActionAddView(PermissionRequiredMixin, StateActionMixin, FormView):
    permission_required = "states.add_treatyaction"
    form_class = TreatyActionForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "state": self.state}

    def form_valid(self, form):
        try:
            action = actions.treaty_action_create(
                state=self.state,
                user=self.request.user,
                reason=form.cleaned_data["reason"],
                **form.values(),
            )
        except ValidationError as error:
            return self.add_errors(form, error)
        return self.done(_("%(action)s recorded.") % {"action": action.get_kind_display()})


class ActionEditView(PermissionRequiredMixin, StateActionMixin, StaleEditMixin, FormView):
    permission_required = "states.change_treatyaction"
    form_class = TreatyActionEditForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "state": self.state, "instance": self.action}

    def form_valid(self, form):
        try:
            changed = actions.treaty_action_update(
                action=self.action,
                user=self.request.user,
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
                **form.values(),
            )
        except StaleEdit as stale:
            return self.stale(stale)
        except ValidationError as error:
            return self.add_errors(form, error)
        if not changed:
            messages.info(self.request, _("Nothing was changed."))
            return redirect(self.state)
        return self.done(_("%(action)s saved.") % {"action": self.action.get_kind_display()})

    def form_invalid(self, form):
        current = TreatyAction.objects.get(pk=self.action.pk)
        return self.stale_first(
            form, current, fields=actions.ACTION_FIELDS
        ) or super().form_invalid(form)

    def stale_form(self, data, current):
        self.action = current
        return self.form_class(data, state=self.state, instance=current)

    def stale_page(self, form, current):
        return self.render_to_response(self.get_context_data(form=form))


class ActionDeleteView(PermissionRequiredMixin, StateActionMixin, StaleEditMixin, FormView):
    permission_required = "states.delete_treatyaction"
    form_class = DeleteActionForm
    template_name = "states/action_confirm_delete.html"

    def get_initial(self):
        return {"version": self.action.version}

    def form_valid(self, form):
        try:
            actions.treaty_action_delete(
                action=self.action,
                user=self.request.user,
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
            )
        except StaleEdit as stale:
            return self.stale(stale)
        except ValidationError as error:
            return self.add_errors(form, error)
        return self.done(_("%(action)s deleted.") % {"action": self.action.get_kind_display()})

    def stale_form(self, data, current):
        self.action = current
        return self.form_class(data)

    def stale_page(self, form, current):
        return self.render_to_response(self.get_context_data(form=form))


def _preview(request, name: str, text: str, parsed: status_file.ParsedFile, *, status: int = 200):
    """List the file's changes per state (or its bad rows); keep it in the session to confirm."""
    request.session.pop(IMPORT_SESSION_KEY, None)
    changes = [] if parsed.errors else status_file.status_file_plan(parsed.rows)
    by_state = defaultdict(list)
    names = {}
    for change in changes:
        by_state[change.iso3].append(change.describe())
        names[change.iso3] = change.name
    token = ""
    if changes:
        token = secrets.token_urlsafe(16)
        request.session[IMPORT_SESSION_KEY] = {
            "token": token,
            "name": name,
            "text": text,
            "digest": status_file.plan_digest(changes),
        }
    context = {
        "file_name": name,
        "rows": len(parsed.rows),
        "errors": parsed.errors,
        "states": [
            {"iso3": iso3, "name": names[iso3], "changes": items}
            for iso3, items in by_state.items()
        ],
        "change_count": len(changes),
        "token": token,
    }
    return render(request, "states/import_preview.html", context, status=status)


class StatusImportView(PermissionRequiredMixin, FormView):
    """Upload a status file: the answer is the preview of every change it would make."""

    permission_required = IMPORT_PERMISSIONS
    raise_exception = True
    form_class = StatusFileForm
    template_name = "states/import_form.html"

    def form_valid(self, form):
        name = PurePath(form.cleaned_data["file"].name).name[:100]
        text = form.cleaned_data["text"]
        try:
            parsed = status_file.status_file_parse(text.encode())
        except status_file.StatusFileError as exc:
            form.add_error("file", str(exc))
            return self.form_invalid(form)
        return _preview(self.request, name, text, parsed)


@permission_required(IMPORT_PERMISSIONS, raise_exception=True)
@require_POST
def status_import_confirm(request):
    """Apply the previewed file, re-checked: if the changes differ now, show the new preview."""
    pending = request.session.get(IMPORT_SESSION_KEY)
    if not pending or pending["token"] != request.POST.get("token"):
        messages.error(
            request,
            _("This preview is no longer available (expired or replaced): upload the file again."),
        )
        return redirect("states:import")
    name, text = pending["name"], pending["text"]
    parsed = status_file.status_file_parse(text.encode())  # read once already: no StatusFileError
    if parsed.errors:
        messages.warning(request, _("The data changed since the preview; nothing was imported."))
        return _preview(request, name, text, parsed, status=409)
    try:
        changes = status_file.status_file_apply(
            parsed.rows, user=request.user, source=name, expected_digest=pending["digest"]
        )
    except status_file.PlanChanged:
        messages.warning(
            request,
            _("The data changed since the preview; nothing was imported. Check the new preview."),
        )
        return _preview(request, name, text, parsed, status=409)
    request.session.pop(IMPORT_SESSION_KEY, None)
    states = len({c.iso3 for c in changes})
    messages.success(
        request,
        ngettext(
            "Imported %(file)s: %(n)s change to %(states)s state.",
            "Imported %(file)s: %(n)s changes to %(states)s state(s).",
            len(changes),
        )
        % {"file": name, "n": len(changes), "states": states},
    )
    return redirect("states:list")
