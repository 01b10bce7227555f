"""Writes to the challenges taxonomy and tags."""

import csv
import io
from pathlib import Path

from django.db import transaction

from challenges.models import Challenge

DATA_DIR = Path(__file__).resolve().parent / "data"


@transaction.atomic
def taxonomy_load_report() -> list[str]:
    """Seed Annex A (load_reference_data hook): create missing items; keep every existing one.

    An item that exists is never rewritten (the Secretariat may have edited or retired it), except
    that an empty French or Spanish title is filled in.
    """
    text = (DATA_DIR / "annex_a.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    existing = {c.code: c for c in Challenge.objects.all()}
    created = filled = 0
    for row in rows:  # parents come before their sub-items in the file
        challenge = existing.get(row["code"])
        if challenge is None:
            parent_code = row["code"].partition(".")[0] if "." in row["code"] else None
            challenge = Challenge(
                code=row["code"],
                parent=existing[parent_code] if parent_code else None,
                title_en=row["title_en"],
                title_fr=row["title_fr"],
                title_es=row["title_es"],
            )
            challenge.save()
            existing[row["code"]] = challenge
            created += 1
            continue
        missing = [f for f in ("title_fr", "title_es") if not getattr(challenge, f)]
        for name in missing:
            setattr(challenge, name, row[name])
        if missing:
            challenge.save(update_fields=missing)
            filled += 1
    return [
        f"Annex A taxonomy: {created} items created, {len(rows) - created} already present"
        + (f", {filled} translations filled in." if filled else ".")
    ]
