"""The Secretariat's depositary check: upload a status file, review the differences, apply."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, FormView

from depositary import selectors
from depositary.forms import CheckUploadForm, DepositaryNameForm, origin_label
from depositary.models import DepositaryCheck, DepositarySync
from depositary.services import (
    ApplyError,
    depositary_apply,
    depositary_check_result,
    depositary_check_save,
)
from depositary.tasks import depositary_sync_task

PERMISSION = "depositary.add_depositarycheck"


def _checks():
    """The checks a Secretariat user may open (all of them; the permission gates the views)."""
    return DepositaryCheck.objects.recent()


class CheckIndexView(PermissionRequiredMixin, FormView):
    """Upload a file (GET: the form and the past checks; POST: check it and keep it)."""

    permission_required = PERMISSION
    template_name = "depositary/index.html"
    form_class = CheckUploadForm

    def get_context_data(self, **kwargs):
        kwargs.setdefault("checks", _checks()[:20])
        kwargs.setdefault("syncs", DepositarySync.objects.latest_first()[:10])
        kwargs.setdefault("freshness", selectors.freshness())
        kwargs.setdefault("sync_url", settings.WGTU_DEPOSITARY_URL)
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        result = form.result
        if result.refused:
            messages.error(self.request, _("The file is refused; nothing was kept or applied."))
            name_forms = [
                (row, DepositaryNameForm(initial={"name": name}, prefix=f"row{row}"))
                for row, name in result.unmapped
            ]
            return self.render_to_response(
                self.get_context_data(form=form, refused=result, name_forms=name_forms)
            )
        check = depositary_check_save(data=form.file_bytes, result=result, user=self.request.user)
        n = check.differences_found
        messages.success(
            self.request,
            ngettext(
                "File checked: %(n)d difference with the portal.",
                "File checked: %(n)d differences with the portal.",
                n,
            )
            % {"n": n},
        )
        return redirect("depositary:detail", pk=check.pk)


class CheckDetailView(PermissionRequiredMixin, DetailView):
    """A kept file compared with the portal as it is now, each difference with a checkbox."""

    permission_required = PERMISSION
    template_name = "depositary/detail.html"
    context_object_name = "check"

    def get_queryset(self):
        return _checks()

    def get_context_data(self, **kwargs):
        result = depositary_check_result(self.object)
        kwargs["result"] = result
        kwargs["date_origin"] = origin_label(result.file.as_of_origin)
        kwargs["conflicts"] = len(result.conflicts)
        kwargs["additions"] = len(result.additions)
        return super().get_context_data(**kwargs)


@require_POST
@permission_required(PERMISSION, raise_exception=True)
def sync_now(request):
    """Start the sync ("Check now"): a background task (django.tasks); the page lists the run
    when it is done."""
    result = depositary_sync_task.enqueue()
    if result.is_finished:
        messages.success(request, _("The depositary's file was fetched and checked: see below."))
    else:
        messages.info(
            request,
            _("The check has started in the background; it appears below when done (reload)."),
        )
    return redirect("depositary:index")


@require_POST
@permission_required(PERMISSION, raise_exception=True)
def check_apply(request, pk):
    check = get_object_or_404(_checks(), pk=pk)
    try:
        applied = depositary_apply(
            check=check, keys=request.POST.getlist("difference"), user=request.user
        )
    except ApplyError as exc:
        messages.error(request, str(exc))
    else:
        n = len(applied)
        messages.success(
            request,
            ngettext("Applied: %(n)d difference.", "Applied: %(n)d differences.", n) % {"n": n},
        )
    return redirect("depositary:detail", pk=check.pk)


@require_POST
@permission_required(PERMISSION, raise_exception=True)
def name_add(request):
    """Record a name the depositary uses for a state (from a refused file's unknown name)."""
    prefix = request.POST.get("prefix", "")
    form = DepositaryNameForm(request.POST, prefix=prefix or None)
    if form.is_valid():
        name = form.save()
        messages.success(
            request,
            _("“%(name)s” now means %(state)s. Upload the file again.")
            % {"name": name.name, "state": name.state.name},
        )
    else:
        errors = "; ".join(e for field in form.errors.values() for e in field)
        messages.error(request, _("The name was not recorded: %(errors)s") % {"errors": errors})
    return redirect("depositary:index")
