"""Challenges: internal pages (Secretariat and Co-chairs), never public."""

from django.urls import path

from challenges import views

app_name = "challenges"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("heatmap/", views.HeatMapView.as_view(), name="heatmap"),
    path("tags/", views.TagListView.as_view(), name="tags"),
    path("tags/export.csv", views.TagExportView.as_view(), name="export"),
    path("tags/new/", views.TagCreateView.as_view(), name="tag_create"),
    path("tags/bulk/", views.BulkTagView.as_view(), name="tag_bulk"),
    path("tags/<int:pk>/", views.TagDetailView.as_view(), name="tag"),
    path("tags/<int:pk>/edit/", views.TagEditView.as_view(), name="tag_edit"),
    path("tags/<int:pk>/close/", views.TagCloseView.as_view(), name="tag_close"),
    path("tags/<int:pk>/reopen/", views.TagReopenView.as_view(), name="tag_reopen"),
    path("states/<str:iso3>/", views.StateProfileView.as_view(), name="state"),
    path("items/new/", views.ChallengeCreateView.as_view(), name="challenge_create"),
    path("<str:code>/edit/", views.ChallengeEditView.as_view(), name="challenge_edit"),
    path("<str:code>/retire/", views.ChallengeRetireView.as_view(), name="challenge_retire"),
    path("<str:code>/unretire/", views.ChallengeUnretireView.as_view(), name="challenge_unretire"),
    path("<str:code>/", views.ChallengeDetailView.as_view(), name="challenge"),
]
