"""Meeting reports (PDF) and the reports page; state briefing packs.

Who gets what: Delegates the public edition of published meetings (an unpublished one is a 404
for them); the Secretariat and the Co-chairs every meeting (a preview before publication) and the
internal edition; a Delegate asking for the internal edition gets 403. Only the Secretariat
publishes. A report that cannot be rendered within its bounds answers 503 with a message.
"""

import base64

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from caching.headers import confidential
from meetings import services
from meetings.forms import BriefingSetForm
from meetings.models import (
    INTERNAL_PERMISSION,
    BulkDownload,
    BulkKind,
    Language,
    Meeting,
    ReportEdition,
    WorkPlan,
)
from meetings.reports import bulk, jobs
from meetings.reports.cache import meeting_report_stored, readable_meeting, report_data_version
from meetings.reports.render import CONTENT_TYPE
from meetings.tasks import bulk_download_render, meeting_report_render, state_briefing_render
from states.dates import AsOfForm
from states.models import State

REPORT_PERMISSIONS = ("meetings.view_published_report", INTERNAL_PERMISSION)
BRIEFING_PERMISSIONS = (INTERNAL_PERMISSION, "outreach.view_internal_outreach")


def reports_for(user):
    """The meetings whose report `user` may download (scoped: every lookup goes through it)."""
    return Meeting.objects.reports_visible_to(user)


