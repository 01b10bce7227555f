"""The treaty-status endpoints of the public JSON API, mounted at /api/ (no trailing slashes:
DESIGN.md's contract) by the root URL configuration, with those of the apps above (the
conferences) and the OpenAPI document describing them all."""

from django.urls import path

from states import api

urlpatterns = [
    path("status/summary", api.status_summary, name="summary"),
    path("states", api.state_list, name="states"),
]
