"""Reading the log: the list with its filters, its CSV export, one activity, a state's timeline,
and the attachments (Secretariat and Co-chairs)."""

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views import View

from caching.fragments import cached
from caching.headers import confidential
from caching.pages import cached_page
from caching.versions import data_version
from outreach import selectors
from outreach.exports import activity_csv_response
from outreach.forms import LogFilterForm
from outreach.views.mixins import OutreachReadMixin, paginate
from states import dates
from states.cache import LEDGER
from states.models import State

LOG_BODY = "outreach/includes/log_body.html"
LOG_FILTER = "outreach/includes/log_filter_fields.html"


class ActivityLogView(OutreachReadMixin, View):
    """The log, newest first, 50 a page. The whole page is cached (caching.pages), and on a miss
    its body (filters, table, pages) may come from its own cache; both are keyed by the version
    of the outreach records and of the ledger (state names and statuses; one query), what the
    reader may read, the query string, today and the language. Queries when cached: the version.
    When not: also the page, its states, the paginator's count, and the filter's fields (kept
    apart, by the states' version, the query string and the language: a new activity does not
    render them again; else the state filter's choices) (plus one for the treaty actions with
    the status filter). A bad filter: not cached."""

    def get(self, request):
        version = data_version(*selectors.VERSIONED, *LEDGER)
        parts = (version, selectors.reader_scope(request.user))
        return cached_page(request, parts, lambda: self._page(request, version))

    def _page(self, request, version: str):
        form = LogFilterForm(request.GET)
        if not form.is_valid():
            activities = selectors.activity_log(request.user, {})
            page, query = paginate(request, activities)
            context = {"form": form, "page": page, "query": query, "today": dates.today()}
            return render(request, "outreach/index.html", context, status=400)
        computed: dict = {}
        # An empty log offers the Secretariat its first entry.
        can_log = request.user.has_perm("outreach.add_outreachactivity")

        def body() -> str:
            activities = selectors.activity_log(request.user, form.cleaned_data)
            page, query = paginate(request, activities)
            filtered = any(form.cleaned_data.values())
            # The filter's fields (crispy-forms: most of a cold render) change only with the
            # states (the state filter's choices), the query string and the language.
            form_html = cached(
                data_version(State),
                "outreach-log-filter",
                sorted(request.GET.lists()),
                lambda: render_to_string(LOG_FILTER, {"form": form}),
            )
            computed.update(
                form=form,
                form_html=mark_safe(form_html),
                page=page,
                query=query,
                today=today,
                filtered=filtered,
                can_log=can_log,
            )
            return render_to_string(LOG_BODY, computed)

        today = dates.today()
        parts = (
            selectors.reader_scope(request.user),
            can_log,
            sorted(request.GET.lists()),
            today,
        )
        html = cached(version, "outreach-log", parts, body)
        # Our own template, rendered above (from the cache or just now).
        context = {**computed, "body": mark_safe(html)}
        return render(request, "outreach/index.html", context)


class ActivityExportView(OutreachReadMixin, View):
    """The log's rows for the same filters, every page, as CSV (formula-safe cells)."""

    def get(self, request):
        form = LogFilterForm(request.GET)
        if not form.is_valid():
            errors = "; ".join(f"{k}: {v[0]}" for k, v in form.errors.items())
            return HttpResponse(errors, status=400, content_type="text/plain; charset=utf-8")
        activities = selectors.activity_log(request.user, form.cleaned_data)
        return confidential(activity_csv_response(activities, filename="outreach-log.csv"))


class ActivityDetailView(OutreachReadMixin, View):
    """One activity with its states, challenges noted, follow-ups, files and history."""

    def get(self, request, pk):
        activity = selectors.activity_detail(request.user, pk)
        return render(
            request,
            "outreach/activity_detail.html",
            {
                "activity": activity,
                "history": selectors.activity_history(activity),
                "today": dates.today(),
            },
        )


class StateTimelineView(OutreachReadMixin, View):
    """A state's outreach, newest first, 50 a page, with its status today."""

    def get(self, request, iso3):
        today = dates.today()
        state = get_object_or_404(State.objects.with_record(today), iso3=iso3.upper())
        page, query = paginate(request, selectors.state_timeline(request.user, state))
        return render(
            request,
            "outreach/state_timeline.html",
            {"state": state, "page": page, "query": query, "today": today},
        )


class AttachmentDownloadView(OutreachReadMixin, View):
    """An attachment, always as a download (never rendered by the browser)."""

    def get(self, request, activity_pk, pk):
        attachment = selectors.attachment_for(request.user, activity_pk, pk)
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError:
            raise Http404(_("This file is missing from the storage.")) from None
        return confidential(
            FileResponse(
                handle,
                as_attachment=True,
                filename=attachment.original_name,
                content_type=attachment.content_type,
            )
        )
