"""Factories for outreach records, and a fast bulk builder for the query-count tests."""

import datetime as dt

import factory

from outreach.models import ActivityKind, ActorRole, FollowUp, OutreachActivity


class OutreachActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutreachActivity
        skip_postgeneration_save = True

    start_date = dt.date(2018, 3, 1)
    actor_role = ActorRole.PRESIDENCY
    actor_name = "The President of CSP4"
    kind = ActivityKind.VISIT
    place = "Capital City"
    summary = "Internal summary"

    @factory.post_generation
    def states(self, create, extracted, **kwargs):
        if create and extracted:
            self.states.set(extracted)


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    activity = factory.SubFactory(OutreachActivityFactory)
    action = "Send the model legislation"
    owner = "Secretariat"
    due_on = dt.date(2018, 4, 1)


def bulk_activities(count, states, *, start=dt.date(2016, 1, 1), followups=True, tags=()):
    """`count` activities spread over days from `start`, each concerning every one of `states`,
    each with one open follow-up (no history: bulk_create), linked to `tags` if given."""
    activities = OutreachActivity.objects.bulk_create(
        OutreachActivity(
            start_date=start + dt.timedelta(days=i % 3000),
            actor_role=ActorRole.PRESIDENCY,
            actor_name=f"Actor {i}",
            kind=ActivityKind.VISIT,
            summary="Internal",
            visibility="public" if i % 2 else "internal",
        )
        for i in range(count)
    )
    through = OutreachActivity.states.through
    through.objects.bulk_create(
        through(outreachactivity_id=a.pk, state_id=s.pk) for a in activities for s in states
    )
    if tags:
        tag_through = OutreachActivity.challenge_tags.through
        tag_through.objects.bulk_create(
            tag_through(outreachactivity_id=a.pk, challengetag_id=t.pk)
            for a in activities
            for t in tags
        )
    if followups:
        FollowUp.objects.bulk_create(
            FollowUp(activity=a, action="Call back", due_on=a.start_date) for a in activities
        )
    return activities
