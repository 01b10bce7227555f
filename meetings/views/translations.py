"""The side-by-side editor of a record's texts (English | French | Spanish), and the page of
the public texts that lack a French or Spanish version (Secretariat)."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, UpdateView

from meetings.forms import translation_form_for
from meetings.translated import LANGUAGE_CODES, language_name
from meetings.translations import EDITABLE, missing_translations, record_url
from meetings.views.edit import VersionedUpdateMixin
from states.dates import today


class TranslationEditView(VersionedUpdateMixin, UpdateView):
    """GET/POST /meetings/translations/<kind>/<pk>/: every language version of the record's
    texts side by side, the original marked; saved on the one stale-edit path (a form opened
    on an older version is refused with 409), each change in the record's history."""

    template_name = "meetings/translation_form.html"

    @cached_property
    def model(self):
        try:
            return EDITABLE[self.kwargs["kind"]]
        except KeyError:
            raise Http404 from None

    def get_permission_required(self):
        return [f"meetings.change_{self.model._meta.model_name}"]

    def get_queryset(self):
        return self.model._default_manager.all()

    def get_form_class(self):
        return translation_form_for(self.model)

    @property
    def heading(self):
        return _("Translations: %(record)s") % {"record": self.object}

    def get_success_url(self):
        wanted = self.request.POST.get("next") or self.request.GET.get("next") or ""
        if wanted and url_has_allowed_host_and_scheme(
            wanted, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        ):
            return wanted
        return record_url(self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["languages"] = [(code, language_name(code)) for code in LANGUAGE_CODES]
        context["original"] = self.object.original_language
        context["next"] = self.request.GET.get("next", "")
        return context


class MissingTranslationsView(PermissionRequiredMixin, TemplateView):
    """GET /meetings/translations/missing/: every public text lacking a language version,
    grouped by what prints it next (the next meeting's report first), each with its editor."""

    permission_required = "meetings.change_meeting"
    raise_exception = True
    template_name = "meetings/translations_missing.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["groups"] = missing_translations(today())
        context["language_names"] = {code: language_name(code) for code in LANGUAGE_CODES}
        return context
