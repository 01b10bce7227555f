"""Presenters of an agenda item (Secretariat): who presented, the title and the slides (a
recorded document, or a file uploaded here and checked as every document)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, UpdateView

from meetings import services
from meetings.forms import PresenterForm
from meetings.models import AgendaItem, Presenter
from meetings.views.mixins import SecretariatMixin
from states.versioning import StaleEdit, StaleEditMixin


class PresenterFormMixin(SecretariatMixin):
    form_class = PresenterForm
    template_name = "meetings/presenter_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "agenda_item": self.agenda_item}

    def get_success_url(self):
        return f"{self.agenda_item.meeting.get_absolute_url()}#item-{self.agenda_item.pk}"

    def save(self, form, presenter, expected_version=None):
        data = form.cleaned_data
        upload = data.get("slides_file") or None
        return services.presenter_save(
            presenter=presenter,
            values=form.edited_values(),
            upload=upload,
            symbol=data.get("slides_symbol", ""),
            language=data.get("slides_language") or "en",
            user=self.request.user,
            expected_version=expected_version,
        )


class PresenterCreateView(PresenterFormMixin, CreateView):
    permission_required = "meetings.add_presenter"
    heading = gettext_lazy("New presenter")

    @cached_property
    def agenda_item(self):
        return get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=self.kwargs["pk"])

    def form_valid(self, form):
        self.object = self.save(form, form.instance)
        messages.success(
            self.request, _("Presenter recorded: %(object)s.") % {"object": self.object}
        )
        return redirect(self.get_success_url())


class PresenterUpdateView(PresenterFormMixin, StaleEditMixin, UpdateView):
    permission_required = "meetings.change_presenter"
    heading = gettext_lazy("Edit presenter")
    queryset = Presenter.objects.select_related("agenda_item__meeting")

    @cached_property
    def agenda_item(self):
        return self.object.agenda_item

    def form_valid(self, form):
        try:
            self.save(form, self.object, expected_version=form.cleaned_data["version"])
        except StaleEdit as stale:
            return self.stale(stale)
        messages.success(self.request, _("Saved: %(object)s.") % {"object": self.object})
        return redirect(self.get_success_url())

    def stale_form(self, data, current):
        self.object = current
        return self.get_form_class()(
            **{**self.get_form_kwargs(), "data": data, "instance": current}
        )

    def stale_page(self, form, current):
        return self.render_to_response(self.get_context_data(form=form))
