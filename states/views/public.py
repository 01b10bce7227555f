"""Public treaty-status pages: the states list, its export and each state's page.

Anyone may read them (treaty status is public information); the change history on a state's page
is shown to the Secretariat and the Co-chairs only.
"""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts.roles import Role, role_of
from states import exports, selectors
from states.history import state_history
from states.selectors import AsOfForm, StateListForm, bound_form

EXPORT_FORMATS = ("csv", "xlsx")


def _sort_links(request, current: str) -> list[dict]:
    """One header per sortable column: its label, the URL that sorts by it (ascending first,
    then toggling) and its aria-sort value."""
    headers = []
    for column, label in selectors.SORT_COLUMNS.items():
        params = request.GET.copy()
        if current == column:
            params["sort"], aria = f"-{column}", "ascending"
        elif current == f"-{column}":
            params["sort"], aria = column, "descending"
        else:
            params["sort"], aria = column, ""
        headers.append(
            {"column": column, "label": label, "url": "?" + params.urlencode(), "aria_sort": aria}
        )
    return headers


@login_not_required
@require_safe
def state_list(request):
    """All states with their status on ?as_of, filtered and sorted; two queries for the data."""
    form = bound_form(StateListForm, request.GET)
    if not form.is_valid():
        return render(request, "states/list.html", {"form": form}, status=400)
    rows, counts = selectors.state_list(form.cleaned_data)
    export_params = request.GET.copy()
    export_params.pop("format", None)
    return render(
        request,
        "states/list.html",
        {
            "form": form,
            "as_of": form.cleaned_data["as_of"],
            "states": rows,
            "counts": counts,
            "selected_status": form.cleaned_data["status"],
            "headers": _sort_links(request, form.cleaned_data["sort"]),
            "export_query": export_params.urlencode(),
        },
    )


@login_not_required
@require_safe
def state_export(request):
    """Exactly the rows of the list for the same parameters, as CSV or Excel (?format=)."""
    params = request.GET.copy()
    file_format = params.pop("format", ["csv"])[-1] or "csv"
    form = bound_form(StateListForm, params)
    if file_format not in EXPORT_FORMATS:
        return HttpResponse(
            _("format: choose csv or xlsx."), status=400, content_type="text/plain; charset=utf-8"
        )
    if not form.is_valid():
        return HttpResponse(
            form.first_error(), status=400, content_type="text/plain; charset=utf-8"
        )
    on = form.cleaned_data["as_of"]
    rows = selectors.state_rows(
        on=on,
        status=form.cleaned_data["status"],
        region=form.cleaned_data["region"],
        q=form.cleaned_data["q"],
        sort=form.cleaned_data["sort"],
    )
    filename = f"att-status-{on.isoformat()}.{file_format}"
    header = exports.state_export_header()
    data = exports.state_export_rows(rows)
    if file_format == "xlsx":
        return exports.xlsx_response(filename, header, data, sheet_title=on.isoformat())
    return exports.csv_response(filename, header, data)


@login_not_required
@require_safe
def state_detail(request, iso3):
    """A state's status on ?as_of and its timeline; its change history for the Secretariat and
    the Co-chairs. Queries: the state with its record, its actions (+2 for the history)."""
    if iso3 != iso3.upper():
        query = f"?{request.GET.urlencode()}" if request.GET else ""
        return redirect(reverse("states:detail", args=[iso3.upper()]) + query)
    form = bound_form(AsOfForm, request.GET)
    valid = form.is_valid()
    on = form.cleaned_data["as_of"] if valid else selectors.today()
    state = selectors.state_on(iso3, on)
    can_read_internal = role_of(request.user) in (Role.SECRETARIAT, Role.COCHAIRS)
    context = {
        "form": form,
        "state": state,
        "as_of": on,
        "date_valid": valid,
        "timeline": selectors.state_timeline(state, on),
        "entry_into_force_pending": selectors.entry_into_force_pending(state, on),
        "history": state_history(state) if can_read_internal else None,
    }
    return render(request, "states/detail.html", context, status=200 if valid else 400)
