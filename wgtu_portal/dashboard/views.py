"""The co-chairs' dashboard and the public treaty-status overview (both read-only, GET)."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.shortcuts import render
from django.views import View

from accounts.roles import role_of
from caching.pages import cached_page
from wgtu_portal.dashboard import cache, selectors
from wgtu_portal.dashboard.forms import as_of_form


class AsOfPageMixin:
    """GET only: reads ?as_of=YYYY-MM-DD (today by default); a malformed date → message + 400."""

    http_method_names = ["get", "head", "options"]
    template_name = ""

    def build(self, as_of: dt.date, form) -> dict:
        raise NotImplementedError

    def get(self, request):
        form = as_of_form(request.GET)
        # Resolve the role now, so the template's context processors run no query.
        role_of(request.user)
        if form.is_bound and not form.is_valid():
            for error in form.errors["as_of"]:
                messages.error(request, error)
            return render(request, self.template_name, {"form": form}, status=400)
        as_of = form.cleaned_data["as_of"] if form.is_bound else dt.date.today()
        return render(request, self.template_name, {"form": form, **self.build(as_of, form)})


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


class StatusView(AsOfPageMixin, View):
    """The public treaty-status overview: anonymous users and every role."""

    template_name = "status/index.html"

    def build(self, as_of, form):
        return selectors.status_overview(as_of)


dashboard = DashboardView.as_view()
status = login_not_required(StatusView.as_view())
