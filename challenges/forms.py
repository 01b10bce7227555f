"""Forms of the challenges app: they normalise and validate; the services write.

ChallengeTagForm validates through services.challenge_tag_validate, so another app's form (the
outreach activity's) can embed it with a prefix and get the same messages.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from challenges.models import Challenge, ChallengeTag
from challenges.selectors import Level, TagFilter
from challenges.services import challenge_tag_validate
from states.dates import AsOfForm, TreatyDateField, today
from states.fields import StateChoiceField, StateMultipleChoiceField
from states.models import Region, State
from states.versioning import VersionedModelForm, VersionField, VersionRequiredMixin


class ChallengeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        indent = "" if obj.parent_id is None else "\u2003"
        return f"{indent}{obj.code} {obj.title}"


def challenge_choices(current: Challenge | None = None):
    """Active items, plus the one a tag already uses (a retired item stays on its tags)."""
    qs = Challenge.objects.active()
    if current is not None:
        qs = Challenge.objects.filter(pk__in=qs.values("pk")) | Challenge.objects.filter(
            pk=current.pk
        )
    return qs.order_by("sort_key")


# --- filters ------------------------------------------------------------------------------------


class HeatMapFilterForm(AsOfForm):
    region = forms.ChoiceField(
        label=_("Region"), required=False, choices=[("", _("All regions")), *Region.choices]
    )
    level = forms.ChoiceField(label=_("Level"), required=False, choices=Level.CHOICES)


class TagFilterForm(AsOfForm):
    STATUS_CHOICES = [("open", _("Open on that date")), ("all", _("All noted by that date"))]

    challenge = forms.CharField(label=_("Challenge code"), required=False, max_length=8)
    region = forms.ChoiceField(
        label=_("Region"), required=False, choices=[("", _("All regions")), *Region.choices]
    )
    state = forms.CharField(label=_("State code"), required=False, max_length=3)
    status = forms.ChoiceField(label=_("Tags"), required=False, choices=STATUS_CHOICES)

    def clean_challenge(self):
        code = self.cleaned_data["challenge"].strip()
        if not code:
            return None
        challenge = Challenge.objects.filter(code=code).first()
        if challenge is None:
            raise ValidationError(_("There is no challenge %(code)s.") % {"code": code})
        return challenge

    def clean_state(self):
        iso3 = self.cleaned_data["state"].strip().upper()
        if not iso3:
            return None
        state = State.objects.filter(iso3=iso3).first()
        if state is None:
            raise ValidationError(_("There is no state %(code)s.") % {"code": iso3})
        return state

    def tag_filter(self) -> TagFilter:
        data = self.cleaned_data
        return TagFilter(
            as_of=data["as_of"],
            challenge=data["challenge"],
            region=data["region"],
            state=data["state"],
            status=data["status"] or "open",
        )


# --- tags ---------------------------------------------------------------------------------------


class ChallengeTagForm(VersionedModelForm):
    """Add or edit a tag (an edit carries the version it was opened on: states.versioning)."""

    state = StateChoiceField(label=_("State"), queryset=State.objects.none())
    challenge = ChallengeChoiceField(label=_("Challenge"), queryset=Challenge.objects.none())

    class Meta:
        model = ChallengeTag
        fields = ["state", "challenge", "noted_on", "source", "document_symbol", "note"]
        field_classes = {"noted_on": TreatyDateField}
        widgets = {"note": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.challenge if self.instance.pk else None
        self.fields["challenge"].queryset = challenge_choices(current)
        self.fields["state"].queryset = State.objects.order_by("name_en")
        self.fields["noted_on"].help_text = _("The state must not be a State Party on this date.")
        if not self.instance.pk:
            self.fields["noted_on"].initial = today()

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            challenge_tag_validate(
                state=data["state"],
                challenge=data["challenge"],
                noted_on=data["noted_on"],
                source=data.get("source", ""),
                document_symbol=data.get("document_symbol", ""),
                instance=self.instance if self.instance.pk else None,
            )
        except ValidationError as error:
            self.add_error(None, error)
        return data

    def validate_unique(self):
        # challenge_tag_validate (in clean) already refuses a second open tag, with a clearer
        # message than the database constraint's.
        pass

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ChallengeTagCloseForm(VersionRequiredMixin, forms.Form):
    addressed_on = TreatyDateField(label=_("Addressed on"))
    addressed_reason = forms.CharField(
        label=_("How it was addressed"), widget=forms.Textarea(attrs={"rows": 3})
    )
    version = VersionField()


class BulkTagForm(forms.Form):
    """One challenge, one source, several states (non-parties today)."""

    states = StateMultipleChoiceField(
        label=_("States"),
        queryset=State.objects.none(),
        widget=forms.SelectMultiple(
            attrs={
                "size": 14,
                "data-filterable": "",
                "data-filter-placeholder": _("Type a name to find a state"),
                "data-remove-title": _("Remove this state"),
            }
        ),
        help_text=_("States that are not States Parties today: type a name to find a state."),
    )
    challenge = ChallengeChoiceField(label=_("Challenge"), queryset=Challenge.objects.none())
    noted_on = TreatyDateField(label=_("Noted on"))
    source = forms.CharField(label=_("Source"), max_length=300, required=False)
    document_symbol = forms.CharField(label=_("Document symbol"), max_length=80, required=False)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["states"].queryset = State.objects.non_parties(today()).order_by("name_en")
        self.fields["challenge"].queryset = challenge_choices()
        self.fields["noted_on"].initial = today()


# --- taxonomy -----------------------------------------------------------------------------------


class ChallengeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=8,
        help_text=_('"11" adds a challenge; "6.5" adds a sub-item to challenge 6.'),
    )
    title_en = forms.CharField(label=_("Title (English)"), max_length=300)
    title_fr = forms.CharField(label=_("Title (French)"), max_length=300, required=False)
    title_es = forms.CharField(label=_("Title (Spanish)"), max_length=300, required=False)


class ChallengeTitlesForm(VersionRequiredMixin, forms.Form):
    """An item's titles; `version` carries the version the form was opened on (stale edits)."""

    version = VersionField()
    title_en = forms.CharField(label=_("Title (English)"), max_length=300)
    title_fr = forms.CharField(label=_("Title (French)"), max_length=300, required=False)
    title_es = forms.CharField(label=_("Title (Spanish)"), max_length=300, required=False)
