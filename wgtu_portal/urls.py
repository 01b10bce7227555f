"""Root URLs. Every page requires sign-in (LoginRequiredMiddleware) unless its view is marked
@login_not_required; tests/test_url_access.py holds the access decision of every URL pattern.

What a lower layer shows but an upper one records is handed down here, so no app imports one
above it: the key dates of the status page (conferences and meetings, from meetings), the
delegation of a Delegate's account on its page (meetings), and the OpenAPI part of /api/conferences (meetings) for the document states builds."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from accounts import urls as accounts_urls
from dashboard.views import home
from meetings import api as meetings_api
from meetings import api_urls as meetings_api_urls
from meetings.calendar import KEY_DATE_MODELS, key_dates
from meetings.views.account_delegations import person_delegation_section
from outreach.views import MyFollowUpsView
from states import api_urls as states_api_urls
from states.api import openapi_view
from states.views.public import status_view

# The public JSON API: the treaty status (states) and the conferences (meetings), one document.
api_patterns = [
    *states_api_urls.urlpatterns,
    *meetings_api_urls.urlpatterns,
    path("openapi.json", openapi_view(meetings_api.openapi_part), name="openapi"),
]

urlpatterns = [
    path("", home, name="home"),
    # An account's page shows the delegation a Delegate belongs to (meetings).
    path(
        "accounts/",
        include((accounts_urls.patterns(person_sections=[person_delegation_section]), "accounts")),
    ),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("dashboard/", include("dashboard.urls")),
    # The public status overview (states) with the cycles' key dates (meetings).
    path("status/", status_view(key_dates, KEY_DATE_MODELS), name="status"),
    path("states/", include("states.urls")),
    path("api/", include((api_patterns, "api"))),
    # The calendar feeds: /calendar.ics and the private /calendar/<secret>.ics (meetings).
    path("", include("meetings.feed_urls")),
    path("depositary/", include("depositary.urls")),
    path("challenges/", include("challenges.urls")),
    path("pipeline/", include("dashboard.urls_pipeline")),
    path("outreach/", include("outreach.urls")),
    # Every account's own follow-ups (outreach), outside /outreach/: Delegates read them too.
    path("my/follow-ups/", MyFollowUpsView.as_view(), name="my_followups"),
    path("meetings/", include("meetings.urls")),
    path("reports/", include("meetings.report_urls")),
    path("audit/", include("dashboard.urls_audit")),
]

# Django's admin is a developer's tool (no portal role uses it): routed in development only, so
# production shows no admin sign-in page to anyone.
if settings.DEBUG:
    urlpatterns.append(path("admin/", admin.site.urls))
