"""export_translations / import_translations: the language versions go out to translators and
come back, all or nothing, refused for a record changed since the export (issue 22)."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from meetings.models import AgendaItem

pytestmark = pytest.mark.django_db


def _export(tmp_path, *args) -> list[dict]:
    path = tmp_path / "translations.csv"
    call_command("export_translations", "--output", str(path), *args, stdout=io.StringIO())
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def _write(tmp_path, rows) -> str:
    path = tmp_path / "back.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return str(path)


def test_a_translation_goes_out_and_comes_back_in_the_history(work_plan, secretariat, tmp_path):
    item = AgendaItem.objects.filter(meeting__plan=work_plan).order_by("pk").first()
    item.public_notes = "The Chair opened the meeting."
    item.save()
    rows = _export(tmp_path, "--missing")
    assert [(r["record"], r["id"], r["field"]) for r in rows] == [
        ("agenda-item", str(item.pk), "public_notes")
    ]
    rows[0]["fr"] = "La présidence a ouvert la réunion."
    rows[0]["es"] = "La presidencia abrió la reunión."
    out = io.StringIO()
    call_command(
        "import_translations", _write(tmp_path, rows), "--user", secretariat.username, stdout=out
    )
    item.refresh_from_db()
    assert (item.public_notes_fr, item.public_notes_es, item.version) == (
        "La présidence a ouvert la réunion.",
        "La presidencia abrió la reunión.",
        2,
    )
    assert item.history.first().history_user == secretariat
    assert _export(tmp_path, "--missing") == []


def test_a_record_changed_since_the_export_refuses_the_whole_file(work_plan, secretariat, tmp_path):
    rows = _export(tmp_path)
    assert {r["record"] for r in rows} >= {"plan", "agenda-item", "activity", "document"}
    plan_row = next(r for r in rows if r["record"] == "plan" and r["field"] == "title")
    item_row = next(r for r in rows if r["record"] == "agenda-item")
    plan_row["fr"] = "Nouveau titre"
    item_row["es"] = "Nueva descripción"
    path = _write(tmp_path, [plan_row, item_row])
    item = AgendaItem.objects.get(pk=item_row["id"])
    item.description_fr = "Changé entre-temps."
    item.version += 1
    item.save()
    with pytest.raises(CommandError):
        call_command(
            "import_translations", path, "--user", secretariat.username, stderr=io.StringIO()
        )
    work_plan.refresh_from_db()
    assert work_plan.title_fr != "Nouveau titre"
