from django import forms
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

from accounts import services
from accounts.models import PortalUser, Profile
from accounts.network import client_ip
from accounts.roles import Role


class InviteForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("The invitation goes to this address; it is also the person's user name."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    def clean_email(self):
        email = PortalUser.objects.normalize_email(self.cleaned_data["email"].strip())
        if services.email_is_taken(email):
            raise forms.ValidationError(
                _("An account with this e-mail address exists already."), code="duplicate_email"
            )
        return email


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class PeopleFilterForm(forms.Form):
    """The filters of the people page (GET); an invalid value is ignored, not an error page."""

    ACTIVE, INACTIVE = "active", "inactive"

    role = forms.ChoiceField(
        label=_("Role"), required=False, choices=[("", _("All roles")), *Role.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Active and deactivated")),
            (ACTIVE, _("Active")),
            (INACTIVE, _("Deactivated")),
        ],
    )

    def filter(self, queryset):
        if not self.is_valid():
            return queryset
        role = self.cleaned_data.get("role")
        status = self.cleaned_data.get("status")
        if role:
            queryset = queryset.in_role(role)
        if status == self.ACTIVE:
            queryset = queryset.active()
        elif status == self.INACTIVE:
            queryset = queryset.inactive()
        return queryset


class AcceptInvitationForm(SetPasswordForm):
    """Sets the invited person's first password through the service (recorded as an event)."""

    def save(self, commit=True):
        return services.account_invitation_accept(
            user=self.user, password=self.cleaned_data["new_password1"]
        )


class LimitedPasswordResetForm(PasswordResetForm):
    """Django's password-reset form, its e-mails limited per account and per client address
    (services.password_reset_allowed): a request over the limit gets the same answer and no
    e-mail."""

    def save(self, *args, request=None, **kwargs):
        email = self.cleaned_data["email"]
        if services.password_reset_allowed(email=email, address=client_ip(request)):
            super().save(*args, request=request, **kwargs)


class ProfileForm(forms.ModelForm):
    """The e-mails an account gets and their language; only the kinds its role receives are
    offered (the weekly summary to Co-chairs, report publications to Delegates)."""

    class Meta:
        model = Profile
        fields = ["language", "email_followups", "email_weekly", "email_reports"]

    def __init__(self, *args, role=None, **kwargs):
        super().__init__(*args, **kwargs)
        if role != Role.COCHAIRS:
            del self.fields["email_weekly"]
        if role != Role.DELEGATES:
            del self.fields["email_reports"]
