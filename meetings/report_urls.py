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
    path(
        "bulk/meeting/<int:pk>/",
        reports.MeetingReportsBulkView.as_view(),
        name="meeting_bulk",
    ),
    path("briefing/bulk/", reports.BriefingPacksBulkView.as_view(), name="briefing_bulk"),
    path("briefing/<str:iso3>.pdf", reports.StateBriefingView.as_view(), name="briefing"),
    path("bulk/<uuid:token>/", reports.BulkDownloadView.as_view(), name="bulk"),
    path("bulk/<uuid:token>/download", reports.BulkDownloadFileView.as_view(), name="bulk_file"),
]
