"""Depositary notification references (C.N.) on treaty actions: validated, linked to the UN
Treaty Collection's PDF, shown on the state's page and in the briefing pack, carried by the
status-file import (an optional column) and the export."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from states.models import TreatyAction
from states.notifications import cn_url, validate_cn_reference
from tests.factories import StateFactory, TreatyActionFactory
from tests.states.test_exports import csv_rows

D = dt.date
Kind = TreatyAction.Kind
CN = "C.N.266.2013.TREATIES-XXVI.8"


@pytest.mark.parametrize(
    "value",
    ["C.N.266.2013.TREATIES-XXVI.8", "C.N.266.2013.TREATIES.XXVI-8", "C.N.1.2024.TREATIES-XXVI.8"],
)
def test_both_spellings_of_an_att_notification_are_valid(value):
    validate_cn_reference(value)


@pytest.mark.parametrize(
    "value",
    [
        "C.N.266.2013",
        "CN.266.2013.TREATIES-XXVI.8",
        "C.N.266.2013.TREATIES-XXVII.17",  # another treaty
        "C.N.266.2012.TREATIES-XXVI.8",  # before the ATT opened for signature
        "C.N.0.2013.TREATIES-XXVI.8",
        "C.N.266.2013.TREATIES-XXVI.8; DROP TABLE",
    ],
)
def test_other_references_are_refused(value):
    with pytest.raises(ValidationError):
        validate_cn_reference(value)


def test_the_link_is_the_untc_pdf_in_english_or_french():
    assert cn_url(CN) == "https://treaties.un.org/doc/Publication/CN/2013/CN.266.2013-Eng.pdf"
    assert cn_url(CN, "fr") == "https://treaties.un.org/doc/Publication/CN/2013/CN.266.2013-Fre.pdf"
    assert cn_url(CN, "es").endswith("-Eng.pdf")  # the UNTC publishes no Spanish C.N.
    assert cn_url("nonsense") is None


@pytest.mark.django_db
def test_the_database_refuses_a_malformed_reference():
    action = TreatyActionFactory(state=StateFactory(), kind=Kind.SIGNATURE, date=D(2013, 6, 3))
    action.cn_reference = "C.N.12"
    with pytest.raises(IntegrityError), transaction.atomic():
        action.save(update_fields=["cn_reference"])


# --- the state page and the form -----------------------------------------------------------------


@pytest.fixture
def albania(reference_data):
    action = TreatyAction.objects.get(state__iso3="ALB", kind=Kind.RATIFICATION)
    action.cn_reference = CN
    action.save()
    return action


def test_the_state_page_links_the_notification(client, albania):
    html = client.get(reverse("states:detail", args=["ALB"])).text
    assert f'<a href="{cn_url(CN)}"' in html and f">{CN}</a>" in html


def test_the_french_state_page_links_the_french_pdf(client, albania):
    client.cookies["django_language"] = "fr"
    html = client.get(reverse("states:detail", args=["ALB"])).text
    assert "CN.266.2013-Fre.pdf" in html


@pytest.mark.django_db
def test_the_secretariat_records_a_reference_typed_loosely(client_for):
    state = StateFactory(iso3="XCN", name_en="Noteland")
    TreatyActionFactory(state=state, kind=Kind.SIGNATURE, date=D(2013, 6, 3))
    response = client_for("secretariat").post(
        reverse("states:action_add", kwargs={"iso3": "XCN"}),
        {
            "kind": Kind.RATIFICATION,
            "date": "2015-02-01",
            "source": "UNTC",
            "cn_reference": " c.n.51.2015.treaties-xxvi.8 ",
            "note": "",
            "reason": "",
        },
    )
    assert response.status_code == 302
    action = TreatyAction.objects.get(state=state, kind=Kind.RATIFICATION)
    assert action.cn_reference == "C.N.51.2015.TREATIES-XXVI.8"
    assert action.history.first().cn_reference == action.cn_reference


@pytest.mark.django_db
def test_a_bad_reference_is_refused_with_a_message_and_nothing_saved(client_for):
    state = StateFactory(iso3="XCM", name_en="Badnoteland")
    TreatyActionFactory(state=state, kind=Kind.SIGNATURE, date=D(2013, 6, 3))
    response = client_for("secretariat").post(
        reverse("states:action_add", kwargs={"iso3": "XCM"}),
        {"kind": Kind.RATIFICATION, "date": "2015-02-01", "cn_reference": "C.N.12", "note": ""},
    )
    assert response.status_code == 200
    assert "like C.N.266.2013.TREATIES-XXVI.8" in response.text
    assert not TreatyAction.objects.filter(state=state, kind=Kind.RATIFICATION).exists()


# --- import and export -----------------------------------------------------------------------------

HEADER = "iso3,name_en,att_region,signature_date,deposit_date,deposit_type,entry_into_force_date"


def run_import(tmp_path, text):
    path = tmp_path / "status.csv"
    path.write_text(text)
    out = io.StringIO()
    call_command("import_att_status", str(path), stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_the_import_carries_the_optional_columns(tmp_path):
    run_import(
        tmp_path,
        f"{HEADER},signature_cn,deposit_cn\n"
        f"ALB,Albania,Europe,2013-06-03,2014-03-19,ratification,2014-12-24,,{CN}\n",
    )
    deposit = TreatyAction.objects.get(state__iso3="ALB", kind=Kind.RATIFICATION)
    assert deposit.cn_reference == CN
    signature = TreatyAction.objects.get(state__iso3="ALB", kind=Kind.SIGNATURE)
    assert signature.cn_reference == ""
    # A second file changes only the reference.
    out = run_import(
        tmp_path,
        f"{HEADER},signature_cn,deposit_cn\n"
        "ALB,Albania,Europe,2013-06-03,2014-03-19,ratification,2014-12-24,,"
        "C.N.100.2014.TREATIES-XXVI.8\n",
    )
    assert "depositary notification" in out
    deposit.refresh_from_db()
    assert deposit.cn_reference == "C.N.100.2014.TREATIES-XXVI.8"


@pytest.mark.django_db
def test_a_file_without_the_columns_still_imports_and_keeps_the_references(tmp_path):
    run_import(
        tmp_path,
        f"{HEADER},signature_cn,deposit_cn\n"
        f"ALB,Albania,Europe,2013-06-03,2014-03-19,ratification,2014-12-24,,{CN}\n",
    )
    run_import(
        tmp_path, f"{HEADER}\nALB,Albania,Europe,2013-06-03,2014-03-19,ratification,2014-12-24\n"
    )
    assert TreatyAction.objects.get(state__iso3="ALB", kind=Kind.RATIFICATION).cn_reference == CN


@pytest.mark.django_db
def test_a_bad_reference_in_a_file_is_reported_with_its_line_and_nothing_imported(tmp_path):
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        run_import(
            tmp_path,
            f"{HEADER},signature_cn,deposit_cn\n"
            "ALB,Albania,Europe,2013-06-03,,,,C.N.5.2013.TREATIES-XXVI.8,C.N.9.2014.TREATIES-XXVI.8\n",
        )
    assert not TreatyAction.objects.exists()


def test_the_export_carries_the_references(client, albania):
    rows = csv_rows(client.get(reverse("states:export"), {"format": "csv", "q": "Albania"}))
    assert rows[0][-2:] == [
        "Signature: depositary notification (C.N.)",
        "Deposit: depositary notification (C.N.)",
    ]
    assert rows[1][-2:] == ["", CN]


def test_the_briefing_pack_shows_the_reference(albania):
    from meetings.reports.context import state_briefing_context

    with translation.override("en"):
        context = state_briefing_context(albania.state, D(2018, 5, 31))
    assert context["deposit_cn"] == {"reference": CN, "url": cn_url(CN)}
    assert context["signature_cn"] is None
