"""The benchmark's steps that run inside Django (DJANGO_SETTINGS_MODULE=bench.settings).

    python -m bench.inprocess prepare   → JSON: session cookies of a co-chair and a Secretariat
                                          user, the hashed URL of the static file
    python -m bench.inprocess queries   → JSON: queries per request of every endpoint (Django's
                                          test client and CaptureQueriesContext; second request)
    python -m bench.inprocess verify    ← JSON of acknowledged writes (bench/load.py); → JSON
    python -m bench.inprocess time [KEY] → JSON: median milliseconds per request, in process
    python -m bench.inprocess cold [KEY]  → JSON: the first request after a write (issue 21):
                                          median ms, queries, and the floors measured alike

The database is the scratch one named by DATABASE_URL (bench/run.py creates and drops it).
"""

import json
import sys

import django


def _setup():
    django.setup()


def _user(username: str, role):
    from django.contrib.auth.models import Group, User

    user, _created = User.objects.get_or_create(
        username=username, defaults={"first_name": username, "email": f"{username}@example.org"}
    )
    user.set_unusable_password()
    user.save()
    user.groups.set([Group.objects.get(name=role.value)])
    return user


def _backend_for(user) -> str:
    """The first configured authentication backend that can load `user` from a session."""
    from django.conf import settings
    from django.utils.module_loading import import_string

    for path in settings.AUTHENTICATION_BACKENDS:
        backend = import_string(path)()
        if getattr(backend, "get_user", None) and backend.get_user(user.pk) is not None:
            return path
    raise SystemExit("No authentication backend loads users from a session.")


