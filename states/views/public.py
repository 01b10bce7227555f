"""Public treaty-status pages: the status overview, the states list, its export and each
state's page.

Anyone may read them (treaty status is public information); the change history on a state's page
is shown to the Secretariat and the Co-chairs only.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_safe

from accounts.roles import Role, role_of
from caching.fragments import cached
from caching.pages import cached_page
from states import exports, overview, selectors
from states.cache import (
    freshness_for,
    ledger_version,
    max_age_for,
    role_key,
    state_page_version,
    status_page_version,
    status_version,
)
from states.dates import AsOfForm, bound_form, today
from states.filter_forms import fields_html
from states.history import state_history
from states.selectors import StateListForm

EXPORT_FORMATS = ("csv", "xlsx")
LIST_BODY = "states/includes/list_body.html"


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
    """All states with their status on ?as_of, filtered and sorted. The whole page is cached by
    the ledger's version (caching.pages: the reader, the language, the query string and today
    are in its key): one query (the version) when cached. On a miss the body below the heading
    may come from its own cache (by ledger version, parameters, date, language and role), else
    two more queries for the data."""
    version = status_version(max_age_for(request.user))
    return cached_page(request, (version,), lambda: _state_list_page(request, version))


def _state_list_page(request, version: str):
    form = bound_form(StateListForm, request.GET)
    if not form.is_valid():
        body = render_to_string(LIST_BODY, {"form": form}, request)
        return render(request, "states/list.html", {"form": form, "body": body}, status=400)
    cleaned = form.cleaned_data

    def body():
        rows, counts = selectors.state_list(cleaned)
        export_params = request.GET.copy()
        export_params.pop("format", None)
        context = {
            "form": form,
            "form_fields": fields_html(form),
            "as_of": cleaned["as_of"],
            "states": selectors.table_rows(
                rows, cleaned["as_of"], link_as_of=bool(request.GET.get("as_of"))
            ),
            "counts": counts,
            "selected_status": cleaned["status"],
            "headers": _sort_links(request, cleaned["sort"]),
            "export_query": export_params.urlencode(),
        }
        return render_to_string(LIST_BODY, context, request)

    parts = (request.GET.urlencode(), cleaned["as_of"], role_key(request.user))
    return render(
        request,
        "states/list.html",
        {
            "form": form,
            "as_of": cleaned["as_of"],
            "body": cached(version, "list", parts, body),
            "freshness": freshness_for(version),
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
    cleaned = form.cleaned_data

    def export():
        on = cleaned["as_of"]
        rows = selectors.state_rows(
            on=on,
            status=cleaned["status"],
            region=cleaned["region"],
            q=cleaned["q"],
            sort=cleaned["sort"],
        )
        filename = f"att-status-{on.isoformat()}.{file_format}"
        header = exports.state_export_header()
        data = exports.state_export_rows(rows, selectors.cn_references(rows, on))
        if file_format == "xlsx":
            return exports.xlsx_response(filename, header, data, sheet_title=on.isoformat())
        return exports.csv_response(filename, header, data)

    # The whole response (body and headers) is cached: one query (the version) when cached.
    parts = (file_format, params.urlencode(), cleaned["as_of"])
    return cached(ledger_version(max_age_for(request.user)), "export", parts, export)


@login_not_required
@require_safe
def state_detail(request, iso3):
    """A state's status on ?as_of and its timeline, its declarations; its change history for the
    Secretariat and the Co-chairs. The whole page is cached by the version of the ledger and of
    the declarations (caching.pages; the reader, language, query string and today are in its
    key): one query when cached. On a miss, the state and the page down to its timeline may come
    from their own caches (states/cache.py); else the state with its record and its actions, the
    declarations, and two for the history."""
    if iso3 != iso3.upper():
        query = f"?{request.GET.urlencode()}" if request.GET else ""
        return redirect(reverse("states:detail", args=[iso3.upper()]) + query)
    version = state_page_version(max_age_for(request.user))
    return cached_page(request, (version,), lambda: _state_page(request, iso3, version))


def _state_page(request, iso3: str, version: str):
    form = bound_form(AsOfForm, request.GET)
    valid = form.is_valid()
    on = form.cleaned_data["as_of"] if valid else today()
    state = cached(version, "state", (iso3, on), lambda: selectors.state_on(iso3, on))
    can_read_internal = role_of(request.user) in (Role.SECRETARIAT, Role.COCHAIRS)

    def record_html():
        context = {
            "form": form,
            "form_fields": fields_html(form),
            "state": state,
            "as_of": on,
            "date_valid": valid,
            "timeline": selectors.state_timeline(state, on),
            "entry_into_force_pending": selectors.entry_into_force_pending(state, on),
        }
        return render_to_string("states/includes/state_record.html", context, request)

    parts = (iso3, request.GET.urlencode(), on, valid, role_key(request.user))
    context = {
        "form": form,
        "state": state,
        "as_of": on,
        "record_html": cached(version, "state-page", parts, record_html),
        "history": state_history(state) if can_read_internal else None,
        "freshness": freshness_for(version),
    }
    return render(request, "states/detail.html", context, status=200 if valid else 400)


class AsOfPageMixin:
    """A GET page of the treaty status on ?as_of=YYYY-MM-DD (states.dates.AsOfForm: today by
    default). A bad date: the page with the form's message, HTTP 400."""

    http_method_names = ["get", "head", "options"]
    template_name = ""

    def build(self, as_of, form) -> dict:
        raise NotImplementedError

    def get(self, request):
        form = bound_form(AsOfForm, request.GET)
        # Resolve the role now, so the template's context processors run no query.
        role_of(request.user)
        if not form.is_valid():
            for error in form.errors.get("as_of", []):
                messages.error(request, error)
            return render(request, self.template_name, {"form": form}, status=400)
        as_of = form.cleaned_data["as_of"]
        return render(request, self.template_name, {"form": form, **self.build(as_of, form)})


class StatusView(AsOfPageMixin, View):
    """The public treaty-status overview: anonymous users and every role. `key_dates`: a
    function returning the one-click dates and chart markers (states.keydates.KeyDate) given a
    data version that holds theirs, and `key_date_models` the models they are read from; both
    given by the URL configuration (the meetings app records them, above this one).

    Cached like the states list (caching.pages): the whole page is kept by the version of the
    ledger, the freshness line's data and the key dates (states.cache.status_page_version: one
    query, none for an anonymous reader within PUBLIC_MAX_AGE of this process's last reading);
    the reader, the language, the query string and today are in the page key."""

    template_name = "status/index.html"
    key_dates = None
    key_date_models: tuple = ()

    def get(self, request):
        version = status_page_version(self.key_date_models, max_age_for(request.user))
        self.version = version
        return cached_page(request, (version,), lambda: super(StatusView, self).get(request))

    def build(self, as_of, form):
        key_dates = self.key_dates(self.version) if self.key_dates else []
        return {
            **overview.status_overview(as_of, key_dates, today()),
            "freshness": freshness_for(self.version),
        }


def status_view(key_dates, key_date_models=()):
    """The public status page, with the key dates `key_dates(version)` returns, read from
    `key_date_models` (their data version joins the page's)."""
    return login_not_required(
        StatusView.as_view(key_dates=key_dates, key_date_models=tuple(key_date_models))
    )
