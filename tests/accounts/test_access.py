"""Permission matrix of the account-management views: Secretariat only (issue 2, item 4)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

# (URL name, takes the person's pk, method, what the Secretariat gets)
MATRIX = [
    ("accounts:people", False, "get", 200),
    ("accounts:people", False, "post", 405),
    ("accounts:invite", False, "get", 200),
    ("accounts:invite", False, "post", 200),  # empty form: shown again with its errors
    ("accounts:person", True, "get", 200),
    ("accounts:person", True, "post", 405),
    ("accounts:person_role", True, "get", 405),
    ("accounts:person_role", True, "post", 302),
    ("accounts:person_deactivate", True, "get", 405),
    ("accounts:person_deactivate", True, "post", 302),
    ("accounts:person_reactivate", True, "get", 405),
    ("accounts:person_reactivate", True, "post", 302),
    ("accounts:invitation_resend", True, "get", 405),
    ("accounts:invitation_resend", True, "post", 302),
]
CASES = [
    pytest.param(name, with_pk, method, persona, id=f"{name}-{method}-{persona}")
    for name, with_pk, method, _expected in MATRIX
    for persona in ("anonymous", "delegate", "cochair", "secretariat")
]
EXPECTED = {(name, method): expected for name, with_pk, method, expected in MATRIX}


@pytest.mark.parametrize(("name", "with_pk", "method", "persona"), CASES)
def test_account_management_permission_matrix(client_for, person, name, with_pk, method, persona):
    url = reverse(name, kwargs={"pk": person.pk} if with_pk else {})
    response = getattr(client_for(persona), method)(url)
    if persona == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    elif persona == "secretariat":
        assert response.status_code == EXPECTED[(name, method)]
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("persona", ["anonymous", "delegate", "cochair", "secretariat"])
def test_accept_invitation_is_public_for_every_persona(client_for, persona, method):
    url = reverse("accounts:accept_invitation", kwargs={"uidb64": "MQ", "token": "x-y"})
    response = getattr(client_for(persona), method)(url)
    assert response.status_code == 200
    assert response.context["validlink"] is False


def test_person_page_of_an_unknown_account_is_404(secretariat_client):
    response = secretariat_client.get(reverse("accounts:person", kwargs={"pk": 999999}))
    assert response.status_code == 404


def test_accounts_link_is_in_the_navigation_of_the_secretariat_only(client_for):
    people = reverse("accounts:people")
    assert (
        people
        in client_for("secretariat").get(reverse("accounts:password_change")).content.decode()
    )
    for persona in ("delegate", "cochair"):
        html = client_for(persona).get(reverse("accounts:password_change")).content.decode()
        assert people not in html
