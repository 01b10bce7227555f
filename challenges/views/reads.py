"""Read-only pages: Secretariat and Co-chairs (challenges.view_challengetag); Delegates get 403.

Anonymous users never reach them (LoginRequiredMiddleware sends them to sign in).
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from caching.headers import confidential
from caching.pages import cached_page
from caching.versions import data_version
from challenges import selectors
from challenges.exports import tags_csv_response
from challenges.forms import AsOfForm, HeatMapFilterForm, TagFilterForm
from challenges.heatmap import heat_table_body, heatmap_svg
from challenges.models import Challenge, ChallengeTag
from challenges.selectors import Level
from states import dates
from states.cache import LEDGER
from states.models import Status


class ReadMixin(PermissionRequiredMixin):
    permission_required = "challenges.view_challengetag"
    raise_exception = True  # a signed-in user without the permission gets 403


class FilteredPage(ReadMixin, View):
    """A GET page driven by a filter form; a malformed filter (e.g. ?as_of) answers 400."""

    form_class = AsOfForm
    template_name = ""

    def get(self, request, *args, **kwargs):
        form = self.form_class(request.GET or None)
        if request.GET and not form.is_valid():
            messages.error(request, _("The page could not be shown: correct the filter below."))
            context = {"form": form, "back_url": request.path}
            return render(request, "challenges/bad_request.html", context, status=400)
        data = form.cleaned_data if request.GET else {}
        data.setdefault("as_of", dates.today())
        return self.respond(request, form, data, **kwargs)

    def respond(self, request, form, data, **kwargs):
        raise NotImplementedError


class IndexView(FilteredPage):
    """The Annex A taxonomy, with the number of tags open on the date."""

    def respond(self, request, form, data):
        items = selectors.taxonomy(data["as_of"])
        context = {
            "form": form,
            "as_of": data["as_of"],
            "top_level": [item for item in items if item.parent_id is None],
        }
        return render(request, "challenges/index.html", context)


class ChallengeDetailView(FilteredPage):
    """One item: the states it is noted for (open on the date), by region."""

    def respond(self, request, form, data, code):
        challenge = selectors.challenge_by_code(code)
        groups = selectors.challenge_states(challenge, data["as_of"])
        context = {
            "form": form,
            "as_of": data["as_of"],
            "challenge": challenge,
            "groups": groups,
            "state_count": sum(len(g.rows) for g in groups),
            "tags_url": selectors.tags_url(as_of=data["as_of"].isoformat(), challenge=code),
        }
        return render(request, "challenges/challenge_detail.html", context)


class StateProfileView(FilteredPage):
    """A state's challenge profile: open tags, then history (addressed, overtaken), with evidence."""

    def respond(self, request, form, data, iso3):
        state = selectors.state_by_iso3(iso3, on=data["as_of"])
        profile = selectors.state_profile(state, data["as_of"])
        context = {
            "form": form,
            "as_of": data["as_of"],
            "state": state,
            "status_label": Status(state.status).label,
            "profile": profile,
        }
        return render(request, "challenges/state_profile.html", context)


class TagDetailView(ReadMixin, View):
    def get(self, request, pk):
        tag = selectors.tag_by_pk(pk)
        today = dates.today()
        context = {
            "tag": tag,
            "overtaken": tag.overtaken_on(today),
            "shown_status": tag.status_on(today),
            "activities": selectors.evidence_activities(tag),
            "history": selectors.tag_history(tag),
        }
        return render(request, "challenges/tag_detail.html", context)


class TagListView(FilteredPage):
    """The tags behind a heat-map cell (or any filter): ?challenge, region, state, as_of, status."""

    form_class = TagFilterForm
    paginate_by = 100

    def respond(self, request, form, data):
        flt = form.tag_filter() if request.GET else selectors.TagFilter(as_of=data["as_of"])
        page = Paginator(selectors.tags_matching(flt), self.paginate_by).get_page(
            request.GET.get("page")
        )
        selectors.annotate_statuses(page.object_list, flt.as_of)
        query = flt.query()
        context = {
            "form": form,
            "filter": flt,
            "page": page,
            "as_of": flt.as_of,
            "export_url": f"{reverse('challenges:export')}?{urlencode(query)}",
            "query": query,
        }
        return render(request, "challenges/tag_list.html", context)


class TagExportView(FilteredPage):
    form_class = TagFilterForm

    def respond(self, request, form, data):
        flt = form.tag_filter() if request.GET else selectors.TagFilter(as_of=data["as_of"])
        return confidential(tags_csv_response(selectors.tags_matching(flt), as_of=flt.as_of))


class HeatMapView(FilteredPage):
    """Open tags on a date, region by challenge and state by challenge, with the SVG beside.

    The whole page from the page cache (caching.pages), keyed by the version of the treaty
    ledger (who is a party: their tags drop out) and of the challenges and their tags (one
    query); the reader, language, query string and today are in the page key."""

    form_class = HeatMapFilterForm

    def get(self, request, *args, **kwargs):
        version = data_version(*LEDGER, Challenge, ChallengeTag)
        return cached_page(request, (version,), lambda: super(HeatMapView, self).get(request))

    def respond(self, request, form, data):
        heat = selectors.heatmap(
            data["as_of"], region=data.get("region") or "", level=data.get("level") or Level.ALL
        )
        context = {
            "form": form,
            "as_of": data["as_of"],
            "heat": heat,
            "region_svg": heatmap_svg(heat, rows="region", element_id="heatmap-regions"),
            "state_svg": heatmap_svg(heat, rows="state", element_id="heatmap-states"),
            "region_body": heat_table_body(heat.by_region),
            "state_body": heat_table_body(heat.by_state),
            "level_label": dict(Level.CHOICES)[heat.level],
        }
        return render(request, "challenges/heatmap.html", context)
