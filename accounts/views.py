"""Account management for the Secretariat, and the public page that accepts an invitation.

Views are thin: a form validates, a function of accounts/services.py writes, a message reports.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.contrib.auth.views import PasswordResetConfirmView
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView, View

from accounts import services
from accounts.forms import (
    AcceptInvitationForm,
    InviteForm,
    PeopleFilterForm,
    ProfileForm,
    RoleForm,
)
from accounts.models import AccountEvent, PortalUser, Profile
from accounts.roles import Role, role_of

RECENT_EVENTS = 20


class ManageAccountsMixin(PermissionRequiredMixin):
    """Secretariat only: signed-in users without the permission get 403."""

    permission_required = "accounts.manage_accounts"
    raise_exception = True

    def get_person(self):
        """The account named in the URL, with its role (404 when there is none)."""
        return get_object_or_404(PortalUser.objects.with_role(), pk=self.kwargs["pk"])

    def base_url(self):
        return self.request.build_absolute_uri("/")


class PeopleView(ManageAccountsMixin, TemplateView):
    """Every account, filtered by role and status, and the latest changes.

    Queries: the accounts with their role (one subquery) and the recent events with both people.
    """

    template_name = "accounts/people.html"

    def get_context_data(self, **kwargs):
        filters = PeopleFilterForm(self.request.GET or None)
        return super().get_context_data(
            filters=filters,
            people=list(filters.filter(PortalUser.objects.for_people_page())),
            events=AccountEvent.objects.recent(RECENT_EVENTS),
            **kwargs,
        )


class PersonView(ManageAccountsMixin, TemplateView):
    """One account. `sections`: functions (request, person) → HTML that apps above this one
    add to the page, handed down by the URL configuration (wgtu_portal/urls.py), e.g. the
    delegation a Delegate's account belongs to (meetings)."""

    template_name = "accounts/person.html"
    sections = ()

    def get_context_data(self, **kwargs):
        person = self.get_person()
        return super().get_context_data(
            person=person,
            role_form=RoleForm(initial={"role": person.role}),
            events=AccountEvent.objects.filter(subject=person).recent(RECENT_EVENTS),
            is_self=person.pk == self.request.user.pk,
            extra_sections=[section(self.request, person) for section in self.sections],
            **kwargs,
        )


class InviteView(ManageAccountsMixin, FormView):
    template_name = "accounts/invite.html"
    form_class = InviteForm
    success_url = reverse_lazy("accounts:people")

    def form_valid(self, form):
        try:
            person = services.account_invite(
                by=self.request.user, base_url=self.base_url(), **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(name)s is invited: a link to set a password was sent to %(email)s.")
            % {"name": person.get_full_name(), "email": person.email},
        )
        return super().form_valid(form)


class PersonActionView(ManageAccountsMixin, View):
    """A POST that changes one account, then back to its page with a message."""

    http_method_names = ["post"]

    def post(self, request, pk):
        person = self.get_person()
        try:
            text = self.act(person)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if text:
                messages.success(request, text)
        return redirect("accounts:person", pk=person.pk)

    def act(self, person):
        raise NotImplementedError


def _name(person):
    return person.get_full_name() or person.username


class PersonRoleView(PersonActionView):
    def act(self, person):
        form = RoleForm(self.request.POST)
        if not form.is_valid():
            raise ValidationError(_("Choose one of the roles."))
        role = form.cleaned_data["role"]
        if role == person.role:
            return None
        person = services.account_change_role(by=self.request.user, user=person, role=role)
        return _("%(name)s now has the role %(role)s.") % {
            "name": _name(person),
            "role": Role(role).label,
        }


class PersonDeactivateView(PersonActionView):
    def act(self, person):
        services.account_deactivate(by=self.request.user, user=person)
        return _("The account of %(name)s is deactivated: it can no longer sign in.") % {
            "name": _name(person)
        }


class PersonReactivateView(PersonActionView):
    def act(self, person):
        services.account_reactivate(by=self.request.user, user=person)
        return _("The account of %(name)s is active again.") % {"name": _name(person)}


class InvitationResendView(PersonActionView):
    def act(self, person):
        services.account_invitation_resend(
            by=self.request.user, user=person, base_url=self.base_url()
        )
        return _("A new invitation link was sent to %(email)s.") % {"email": person.email}


@method_decorator(login_not_required, name="dispatch")
class AcceptInvitationView(PasswordResetConfirmView):
    """Public: the invited person opens the one-time link and chooses a password, then is signed in.

    The link works only while the account is active and has no password yet, so it is invalid
    once used (and the token itself expires after PASSWORD_RESET_TIMEOUT).
    """

    template_name = "accounts/accept_invitation.html"
    form_class = AcceptInvitationForm
    post_reset_login = True
    success_url = reverse_lazy("home")
    title = gettext_lazy("Welcome to the WGTU Portal")

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        if user is None or user.has_usable_password() or not user.is_active:
            return None
        return user

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(
            self.request,
            _(
                "Your password is set and you are signed in. Next time, sign in with the user "
                "name %(username)s."
            )
            % {"username": form.user.username},
        )
        return response


class ProfileView(FormView):
    """GET/POST /accounts/profile/ (every signed-in account): the language of its e-mails and
    which of them it gets (opt-outs per kind; Delegates opt in to report publications)."""

    template_name = "accounts/profile.html"
    form_class = ProfileForm
    success_url = reverse_lazy("accounts:profile")

    def get_form_kwargs(self):
        profile = Profile.objects.filter(user=self.request.user).first()
        return {
            **super().get_form_kwargs(),
            "instance": profile or Profile(user=self.request.user),
            "role": role_of(self.request.user),
        }

    def form_valid(self, form):
        form.save()
        messages.success(self.request, _("Your e-mail settings are saved."))
        return super().form_valid(form)
