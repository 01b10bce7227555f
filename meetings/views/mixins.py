"""Shared behaviour of the meetings views: permissions, scoped lookups, save-and-message."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.shortcuts import redirect

from meetings.models import INTERNAL_PERMISSION


def reads_internal(user) -> bool:
    """Whether `user` may read internal notes and internal documents (Secretariat, Co-chairs)."""
    return user.has_perm(INTERNAL_PERMISSION)


class MeetingsReadMixin(PermissionRequiredMixin):
    """Signed-in users allowed to see meetings (every role); a wrong role gets 403."""

    permission_required = "meetings.view_meeting"
    raise_exception = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["reads_internal"] = reads_internal(self.request.user)
        context["can_edit"] = self.request.user.has_perm("meetings.change_meeting")
        return context


class SecretariatMixin(PermissionRequiredMixin):
    """Editing views: one model permission each; Co-chairs and Delegates get 403."""

    raise_exception = True
    template_name = "meetings/form.html"
    heading = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["heading"] = self.heading
        context["cancel_url"] = self.get_cancel_url()
        return context

    def get_cancel_url(self):
        return self.get_success_url()


class CreateWithMessageMixin(SecretariatMixin):
    created_message = ""

    def form_valid(self, form):
        self.object = self.save_new(form)
        messages.success(self.request, self.created_message % {"object": self.object})
        return redirect(self.get_success_url())

    def save_new(self, form):
        return form.save()
