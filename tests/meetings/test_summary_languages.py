"""Summaries in English, French and Spanish (issue 22 for the summaries of issue 16): each
version keeps the three texts, a translation alone is a new version with its own difference, the
form edits the languages side by side through the workflow (stale edits refused), readers see
their language or the original with the marker, and the missing-translations page lists a Final
summary lacking a language (never a draft)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts.roles import Role
from meetings import summary_workflow as workflow
from meetings.models import AccountDelegation, Participation
from meetings.summaries import Summary, SummaryState
from states.dates import today
from states.versioning import StaleEdit
from tests.factories import StateFactory, UserFactory

EN = "The Working Group welcomed two new accessions."
FR = "Le Groupe de travail a salué deux nouvelles adhésions."
ES = "El Grupo de Trabajo acogió con beneplácito dos nuevas adhesiones."


@pytest.fixture
def may(work_plan):
    return work_plan.meetings.get(date="2018-05-31")


def marker_in(language: str, text_language: str = "en") -> str:
    source = {"en": "(in English only)", "fr": "(in French only)", "es": "(in Spanish only)"}
    with translation.override(language):
        return translation.pgettext("content fallback marker", source[text_language])


def reader(client: Client, language: str) -> Client:
    client.cookies["django_language"] = language
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    return client


def make_final(summary: Summary) -> Summary:
    Summary.objects.filter(pk=summary.pk).update(state=SummaryState.FINAL)
    summary.refresh_from_db()
    return summary


def form_data(summary=None, **values) -> dict:
    data = {"original_language": "en", "text": "", "text_fr": "", "text_es": ""}
    if summary is not None:
        data.update({name: getattr(summary, name) for name in ("text", "text_fr", "text_es")})
        data.update(original_language=summary.original_language, version=summary.version)
    data.update(values)
    return data


# --- The workflow ---------------------------------------------------------------------------


def test_each_version_keeps_the_three_texts_and_a_translation_alone_is_a_version(may, secretariat):
    summary = workflow.summary_create(meeting=may, text=EN, text_fr=FR, user=secretariat)
    first = summary.versions.get()
    assert (first.text, first.text_fr, first.text_es, first.original_language) == (EN, FR, "", "en")
    changed = workflow.summary_edit(
        summary=summary, expected_version=1, text=EN, text_fr=FR, text_es=ES, user=secretariat
    )
    assert changed == ["text_es"]
    versions = list(summary.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert (versions[1].text, versions[1].text_fr, versions[1].text_es) == (EN, FR, ES)
    assert versions[0].text_es == ""
    summary.refresh_from_db()
    assert summary.text_es == ES and summary.version == 2
    # The same texts again: nothing saved, no version.
    assert not workflow.summary_edit(
        summary=summary, expected_version=2, text=EN, text_fr=FR, text_es=ES, user=secretariat
    )
    assert summary.versions.count() == 2


def test_the_original_is_required_in_its_language_and_a_stale_edit_is_refused(may, secretariat):
    with pytest.raises(ValidationError):
        workflow.summary_create(
            meeting=may, text=EN, text_fr="", original_language="fr", user=secretariat
        )
    summary = workflow.summary_create(
        meeting=may, text="", text_fr=FR, original_language="fr", user=secretariat
    )
    assert summary.original_language == "fr" and summary.versions.get().original_language == "fr"
    workflow.summary_edit(
        summary=summary,
        expected_version=1,
        text_fr=FR,
        text_es=ES,
        original_language="fr",
        user=secretariat,
    )
    with pytest.raises(StaleEdit):
        workflow.summary_edit(
            summary=summary,
            expected_version=1,
            text_fr=FR,
            text=EN,
            original_language="fr",
            user=secretariat,
        )
    summary.refresh_from_db()
    assert (summary.text, summary.text_es, summary.versions.count()) == ("", ES, 2)


def test_a_final_summary_takes_translations_but_keeps_its_original(may, secretariat):
    summary = make_final(workflow.summary_create(meeting=may, text=EN, user=secretariat))
    changed = workflow.summary_edit(
        summary=summary, expected_version=1, text=EN, text_fr=FR, user=secretariat
    )
    assert changed == ["text_fr"]
    summary.refresh_from_db()
    assert summary.state == "final" and summary.text_fr == FR
    latest = summary.versions.order_by("-number").first()
    assert (latest.number, latest.state, latest.text_fr) == (2, "final", FR)
    for values in ({"text": "Rewritten.", "text_fr": FR}, {"text": EN, "original_language": "fr"}):
        with pytest.raises(ValidationError, match=r"A final summary is not edited any more\."):
            workflow.summary_edit(
                summary=summary, expected_version=2, user=secretariat, **{"text_fr": FR, **values}
            )
    summary.refresh_from_db()
    assert (summary.text, summary.original_language, summary.versions.count()) == (EN, "en", 2)


# --- The form -------------------------------------------------------------------------------


def test_the_form_edits_the_three_languages_side_by_side(client_for, may):
    sec = client_for("secretariat")
    url = reverse("meetings:summary_create", args=[may.pk])
    page = sec.get(url)
    assert page.status_code == 200
    html = page.text
    for name in ("text", "text_fr", "text_es", "original_language"):
        assert f'name="{name}"' in html
    assert "English" in html and "French" in html and "Spanish" in html
    assert 'badge text-bg-primary">original' in html.replace("\n", "")
    # The original's text is required; the translations are not.
    refused = sec.post(url, form_data(text_fr=FR, original_language="es"))
    assert refused.status_code == 200 and refused.context["form"].errors["text_es"]
    assert not Summary.objects.exists()
    response = sec.post(url, form_data(text=EN, text_fr=FR, original_language="en"))
    assert response.status_code == 302
    summary = Summary.objects.get()
    assert (summary.text, summary.text_fr, summary.text_es) == (EN, FR, "")
    # Edit: the Spanish added, a new version whose difference shows it.
    edit_url = reverse("meetings:summary_edit", args=[summary.pk])
    form = sec.get(edit_url).context["form"]
    assert form["text_fr"].value() == FR and form["version"].value() == 1
    assert sec.post(edit_url, form_data(summary, text_es=ES)).status_code == 302
    summary.refresh_from_db()
    assert summary.text_es == ES and summary.versions.count() == 2
    detail = sec.get(summary.get_absolute_url()).text
    assert "Version 2 (Draft)" in detail
    assert '<div class="summary-diff small mb-2" data-language="es">' in detail
    assert "<ins>El Grupo de Trabajo" in detail
    # Version 1 shows the English and French it had; version 2 only the Spanish added.
    assert detail.count('data-language="fr"><p') == 1
    # An English change keeps its English difference.
    assert sec.post(edit_url, form_data(summary, text=EN + " And more.")).status_code == 302
    assert "And more.</ins>" in sec.get(summary.get_absolute_url()).text


def test_a_stale_three_language_form_is_refused_with_409(client_for, may):
    sec = client_for("secretariat")
    sec.post(reverse("meetings:summary_create", args=[may.pk]), form_data(text=EN))
    summary = Summary.objects.get()
    url = reverse("meetings:summary_edit", args=[summary.pk])
    assert sec.post(url, form_data(summary, text_fr=FR)).status_code == 302
    stale = sec.post(url, form_data(summary, text_es=ES, version=1))
    assert stale.status_code == 409
    summary.refresh_from_db()
    assert (summary.text_fr, summary.text_es, summary.versions.count()) == (FR, "", 2)


def test_a_final_summary_s_form_edits_its_translations_only(client_for, may, secretariat):
    summary = make_final(workflow.summary_create(meeting=may, text=EN, user=secretariat))
    sec = client_for("secretariat")
    url = reverse("meetings:summary_edit", args=[summary.pk])
    page = sec.get(url)
    assert page.status_code == 200 and "This summary is final" in page.text
    assert page.context["form"].fields["original_language"].disabled
    assert "readonly" in str(page.context["form"]["text"])
    assert "Edit the translations" in sec.get(summary.get_absolute_url()).text
    missing = reverse("meetings:translations_missing")
    response = sec.post(f"{url}?next={missing}", form_data(summary, text_fr=FR, next=missing))
    assert response.status_code == 302 and response.url == missing
    summary.refresh_from_db()
    assert summary.text_fr == FR and summary.state == "final" and summary.versions.count() == 2


# --- Readers --------------------------------------------------------------------------------


def test_a_french_reader_sees_the_french_summary_on_the_meeting_and_summary_pages(
    client_for, may, secretariat
):
    summary = make_final(
        workflow.summary_create(meeting=may, text=EN, text_fr=FR, text_es=ES, user=secretariat)
    )
    delegate = reader(client_for("delegate"), "fr")
    for url in (may.get_absolute_url(), summary.get_absolute_url()):
        html = delegate.get(url).text
        assert FR in html and EN not in html and ES not in html
        assert 'class="lang-fallback"' not in html
    spanish = reader(client_for("delegate"), "es").get(may.get_absolute_url()).text
    assert ES in spanish and EN not in spanish


def test_an_english_only_final_summary_shows_the_marker_to_a_french_reader(
    client_for, may, secretariat
):
    item = may.agenda_items.order_by("order").first()
    summary = make_final(
        workflow.summary_create(meeting=may, agenda_item=item, text=EN, user=secretariat)
    )
    marker = marker_in("fr")
    assert marker == "(en anglais seulement)"
    delegate = reader(client_for("delegate"), "fr")
    expected = (
        f'<div lang="en"><p>{EN}</p></div><p class="lang-fallback-note">'
        f'<span class="lang-fallback">{marker}</span></p>'
    )
    for url in (may.get_absolute_url(), summary.get_absolute_url()):
        assert expected in delegate.get(url).text
    # An English reader sees no marker.
    assert "lang-fallback" not in client_for("delegate").get(summary.get_absolute_url()).text


def test_a_commenting_delegate_reads_the_circulated_text_in_their_language(
    client_for, may, secretariat
):
    france = StateFactory(iso3="FRA", name_en="France")
    user = UserFactory(username="paule.participante", role=Role.DELEGATES)
    AccountDelegation.objects.create(user=user, state=france)
    Participation.objects.create(meeting=may, state=france)
    summary = workflow.summary_create(meeting=may, text=EN, text_es=ES, user=secretariat)
    Summary.objects.filter(pk=summary.pk).update(
        state=SummaryState.CIRCULATED, deadline=today() + dt.timedelta(days=7)
    )
    client = Client()
    client.force_login(user)
    spanish = reader(client, "es").get(summary.get_absolute_url()).text
    assert ES in spanish and EN not in spanish
    french = reader(client, "fr").get(summary.get_absolute_url()).text
    assert EN in french and marker_in("fr") in french
    # Comments stay as written.
    url = reverse("meetings:summary_comment", args=[summary.pk])
    assert client.post(url, {"text": "Merci, rien à ajouter."}).status_code == 302
    assert "Merci, rien à ajouter." in reader(client, "es").get(summary.get_absolute_url()).text


# --- The missing-translations page ----------------------------------------------------------


def test_a_final_summary_lacking_spanish_is_listed_with_its_meeting_until_translated(
    client_for, may, secretariat
):
    item = may.agenda_items.order_by("order").first()
    final = make_final(workflow.summary_create(meeting=may, text=EN, text_fr=FR, user=secretariat))
    workflow.summary_create(meeting=may, agenda_item=item, text="Draft only.", user=secretariat)
    sec = client_for("secretariat")
    url = reverse("meetings:translations_missing")
    editor = reverse("meetings:summary_edit", args=[final.pk])
    page = sec.get(url)
    assert f'data-missing="{editor}#text"' in page.text
    groups = [g for g in page.context["groups"] if may.heading in g.heading]
    assert len(groups) == 1
    listed = [(t.record, t.missing) for t in groups[0].texts if isinstance(t.record, Summary)]
    assert listed == [(final, ["es"])]
    # The draft summary lacks French and Spanish but is not public: never listed.
    assert "Draft only." not in page.text
    sec.post(editor, form_data(final, text_es=ES))
    final.refresh_from_db()
    assert final.text_es == ES
    page = sec.get(url)
    assert f'data-missing="{editor}#' not in page.text
