"""Coverage of the non-States Parties and the follow-ups still open."""

from django.shortcuts import render
from django.views import View

from outreach import selectors
from outreach.forms import CoverageForm
from outreach.views.mixins import OutreachReadMixin, paginate
from states import dates


class CoverageView(OutreachReadMixin, View):
    """Every non-State Party on ?as_of: last contact, days since, contacts since ?since, open
    challenges; never contacted first. One query for the rows."""

    def get(self, request):
        form = CoverageForm(request.GET)
        if not form.is_valid():
            return render(request, "outreach/coverage.html", {"form": form}, status=400)
        data = form.cleaned_data
        rows = selectors.coverage(on=data["as_of"], since=data["since"], region=data["region"])
        return render(
            request,
            "outreach/coverage.html",
            {
                "form": form,
                "rows": rows,
                "as_of": data["as_of"],
                "since": data["since"],
                "default_since": selectors.DEFAULT_CYCLE_START,
                "never": sum(1 for r in rows if r.last_contact is None),
            },
        )


class FollowUpListView(OutreachReadMixin, View):
    """Open follow-ups, earliest due first (the overdue ones on top), 50 a page."""

    def get(self, request):
        today = dates.today()
        followups = selectors.open_followups(request.user)
        page, query = paginate(request, followups)
        return render(
            request,
            "outreach/followups.html",
            {
                "page": page,
                "query": query,
                "today": today,
                "overdue_count": followups.overdue(today).count(),
            },
        )


class MyFollowUpsView(View):
    """GET /my/follow-ups/: the follow-ups assigned to the signed-in account, whatever
    its role, open ones first (earliest due on top), 50 a page. Readers of internal outreach see
    each activity (linked); other readers (Delegates) the action and dates alone, since an
    activity's notes are internal. Queries: the page (activity and states prefetched for internal
    readers), the count."""

    http_method_names = ["get", "head", "options"]

    def get(self, request):
        today = dates.today()
        followups = selectors.my_followups(request.user)
        page, query = paginate(request, followups)
        return render(
            request,
            "outreach/my_followups.html",
            {
                "page": page,
                "query": query,
                "today": today,
                "reads_internal": request.user.has_perm("outreach.view_internal_outreach"),
            },
        )
