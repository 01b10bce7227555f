"""Test-only pages served through caching.pages (tests/caching/test_pages.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.template import Context, RequestContext, Template
from django.urls import path

from wgtu_portal.urls import urlpatterns as portal_urlpatterns

PAGE = Template(
    '{% load i18n %}<html><head><script nonce="{{ csp_nonce }}">1</script></head><body>'
    "<p id=reader>{{ user.get_full_name|default:user.username|default:'anonymous' }}</p>"
    "<p id=language>{% get_current_language as code %}{{ code }}</p>"
    "<p id=query>{{ request.GET.q }}</p><p id=version>{{ version }}</p>"
    "{% for message in messages %}<p class=message>{{ message }}</p>{% endfor %}"
    '<form method=post action="/post/">{% csrf_token %}</form>'
    '<form method=post action="/post/">{% csrf_token %}</form></body></html>'
)

# What the tests change: the data version the page claims, and how the next render behaves.
STATE = {"version": "1", "renders": 0, "status": 200, "cookie": False, "session": False}


def _render(request):
    STATE["renders"] += 1
    if STATE["session"]:
        request.session["touched"] = True
    response = HttpResponse(
        PAGE.render(RequestContext(request, {"version": STATE["version"]})),
        status=STATE["status"],
    )
    if STATE["cookie"]:
        response.set_cookie("chosen", "yes")
    return response


@login_not_required
def page(request):
    from caching.pages import cached_page

    return cached_page(request, (STATE["version"],), lambda: _render(request))


@login_not_required
def post(request):
    """Accepts a POST only with a valid CSRF token (the CSRF middleware checks it)."""
    return HttpResponse(Template("posted").render(Context()))


@login_not_required
def flash(request):
    messages.info(request, "Saved.")
    return HttpResponse("flashed")


urlpatterns = [
    path("page/", page),
    path("post/", post),
    path("flash/", flash),
    *portal_urlpatterns,  # the navigation and the sign-in page link to them
]
