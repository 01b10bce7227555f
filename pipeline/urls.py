"""The Secretariat's pages of the pipeline. They join the pipeline page in the "pipeline"
namespace under /pipeline/ (dashboard/urls_pipeline.py), the page living in the dashboard app
because it composes challenges and outreach too."""

from django.urls import path

from pipeline import views

urlpatterns = [
    path("states/<str:iso3>/add/", views.EntryAddView.as_view(), name="entry_add"),
    path("entries/<int:pk>/edit/", views.EntryEditView.as_view(), name="entry_edit"),
    path("entries/<int:pk>/delete/", views.EntryDeleteView.as_view(), name="entry_delete"),
    path("import/", views.ImportView.as_view(), name="import"),
    path("import/confirm/", views.import_confirm, name="import_confirm"),
    path("stages/", views.StageListView.as_view(), name="stages"),
    path("stages/add/", views.StageCreateView.as_view(), name="stage_create"),
    path("stages/<str:code>/edit/", views.StageEditView.as_view(), name="stage_edit"),
]
