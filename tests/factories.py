"""factory_boy factories shared by the tests of every app."""

import datetime as dt

import factory
from django.contrib.auth.models import Group, User

from states.models import Region, State, TreatyAction


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))


class StateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = State
        django_get_or_create = ("iso3",)

    iso3 = factory.Sequence(lambda n: "X" + chr(65 + n // 26 % 26) + chr(65 + n % 26))
    name_en = factory.Sequence(lambda n: f"Testland {n}")
    name_fr = factory.LazyAttribute(lambda s: f"{s.name_en} (fr)")
    name_es = factory.LazyAttribute(lambda s: f"{s.name_en} (es)")
    region = Region.EUROPE


class TreatyActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TreatyAction

    state = factory.SubFactory(StateFactory)
    kind = TreatyAction.Kind.SIGNATURE
    date = dt.date(2013, 6, 3)