def pdf_response(filename: str, content_type: str, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-cache"
    return response


def unavailable(request, message: str) -> HttpResponse:
    return render(request, "reports/unavailable.html", {"message": message}, status=503)


def bad_request(request, message: str) -> HttpResponse:
    return render(request, "reports/unavailable.html", {"message": message}, status=400)


def preparing(request, job_id: str) -> HttpResponse:
    """HTTP 202: the report is being prepared; the page refreshes itself (a meta refresh, no
    script) with the render's id, and then gets the PDF."""
    params = request.GET.copy()
    params["job"] = str(job_id)
    context = {
        "refresh_url": f"{request.path}?{params.urlencode()}",
        "seconds": jobs.REFRESH_SECONDS,
    }
    return render(request, "reports/preparing.html", context, status=202)


def unavailable_message(value: dict) -> str:
    return value.get("error") or _(
        "The report could not be produced. The Secretariat has been told; please try later."
    )


class ReportReaderMixin(PermissionRequiredMixin):
    """Readers of reports: Delegates (published ones), Co-chairs and the Secretariat."""

    raise_exception = True

    def has_permission(self):
        return any(self.request.user.has_perm(p) for p in REPORT_PERMISSIONS)


class MeetingReportView(ReportReaderMixin, View):
    """GET /meetings/<id>/report.pdf?lang=en|fr|es[&edition=public|internal]: the report PDF,
    rendered once per data version and served from storage afterwards. A render runs as a
    background task (meetings.tasks.meeting_report_render); the view waits for it within
    REPORT_TASK_WAIT seconds, else answers 202 with a page that refreshes itself (&job=<id>).

    Queries of a download already served by this process, at any data size: the framework's
    (session, user, role and permissions; every has_perm after the first reads the user's
    cache) and the data version; + the scoped meeting lookup when this process has not checked
    it for this version, + the stored rendering when it does not hold its bytes
    (meetings.reports.cache)."""

    def get(self, request, pk):
        language = request.GET.get("lang", "en")
        edition = request.GET.get("edition", ReportEdition.PUBLIC)
        if language not in Language.values:
            return bad_request(request, _("Unknown language: choose en, fr or es."))
        if edition not in ReportEdition.values:
            return bad_request(request, _("Unknown edition: choose public or internal."))
        if edition == ReportEdition.INTERNAL and not request.user.has_perm(INTERNAL_PERMISSION):
            raise PermissionDenied(_("The internal edition is for the Secretariat and Co-chairs."))
        # The version first (it needs the id only): the scoped lookup is then kept by it.
        version = report_data_version(pk, edition)
        scope = "internal" if request.user.has_perm(INTERNAL_PERMISSION) else "published"
        # No select_related("plan"): only a render reads the plan (one query then).
        meeting = readable_meeting(reports_for(request.user), pk, version, scope)
        stored = {"meeting": meeting, "edition": edition, "language": language, "version": version}
        found = meeting_report_stored(**stored)
        if found is None:
            args = [meeting.pk, edition, language]
            job = jobs.find(meeting_report_render, request.GET.get("job"), args)
            job = jobs.wait(job or meeting_report_render.enqueue(*args))
            value = jobs.outcome(job)
            if value is None:
                return preparing(request, job.id)
            if not value.get("ok"):
                return unavailable(request, unavailable_message(value))
            found = meeting_report_stored(**stored)
            if found is None:  # the data changed while it rendered: the new version next time
                return preparing(request, meeting_report_render.enqueue(*args).id)
        filename, content = found
        response = pdf_response(filename, CONTENT_TYPE, content)
        # Only a published public edition is for everyone who may read reports.
        if edition == ReportEdition.INTERNAL or not meeting.report_published:
            confidential(response)
        return response


class ReportsIndexView(ReportReaderMixin, TemplateView):
    """Every meeting report the reader may download, per work plan, in the three languages.

    Queries: the plans, their meetings (scoped to the reader).
    """

    template_name = "reports/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        meetings = reports_for(user).order_by("date", "pk")
        plans = [
            plan
            for plan in WorkPlan.objects.prefetch_related(
                Prefetch("meetings", meetings, to_attr="report_meetings")
            )
            if plan.report_meetings
        ]
        context.update(
            plans=plans,
            languages=Language.choices,
            reads_internal=user.has_perm(INTERNAL_PERMISSION),
            can_publish=user.has_perm("meetings.change_meeting"),
        )
        return context


class ReportPublicationView(PermissionRequiredMixin, View):
    """POST published=1|0: publish or withdraw a meeting's report (Secretariat)."""

    permission_required = "meetings.change_meeting"
    raise_exception = True
    http_method_names = ["post"]

    def post(self, request, pk):
        meeting = get_object_or_404(Meeting, pk=pk)
        value = request.POST.get("published")
        if value not in ("0", "1"):
            messages.error(request, _("Choose whether to publish the report or withdraw it."))
            return redirect("reports:index")
        published = value == "1"
        changed = services.meeting_report_publish(
            meeting=meeting, published=published, user=request.user
        )
        if not changed:
            messages.info(request, _("Nothing was changed."))
        elif published:
            messages.success(
                request,
                _("The report of %(meeting)s is published: Delegates can download it.")
                % {"meeting": meeting.heading},
            )
        else:
            messages.success(
                request,
                _("The report of %(meeting)s is withdrawn: Delegates no longer see it.")
                % {"meeting": meeting.heading},
            )
        return redirect("reports:index")


class StateBriefingView(PermissionRequiredMixin, View):
    """GET /reports/briefing/<ISO3>.pdf?lang=…&as_of=YYYY-MM-DD: a state's briefing pack
    (Secretariat and Co-chairs). Rendered on each request (a few pages, bounded like reports) as
    a background task (meetings.tasks.state_briefing_render), waited for like a report."""

    permission_required = BRIEFING_PERMISSIONS
    raise_exception = True

    def get(self, request, iso3):
        language = request.GET.get("lang", "en")
        if language not in Language.values:
            return bad_request(request, _("Unknown language: choose en, fr or es."))
        form = AsOfForm(request.GET)
        if not form.is_valid():
            return bad_request(request, form.first_error())
        as_of = form.cleaned_data["as_of"]
        state = get_object_or_404(State, iso3=iso3.upper())
        args = [state.iso3, language, as_of.isoformat()]
        job = jobs.find(state_briefing_render, request.GET.get("job"), args)
        job = jobs.wait(job or state_briefing_render.enqueue(*args))
        value = jobs.outcome(job)
        if value is None:
            return preparing(request, job.id)
        if "content" not in value:
            return unavailable(request, unavailable_message(value))
        return confidential(
            pdf_response(value["filename"], CONTENT_TYPE, base64.b64decode(value["content"]))
        )


# --- downloads in bulk (meetings.reports.bulk) ---------------------------------------------------


class MeetingReportsBulkView(ReportReaderMixin, View):
    """POST /reports/bulk/meeting/<id>/ (edition=public|internal): the meeting's
    report in English, French and Spanish as one ZIP, prepared in the background; then the
    waiting page. The same access as the single report: the reader's scoped meetings (404 for a
    meeting they may not read), the internal edition for the Secretariat and Co-chairs (403)."""

    http_method_names = ["post", "options"]

    def post(self, request, pk):
        edition = request.POST.get("edition", ReportEdition.PUBLIC)
        if edition not in ReportEdition.values:
            return bad_request(request, _("Unknown edition: choose public or internal."))
        if edition == ReportEdition.INTERNAL and not request.user.has_perm(INTERNAL_PERMISSION):
            raise PermissionDenied(_("The internal edition is for the Secretariat and Co-chairs."))
        meeting = get_object_or_404(reports_for(request.user), pk=pk)
        download = bulk.bulk_download_create(
            user=request.user,
            kind=BulkKind.MEETING_REPORTS,
            title=bulk.meeting_title(meeting),
            params={"meeting": meeting.pk, "edition": edition},
            total=len(Language.values),
            confidential=edition == ReportEdition.INTERNAL or not meeting.report_published,
        )
        return started(download)


class BriefingPacksBulkView(PermissionRequiredMixin, View):
    """GET/POST /reports/briefing/bulk/: the briefing packs of a set of states (a region's
    non-parties, the stalled ones, a hand-picked list) as one ZIP, prepared in the background
    (Secretariat and Co-chairs, as a single briefing pack). At most bulk.MAX_STATES states."""

    permission_required = BRIEFING_PERMISSIONS
    raise_exception = True
    template_name = "reports/briefing_bulk.html"

    def get(self, request):
        form = BriefingSetForm(initial={"selection": "region", "language": "en"})
        return render(request, self.template_name, {"form": form})

    def post(self, request):
        form = BriefingSetForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form})
        data = form.cleaned_data
        states = bulk.briefing_states(
            selection=data["selection"],
            as_of=data["as_of"],
            region=data.get("region") or "",
            states=data.get("states") or (),
        )
        if not states or len(states) > bulk.MAX_STATES:
            form.add_error(
                None,
                _("No state is in this selection.")
                if not states
                else _("Choose at most %(n)d states.") % {"n": bulk.MAX_STATES},
            )
            return render(request, self.template_name, {"form": form})
        download = bulk.bulk_download_create(
            user=request.user,
            kind=BulkKind.BRIEFING_PACKS,
            title=bulk.briefing_title(
                selection=data["selection"],
                as_of=data["as_of"],
                region=data.get("region") or "",
                count=len(states),
            ),
            params={
                "states": states,
                "language": data["language"],
                "as_of": data["as_of"].isoformat(),
            },
            total=len(states),
            confidential=True,
        )
        return started(download)


