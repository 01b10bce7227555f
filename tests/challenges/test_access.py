"""Confidential: every challenges page is for the Secretariat and Co-chairs only (issue 5, item 5).

Anonymous → sign-in; Delegates → 403; Co-chairs → 200 on reads, 403 on writes;
Secretariat → 200 (a POST-only action answers 405 to GET).
"""

import pytest
from django.urls import reverse

READS = ["index", "heatmap", "tags", "export", "tag", "state", "challenge"]
FORMS = ["tag_create", "tag_bulk", "tag_edit", "tag_close", "challenge_create", "challenge_edit"]
POST_ONLY = ["tag_reopen", "challenge_retire", "challenge_unretire"]
ALL = READS + FORMS + POST_ONLY


@pytest.fixture
def urls(nonparty, make_tag):
    tag = make_tag(nonparty, "6.2", note="Confidential remark")
    args = {
        "tag": [tag.pk],
        "tag_edit": [tag.pk],
        "tag_close": [tag.pk],
        "tag_reopen": [tag.pk],
        "state": [nonparty.iso3],
        "challenge": ["6.2"],
        "challenge_edit": ["6.2"],
        "challenge_retire": ["6.2"],
        "challenge_unretire": ["6.2"],
    }
    return {name: reverse(f"challenges:{name}", args=args.get(name, [])) for name in ALL}


@pytest.mark.parametrize("name", ALL)
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_users_are_sent_to_sign_in(client_for, urls, name, method):
    response = getattr(client_for("anonymous"), method)(urls[name])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", ALL)
@pytest.mark.parametrize("method", ["get", "post"])
def test_delegates_are_refused_everywhere(client_for, urls, name, method):
    response = getattr(client_for("delegate"), method)(urls[name])
    assert response.status_code == 403
    assert b"Confidential remark" not in response.content


@pytest.mark.parametrize("name", READS)
def test_cochairs_read_every_page(client_for, urls, name):
    assert client_for("cochair").get(urls[name]).status_code == 200


@pytest.mark.parametrize("name", FORMS + POST_ONLY)
@pytest.mark.parametrize("method", ["get", "post"])
def test_cochairs_edit_nothing(client_for, urls, name, method):
    assert getattr(client_for("cochair"), method)(urls[name]).status_code == 403


@pytest.mark.parametrize("name", READS)
def test_read_pages_do_not_accept_post(client_for, urls, name):
    assert client_for("cochair").post(urls[name]).status_code == 405


@pytest.mark.parametrize("name", READS + FORMS)
def test_secretariat_opens_every_page(client_for, urls, name):
    assert client_for("secretariat").get(urls[name]).status_code == 200


@pytest.mark.parametrize("name", POST_ONLY)
def test_secretariat_actions_are_post_only(client_for, urls, name):
    assert client_for("secretariat").get(urls[name]).status_code == 405


@pytest.mark.parametrize("name", FORMS + POST_ONLY)
def test_secretariat_may_post_every_write(client_for, urls, name):
    # An empty form is answered with its errors (400); an action redirects back (302).
    assert client_for("secretariat").post(urls[name]).status_code in (302, 400)


def test_the_navigation_offers_challenges_to_cochairs_only(client_for, urls):
    assert reverse("challenges:index").encode() in client_for("cochair").get("/").content
    assert reverse("challenges:index").encode() not in client_for("delegate").get("/").content