def session_cookie(user) -> str:
    """A signed-in session for `user`, as the Cookie header value (no sign-in form involved)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = _backend_for(user)
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def prepare(sessions: int = 1) -> dict:
    """Session cookies (one per role, and `sessions` more each for the load run), the hashed
    static file's URL, some state pks and activity pks for the load run's requests."""
    from django.templatetags.static import static

    from accounts.roles import Role
    from bench.endpoints import REPORT_MEETING_DATE
    from meetings.models import Meeting
    from outreach.models import OutreachActivity
    from states.models import State

    users = {
        "cochair": _user("bench-cochair", Role.COCHAIRS),
        "secretariat": _user("bench-secretariat", Role.SECRETARIAT),
    }
    return {
        "cookies": {name: session_cookie(user) for name, user in users.items()},
        "sessions": {
            name: [session_cookie(user) for _ in range(sessions)] for name, user in users.items()
        },
        "static": static("css/portal.css"),
        "meeting": Meeting.objects.filter(date=REPORT_MEETING_DATE).values_list("pk", flat=True)[0],
        "states": list(State.objects.order_by("iso3").values_list("pk", "iso3")[:60]),
        "activities": list(
            OutreachActivity.objects.order_by("pk").values_list("pk", flat=True)[:200]
        ),
    }


def verify(acknowledged: dict) -> dict:
    """Every acknowledged write is there: each created activity (unless its deletion was
    acknowledged) with its marker and its follow-up; each acknowledged deletion is gone."""
    from outreach.models import FollowUp, OutreachActivity

    created = {int(pk): marker for pk, marker in acknowledged["created"].items()}
    deleted = {int(pk) for pk in acknowledged["deleted"]}
    present = dict(OutreachActivity.objects.filter(pk__in=created).values_list("pk", "summary"))
    followups = set(
        FollowUp.objects.filter(activity_id__in=created).values_list("activity_id", "action")
    )
    missing = [
        pk
        for pk, marker in created.items()
        if pk not in deleted
        and (present.get(pk) != marker or (pk, f"Follow up {marker}") not in followups)
    ]
    resurrected = sorted(deleted & set(present))
    return {
        "created_acknowledged": len(created),
        "deleted_acknowledged": len(deleted),
        "checked_present": len(set(created) - deleted),
        "missing": missing,
        "deleted_but_present": resurrected,
    }


def queries(cookies: dict, static_url: str, meeting: int, verbose: bool = False) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.endpoints import ALL, ANONYMOUS

    counts = {}
    for endpoint in ALL:
        client = Client()
        if endpoint.identity != ANONYMOUS:
            name, value = cookies[endpoint.identity].split("=", 1)
            client.cookies[name] = value
        path = endpoint.path.format(static=static_url, meeting=meeting)
        for _attempt in range(2):  # the second request: per-process caches are warm
            with CaptureQueriesContext(connection) as captured:
                response = client.get(path, secure=True)
        if response.status_code != 200:
            raise SystemExit(f"{path}: HTTP {response.status_code} for {endpoint.identity}")
        counts[endpoint.key] = len(captured.captured_queries)
        if verbose:
            print(f"--- {endpoint.key}: {counts[endpoint.key]} queries", file=sys.stderr)
            for query in captured.captured_queries:
                print("   ", query["sql"][:300], file=sys.stderr)
    return counts


def timings(cookies: dict, static_url: str, meeting: int, repeat: int = 20, only: str = "") -> dict:
    """Milliseconds per request in this process (no server, no network): a quick look."""
    import time

    from django.test import Client

    from bench.endpoints import ALL, ANONYMOUS

    out = {}
    for endpoint in ALL:
        if only and endpoint.key != only:
            continue
        client = Client()
        if endpoint.identity != ANONYMOUS:
            name, value = cookies[endpoint.identity].split("=", 1)
            client.cookies[name] = value
        path = endpoint.path.format(static=static_url, meeting=meeting)
        client.get(path, secure=True)
        samples = []
        for _ in range(repeat):
            began = time.perf_counter()
            client.get(path, secure=True)
            samples.append((time.perf_counter() - began) * 1000)
        samples.sort()
        out[endpoint.key] = round(samples[len(samples) // 2], 2)
    return out


# --- the cold path: a write through the service layer, then one request -----------------------


def _secretariat():
    from django.contrib.auth.models import User

    return User.objects.get(username="bench-secretariat")


def _write_ledger(i: int) -> None:
    """A note on the state page's state's first treaty action (states.services.actions): the
    ledger's version changes, so every page showing treaty status is computed afresh."""
    from bench.endpoints import STATE_PAGE_ISO3
    from states.models import TreatyAction
    from states.services import actions

    action = TreatyAction.objects.filter(state__iso3=STATE_PAGE_ISO3).order_by("date", "pk")[0]
    actions.treaty_action_update(
        action=action, user=_secretariat(), expected_version=action.version, note=f"bench {i}"
    )


def _versioned(model, values, order=("pk",)) -> None:
    from states.versioning import versioned_update

    instance = model.objects.order_by(*order).first()
    versioned_update(
        instance=instance, expected_version=instance.version, values=values, user=_secretariat()
    )


def _write_outreach(i: int) -> None:
    from outreach.models import OutreachActivity

    _versioned(OutreachActivity, {"summary": f"bench {i}"}, ("-start_date", "-pk"))


def _write_tag(i: int) -> None:
    from challenges.models import ChallengeTag
    from challenges.services import challenge_tag_update

    tag = ChallengeTag.objects.order_by("-pk").first()
    challenge_tag_update(tag=tag, version=tag.version, user=_secretariat(), note=f"bench {i}")


def _write_stage(i: int) -> None:
    """A note on the newest stage entry; the first write records one (the generated data holds
    none: bench/scale.py) for the first state not party, at its first stage."""
    import datetime as dt

    from pipeline.models import ProcedureStage, StageEntry
    from pipeline.services import stage_entry_create
    from states.dates import today
    from states.models import State

    if StageEntry.objects.exists():
        _versioned(StageEntry, {"note": f"bench {i}"}, ("-pk",))
        return
    state = State.objects.non_parties(today()).order_by("iso3")[0]
    stage_entry_create(
        state=state,
        stage=ProcedureStage.objects.order_by("pk")[0],
        date=dt.date(2026, 6, 1),
        source="bench",
        user=_secretariat(),
    )


def _write_meeting(i: int) -> None:
    from meetings.models import Meeting

    _versioned(Meeting, {"venue": f"Geneva ({i})"}, ("-date", "-pk"))


