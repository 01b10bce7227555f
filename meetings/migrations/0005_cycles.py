"""Cycles between conference records (issue 15), second step: the work plans' conference texts
and dates give way to the two conferences linked in 0004; a plan names its standing agenda topics
(the default agenda of its new meetings); a meeting is public or internal; an activity carried
over to a new cycle waits to be re-confirmed; each account may hold a private calendar feed."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0004_conferences"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='planactivity',
            name='plan_activity_status_valid',
        ),
        migrations.RemoveConstraint(
            model_name='workplan',
            name='workplan_opening_conference_dates_in_order',
        ),
        migrations.RemoveConstraint(
            model_name='workplan',
            name='workplan_closing_after_opening',
        ),
        migrations.RemoveConstraint(
            model_name='workplan',
            name='workplan_closing_conference_dates_in_order',
        ),
        migrations.RemoveField(
            model_name="workplan",
            name="opens_start",
        ),
        migrations.RemoveField(
            model_name="workplan",
            name="opens_end",
        ),
        migrations.RemoveField(
            model_name="workplan",
            name="closes_start",
        ),
        migrations.RemoveField(
            model_name="workplan",
            name="closes_end",
        ),
        migrations.RemoveField(
            model_name="workplan",
            name="conference",
        ),
        migrations.RemoveField(
            model_name="workplan",
            name="opening_conference",
        ),
        migrations.RenameField(
            model_name="workplan",
            old_name="opening_conference_record",
            new_name="opening_conference",
        ),
        migrations.RenameField(
            model_name="workplan",
            old_name="conference_record",
            new_name="conference",
        ),
        migrations.RemoveField(
            model_name="historicalworkplan",
            name="opens_start",
        ),
        migrations.RemoveField(
            model_name="historicalworkplan",
            name="opens_end",
        ),
        migrations.RemoveField(
            model_name="historicalworkplan",
            name="closes_start",
        ),
        migrations.RemoveField(
            model_name="historicalworkplan",
            name="closes_end",
        ),
        migrations.RemoveField(
            model_name="historicalworkplan",
            name="conference",
        ),
        migrations.RemoveField(
            model_name="historicalworkplan",
            name="opening_conference",
        ),
        migrations.RenameField(
            model_name="historicalworkplan",
            old_name="opening_conference_record",
            new_name="opening_conference",
        ),
        migrations.RenameField(
            model_name="historicalworkplan",
            old_name="conference_record",
            new_name="conference",
        ),
        migrations.AlterField(
            model_name='historicalworkplan',
            name='conference',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='meetings.conference', verbose_name='conference it prepares'),
        ),
        migrations.AlterField(
            model_name='historicalworkplan',
            name='opening_conference',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='meetings.conference', verbose_name='conference that opens the cycle'),
        ),
        migrations.AlterField(
            model_name='workplan',
            name='conference',
            field=models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='work_plan', to='meetings.conference', verbose_name='conference it prepares'),
        ),
        migrations.AlterField(
            model_name='workplan',
            name='opening_conference',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='plans_opened', to='meetings.conference', verbose_name='conference that opens the cycle'),
        ),
        migrations.AlterModelOptions(
            name='workplan',
            options={'ordering': ['-conference__number'], 'verbose_name': 'work plan', 'verbose_name_plural': 'work plans'},
        ),
        migrations.AddConstraint(
            model_name='workplan',
            constraint=models.CheckConstraint(condition=models.Q(('opening_conference', models.F('conference')), _negated=True), name='workplan_between_two_conferences', violation_error_message='A cycle runs between two different conferences.'),
        ),
        migrations.AddField(
            model_name='workplan',
            name='standing_topics',
            field=models.ManyToManyField(blank=True, help_text='The default agenda of each new meeting of the plan.', related_name='+', to='meetings.standardtopic', verbose_name='standing agenda topics'),
        ),
        migrations.CreateModel(
            name='HistoricalWorkPlan_standing_topics',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('m2m_history_id', models.AutoField(primary_key=True, serialize=False)),
            ],
            options={
                'verbose_name': 'HistoricalWorkPlan_standing_topics',
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddField(
            model_name='historicalworkplan_standing_topics',
            name='history',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, to='meetings.historicalworkplan'),
        ),
        migrations.AddField(
            model_name='historicalworkplan_standing_topics',
            name='standardtopic',
            field=models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='meetings.standardtopic'),
        ),
        migrations.AddField(
            model_name='historicalworkplan_standing_topics',
            name='workplan',
            field=models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='meetings.workplan'),
        ),
        migrations.AddField(
            model_name='historicalmeeting',
            name='access',
            field=models.CharField(choices=[('public', 'Public'), ('internal', 'Internal')], default='public', help_text='An internal meeting (e.g. of the co-chairs) is shown to the Secretariat and the Co-chairs only, and only in their private calendar feed.', max_length=10, verbose_name='access'),
        ),
        migrations.AddField(
            model_name='meeting',
            name='access',
            field=models.CharField(choices=[('public', 'Public'), ('internal', 'Internal')], default='public', help_text='An internal meeting (e.g. of the co-chairs) is shown to the Secretariat and the Co-chairs only, and only in their private calendar feed.', max_length=10, verbose_name='access'),
        ),
        migrations.AddConstraint(
            model_name='meeting',
            constraint=models.CheckConstraint(condition=models.Q(('access__in', ['public', 'internal'])), name='meeting_access_valid'),
        ),
        migrations.AlterField(
            model_name='historicalplanactivity',
            name='status',
            field=models.CharField(choices=[('to_confirm', 'To re-confirm'), ('planned', 'Planned'), ('in_progress', 'In progress'), ('done', 'Done'), ('cancelled', 'Cancelled')], default='planned', max_length=12, verbose_name='status'),
        ),
        migrations.AlterField(
            model_name='planactivity',
            name='status',
            field=models.CharField(choices=[('to_confirm', 'To re-confirm'), ('planned', 'Planned'), ('in_progress', 'In progress'), ('done', 'Done'), ('cancelled', 'Cancelled')], default='planned', max_length=12, verbose_name='status'),
        ),
        migrations.AddConstraint(
            model_name='planactivity',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['to_confirm', 'planned', 'in_progress', 'done', 'cancelled'])), name='plan_activity_status_valid'),
        ),
        migrations.CreateModel(
            name='CalendarToken',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('digest', models.CharField(editable=False, max_length=64, unique=True)),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='made on')),
            ],
            options={
                'verbose_name': 'private calendar feed',
                'verbose_name_plural': 'private calendar feeds',
            },
        ),
        migrations.CreateModel(
            name='HistoricalCalendarToken',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='made on')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
            ],
            options={
                'verbose_name': 'historical private calendar feed',
                'verbose_name_plural': 'historical private calendar feeds',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddField(
            model_name='calendartoken',
            name='user',
            field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='calendar_token', to=settings.AUTH_USER_MODEL, verbose_name='account'),
        ),
        migrations.AddField(
            model_name='historicalcalendartoken',
            name='history_user',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalcalendartoken',
            name='user',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='account'),
        ),
    ]
