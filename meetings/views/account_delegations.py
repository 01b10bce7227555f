"""The delegation a Delegate's account belongs to (issue 16, item 5), set by the Secretariat on
the account's page (accounts: the section is handed down by wgtu_portal/urls.py). It decides who
may comment on a summary circulated for comments; nothing else about what delegates see."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from meetings import services
from meetings.record import AccountDelegation, Organization
from states.models import State
from states.versioning import StaleEdit, VersionField

PERMISSIONS = ("accounts.manage_accounts", "meetings.change_accountdelegation")


class AccountDelegationForm(forms.Form):
    state = forms.ModelChoiceField(
        label=gettext_lazy("State"), queryset=State.objects.none(), required=False
    )
    organization = forms.ModelChoiceField(
        label=gettext_lazy("or organization"), queryset=Organization.objects.all(), required=False
    )
    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].queryset = State.objects.order_by("name_en")
        self.fields["state"].empty_label = _("(no state)")
        self.fields["organization"].empty_label = _("(no organization)")

    def clean(self):
        data = super().clean()
        if data.get("state") and data.get("organization"):
            raise forms.ValidationError(_("Choose a state or an organization, not both."))
        return data


def person_delegation_section(request, person) -> str:
    """The account page's "Delegation" section (HTML), for those who may set it; "" otherwise.
    Queries: the account's delegation, the states and organizations of the form's lists."""
    if not all(request.user.has_perm(p) for p in PERMISSIONS):
        return ""
    delegation = (
        AccountDelegation.objects.select_related("state", "organization")
        .filter(user=person)
        .first()
    )
    initial = {}
    if delegation is not None:
        initial = {
            "state": delegation.state_id,
            "organization": delegation.organization_id,
            "version": delegation.version,
        }
    context = {
        "person": person,
        "delegation": delegation,
        "form": AccountDelegationForm(initial=initial),
        "is_delegate": person.role == "Delegates",
    }
    return render_to_string("meetings/includes/account_delegation.html", context, request=request)


class AccountDelegationView(PermissionRequiredMixin, View):
    """POST: set, change or remove the delegation of an account, then back to its page. A form
    opened on an older version is refused, nothing saved, with who changed what since."""

    permission_required = PERMISSIONS
    raise_exception = True
    http_method_names = ["post"]

    def post(self, request, pk):
        person = get_object_or_404(get_user_model(), pk=pk)
        form = AccountDelegationForm(request.POST)
        back = redirect("accounts:person", pk=person.pk)
        if not form.is_valid():
            messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
            return back
        data = form.cleaned_data
        try:
            done = services.account_delegation_set(
                person=person,
                state=data["state"],
                organization=data["organization"],
                expected_version=data["version"],
                by=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return back
        except StaleEdit as stale:
            messages.error(request, stale.message)
            return back
        name = data["state"] or data["organization"]
        if done == "removed":
            messages.success(request, _("The account no longer belongs to a delegation."))
        elif done:
            messages.success(
                request, _("The account belongs to the delegation of %(name)s.") % {"name": name}
            )
        else:
            messages.info(request, _("Nothing was changed."))
        return back
