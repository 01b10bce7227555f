"""Root URLs. Every page requires sign-in (LoginRequiredMiddleware) unless its view is marked
@login_not_required; tests/test_url_access.py holds the access decision of every URL pattern."""

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from dashboard.views import home
from meetings.calendar import key_dates
from states.views.public import status_view

urlpatterns = [
    path("", home, name="home"),
    path("accounts/", include("accounts.urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("dashboard/", include("dashboard.urls")),
    # The public status overview (states) with the cycles' key dates (meetings).
    path("status/", status_view(key_dates), name="status"),
    path("states/", include("states.urls")),
    path("api/", include("states.api_urls")),
    path("depositary/", include("depositary.urls")),
    path("challenges/", include("challenges.urls")),
    path("pipeline/", include("dashboard.urls_pipeline")),
    path("outreach/", include("outreach.urls")),
    path("meetings/", include("meetings.urls")),
    path("reports/", include("meetings.report_urls")),
    path("admin/", admin.site.urls),
]
