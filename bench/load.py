# ruff: noqa: S311 - seeded randomness for simulated users, not a secret
"""Load and fault runs of issue 9 (item 8), against gunicorn with PostgreSQL.

    .venv/bin/python bench/load.py                       20 users, 2 minutes, 0 errors expected
    .venv/bin/python bench/load.py --fault-at 40         the same, restarting PostgreSQL at 40 s

20 simulated users, each with its own signed-in session: 16 co-chairs reading (dashboard, states
list, a state page, the outreach log, an activity, the API) and 4 Secretariat users who also
write through the real forms with their CSRF tokens: record an outreach activity with a
follow-up (each carrying a unique marker) and delete some of the ones they recorded. A write is
acknowledged when the portal answers with its redirect (302 to the activity, or to the log after
a deletion); after the run every acknowledged write is checked in the database (bench/inprocess.py
verify). Think time between requests: 0.2-1.0 s.

Fault run: at --fault-at seconds, `pg_ctlcluster --skip-systemctl-redirect <version> main restart`
(run as root, or as the postgres user). It measures when the database answers again and when
the portal next answers 200, which must be within 10 s; errors are allowed only between the
restart and that moment. Report downloads are not in this mix: bench/run.py measures them.

Only loopback traffic; a scratch database is created and dropped.
"""

import argparse
import http.client
import json
import random
import re
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote_plus

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import PY, Database, Server, cpus, django_env, log, run  # noqa: E402

CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
READS = [
    ("dashboard", "/dashboard/", 3),
    ("states list", "/states/", 2),
    ("state page", "/states/{iso3}/", 2),
    ("outreach log", "/outreach/", 2),
    ("activity", "/outreach/{activity}/", 2),
    ("api summary", "/api/status/summary", 1),
    ("api states", "/api/states", 1),
]


