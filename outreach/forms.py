"""The activity form (one page: the activity, challenges and procedure stages noted per state,
follow-ups, files) and the query forms of the log and the coverage page. Forms validate;
services.py writes."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from challenges.forms import ChallengeChoiceField
from challenges.models import Challenge
from outreach import services
from outreach.models import (
    ActivityKind,
    ActorRole,
    Attachment,
    FollowUp,
    OutreachActivity,
    Visibility,
)
from outreach.selectors import DEFAULT_CYCLE_START, today
from outreach.validators import detect_format
from pipeline.forms import StageChoiceField
from pipeline.models import Visibility as StageVisibility
from states.dates import IsoDateField, TreatyDateField
from states.fields import StateChoiceField, StateMultipleChoiceField
from states.models import Region, State, Status

MAX_FILES = 10


def _blank_first(choices, label):
    return [("", label), *choices]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by its content (validators.detect_format)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.docx,.odt"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        files = data if isinstance(data, list | tuple) else [data]
        files = [f for f in files if f]
        if len(files) > MAX_FILES:
            raise ValidationError(
                _("Attach at most %(n)d files at a time.") % {"n": MAX_FILES}, code="too_many"
            )
        cleaned, errors = [], []
        for upload in files:
            upload = single(upload, initial)
            try:
                detect_format(upload)
            except ValidationError as exc:
                errors.extend(exc.messages)
            cleaned.append(upload)
        if errors:
            raise ValidationError(errors)
        return cleaned


class ActivityForm(forms.ModelForm):
    states = StateMultipleChoiceField(
        label=_("States concerned"),
        queryset=State.objects.order_by("name_en"),
        widget=forms.SelectMultiple(
            attrs={
                "data-filterable": "",
                "data-filter-placeholder": _("Type to filter the states"),
                "size": "12",
            }
        ),
        help_text=_("One or more. Hold Ctrl (Cmd on a Mac) to choose several."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    files = MultipleFileField(
        label=_("Attach files"),
        required=False,
        help_text=_("PDF, Word (DOCX) or OpenDocument (ODT) documents."),
    )
    remove_attachments = forms.ModelMultipleChoiceField(
        label=_("Remove these files"),
        queryset=Attachment.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = OutreachActivity
        fields = [
            "start_date",
            "end_date",
            "actor_role",
            "actor_name",
            "kind",
            "states",
            "place",
            "counterpart",
            "summary",
            "outcome",
            "visibility",
        ]
        field_classes = {"start_date": TreatyDateField, "end_date": TreatyDateField}
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 5}),
            "outcome": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["remove_attachments"].queryset = self.instance.attachments.all()
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["remove_attachments"]

    def clean_states(self):
        return list(self.cleaned_data["states"])


class NotedChallengeForm(forms.Form):
    """One row of "challenges noted": a state of the activity, a challenge, a note."""

    state = StateChoiceField(
        label=_("State"), queryset=State.objects.order_by("name_en"), required=False
    )
    challenge = ChallengeChoiceField(
        label=_("Challenge noted"),
        queryset=Challenge.objects.active().order_by("sort_key"),
        required=False,
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)

    def clean(self):
        data = super().clean()
        if data.get("state") and not data.get("challenge"):
            self.add_error("challenge", _("Choose the challenge noted for this state."))
        if data.get("challenge") and not data.get("state"):
            self.add_error("state", _("Choose the state for which it was noted."))
        if data.get("note") and not (data.get("state") or data.get("challenge")):
            self.add_error("challenge", _("A note needs a state and a challenge."))
        return data


class BaseNotedFormSet(forms.BaseFormSet):
    def noted(self) -> list[services.NotedChallenge]:
        return [
            services.NotedChallenge(
                f.cleaned_data["state"], f.cleaned_data["challenge"], f.cleaned_data.get("note", "")
            )
            for f in self.forms
            if f.cleaned_data.get("state") and f.cleaned_data.get("challenge")
        ]

    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for item in self.noted():
            key = (item.state.pk, item.challenge.pk)
            if key in seen:
                raise ValidationError(
                    _("%(state)s: challenge %(code)s is noted twice.")
                    % {"state": item.state.name, "code": item.challenge.code}
                )
            seen.add(key)


# absolute_max: a forged TOTAL_FORMS would otherwise build (and render) 1,050 forms, ~15 s of
# server time for one request (found by tests/robustness).
NotedFormSet = formset_factory(
    NotedChallengeForm,
    formset=BaseNotedFormSet,
    extra=3,
    max_num=50,
    absolute_max=50,
    validate_max=True,
)


class NotedStageForm(forms.Form):
    """One row of "procedure stage noted": a state of the activity, the stage it has reached in
    its domestic procedure, since when, and whether the public may read it."""

    state = StateChoiceField(
        label=_("State"), queryset=State.objects.order_by("name_en"), required=False
    )
    stage = StageChoiceField(label=_("Stage reached"), required=False)
    since = TreatyDateField(
        label=_("Since"),
        required=False,
        help_text=_("YYYY-MM-DD; the activity's date when left empty."),
    )
    visibility = forms.ChoiceField(
        label=_("Visibility"),
        choices=StageVisibility.choices,
        initial=StageVisibility.INTERNAL,
        required=False,
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)

    def clean(self):
        data = super().clean()
        if data.get("state") and not data.get("stage"):
            self.add_error("stage", _("Choose the stage this state has reached."))
        if data.get("stage") and not data.get("state"):
            self.add_error("state", _("Choose the state that has reached it."))
        if (data.get("since") or data.get("note")) and not (data.get("state") or data.get("stage")):
            self.add_error("stage", _("A date or a note needs a state and a stage."))
        return data


class BaseNotedStageFormSet(forms.BaseFormSet):
    def noted(self) -> list[services.NotedStage]:
        return [
            services.NotedStage(
                state=f.cleaned_data["state"],
                stage=f.cleaned_data["stage"],
                since=f.cleaned_data.get("since"),
                visibility=f.cleaned_data.get("visibility") or StageVisibility.INTERNAL,
                note=f.cleaned_data.get("note", ""),
            )
            for f in self.forms
            if f.cleaned_data.get("state") and f.cleaned_data.get("stage")
        ]


NotedStageFormSet = formset_factory(
    NotedStageForm,
    formset=BaseNotedStageFormSet,
    extra=1,
    max_num=50,
    absolute_max=50,
    validate_max=True,
)


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = FollowUp
        fields = ["action", "owner", "due_on"]
        field_classes = {"due_on": TreatyDateField}


class BaseFollowUpFormSet(forms.BaseInlineFormSet):
    def changes(self) -> list[services.FollowUpChange]:
        out = []
        for form in self.forms:
            existing = form.instance if form.instance.pk else None
            if self.can_delete and self._should_delete_form(form):
                if existing is not None:
                    out.append(services.FollowUpChange(followup=existing, delete=True))
                continue
            if not form.has_changed():
                continue
            data = form.cleaned_data
            out.append(
                services.FollowUpChange(
                    action=data["action"],
                    owner=data.get("owner", ""),
                    due_on=data.get("due_on"),
                    followup=existing,
                )
            )
        return out


FollowUpFormSet = inlineformset_factory(
    OutreachActivity,
    FollowUp,
    form=FollowUpForm,
    formset=BaseFollowUpFormSet,
    extra=2,
    can_delete=True,
    max_num=50,
    absolute_max=50,
    validate_max=True,
)


class ActivityEditor:
    """The whole page: the activity form, the challenges-noted rows, the stages-noted rows and
    the follow-up rows, validated together and turned into the service's arguments."""

    def __init__(self, data=None, files=None, *, instance=None):
        instance = instance or OutreachActivity()
        self.form = ActivityForm(data, files, instance=instance, prefix="activity")
        self.noted = NotedFormSet(data, prefix="noted")
        self.stages = NotedStageFormSet(data, prefix="stages")
        self.followups = FollowUpFormSet(data, instance=instance, prefix="followups")
        self.non_field_errors: list[str] = []

    def is_valid(self) -> bool:
        valid = all(
            [
                self.form.is_valid(),
                self.noted.is_valid(),
                self.stages.is_valid(),
                self.followups.is_valid(),
            ]
        )
        if valid:
            chosen = {s.pk for s in self.form.cleaned_data["states"]}
            for row in [*self.noted.forms, *self.stages.forms]:
                state = row.cleaned_data.get("state")
                if state and state.pk not in chosen:
                    row.add_error(
                        "state", _("Choose a state among the states concerned, or add it there.")
                    )
                    valid = False
        return valid

    def add_error(self, error: ValidationError):
        self.non_field_errors.extend(error.messages)

    @property
    def has_errors(self) -> bool:
        return bool(
            self.non_field_errors
            or self.form.errors
            or any(self.noted.errors)
            or self.noted.non_form_errors()
            or any(self.stages.errors)
            or self.stages.non_form_errors()
            or any(self.followups.errors)
            or self.followups.non_form_errors()
        )

    def service_kwargs(self) -> dict:
        data = self.form.cleaned_data
        kwargs = {
            "fields": {name: data.get(name) for name in services.ACTIVITY_FIELDS},
            "states": data["states"],
            "noted": self.noted.noted(),
            "stages": self.stages.noted(),
            "followups": self.followups.changes(),
            "files": data.get("files") or [],
        }
        for text in ("place", "counterpart", "summary", "outcome"):
            kwargs["fields"][text] = kwargs["fields"][text] or ""
        if self.form.instance.pk:
            kwargs["remove_attachments"] = list(data.get("remove_attachments") or [])
            kwargs["expected_version"] = data.get("version") or self.form.instance.version
        return kwargs


