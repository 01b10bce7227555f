"""Browser editing for the Secretariat: tags (add, edit, close, reopen, bulk) and the taxonomy.

Thin views: the form validates, the service writes (with history), a message, a redirect.
Co-chairs and Delegates get 403 (they lack the add/change permissions).
"""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from challenges import selectors, services
from challenges.forms import (
    BulkTagForm,
    ChallengeForm,
    ChallengeTagCloseForm,
    ChallengeTagForm,
    ChallengeTitlesForm,
)
from challenges.models import Challenge
from states.dates import today
from states.models import State
from states.versioning import StaleEdit, StaleEditMixin

CHALLENGE_TITLE_FIELDS = ("title_en", "title_fr", "title_es")


class WriteMixin(PermissionRequiredMixin):
    raise_exception = True


def _form_error(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: by field when it names the form's fields."""
    if hasattr(error, "error_dict") and set(error.error_dict) <= set(form.fields):
        form.add_error(None, error)
    else:
        form.add_error(None, error.messages)


# --- tags ---------------------------------------------------------------------------------------


class TagCreateView(WriteMixin, View):
    permission_required = "challenges.add_challengetag"

    def get(self, request):
        initial = {}
        if iso3 := request.GET.get("state"):
            initial["state"] = State.objects.filter(iso3=iso3.upper()).first()
        if code := request.GET.get("challenge"):
            initial["challenge"] = Challenge.objects.active().filter(code=code).first()
        return self.page(ChallengeTagForm(initial=initial))

    def post(self, request):
        form = ChallengeTagForm(request.POST)
        if form.is_valid():
            try:
                tag = services.challenge_tag_create(**form.changes(), user=request.user)
            except ValidationError as error:
                _form_error(form, error)
            else:
                messages.success(
                    request,
                    _("%(code)s noted for %(state)s.")
                    % {"code": tag.challenge.code, "state": tag.state.name},
                )
                return redirect(tag)
        return self.page(form, status=400)

    def page(self, form, status=200):
        context = {
            "form": form,
            "title": _("Note a challenge"),
            "cancel_url": reverse("challenges:index"),
        }
        return render(self.request, "challenges/tag_form.html", context, status=status)


class TagEditView(WriteMixin, StaleEditMixin, View):
    permission_required = "challenges.change_challengetag"

    def get(self, request, pk):
        tag = selectors.tag_by_pk(pk)
        return self.page(tag, ChallengeTagForm(instance=tag))

    def post(self, request, pk):
        tag = selectors.tag_by_pk(pk)
        form = ChallengeTagForm(request.POST, instance=tag)
        if form.is_valid():
            try:
                tag = services.challenge_tag_update(
                    tag=tag,
                    version=form.cleaned_data["version"],
                    user=request.user,
                    **form.changes(),
                )
            except StaleEdit as stale:
                return self.stale(stale)
            except ValidationError as error:
                _form_error(form, error)
            else:
                messages.success(request, _("Tag saved."))
                return redirect(tag)
        fresh = selectors.tag_by_pk(pk)
        stale = self.stale_first(form, fresh, fields=services.TAG_EDITABLE_FIELDS)
        return stale or self.page(fresh, form, status=400)

    def stale_form(self, data, current):
        return ChallengeTagForm(data, instance=selectors.tag_by_pk(current.pk))

    def stale_page(self, form, current):
        return self.page(current, form)

    def page(self, tag, form, status=200):
        context = {
            "form": form,
            "tag": tag,
            "title": _("Edit the tag"),
            "cancel_url": tag.get_absolute_url(),
        }
        return render(self.request, "challenges/tag_form.html", context, status=status)


class TagCloseView(WriteMixin, StaleEditMixin, View):
    permission_required = "challenges.change_challengetag"

    def get(self, request, pk):
        tag = selectors.tag_by_pk(pk)
        form = ChallengeTagCloseForm(initial={"addressed_on": today(), "version": tag.version})
        return self.page(tag, form)

    def post(self, request, pk):
        tag = selectors.tag_by_pk(pk)
        form = ChallengeTagCloseForm(request.POST)
        if form.is_valid():
            try:
                services.challenge_tag_close(
                    tag=tag,
                    addressed_on=form.cleaned_data["addressed_on"],
                    reason=form.cleaned_data["addressed_reason"],
                    version=form.cleaned_data["version"],
                    user=request.user,
                )
            except StaleEdit as stale:
                return self.stale(stale)
            except ValidationError as error:
                _form_error(form, error)
            else:
                messages.success(request, _("The tag is closed as addressed."))
                return redirect(tag)
        return self.page(tag, form, status=400)

    def stale_form(self, data, current):
        return ChallengeTagCloseForm(data)

    def stale_page(self, form, current):
        return self.page(selectors.tag_by_pk(current.pk), form)

    def page(self, tag, form, status=200):
        context = {"form": form, "tag": tag}
        return render(self.request, "challenges/tag_close.html", context, status=status)


class TagReopenView(WriteMixin, View):
    permission_required = "challenges.change_challengetag"
    http_method_names = ["post"]

    def post(self, request, pk):
        tag = selectors.tag_by_pk(pk)
        try:
            services.challenge_tag_reopen(tag=tag, user=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The tag is open again."))
        return redirect(tag)


class BulkTagView(WriteMixin, View):
    permission_required = "challenges.add_challengetag"

    def get(self, request):
        return self.page(BulkTagForm())

    def post(self, request):
        form = BulkTagForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                tags = services.challenge_tags_bulk_create(
                    states=data["states"],
                    challenge=data["challenge"],
                    noted_on=data["noted_on"],
                    source=data["source"],
                    document_symbol=data["document_symbol"],
                    note=data["note"],
                    user=request.user,
                )
            except ValidationError as error:
                _form_error(form, error)
            else:
                messages.success(
                    request,
                    _("%(code)s noted for %(count)d states.")
                    % {"code": data["challenge"].code, "count": len(tags)},
                )
                return redirect(data["challenge"])
        return self.page(form, status=400)

    def page(self, form, status=200):
        return render(self.request, "challenges/bulk_form.html", {"form": form}, status=status)


# --- taxonomy -----------------------------------------------------------------------------------


class ChallengeCreateView(WriteMixin, View):
    permission_required = "challenges.add_challenge"

    def get(self, request):
        return self.page(ChallengeForm())

    def post(self, request):
        form = ChallengeForm(request.POST)
        if form.is_valid():
            try:
                challenge = services.challenge_create(**form.cleaned_data, user=request.user)
            except ValidationError as error:
                _form_error(form, error)
            else:
                messages.success(request, _("Item %(code)s added.") % {"code": challenge.code})
                return redirect("challenges:index")
        return self.page(form, status=400)

    def page(self, form, status=200):
        context = {"form": form, "title": _("Add an item to the taxonomy")}
        return render(self.request, "challenges/challenge_form.html", context, status=status)


class ChallengeEditView(WriteMixin, StaleEditMixin, View):
    permission_required = "challenges.change_challenge"

    def get(self, request, code):
        challenge = selectors.challenge_by_code(code)
        initial = {f: getattr(challenge, f) for f in CHALLENGE_TITLE_FIELDS}
        initial["version"] = challenge.version
        return self.page(challenge, ChallengeTitlesForm(initial=initial))

    def post(self, request, code):
        challenge = selectors.challenge_by_code(code)
        form = ChallengeTitlesForm(request.POST)
        if form.is_valid():
            try:
                services.challenge_update(
                    challenge=challenge, **form.cleaned_data, user=request.user
                )
            except StaleEdit as stale:
                return self.stale(stale)
            except ValidationError as error:
                _form_error(form, error)
            else:
                messages.success(request, _("Item %(code)s saved.") % {"code": challenge.code})
                return redirect("challenges:index")
        stale = self.stale_first(form, challenge, fields=CHALLENGE_TITLE_FIELDS)
        return stale or self.page(challenge, form, status=400)

    def stale_form(self, data, current):
        return ChallengeTitlesForm(data)

    def stale_page(self, form, current):
        return self.page(current, form)

    def page(self, challenge, form, status=200):
        context = {
            "form": form,
            "challenge": challenge,
            "title": _("Edit item %(code)s") % {"code": challenge.code},
        }
        return render(self.request, "challenges/challenge_form.html", context, status=status)


class ChallengeRetireView(WriteMixin, View):
    permission_required = "challenges.change_challenge"
    http_method_names = ["post"]
    retire = True

    def post(self, request, code):
        challenge = selectors.challenge_by_code(code)
        try:
            if self.retire:
                services.challenge_retire(challenge=challenge, user=request.user)
                text = _("%(code)s is retired: it keeps its tags, and is no longer offered.")
            else:
                services.challenge_unretire(challenge=challenge, user=request.user)
                text = _("%(code)s is offered for new tags again.")
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, text % {"code": challenge.code})
        return redirect("challenges:index")


class ChallengeUnretireView(ChallengeRetireView):
    retire = False
