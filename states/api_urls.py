"""The public JSON API, mounted at /api/ (no trailing slashes: DESIGN.md's contract)."""

from django.urls import path

from states import api

app_name = "api"

urlpatterns = [
    path("status/summary", api.status_summary, name="summary"),
    path("states", api.state_list, name="states"),
    path("openapi.json", api.openapi, name="openapi"),
]
