"""/reports/: the reports page, publication, and the state briefing packs (namespace "reports")."""

from django.urls import path

from meetings.views import reports

app_name = "reports"

urlpatterns = [
    path("", reports.ReportsIndexView.as_view(), name="index"),
    path(
        "meetings/<int:pk>/publication/",
        reports.ReportPublicationView.as_view(),
        name="publication",
    ),
    path("briefing/<str:iso3>.pdf", reports.StateBriefingView.as_view(), name="briefing"),
]