# --- query forms --------------------------------------------------------------------------------


class LogFilterForm(forms.Form):
    """The log's filters (GET). Empty values mean "any"."""

    actor_role = forms.ChoiceField(
        label=_("By"), required=False, choices=_blank_first(ActorRole.choices, _("Anyone"))
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=_blank_first(ActivityKind.choices, _("Any kind"))
    )
    region = forms.ChoiceField(
        label=_("Region"), required=False, choices=_blank_first(Region.choices, _("All regions"))
    )
    state = forms.ModelChoiceField(
        label=_("State"),
        required=False,
        queryset=State.objects.order_by("name_en"),
        to_field_name="iso3",
        empty_label=_("Any state"),
    )
    status = forms.ChoiceField(
        label=_("Status of a state concerned"),
        required=False,
        choices=_blank_first(Status.choices, _("Any status")),
    )
    status_on = forms.ChoiceField(
        label=_("Status on"),
        required=False,
        choices=[("activity", _("the activity's date")), ("today", _("today"))],
    )
    date_from = IsoDateField(label=_("From"), required=False)
    date_to = IsoDateField(label=_("To"), required=False)
    visibility = forms.ChoiceField(
        label=_("Visibility"),
        required=False,
        choices=_blank_first(Visibility.choices, _("Public and internal")),
    )
    open_followups = forms.ChoiceField(
        label=_("Open follow-ups"),
        required=False,
        choices=[("", _("Either")), ("yes", _("With open follow-ups")), ("no", _("None open"))],
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end of the period is before its start."))
        return data


class CoverageForm(forms.Form):
    as_of = IsoDateField(
        label=_("Non-parties on"),
        required=False,
        help_text=_("Today when left empty."),
    )
    since = IsoDateField(
        label=_("Cycle since"),
        required=False,
        help_text=_("Contacts are counted from this date; by default 11 September 2017 (CSP3)."),
    )
    region = forms.ChoiceField(
        label=_("Region"), required=False, choices=_blank_first(Region.choices, _("All regions"))
    )

    def clean_as_of(self):
        return self.cleaned_data["as_of"] or today()

    def clean_since(self):
        return self.cleaned_data["since"] or DEFAULT_CYCLE_START

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("as_of") and data["since"] > data["as_of"]:
            self.add_error("since", _("The cycle cannot start after the date shown."))
        return data
