from django.urls import path

from depositary import views

app_name = "depositary"

urlpatterns = [
    path("", views.CheckIndexView.as_view(), name="index"),
    path("checks/<int:pk>/", views.CheckDetailView.as_view(), name="detail"),
    path("checks/<int:pk>/apply/", views.check_apply, name="apply"),
    path("names/add/", views.name_add, name="name_add"),
    path("sync/", views.sync_now, name="sync"),
]
