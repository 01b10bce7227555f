"""The scale data generator (issue 10) and the benchmark scripts: reproducible, importable."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import transaction

from bench import scale
from challenges.models import ChallengeTag
from outreach.models import OutreachActivity

TINY = {"activities": 40, "tags": 30, "meetings": 3, "years": 3}


def _fingerprint_of(seed: int) -> str:
    with transaction.atomic():
        scale.generate(seed=seed, **TINY)
        digest = scale.fingerprint()
        transaction.set_rollback(True)
    return digest


def test_same_seed_gives_the_same_data(reference_data):
    assert _fingerprint_of(42) == _fingerprint_of(42)


def test_another_seed_gives_other_data(reference_data):
    assert _fingerprint_of(42) != _fingerprint_of(43)


def test_generator_writes_the_counts_asked_for(reference_data):
    report = scale.generate(seed=1, **TINY)
    assert (report.activities, report.tags, report.meetings) == (40, 30, 3)
    assert OutreachActivity.objects.count() == 40


def test_dates_stay_in_the_window_whatever_today(reference_data):
    scale.generate(seed=1, **TINY)
    start, end = scale.window(TINY["years"])
    assert end == scale.END
    days = OutreachActivity.objects.values_list("start_date", flat=True)
    assert start <= min(days) and max(days) <= end


def test_tags_only_for_states_not_parties_on_the_date_noted(reference_data):
    scale.generate(seed=3, **{**TINY, "tags": 200, "years": 12})
    periods = scale.party_periods()
    assert not [
        t for t in ChallengeTag.objects.all() if scale.is_party(periods, t.state_id, t.noted_on)
    ]


def test_at_most_one_open_tag_per_state_and_challenge(reference_data):
    scale.generate(seed=3, **{**TINY, "tags": 300, "years": 12})
    open_pairs = list(ChallengeTag.objects.open().values_list("state_id", "challenge_id"))
    assert len(open_pairs) == len(set(open_pairs))


def test_a_second_run_is_refused(reference_data):
    scale.generate(seed=1, **TINY)
    with pytest.raises(scale.ScaleDataPresent):
        scale.generate(seed=1, **TINY)


def test_the_command_loads_the_reference_data_when_missing(db, capsys):
    call_command(
        "generate_scale_data",
        "--seed",
        "1",
        "--activities",
        "5",
        "--tags",
        "5",
        "--meetings",
        "1",
        "--years",
        "2",
    )
    out = capsys.readouterr().out
    assert "States: 196 created" in out
    assert f"dated {dt.date(2024, 7, 1)} to {scale.END}" in out


@pytest.mark.urls("bench.urls")
def test_the_floor_page_is_public_and_tiny(client):
    response = client.get("/bench/floor/")
    assert response.status_code == 200
    assert len(response.content) < 400


def test_the_bench_scripts_import_and_parse_their_options():
    from bench import endpoints, inprocess, load, run  # noqa: F401

    args = run.parse([])
    assert (args.databases, args.sizes, args.rounds) == ("postgres,sqlite", "normal,scale", 3)
    assert {e.key for e in endpoints.PAGES} >= {"dashboard", "states_list", "api_states"}
    # The reports (issue 8) are measured: the cached download as a page, the cold render apart.
    assert "report_cached" in {e.key for e in endpoints.PAGES}
    assert endpoints.NOT_AVAILABLE == []


def test_synthetic_records_carry_their_creation_history(reference_data):
    with transaction.atomic():
        scale.generate(seed=1, **TINY)
        assert OutreachActivity.history.count() == OutreachActivity.objects.count() == 40
        assert ChallengeTag.history.filter(history_type="+").count() == ChallengeTag.objects.count()
        transaction.set_rollback(True)


def test_gunicorn_workers_warm_the_report_renderer(monkeypatch):
    """gunicorn.conf.py (make serve, the benchmark): each worker calls the reports' warm-up."""
    import runpy
    from pathlib import Path

    from django.conf import settings

    from meetings.reports import render

    calls = []
    monkeypatch.setattr(render, "warm_up", lambda: calls.append("warm"))
    config = runpy.run_path(str(Path(settings.BASE_DIR) / "gunicorn.conf.py"))
    config["post_worker_init"](worker=None)
    assert calls == ["warm"]
    makefile = (Path(settings.BASE_DIR) / "Makefile").read_text()
    assert "--config gunicorn.conf.py" in makefile
