"""/audit/: the audit trail (Secretariat)."""

from django.urls import path

from dashboard import views

app_name = "audit"

urlpatterns = [
    path("", views.AuditView.as_view(), name="index"),
]
