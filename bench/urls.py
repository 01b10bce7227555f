"""The production URLs plus the benchmark's floor at /bench/floor/ ("bench:floor")."""

from django.urls import include, path

from bench import views as bench_views
from wgtu_portal.urls import urlpatterns as portal_urlpatterns

urlpatterns = [path("bench/", include(bench_views.urls)), *portal_urlpatterns]
