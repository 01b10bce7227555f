"""The participants of a meeting: import a participants file from the browser (Secretariat),
with a preview of every change before anything is saved."""

import base64
import secrets
from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from meetings import participants
from meetings.forms import ParticipantsFileForm
from meetings.models import Meeting

IMPORT_PERMISSIONS = ("meetings.add_participation", "meetings.change_participation")
IMPORT_SESSION_KEY = "participants_import"


class ParticipantsImportMixin(PermissionRequiredMixin):
    permission_required = IMPORT_PERMISSIONS
    raise_exception = True

    @cached_property
    def meeting(self):
        return get_object_or_404(Meeting.objects.select_related("plan"), pk=self.kwargs["pk"])

    def preview(self, name: str, data: bytes, parsed, *, status: int = 200):
        """What the file would change (or its bad rows), kept in the session to confirm."""
        request = self.request
        request.session.pop(IMPORT_SESSION_KEY, None)
        changes = (
            [] if parsed.errors else participants.participants_file_plan(self.meeting, parsed.rows)
        )
        token = ""
        if changes:
            token = secrets.token_urlsafe(16)
            request.session[IMPORT_SESSION_KEY] = {
                "token": token,
                "meeting": self.meeting.pk,
                "name": name,
                "data": base64.b64encode(data).decode(),
                "digest": participants.participants_plan_digest(changes),
            }
        context = {
            "meeting": self.meeting,
            "file_name": name,
            "rows": len(parsed.rows),
            "errors": parsed.errors,
            "changes": changes,
            "token": token,
        }
        return render(request, "meetings/participants_preview.html", context, status=status)


class ParticipantsImportView(ParticipantsImportMixin, View):
    """GET: the upload form; POST: the preview of every change the file would make."""

    template_name = "meetings/participants_import.html"

    def get(self, request, pk):
        context = {"form": ParticipantsFileForm(), "meeting": self.meeting}
        return render(request, self.template_name, context)

    def post(self, request, pk):
        form = ParticipantsFileForm(request.POST, request.FILES)
        if form.is_valid():
            name = PurePath(form.cleaned_data["file"].name).name[:100]
            data = form.cleaned_data["data"]
            try:
                parsed = participants.participants_file_parse(data)
            except participants.ParticipantsFileError as exc:
                form.add_error("file", str(exc))
            else:
                return self.preview(name, data, parsed)
        context = {"form": form, "meeting": self.meeting}
        return render(request, self.template_name, context, status=400)


class ParticipantsImportConfirmView(ParticipantsImportMixin, View):
    """POST: apply the previewed file, checked again; if its changes differ now, the new
    preview (409) and nothing saved."""

    def post(self, request, pk):
        pending = request.session.get(IMPORT_SESSION_KEY)
        if (
            not pending
            or pending["token"] != request.POST.get("token")
            or pending["meeting"] != self.meeting.pk
        ):
            messages.error(
                request,
                _(
                    "This preview is no longer available (expired or replaced): upload the file "
                    "again."
                ),
            )
            return redirect("meetings:participants_import", pk=self.meeting.pk)
        name, data = pending["name"], base64.b64decode(pending["data"])
        parsed = participants.participants_file_parse(data)
        if parsed.errors:
            messages.warning(
                request, _("The data changed since the preview; nothing was imported.")
            )
            return self.preview(name, data, parsed, status=409)
        try:
            changes = participants.participants_file_apply(
                self.meeting,
                parsed.rows,
                user=request.user,
                source=name,
                expected_digest=pending["digest"],
            )
        except participants.PlanChanged:
            messages.warning(
                request,
                _(
                    "The data changed since the preview; nothing was imported. Check the new preview."
                ),
            )
            return self.preview(name, data, parsed, status=409)
        request.session.pop(IMPORT_SESSION_KEY, None)
        messages.success(
            request,
            ngettext(
                "Imported %(file)s: %(n)s change.",
                "Imported %(file)s: %(n)s changes.",
                len(changes),
            )
            % {"file": name, "n": len(changes)},
        )
        return redirect(f"{self.meeting.get_absolute_url()}#participants-heading")
