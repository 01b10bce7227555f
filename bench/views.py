"""The benchmark's floor (issue 10): the cheapest page the portal can serve.

A bare view rendering a tiny template, through the full middleware stack and the context
processors, so that every other page's cost is read as a ratio to it. Public and harmless: it
reads nothing, writes nothing and says nothing about the portal.

Wired at /bench/floor/ (URL name "bench:floor") by `include(bench_views.urls)`; see bench/README.md.
"""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_safe


@login_not_required
@require_safe
def floor(request):
    return render(request, "bench/floor.html")


# include(urls) under "bench/" gives /bench/floor/, named "bench:floor".
urls = ([path("floor/", floor, name="floor")], "bench")
