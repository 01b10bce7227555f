"""The co-chairs' dashboard, the joining pipeline page and its export, and the home page
(read-only, GET)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views import View
from django.views.decorators.http import require_safe

from accounts.roles import role_of
from caching.headers import confidential
from caching.pages import cached_page
from dashboard import cache
from dashboard.forms import AuditFilterForm, CompareForm
from dashboard.home import home_page
from dashboard.pipeline import (
    NO_ENTRY_CHOICE,
    PipelineFilterForm,
    export_header,
    export_rows,
    pipeline_page,
)
from meetings.calendar import KEY_DATE_MODELS, key_dates
from outreach.selectors import reader_scope
from pipeline.selectors import vocabulary
from states import exports
from states.dates import AsOfForm, bound_form, today
from states.views.public import status_view

COMPARE_TEMPLATE = "dashboard/includes/compare.html"

PIPELINE_PERMISSION = "pipeline.view_stageentry"


class DashboardView(PermissionRequiredMixin, View):
    """Co-chairs and Secretariat: states.view_treatyaction (Delegates only have view_state).

    ?as_of=YYYY-MM-DD: the date of the figures (today by default); ?since=…[&until=…]: what
    changed between any two dates besides the previous meeting and the last CSP. A bad date or
    pair: the page with the messages, HTTP 400."""

    permission_required = "states.view_treatyaction"
    raise_exception = False
    template_name = "dashboard/index.html"
    http_method_names = ["get", "head", "options"]

    def get(self, request):
        """The whole page from the page cache (caching.pages), keyed by the versions of all it
        shows and what of the outreach the reader may read (the date, the comparison, the
        reader, the language and today are in the page key): on a hit, the version query only.
        On a miss, the halves may still come from their own caches (dashboard/cache.py)."""
        self.versions = cache.page_versions()
        parts = (sorted(self.versions.items()), reader_scope(request.user))
        return cached_page(request, parts, lambda: self.page(request))

    def page(self, request):
        form = bound_form(AsOfForm, request.GET)
        # Resolve the role now, so the template's context processors run no query.
        role_of(request.user)
        as_of = form.cleaned_data["as_of"] if form.is_valid() else today()
        compare = CompareForm(request.GET, default_until=as_of)
        if not (form.is_valid() and compare.is_valid()):
            for errors in [*form.errors.values(), *compare.errors.values()]:
                for error in errors:
                    messages.error(request, error)
            context = {"form": form, "compare_form": compare, "compare_as_of": as_of}
            return render(request, self.template_name, context, status=400)
        context = cache.dashboard_page(as_of, user=request.user, versions=self.versions)
        context.update(compare_form=compare, compare_as_of=as_of)
        if compare.requested:
            context["comparison"] = cache.comparison(
                compare.cleaned_data["since"],
                compare.cleaned_data["until"],
                ledger=self.versions["ledger"],
            )
        return render(request, self.template_name, {"form": form, **context})


dashboard = DashboardView.as_view()

# The public status page, as the home page of anonymous visitors (the same view as /status/).
public_status = status_view(key_dates, KEY_DATE_MODELS)


@login_not_required
@require_safe
def home(request):
    """Anonymous visitors: the public status page. Signed-in users: "what needs me now" for
    their role (dashboard.home), with today's treaty status at a glance."""
    if not request.user.is_authenticated:
        return public_status(request)
    return render(request, "home.html", home_page(request.user, today()))


def _query(form, **params) -> str:
    """The page's query string with `params` changed (a value of None drops it)."""
    data = {k: v for k, v in form.data.items() if v and k in form.fields}
    for key, value in params.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return urlencode(data)


class PipelineView(PermissionRequiredMixin, View):
    """GET /pipeline/?as_of=&region=&stage=: who may join next, as of any date. The whole page
    from the page cache (caching.pages), keyed by the versions of all it shows (the ledger, the
    pipeline, challenges, outreach, meetings: one query); the date, reader, language and query
    string are in the page key. On a miss: the vocabulary, the key dates, the states with their
    stages and outreach, their open challenges, their next follow-ups. A bad parameter: the
    form's message, HTTP 400."""

    permission_required = PIPELINE_PERMISSION
    raise_exception = True
    http_method_names = ["get", "head", "options"]
    template_name = "dashboard/pipeline.html"

    def get(self, request):
        parts = (sorted(cache.page_versions().items()),)
        return cached_page(request, parts, lambda: self.page(request))

    def page(self, request):
        role_of(request.user)  # resolved now: the template's context processors run no query
        stages = vocabulary()
        form = PipelineFilterForm(bound_form(AsOfForm, request.GET).data, stages=stages)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        data = form.cleaned_data
        context = pipeline_page(
            data["as_of"], region=data["region"] or None, stage=data["stage"], stages=stages
        )
        context.update(
            form=form,
            export_query=_query(form),
            counts=[
                {**c, "url": "?" + _query(form, stage=c["stage"].code or NO_ENTRY_CHOICE)}
                for c in context["counts"]
            ],
            all_stages_url="?" + _query(form, stage=None),
        )
        return render(request, self.template_name, context)


class PipelineExportView(PermissionRequiredMixin, View):
    """GET /pipeline/export.csv with the page's parameters: its rows as CSV, most advanced
    first, every cell formula-safe (states.exports)."""

    permission_required = PIPELINE_PERMISSION
    raise_exception = True
    http_method_names = ["get", "head", "options"]

    def get(self, request):
        stages = vocabulary()
        form = PipelineFilterForm(bound_form(AsOfForm, request.GET).data, stages=stages)
        if not form.is_valid():
            return HttpResponse(
                form.first_error(), status=400, content_type="text/plain; charset=utf-8"
            )
        data = form.cleaned_data
        context = pipeline_page(
            data["as_of"], region=data["region"] or None, stage=data["stage"], stages=stages
        )
        filename = f"joining-pipeline-{data['as_of'].isoformat()}.csv"
        header = export_header(context["pipeline"].references)
        return exports.csv_response(filename, header, export_rows(context["rows"]))


class AuditView(PermissionRequiredMixin, View):
    """GET /audit/ (Secretariat: accounts.view_audit_trail; 403 for other roles): every change
    to every record and the sign-in events (dashboard.audit), filtered by person, kind of record,
    state and date range, 50 a page; ?format=csv: every matching event as formula-safe CSV.
    Both private, never stored (Cache-Control: private, no-store).

    Queries of a page: the framework's (session, user, role and permissions), the count, the
    page (one UNION ALL), one per kind of record on the page and one per kind of record those
    point at; the filter's choices (people, states). Constant whatever the page size."""

    permission_required = "accounts.view_audit_trail"
    raise_exception = True
    http_method_names = ["get", "head", "options"]
    paginate_by = 50

    def get(self, request):
        from dashboard import audit

        form = AuditFilterForm(request.GET)
        if not form.is_valid():
            context = {"form": form, "page": None, "entries": []}
            return confidential(render(request, "dashboard/audit.html", context, status=400))
        filters = form.filters()
        if request.GET.get("format") == "csv":
            response = exports.csv_response(
                f"audit-{today().isoformat()}.csv",
                audit.audit_csv_header(),
                audit.audit_csv_rows(filters),
            )
            return confidential(response)
        page = Paginator(audit.audit_events(filters), self.paginate_by).get_page(
            request.GET.get("page")
        )
        params = request.GET.copy()
        params.pop("page", None)
        params.pop("format", None)
        context = {
            "form": form,
            "page": page,
            "entries": audit.audit_entries(list(page.object_list)),
            "query": params.urlencode(),
        }
        return confidential(render(request, "dashboard/audit.html", context))
