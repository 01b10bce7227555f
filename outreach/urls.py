from django.urls import path

from outreach import views

app_name = "outreach"

urlpatterns = [
    path("", views.ActivityLogView.as_view(), name="index"),
    path("export.csv", views.ActivityExportView.as_view(), name="export"),
    path("new/", views.ActivityCreateView.as_view(), name="create"),
    path("<int:pk>/", views.ActivityDetailView.as_view(), name="activity"),
    path("<int:pk>/edit/", views.ActivityUpdateView.as_view(), name="edit"),
    path("<int:pk>/delete/", views.ActivityDeleteView.as_view(), name="delete"),
    path(
        "<int:activity_pk>/files/<int:pk>/",
        views.AttachmentDownloadView.as_view(),
        name="attachment",
    ),
    path("states/<str:iso3>/", views.StateTimelineView.as_view(), name="state_timeline"),
    path("coverage/", views.CoverageView.as_view(), name="coverage"),
    path("follow-ups/", views.FollowUpListView.as_view(), name="followups"),
    path("follow-ups/<int:pk>/done/", views.FollowUpDoneView.as_view(), name="followup_done"),
]
