"""Conferences of States Parties become records, and each work plan's cycle runs between two of
them (issue 15). This first step creates the conferences and links each plan to the two that its
texts named ("CSP3" → "CSP4"), with the days the plan gave; the next migration removes the texts
and the plan's own dates. A conference created here is marked as such (source and history), so
load_reference_data later completes it from conferences.csv like any record nobody edited.
A text without a number gets a conference numbered from 1000 with a note asking to check it."""

import re

import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

import states.dates

REASON = "From the work plans' conference texts (migration 0004)"
UNNUMBERED_FROM = 1000


def _number(text: str):
    match = re.search(r"(\d+)", text or "")
    if match and 1 <= int(match.group(1)) < UNNUMBERED_FROM:
        return int(match.group(1))
    return None


def _history(apps, conference):
    HistoricalConference = apps.get_model("meetings", "HistoricalConference")
    values = {
        f.attname: getattr(conference, f.attname)
        for f in conference._meta.concrete_fields
    }
    HistoricalConference.objects.create(
        **values,
        history_date=timezone.now(),
        history_type="+",
        history_change_reason=REASON,
        history_user=None,
    )


def link_plans_to_conferences(apps, schema_editor):
    Conference = apps.get_model("meetings", "Conference")
    WorkPlan = apps.get_model("meetings", "WorkPlan")
    HistoricalWorkPlan = apps.get_model("meetings", "HistoricalWorkPlan")
    by_number = {}

    def conference(text, first, last, plan, avoid=None):
        number = _number(text)
        note = ""
        if number is None or number == avoid:
            number = max([UNNUMBERED_FROM - 1, *by_number]) + 1
            note = (
                f'Recorded as "{text}" in the work plan "{plan.title}" before conferences were '
                "records: check its number."
            )
        found = by_number.get(number)
        if found is None:
            found = Conference.objects.create(
                number=number,
                opening=first,
                closing=last,
                source=f'Work plan "{plan.title}"',
                notes=note,
            )
            _history(apps, found)
            by_number[number] = found
        elif (found.opening, found.closing) != (first, last):
            found.notes = (
                f"{found.notes}\nThe work plan \"{plan.title}\" gave "
                f"{first.isoformat()} to {last.isoformat()}."
            ).strip()
            found.save(update_fields=["notes"])
        return found

    for plan in WorkPlan.objects.order_by("closes_start", "pk"):
        plan.opening_conference_record = conference(
            plan.opening_conference, plan.opens_start, plan.opens_end, plan
        )
        plan.conference_record = conference(
            plan.conference,
            plan.closes_start,
            plan.closes_end,
            plan,
            avoid=plan.opening_conference_record.number,
        )
        plan.save(update_fields=["opening_conference_record", "conference_record"])
    # The history keeps its meaning where the conference it named is now a record.
    for record in HistoricalWorkPlan.objects.all():
        opening = by_number.get(_number(record.opening_conference))
        closing = by_number.get(_number(record.conference))
        record.opening_conference_record_id = opening.pk if opening else None
        record.conference_record_id = closing.pk if closing else None
        record.save(update_fields=["opening_conference_record", "conference_record"])


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0003_versions"),
        ("states", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Conference',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveSmallIntegerField(help_text='12 for CSP12.', unique=True, validators=[django.core.validators.MinValueValidator(1)], verbose_name='number')),
                ('opening', models.DateField(blank=True, null=True, validators=[states.dates.validate_in_range], verbose_name='first day')),
                ('closing', models.DateField(blank=True, null=True, validators=[states.dates.validate_in_range], verbose_name='last day')),
                ('place', models.CharField(blank=True, max_length=200, verbose_name='place')),
                ('format', models.CharField(blank=True, choices=[('in_person', 'In person'), ('hybrid', 'Hybrid'), ('written_procedure', 'Written procedure')], max_length=20, verbose_name='format')),
                ('president', models.CharField(blank=True, max_length=200, verbose_name='President')),
                ('symbol_prefix', models.CharField(blank=True, help_text="The prefix of the conference's documents, for example ATT/CSP12.", max_length=40, verbose_name='document-symbol prefix')),
                ('confidence', models.CharField(blank=True, choices=[('high', 'High'), ('medium', 'Medium'), ('low', 'Low')], max_length=10, verbose_name='confidence in the dates and place')),
                ('source', models.TextField(blank=True, verbose_name='source')),
                ('notes', models.TextField(blank=True, verbose_name='notes')),
                ('reference_key', models.CharField(blank=True, default='', editable=False, max_length=60)),
                ('version', models.PositiveIntegerField(default=1, editable=False)),
            ],
            options={
                'verbose_name': 'Conference of States Parties',
                'verbose_name_plural': 'Conferences of States Parties',
                'ordering': ['number'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalConference',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('number', models.PositiveSmallIntegerField(db_index=True, help_text='12 for CSP12.', validators=[django.core.validators.MinValueValidator(1)], verbose_name='number')),
                ('opening', models.DateField(blank=True, null=True, validators=[states.dates.validate_in_range], verbose_name='first day')),
                ('closing', models.DateField(blank=True, null=True, validators=[states.dates.validate_in_range], verbose_name='last day')),
                ('place', models.CharField(blank=True, max_length=200, verbose_name='place')),
                ('format', models.CharField(blank=True, choices=[('in_person', 'In person'), ('hybrid', 'Hybrid'), ('written_procedure', 'Written procedure')], max_length=20, verbose_name='format')),
                ('president', models.CharField(blank=True, max_length=200, verbose_name='President')),
                ('symbol_prefix', models.CharField(blank=True, help_text="The prefix of the conference's documents, for example ATT/CSP12.", max_length=40, verbose_name='document-symbol prefix')),
                ('confidence', models.CharField(blank=True, choices=[('high', 'High'), ('medium', 'Medium'), ('low', 'Low')], max_length=10, verbose_name='confidence in the dates and place')),
                ('source', models.TextField(blank=True, verbose_name='source')),
                ('notes', models.TextField(blank=True, verbose_name='notes')),
                ('reference_key', models.CharField(blank=True, default='', editable=False, max_length=60)),
                ('version', models.PositiveIntegerField(default=1, editable=False)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
            ],
            options={
                'verbose_name': 'historical Conference of States Parties',
                'verbose_name_plural': 'historical Conferences of States Parties',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddField(
            model_name='conference',
            name='president_state',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='states.state', verbose_name="President's state"),
        ),
        migrations.AddField(
            model_name='historicalconference',
            name='history_user',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalconference',
            name='president_state',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='states.state', verbose_name="President's state"),
        ),
        migrations.AddConstraint(
            model_name='conference',
            constraint=models.CheckConstraint(condition=models.Q(('number__gte', 1)), name='conference_number_positive'),
        ),
        migrations.AddConstraint(
            model_name='conference',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('closing__isnull', True), ('opening__isnull', True)), models.Q(('closing__gte', models.F('opening')), ('closing__isnull', False), ('opening__isnull', False)), _connector='OR'), name='conference_days_in_order', violation_error_message='Give both days (the last no earlier than the first), or neither until they are fixed.'),
        ),
        migrations.AddConstraint(
            model_name='conference',
            constraint=models.CheckConstraint(condition=models.Q(('format__in', ['', 'in_person', 'hybrid', 'written_procedure'])), name='conference_format_valid'),
        ),
        migrations.AddConstraint(
            model_name='conference',
            constraint=models.CheckConstraint(condition=models.Q(('confidence__in', ['', 'high', 'medium', 'low'])), name='conference_confidence_valid'),
        ),
        migrations.AddConstraint(
            model_name='conference',
            constraint=models.UniqueConstraint(condition=models.Q(('reference_key', ''), _negated=True), fields=('reference_key',), name='conference_reference_key_unique'),
        ),
        migrations.AddField(
            model_name="workplan",
            name="opening_conference_record",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="meetings.conference"),
        ),
        migrations.AddField(
            model_name="workplan",
            name="conference_record",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="meetings.conference"),
        ),
        migrations.AddField(
            model_name="historicalworkplan",
            name="opening_conference_record",
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to="meetings.conference"),
        ),
        migrations.AddField(
            model_name="historicalworkplan",
            name="conference_record",
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to="meetings.conference"),
        ),
        migrations.RunPython(link_plans_to_conferences, migrations.RunPython.noop),
    ]
