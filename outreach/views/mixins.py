from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.paginator import Paginator

PAGE_SIZE = 50


class OutreachReadMixin(PermissionRequiredMixin):
    """Pages for those who may read outreach records (Secretariat, Co-chairs): GET only.

    Signed-in users without the permission get 403; anonymous users never get here
    (LoginRequiredMiddleware sends them to sign in).
    """

    permission_required = "outreach.view_outreachactivity"
    raise_exception = True
    http_method_names = ["get", "head", "options"]


class OutreachWriteMixin(PermissionRequiredMixin):
    """Pages that change outreach records (Secretariat only)."""

    raise_exception = True


def paginate(request, queryset, per_page: int = PAGE_SIZE):
    """The requested page (a bad page number gives the first or last page) and the query string
    of the other parameters, for the page links."""
    page = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return page, params.urlencode()
