"""The meetings app's endpoints of the public JSON API, mounted at /api/ beside the treaty
status's (wgtu_portal/urls.py)."""

from django.urls import path

from meetings import api

urlpatterns = [
    path("conferences", api.conference_list, name="conferences"),
]
