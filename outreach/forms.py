"""The activity form (one page: the activity, challenges and procedure stages noted per state,
follow-ups, files) and the query forms of the log and the coverage page. Forms validate;
services.py writes."""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from accounts.models import PortalUser
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
from outreach.selectors import DEFAULT_CYCLE_START
from pipeline.forms import StageChoiceField
from pipeline.models import Visibility as StageVisibility
from states.collation import by_name
from states.dates import AsOfForm, IsoDateField, TreatyDateField, today
from states.fields import MAX_PK, StateChoiceField, StateMultipleChoiceField, state_label
from states.models import Region, State, Status
from states.versioning import VersionedModelForm
from uploads.validators import validate_document

MAX_FILES = 10
# What a state's label needs (state_label: its name in every language and its code).
STATE_CHOICE_FIELDS = ("iso3", "name_en", "name_fr", "name_es")


def _blank_first(choices, label):
    return [("", label), *choices]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by uploads.validators.validate_document."""

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
                validate_document(upload)
            except ValidationError as exc:
                errors.extend(exc.messages)
            cleaned.append(upload)
        if errors:
            raise ValidationError(errors)
        return cleaned


class ActivityForm(VersionedModelForm):
    states = StateMultipleChoiceField(
        label=_("States concerned"),
        queryset=State.objects.order_by("name_en"),
        widget=forms.SelectMultiple(
            attrs={
                "data-filterable": "",
                "data-filter-placeholder": _("Type a name to find a state"),
                "data-remove-title": _("Remove this state"),
                "size": "12",
            }
        ),
        help_text=_("One or more: type a name to find a state."),
    )
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
        attachments = list(self.instance.attachments.all()) if self.instance.pk else []
        if attachments:
            self.fields["remove_attachments"].queryset = self.instance.attachments.all()
        else:
            # Nothing to remove: no empty "Remove these files" heading.
            del self.fields["remove_attachments"]

    def clean_states(self):
        return list(self.cleaned_data["states"])


class NotedChallengeForm(forms.Form):
    """One row of "challenges noted": a state of the activity, a challenge, a note.

    `offered`: the states the row's list shows (the non-parties among the activity's states);
    any state is accepted by the field, so that another one gets a message saying why, not
    "Select a valid choice" (ActivityEditor.is_valid)."""

    state = StateChoiceField(
        label=_("State"), queryset=State.objects.order_by("name_en"), required=False
    )
    challenge = ChallengeChoiceField(
        label=_("Challenge noted"),
        queryset=Challenge.objects.active().order_by("sort_key"),
        required=False,
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)

    def __init__(self, *args, offered=None, **kwargs):
        super().__init__(*args, **kwargs)
        if offered is not None:
            field = self.fields["state"]
            field.widget.choices = [("", field.empty_label), *offered]
            field.widget.attrs["data-noted-state"] = ""

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

    def __init__(self, *args, offered=None, **kwargs):
        super().__init__(*args, **kwargs)
        if offered is not None:
            field = self.fields["state"]
            field.widget.choices = [("", field.empty_label), *offered]
            field.widget.attrs["data-noted-state"] = ""

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


def owner_choices() -> list[tuple[int, str]]:
    """The accounts a follow-up may be assigned to (the active ones), by name in the reader's
    order: one query, made once for all the rows of a page."""
    people = PortalUser.objects.active().only("pk", "username", "first_name", "last_name")
    labelled = [(p.pk, p.get_full_name() or p.get_username()) for p in people]
    return by_name(labelled, name=lambda choice: choice[1])


class FollowUpForm(forms.ModelForm):
    """One follow-up row: an empty new row is skipped, so no field is marked required; a row with
    an owner or a date needs its action. `people`: the owner choices (owner_choices), shared by
    every row so that a page reads the accounts once."""

    class Meta:
        model = FollowUp
        fields = ["action", "assignee", "owner", "due_on"]
        field_classes = {"due_on": TreatyDateField}

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].required = False
        assignee = self.fields["assignee"]
        assignee.queryset = PortalUser.objects.active()
        assignee.choices = [("", "—"), *(owner_choices() if people is None else people)]

    def clean(self):
        data = super().clean()
        deleting = self.cleaned_data.get("DELETE")
        given = data.get("assignee") or data.get("owner") or data.get("due_on") or self.instance.pk
        if not (data.get("action") or "").strip() and given and not deleting:
            self.add_error("action", _("Say what is to be done (or leave the whole row empty)."))
        return data


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
                    assignee=data.get("assignee"),
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
        self.on = self._activity_date(data, instance)
        self.non_parties = list(State.objects.non_parties(self.on).only(*STATE_CHOICE_FIELDS))
        chosen = self._chosen_states(data, instance)
        offered = [s for s in self.non_parties if not chosen or s.pk in chosen]
        self.noted = NotedFormSet(
            data,
            prefix="noted",
            form_kwargs={"offered": [(s.pk, state_label(s)) for s in by_name(offered)]},
        )
        self.stages = NotedStageFormSet(
            data,
            prefix="stages",
            form_kwargs={"offered": [(s.pk, state_label(s)) for s in by_name(offered)]},
        )
        self.followups = FollowUpFormSet(
            data,
            instance=instance,
            prefix="followups",
            form_kwargs={"people": owner_choices()},
        )
        self.non_field_errors: list[str] = []

    @property
    def noted_choices(self) -> list[tuple[int, str]]:
        """Every state a row may offer (the non-parties on the activity's date), for the script
        that keeps the rows in step with the states chosen above."""
        return [(s.pk, state_label(s)) for s in by_name(self.non_parties)]

    def _activity_date(self, data, instance) -> dt.date:
        """The activity's date as typed (when it reads as one), else as saved, else today."""
        if data is not None:
            try:
                return self.form.fields["start_date"].clean(data.get("activity-start_date"))
            except ValidationError:
                pass
        return instance.start_date or today()

    def _chosen_states(self, data, instance) -> set[int]:
        if data is not None:
            values = data.getlist("activity-states") if hasattr(data, "getlist") else []
            return {int(v) for v in values if str(v).isdigit() and int(v) <= MAX_PK}
        return {s.pk for s in instance.states.all()} if instance.pk else set()

    def is_valid(self) -> bool:
        """The forms' checks and the service's own (services.noted_state_errors) in one pass, so
        every error is reported at once."""
        valid = all(
            [
                self.form.is_valid(),
                self.noted.is_valid(),
                self.stages.is_valid(),
                self.followups.is_valid(),
            ]
        )
        states = self.form.cleaned_data.get("states") or []
        on = self.form.cleaned_data.get("start_date")
        for row in self.noted.forms:
            state = getattr(row, "cleaned_data", {}).get("state")
            if state is None or "state" in row.errors:
                continue
            for message in services.noted_state_errors(state=state, states=states, on=on):
                row.add_error("state", message)
                valid = False
        chosen = {s.pk for s in states}
        for row in self.stages.forms:
            state = getattr(row, "cleaned_data", {}).get("state")
            if state is not None and "state" not in row.errors and state.pk not in chosen:
                row.add_error(
                    "state", _("Choose a state among the states concerned, or add it there.")
                )
                valid = False
        return valid

    def add_error(self, field, error):
        """Like a form's add_error: field None puts `error` (a ValidationError, a message or a
        list of them) above the whole page; a field name puts it on the activity form."""
        if field is not None:
            self.form.add_error(field, error)
            return
        if isinstance(error, ValidationError):
            self.non_field_errors.extend(error.messages)
        elif isinstance(error, list | tuple):
            self.non_field_errors.extend(str(e) for e in error)
        else:
            self.non_field_errors.append(str(error))

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
            kwargs["expected_version"] = data["version"]
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
    state = StateChoiceField(
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


class CoverageForm(AsOfForm):
    """The coverage page: the non-parties on `as_of` (states.dates.AsOfForm), contacts counted
    from `since` (by default the cycle's opening CSP, or `as_of` itself when that is earlier)."""

    since = IsoDateField(
        label=_("Cycle since"),
        required=False,
        help_text=_("Contacts are counted from this date; by default 11 September 2017 (CSP3)."),
    )
    region = forms.ChoiceField(
        label=_("Region"), required=False, choices=_blank_first(Region.choices, _("All regions"))
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["as_of"].label = _("Non-parties on")
        self.fields["as_of"].help_text = _("Today when left empty.")

    def clean(self):
        data = super().clean()
        as_of = data.get("as_of")
        if not data.get("since"):
            data["since"] = min(DEFAULT_CYCLE_START, as_of) if as_of else DEFAULT_CYCLE_START
        elif as_of and data["since"] > as_of:
            self.add_error("since", _("The cycle cannot start after the date shown."))
        return data