def started(download) -> HttpResponse:
    """Enqueue the rendering of `download` and send its requester to the waiting page. Views run
    in autocommit (no ATOMIC_REQUESTS): the row is committed before the worker looks for it;
    with the immediate backend it is rendered by the time the redirect is sent."""
    bulk_download_render.enqueue(download.pk)
    return redirect(download)


def _may_download(user, download) -> bool:
    """Whether `user` may still have what `download` holds (their role may have changed)."""
    if download.kind == BulkKind.BRIEFING_PACKS:
        return all(user.has_perm(p) for p in BRIEFING_PERMISSIONS)
    if download.params.get("edition") == ReportEdition.INTERNAL:
        return user.has_perm(INTERNAL_PERMISSION)
    return reports_for(user).filter(pk=download.params.get("meeting")).exists()


class BulkDownloadView(View):
    """GET /reports/bulk/<token>/: a bulk download's progress (PDFs done of all, a progress bar)
    while it is prepared, refreshing itself every few seconds without script (a meta refresh);
    the link to the ZIP once ready. Its requester's only: 404 for anyone else."""

    http_method_names = ["get", "head", "options"]

    def get(self, request, token):
        download = get_object_or_404(
            BulkDownload.objects.of(request.user).defer("content"), token=token
        )
        if not _may_download(request.user, download):
            raise PermissionDenied
        context = {"download": download, "seconds": jobs.REFRESH_SECONDS}
        return confidential(render(request, "reports/bulk.html", context))


class BulkDownloadFileView(View):
    """GET /reports/bulk/<token>/download: the ZIP, once ready (else back to its page). Its
    requester's only, while they may still read what it holds; confidential ones (briefing
    packs, internal or unpublished reports) are never stored on the way."""

    http_method_names = ["get", "head", "options"]

    def get(self, request, token):
        download = get_object_or_404(BulkDownload.objects.of(request.user), token=token)
        if not _may_download(request.user, download):
            raise PermissionDenied
        if download.status != BulkDownload.Status.READY:
            return redirect(download)
        response = HttpResponse(bytes(download.content), content_type=bulk.CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{download.filename}"'
        response["Cache-Control"] = "private, no-cache"
        return confidential(response) if download.confidential else response
