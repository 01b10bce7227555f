"""The heat map and the state profile cost the same number of queries for 10 or 2,000 tags."""

import datetime as dt

import pytest
from django.urls import reverse

from challenges.models import ChallengeTag
from challenges.selectors import has_outreach_evidence, heatmap, state_profile
from states.models import Region, State

D = dt.date


@pytest.fixture
def many_tags(taxonomy, secretariat):
    """make(n): n open tags spread over states (one per state and item), by bulk_create."""

    def make(n):
        items = list(taxonomy.values())
        regions = list(Region)
        count_states = -(-n // len(items))
        states = State.objects.bulk_create(
            State(
                iso3="Q" + chr(65 + i // 26) + chr(65 + i % 26),
                name_en=f"State {i}",
                region=regions[i % 5],
            )
            for i in range(count_states)
        )
        ChallengeTag.objects.bulk_create(
            ChallengeTag(
                state=states[i // len(items)],
                challenge=items[i % len(items)],
                noted_on=D(2018, 1, 1),
                source="Bulk",
                note="n",
                recorded_by=secretariat,
            )
            for i in range(n)
        )
        return states[0]

    return make


@pytest.mark.parametrize("n", [10, 2000])
def test_heat_map_selector_costs_two_queries(many_tags, django_assert_num_queries, n):
    many_tags(n)
    # 1. the items  2. open tags grouped by (state, item) with the states' names and region
    with django_assert_num_queries(2):
        heat = heatmap(D(2018, 3, 7))
    assert heat.total == n


@pytest.mark.parametrize("n", [10, 2000])
def test_heat_map_page_costs_a_constant_number_of_queries(
    client_for, many_tags, django_assert_num_queries, n
):
    many_tags(n)
    client = client_for("cochair")
    # 1. session  2. user  3. the user's role and permissions (accounts.roles.load_access)
    # 4. the version of the ledger and the challenges  5. the items  6. open tags grouped by
    # (state, item) (no session save: wgtu_portal.sessions saves it at most once a minute)
    with django_assert_num_queries(6):
        response = client.get(reverse("challenges:heatmap"), {"as_of": "2018-03-07"})
    assert response.status_code == 200
    # Served from the page cache: session, user, role and permissions, the version.
    with django_assert_num_queries(4):
        again = client.get(reverse("challenges:heatmap"), {"as_of": "2018-03-07"})
    assert again.content.count(b"heat-cell") == response.content.count(b"heat-cell")


def test_a_tag_write_changes_the_cached_heat_map(client_for, many_tags, secretariat):
    from challenges.models import ChallengeTag
    from challenges.services import challenge_tag_close
    from states.dates import today

    many_tags(10)
    client = client_for("cochair")
    url = reverse("challenges:heatmap")
    before = client.get(url).content.decode()
    tag = ChallengeTag.objects.order_by("pk").first()
    challenge_tag_close(
        tag=tag, user=secretariat, version=tag.version, reason="Addressed", addressed_on=today()
    )
    after = client.get(url).content.decode()
    assert after != before


@pytest.mark.parametrize("n", [10, 2000])
def test_state_profile_page_costs_a_constant_number_of_queries(
    client_for, many_tags, django_assert_num_queries, n
):
    state = many_tags(n)
    # Move every tag to one state (one per item would cap it at 26): another item per tag.
    ChallengeTag.objects.update(state=state, status="addressed", addressed_on=D(2018, 2, 1))
    client = client_for("cochair")
    # 1. session  2. user  3. role and permissions (load_access)  4. the state with its record
    # 5. its tags with item, parent item, recorder and deposit date
    # (+1: their outreach activities, once the outreach app links them)
    # (no session save: at most once a minute)
    with django_assert_num_queries(5 + has_outreach_evidence()):
        response = client.get(reverse("challenges:state", args=[state.iso3]))
    assert response.status_code == 200
    assert response.content.count(b"tag-status-addressed") == n


@pytest.mark.parametrize("n", [10, 2000])
def test_state_profile_selector_costs_one_query(many_tags, django_assert_num_queries, n):
    state = many_tags(n)
    # 1. the state's tags with item, parent item, recorder and deposit date
    # (+1: their outreach activities, once the outreach app links them)
    with django_assert_num_queries(1 + has_outreach_evidence()):
        profile = state_profile(state, D(2018, 3, 7))
    assert len(profile.open) == min(n, 26)
