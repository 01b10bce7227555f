"""Objects are looked up through scoped querysets: guessing the id of something one may not see
gives 404, not the object and not a 403 that confirms it exists (issue 9, item 1)."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from outreach.models import OutreachActivity
from tests.factories import StateFactory, TreatyActionFactory, UserFactory
from tests.test_url_access import build_url_data, finish

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(reference_data, personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return build_url_data(personas)


def get(client, url):
    return finish(client.get(url))


def test_a_delegate_guessing_an_internal_document_gets_404(client_for, data):
    url = reverse("meetings:document", args=[data.internal_document.pk])
    assert get(client_for("delegate"), url).status_code == 404


def test_a_delegate_guessing_an_internal_documents_file_gets_404(client_for, data):
    url = reverse("meetings:document_download", args=[data.internal_document.pk, "en"])
    assert get(client_for("delegate"), url).status_code == 404


def test_the_cochairs_open_the_internal_document(client_for, data):
    url = reverse("meetings:document_download", args=[data.internal_document.pk, "en"])
    assert get(client_for("cochair"), url).status_code == 200


def test_the_delegates_document_list_omits_internal_documents(client_for, data):
    html = get(client_for("delegate"), reverse("meetings:documents")).content.decode()
    assert data.document.symbol in html
    assert data.internal_document.symbol not in html


def test_the_delegates_plan_page_omits_internal_documents(client_for, data):
    html = get(client_for("delegate"), reverse("meetings:plan", args=[data.plan.pk])).content
    assert data.internal_document.symbol.encode() not in html


def test_a_delegate_does_not_read_internal_agenda_notes(client_for, data):
    data.agenda_item.internal_notes = "ZZ-INTERNAL-NOTE"
    data.agenda_item.save()
    url = reverse("meetings:meeting", args=[data.meeting.pk])
    assert b"ZZ-INTERNAL-NOTE" not in get(client_for("delegate"), url).content
    assert b"ZZ-INTERNAL-NOTE" in get(client_for("cochair"), url).content


def test_a_delegate_asking_for_an_outreach_attachment_is_refused_before_any_lookup(
    client_for, data
):
    # Delegates may not read outreach at all: 403 whatever the id (it reveals nothing).
    url = reverse("outreach:attachment", args=[data.activity.pk, data.attachment.pk])
    assert get(client_for("delegate"), url).status_code == 403
    missing = reverse("outreach:attachment", args=[data.activity.pk + 999, data.attachment.pk])
    assert get(client_for("delegate"), missing).status_code == 403


def test_a_reader_of_public_outreach_only_gets_404_for_an_internal_activity(data):
    reader = UserFactory(username="pia.public")
    reader.user_permissions.add(
        Permission.objects.get(codename="view_outreachactivity", content_type__app_label="outreach")
    )
    client = Client()
    client.force_login(reader)
    assert data.activity.visibility == "internal"
    for url in (
        reverse("outreach:activity", args=[data.activity.pk]),
        reverse("outreach:attachment", args=[data.activity.pk, data.attachment.pk]),
    ):
        assert get(client, url).status_code == 404, url
    public = OutreachActivity.objects.filter(pk=data.activity.pk)
    public.update(visibility="public")
    assert get(client, reverse("outreach:activity", args=[data.activity.pk])).status_code == 200


def test_an_attachment_asked_under_another_activity_gets_404(client_for, data):
    other = OutreachActivity.objects.create(
        start_date=data.activity.start_date,
        actor_role="presidency",
        actor_name="Someone",
        kind="visit",
        summary="Other",
    )
    url = reverse("outreach:attachment", args=[other.pk, data.attachment.pk])
    assert get(client_for("secretariat"), url).status_code == 404


def test_a_treaty_action_asked_under_another_state_gets_404(client_for, data):
    other = StateFactory(iso3="XOT")
    TreatyActionFactory(state=other)
    url = reverse("states:action_edit", args=[other.iso3, data.action.pk])
    assert get(client_for("secretariat"), url).status_code == 404


def test_a_language_version_that_does_not_exist_gets_404(client_for, data):
    url = reverse("meetings:document_download", args=[data.document.pk, "fr"])
    assert get(client_for("secretariat"), url).status_code == 404