WRITES = {
    "ledger": _write_ledger,
    "outreach": _write_outreach,
    "tag": _write_tag,
    "stage": _write_stage,
    "meeting": _write_meeting,
}


def _client(cookies: dict, identity: str):
    from django.test import Client

    from bench.endpoints import ANONYMOUS

    client = Client()
    if identity != ANONYMOUS:
        name, value = cookies[identity].split("=", 1)
        client.cookies[name] = value
    return client


def _median(samples: list[float]) -> float:
    import statistics

    return round(statistics.median(samples), 3)


def cold(cookies: dict, only: str = "", repeat: int | None = None) -> dict:
    """The first request after a write of each cold page (bench.endpoints.COLD_PAGES): for each,
    one warm-up request, then `repeat` times a write (WRITES) and one request; the first cold
    request counts the queries, the others are timed (median ms). The floor of the page's
    identity is measured beside each cold request (5 floor requests after each), so that a
    machine whose load changes during the run moves the floor and the page together; each
    page's ratio is its median over the median of its own floor samples."""
    import time

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.endpoints import ANONYMOUS, COCHAIR, COLD_PAGES, COLD_REPEAT

    repeat = repeat or COLD_REPEAT

    def timed(client, path) -> float:
        began = time.perf_counter()
        response = client.get(path, secure=True)
        elapsed = (time.perf_counter() - began) * 1000
        if response.status_code != 200:
            raise SystemExit(f"{path}: HTTP {response.status_code}")
        return elapsed

    floor_clients = {identity: _client(cookies, identity) for identity in (ANONYMOUS, COCHAIR)}
    all_floors: dict[str, list[float]] = {ANONYMOUS: [], COCHAIR: []}
    for identity, client in floor_clients.items():
        client.get("/bench/floor/", secure=True)
        all_floors[identity] += [timed(client, "/bench/floor/") for _ in range(20)]
    pages = {}
    for page in COLD_PAGES:
        if only and page.key != only:
            continue
        client = _client(cookies, page.identity)
        floor_client = floor_clients[page.identity]
        write = WRITES[page.write]
        timed(client, page.path)  # templates, URL resolvers, per-process state: warm
        samples, floors, count = [], [], 0
        for i in range(repeat + 1):
            write(i)
            if i == 0:
                with CaptureQueriesContext(connection) as captured:
                    timed(client, page.path)
                count = len(captured.captured_queries)
            else:
                samples.append(timed(client, page.path))
            floors += [timed(floor_client, "/bench/floor/") for _ in range(5)]
        warm = [timed(client, page.path) for _ in range(5)]
        all_floors[page.identity] += floors
        pages[page.key] = {
            "cold_ms": _median(samples),
            "warm_ms": _median(warm),
            "floor_ms": _median(floors),
            "ratio": round(_median(samples) / _median(floors), 2),
            "queries": count,
            "samples": [round(x, 2) for x in samples],
        }
    return {
        "floors": {identity: _median(s) for identity, s in all_floors.items()},
        "pages": pages,
    }


def main(argv: list[str]) -> int:
    _setup()
    if argv[:1] == ["prepare"]:
        print(json.dumps(prepare(int(argv[1]) if len(argv) > 1 else 1)))
    elif argv[:1] == ["verify"]:
        print(json.dumps(verify(json.loads(sys.stdin.read()))))
    elif argv[:1] == ["queries"]:
        state = json.loads(sys.stdin.read())
        print(
            json.dumps(queries(state["cookies"], state["static"], state["meeting"], "-v" in argv))
        )
    elif argv[:1] == ["cold"]:
        state = json.loads(sys.stdin.read())
        print(json.dumps(cold(state["cookies"], only=argv[1] if len(argv) > 1 else "")))
    elif argv[:1] == ["time"]:
        state = json.loads(sys.stdin.read())
        only = argv[1] if len(argv) > 1 else ""
        print(json.dumps(timings(state["cookies"], state["static"], state["meeting"], only=only)))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
