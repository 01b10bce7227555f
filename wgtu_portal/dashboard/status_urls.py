"""/status/: the public overview, named "status" in the root namespace (no app_name)."""

from django.urls import path

from wgtu_portal.dashboard import views

urlpatterns = [
    path("", views.status, name="status"),
]