class Recorder:
    """Every request's outcome, with the time it ended (seconds since the start)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.events = []  # (t_end, kind, ok, status or error, latency)
        self.created = {}  # activity pk -> marker (acknowledged)
        self.deleted = set()  # activity pks whose deletion was acknowledged
        self.start = time.monotonic()

    def now(self) -> float:
        return time.monotonic() - self.start

    def record(self, kind, ok, status, latency):
        with self.lock:
            self.events.append((self.now(), kind, ok, status, latency))


class User:
    def __init__(self, port, cookie, recorder, rng, data, writer: bool):
        self.port, self.recorder, self.rng, self.data, self.writer = (
            port,
            recorder,
            rng,
            data,
            writer,
        )
        self.cookies = dict([cookie.split("=", 1)])
        self.mine = []  # activities this user recorded (acknowledged)

    def request(self, kind, method, path, body=None, referer=None):
        headers = {
            "X-Forwarded-Proto": "https",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"https://127.0.0.1:{self.port}{referer or path}"
        began = time.monotonic()
        try:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            content = response.read()
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name] = rest.split(";", 1)[0]
            conn.close()
        except (OSError, http.client.HTTPException) as exc:
            self.recorder.record(kind, False, type(exc).__name__, time.monotonic() - began)
            return None, None, b""
        expected = 302 if method == "POST" else 200
        ok = response.status == expected
        self.recorder.record(kind, ok, response.status, time.monotonic() - began)
        return response.status, response.getheader("Location"), content

    def read(self):
        names = [r for r in READS for _ in range(r[2])]
        kind, template, _weight = self.rng.choice(names)
        path = template.format(
            iso3=self.rng.choice(self.data["states"])[1],
            activity=self.rng.choice(self.data["activities"]),
        )
        self.request(kind, "GET", path)

    def create(self):
        status, _loc, page = self.request("form (GET)", "GET", "/outreach/new/")
        match = CSRF_INPUT.search(page or b"")
        if status != 200 or not match:
            return
        marker = f"load-{secrets.token_hex(6)}"
        state_pk = self.rng.choice(self.data["states"])[0]
        fields = {
            "csrfmiddlewaretoken": match.group(1).decode(),
            "activity-start_date": "2026-05-04",
            "activity-end_date": "",
            "activity-actor_role": "wgtu_cochair",
            "activity-actor_name": "Load test",
            "activity-kind": "letter",
            "activity-states": str(state_pk),
            "activity-place": "Geneva",
            "activity-counterpart": "",
            "activity-summary": marker,
            "activity-outcome": "",
            "activity-visibility": "internal",
            "activity-version": "",
            "noted-TOTAL_FORMS": "0",
            "noted-INITIAL_FORMS": "0",
            "noted-MIN_NUM_FORMS": "0",
            "noted-MAX_NUM_FORMS": "50",
            "followups-TOTAL_FORMS": "1",
            "followups-INITIAL_FORMS": "0",
            "followups-MIN_NUM_FORMS": "0",
            "followups-MAX_NUM_FORMS": "50",
            "followups-0-action": f"Follow up {marker}",
            "followups-0-owner": "Secretariat",
            "followups-0-due_on": "2026-06-01",
        }
        body = "&".join(f"{k}={quote_plus(v)}" for k, v in fields.items())
        status, location, _ = self.request("create (POST)", "POST", "/outreach/new/", body)
        found = re.search(r"/outreach/(\d+)/$", location or "")
        if status == 302 and found:
            pk = int(found.group(1))
            with self.recorder.lock:
                self.recorder.created[pk] = marker
            self.mine.append(pk)

    def delete(self):
        pk = self.mine.pop(self.rng.randrange(len(self.mine)))
        path = f"/outreach/{pk}/delete/"
        status, _loc, page = self.request("delete (GET)", "GET", path)
        match = CSRF_INPUT.search(page or b"")
        if status != 200 or not match:
            self.mine.append(pk)
            return
        body = f"csrfmiddlewaretoken={match.group(1).decode()}"
        status, location, _ = self.request("delete (POST)", "POST", path, body)
        if status == 302 and (location or "").rstrip("/").endswith("/outreach"):
            with self.recorder.lock:
                self.recorder.deleted.add(pk)

    def run(self, until: float):
        while self.recorder.now() < until:
            roll = self.rng.random()
            if self.writer and roll < 0.25:
                self.create()
            elif self.writer and roll < 0.35 and len(self.mine) > 1:
                self.delete()
            else:
                self.read()
            time.sleep(self.rng.uniform(0.2, 1.0))


def restart_postgres(recorder: Recorder, result: dict):
    version = sorted(p.name for p in Path("/etc/postgresql").iterdir())[-1]
    result["restart_begin"] = recorder.now()
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"], check=True
    )
    while True:  # the database answers again
        probe = subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-Atc", "select 1"],
            capture_output=True,
        )
        if probe.returncode == 0:
            break
        time.sleep(0.05)
    result["db_back"] = recorder.now()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--duration", type=int, default=120)
    parser.add_argument("--fault-at", type=float, help="restart PostgreSQL after this many seconds")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    server_pin, _load_pin = cpus()
    with (
        tempfile.TemporaryDirectory(prefix="wgtu-load-") as tmp,
        Database("postgres", Path(tmp), "load") as db,
    ):
        env = django_env(db.url, Path(tmp) / "static")
        run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], env)
        run([PY, "manage.py", "migrate", "--noinput", "-v0"], env)
        run([PY, "manage.py", "generate_scale_data", "--normal"], env)
        data = json.loads(
            run([PY, "-m", "bench.inprocess", "prepare", str(args.users)], env).splitlines()[-1]
        )
        recorder = Recorder()
        fault: dict = {}
        with Server(env, args.port, server_pin) as server:
            rng = random.Random(args.seed)
            users = [
                User(
                    args.port,
                    data["sessions"]["secretariat" if i < args.writers else "cochair"][i],
                    recorder,
                    random.Random(rng.random()),
                    data,
                    writer=i < args.writers,
                )
                for i in range(args.users)
            ]
            recorder.start = time.monotonic()
            threads = [
                threading.Thread(target=u.run, args=(args.duration,), daemon=True) for u in users
            ]
            for t in threads:
                t.start()
            if args.fault_at is not None:
                time.sleep(args.fault_at)
                log(f"Restarting PostgreSQL at {recorder.now():.1f} s")
                restart_postgres(recorder, fault)
            for t in threads:
                t.join()
            tracebacks = server.output().count("Traceback")
        acknowledged = {"created": recorder.created, "deleted": sorted(recorder.deleted)}
        verdict = json.loads(
            run([PY, "-m", "bench.inprocess", "verify"], env, input=json.dumps(acknowledged))
        )
    return report(args, recorder, fault, verdict, tracebacks)


def report(args, recorder, fault, verdict, tracebacks) -> int:
    events = sorted(recorder.events)
    by_kind = Counter(kind for _t, kind, *_ in events)
    lat = sorted(e[4] for e in events)
    failures = [e for e in events if not e[2]]
    print(
        f"{args.users} users ({args.writers} writing) for {args.duration} s against gunicorn "
        f"(2 workers) on PostgreSQL: {len(events)} requests, "
        f"p50 {lat[len(lat) // 2] * 1000:.0f} ms, p95 {lat[int(len(lat) * 0.95)] * 1000:.0f} ms"
    )
    for kind, n in sorted(by_kind.items()):
        bad = sum(1 for e in failures if e[1] == kind)
        print(f"  {kind:16} {n:6d} requests, {bad} errors")
    print("  (report downloads: not in this mix; bench/run.py measures them)")
    ok = True
    if fault:
        after = [e for e in events if e[0] >= fault["db_back"] and e[2]]
        back = after[0][0] if after else None
        window = [e for e in failures if e[0] < fault["restart_begin"] or (back and e[0] > back)]
        during = [e for e in failures if e not in window]
        print(
            f"Fault: PostgreSQL restart began at {fault['restart_begin']:.1f} s, database answered "
            f"at {fault['db_back']:.1f} s; portal answered 200 again at "
            + (
                f"{back:.1f} s ({back - fault['db_back']:.1f} s after the database)"
                if back
                else "never"
            )
        )
        print(
            f"  errors during the outage: {len(during)} "
            f"({', '.join(f'{k}: {v}' for k, v in Counter(str(e[3]) for e in during).items())}); "
            f"errors outside it: {len(window)}"
        )
        ok = back is not None and back - fault["db_back"] <= 10 and not window
        errors_outside = window
    else:
        errors_outside = failures
        ok = not failures
    for e in errors_outside[:10]:
        print(f"  error at {e[0]:.1f} s: {e[1]} → {e[3]}")
    print(
        f"Acknowledged writes: {verdict['created_acknowledged']} activities recorded, "
        f"{verdict['deleted_acknowledged']} deleted; {verdict['checked_present']} checked present; "
        f"missing: {len(verdict['missing'])}; deleted but present: "
        f"{len(verdict['deleted_but_present'])}"
    )
    if tracebacks:
        print(f"Server log: {tracebacks} traceback(s)")
    ok = ok and not verdict["missing"] and not verdict["deleted_but_present"]
    print("RESULT: " + ("PASS" if ok else "FAIL"))
    if args.json:
        args.json.write_text(json.dumps({"events": events, "fault": fault, "verdict": verdict}))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
