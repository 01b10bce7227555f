"""/pipeline/ (namespace "pipeline"): the pipeline page and its export (this app: they compose
challenges and outreach), and the Secretariat's editing pages of the pipeline app."""

from django.urls import path

from dashboard.views import PipelineExportView, PipelineView
from pipeline.urls import urlpatterns as editing

app_name = "pipeline"

urlpatterns = [
    path("", PipelineView.as_view(), name="index"),
    path("export.csv", PipelineExportView.as_view(), name="export"),
    *editing,
]
