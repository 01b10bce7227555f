"""Trilingual content (issue 22): texts per language with a marked fallback, titles composed in
the reader's language, the side-by-side editor, and the page of the texts lacking a version."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts.roles import Role
from meetings.models import AgendaItem, Conference, Meeting, PlanActivity, WorkPlan
from meetings.titles import composed_meeting_title, conference_name
from meetings.translated import localized
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

D = dt.date


def test_a_missing_version_falls_back_to_the_original_with_its_language():
    plan = WorkPlan(title="Work plan", title_fr="Plan de travail")
    assert localized(plan, "title", "fr").text == "Plan de travail"
    shown = localized(plan, "title", "es")
    assert (shown.text, shown.language, shown.is_fallback) == ("Work plan", "en", True)
    with translation.override("es"):
        assert shown.marker == translation.pgettext("content fallback marker", "(in English only)")
        html = str(shown.html())
    assert '<span lang="en">Work plan</span>' in html and 'class="lang-fallback"' in html
    # The original is the fallback, whatever language it is in.
    french = WorkPlan(title="", title_fr="Plan", original_language="fr")
    assert localized(french, "title", "es").language == "fr"


def test_titles_are_composed_in_the_readers_language_with_the_att_acronyms():
    day = D(2018, 5, 31)
    assert composed_meeting_title(day, "fr") == (
        "Réunion du Groupe de travail sur l'universalisation du Traité, 31 mai 2018"
    )
    assert composed_meeting_title(day, "es") == (
        "Reunión del Grupo de Trabajo sobre la Universalización del Tratado, 31 de mayo de 2018"
    )
    assert composed_meeting_title(day, "en", short=True) == "WGTU meeting, 31 May 2018"
    assert [conference_name(4, code) for code in ("en", "fr", "es")] == ["CSP4", "CEP4", "CEEP4"]


def test_a_meeting_title_overridden_in_one_language_only(work_plan):
    meeting = work_plan.meetings.get(date=D(2018, 5, 31))
    meeting.title_es = "Segunda reunión del GTUT"
    with translation.override("es"):
        assert meeting.heading == "Segunda reunión del GTUT"
    with translation.override("fr"):
        assert meeting.heading.startswith("Réunion du Groupe de travail")
        assert Conference(number=4).name == "CEP4"


@pytest.fixture
def translated(work_plan):
    """A plan of its own with a meeting to come and an item, every text in three languages."""
    plan = WorkPlan.objects.create(
        title="CSP5 plan",
        title_fr="Plan CEP5",
        title_es="Plan CEEP5",
        opening_conference=Conference.objects.get(number=4),
        conference=Conference.objects.get_or_create(number=5)[0],
    )
    meeting = Meeting.objects.create(plan=plan, date=D(2099, 1, 10))
    item = AgendaItem.objects.create(
        meeting=meeting,
        order=1,
        title="Any other business",
        title_fr="Questions diverses",
        title_es="Otros asuntos",
        public_notes="None.",
        public_notes_fr="Aucune.",
        public_notes_es="Ninguna.",
    )
    return plan, meeting, item


def test_the_missing_page_lists_a_text_once_a_translation_is_removed(client_for, translated):
    _plan, meeting, item = translated
    url = reverse("meetings:translations_missing")
    editor = reverse("meetings:translation_edit", args=["agenda-item", item.pk])
    page = client_for("secretariat").get(url)
    assert page.status_code == 200
    assert f'data-missing="{editor}#' not in page.text
    item.title_es = ""
    item.save()
    page = client_for("secretariat").get(url)
    assert f'data-missing="{editor}#title"' in page.text
    assert f'data-missing="{editor}#public_notes"' not in page.text
    # Grouped by what prints it next: the report of this meeting to come, first of all.
    first = page.context["groups"][0]
    # The composed title holds the date once ("…, 10 January 2099", not "…, 2099-01-10" after it).
    assert first.heading == f"The report of {meeting.heading} (to come)"
    assert "10 January 2099" in first.heading and "2099-01-10" not in first.heading
    assert [(t.record.pk, t.field, t.missing) for t in first.texts] == [(item.pk, "title", ["es"])]
    # A title the Secretariat typed gets the date after it, in the reader's language.
    meeting.title_fr = "Session extraordinaire"
    meeting.save()
    with translation.override("fr"):
        page = client_for("secretariat").get(url, HTTP_ACCEPT_LANGUAGE="fr")
    assert page.context["groups"][0].heading.startswith("Rapport")
    assert "Session extraordinaire, 10 janvier 2099 (à venir)" in page.context["groups"][0].heading
    assert client_for("cochair").get(url).status_code == 403


@pytest.fixture
def bob(db):
    return UserFactory(username="bob.secretariat", role=Role.SECRETARIAT)


def _form(response) -> dict:
    form = response.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = "on" if value is True else str(value)
    return data


def test_the_side_by_side_editor_saves_a_translation_and_refuses_a_stale_one(
    secretariat, bob, work_plan
):
    activity = PlanActivity.objects.get(reference_key="csp4-regional-workshop")
    url = reverse("meetings:translation_edit", args=["activity", activity.pk])
    alice_client, bob_client = Client(), Client()
    alice_client.force_login(secretariat)
    bob_client.force_login(bob)
    alice_page, bob_page = alice_client.get(url), bob_client.get(url)
    assert alice_page.status_code == 200
    assert "English" in alice_page.text and "Spanish" in alice_page.text
    assert 'badge text-bg-primary">original' in alice_page.text.replace("\n", "")
    alice_form, bob_form = _form(alice_page), _form(bob_page)
    seeded_es = activity.title_es
    alice_form["title_fr"] = "Atelier régional"
    assert alice_client.post(url, alice_form).status_code == 302
    bob_form["title_es"] = "Taller regional"
    assert bob_client.post(url, bob_form).status_code == 409
    activity.refresh_from_db()
    assert (activity.title_fr, activity.title_es) == ("Atelier régional", seeded_es)
    assert activity.history.first().history_user == secretariat
    # An original cannot be emptied while a translation exists.
    again = _form(alice_client.get(url))
    again["title"] = ""
    refused = alice_client.post(url, again)
    assert refused.status_code == 200 and refused.context["form"].errors


def test_the_csp4_work_plan_is_seeded_in_three_languages_once(work_plan, client_for):
    from meetings import services
    from meetings.translations import missing_translations

    assert work_plan.title_fr == "Plan de travail pour les réunions préparatoires de la CEP4"
    assert work_plan.title_es == "Plan de trabajo para las reuniones preparatorias de la CEEP4"
    assert work_plan.description_fr and work_plan.description_es
    assert work_plan.unofficial_translation and work_plan.original_language == "en"
    items = AgendaItem.objects.filter(meeting__plan=work_plan)
    assert items.count() == 9
    assert not items.filter(description_fr="").exists()
    assert not items.filter(description_es="").exists()
    assert not work_plan.activities.filter(title_es="").exists()
    # Nothing seeded lacks a version; a second load changes nothing.
    assert missing_translations(D(2018, 1, 1)) == []
    report = services.work_plan_load()
    assert (report.created, report.updated) == (0, 0)
    html = client_for("secretariat").get(reverse("meetings:translations_missing")).text
    assert "data-missing=" not in html


def test_the_missing_page_reads_as_many_queries_whatever_the_number_of_texts(
    client_for, translated, django_assert_num_queries
):
    _plan, meeting, _item = translated
    client = client_for("secretariat")
    url = reverse("meetings:translations_missing")
    client.get(url)
    with django_assert_num_queries(QUERIES):
        client.get(url)
    for order in range(2, 6):
        AgendaItem.objects.create(meeting=meeting, order=order, title=f"Item {order}")
    with django_assert_num_queries(QUERIES):
        assert client.get(url).text.count("data-missing=") >= 4


# The session and the account (2), its permissions (1), then meetings, agenda items, Final
# summaries, plans, topics, activities, documents, conferences (8): missing_translations. (The
# meetings of the topics lacking a title are read only when there are some: one more.)
QUERIES = 11


def test_the_pages_read_in_french_show_the_french_versions_and_mark_the_rest(client_for, work_plan):
    client = client_for("delegate")
    client.cookies["django_language"] = "fr"
    page = client.get(reverse("meetings:plan", args=[work_plan.pk]), HTTP_ACCEPT_LANGUAGE="fr")
    html = page.text
    assert "Plan de travail pour les réunions préparatoires de la CEP4" in html
    assert "Soutenir un atelier régional ou sous-régional sur le TCA." in html
    assert "Réunion du Groupe de travail sur l&#x27;universalisation du Traité, 31 mai 2018" in html
    assert "Work plan for the CSP4 preparatory meetings" not in html
    assert 'class="small text-body-secondary unofficial-translation"' in html
    # A record left in English only: shown, with the marker in the reader's language.
    activity = work_plan.activities.order_by("order").first()
    activity.title_fr = ""
    activity.save()
    html = client.get(reverse("meetings:plan", args=[work_plan.pk]), HTTP_ACCEPT_LANGUAGE="fr").text
    with translation.override("fr"):
        marker = translation.pgettext("content fallback marker", "(in English only)")
    assert (
        f'<span lang="en">Support a regional/subregional ATT workshop.</span> '
        f'<span class="lang-fallback">{marker}</span>'
    ) in html
    conferences = client.get(reverse("meetings:conferences"), HTTP_ACCEPT_LANGUAGE="fr").text
    assert "CEP4" in conferences and "Genève" in conferences


def test_a_standard_topic_lacking_a_language_is_listed_with_its_next_meeting(
    client_for, translated
):
    from meetings.models import StandardTopic

    _plan, meeting, _item = translated
    topic = StandardTopic.objects.create(
        code="aob", title_en="Any other business", title_fr="Divers"
    )
    AgendaItem.objects.create(meeting=meeting, order=2, topic=topic)
    page = client_for("secretariat").get(reverse("meetings:translations_missing"))
    first = page.context["groups"][0]
    assert meeting.heading in first.heading
    assert [(t.record, t.missing) for t in first.texts] == [(topic, ["es"])]
    assert reverse("meetings:topic_edit", args=["aob"]) in page.text


def test_the_meetings_index_places_the_colon_as_the_language_writes_it(client_for, reference_data):
    """ "De CEP3 à CEP4 : 11-15 septembre 2017" (a space before the colon in French)."""
    client = client_for("delegate")
    french = client.get(reverse("meetings:index"), HTTP_ACCEPT_LANGUAGE="fr")
    assert "De CEP3 à CEP4\u00a0:" in french.text
    english = client.get(reverse("meetings:index"), HTTP_ACCEPT_LANGUAGE="en")
    assert "From CSP3 to CSP4:" in english.text
