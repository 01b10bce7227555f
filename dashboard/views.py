"""The co-chairs' dashboard and the signed-in home page (read-only, GET)."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.shortcuts import render
from django.views import View
from django.views.decorators.http import require_safe

from caching.pages import cached_page
from dashboard import cache
from states.dates import today
from states.models import State
from states.views.public import AsOfPageMixin


class DashboardView(PermissionRequiredMixin, AsOfPageMixin, View):
    """Co-chairs and Secretariat: states.view_treatyaction (Delegates only have view_state)."""

    permission_required = "states.view_treatyaction"
    raise_exception = False
    template_name = "dashboard/index.html"

    def get(self, request):
        """The whole page from the page cache (caching.pages), keyed by the versions of all it
        shows and whether the reader may read internal outreach (the date, the reader, the
        language and today are in the page key): on a hit, the version query only. On a
        miss, the halves may still come from their own caches (dashboard/cache.py)."""
        self.versions = cache.page_versions()
        readers = request.user.has_perm("outreach.view_internal_outreach")
        parts = (sorted(self.versions.items()), readers)
        return cached_page(request, parts, lambda: super(DashboardView, self).get(request))

    def build(self, as_of, form):
        return cache.dashboard_page(
            as_of, user=self.request.user, form=form, versions=self.versions
        )


dashboard = DashboardView.as_view()


@require_safe
def home(request):
    """The signed-in landing page: today's treaty status at a glance and the user's sections."""
    counts = State.objects.counts_on(today())
    return render(request, "home.html", {"counts": counts})
