# ruff: noqa: RUF001, S310 - the multiplication sign in printed ratios; loopback URLs only
"""The benchmark of issue 10: every page's cost as a ratio to the framework's floor, in one run.

    .venv/bin/python bench/run.py            (or: make bench)

For each database (PostgreSQL: a scratch database it creates and drops; SQLite: a scratch file)
and each data size (normal: today's size; scale: ten times that, see bench/scale.py), it
migrates a fresh database, generates the data from a fixed seed, starts gunicorn (2 sync workers,
debug off, production settings plus the floor page: bench/settings.py) pinned to CPU 0, and
measures each page with wrk pinned to CPU 1 (loopback only): median and p95 latency and
throughput. The floor is measured in every round beside the pages, and each page is divided by
the floor of the same identity (anonymous or the signed-in co-chair) from the same run, so a
noisy machine moves both. Queries per request come from Django's test client (bench/inprocess.py).

Exit status: 0 when every budget that can be measured is met, 1 otherwise.
"""

import argparse
import json
import os
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.endpoints import (  # noqa: E402
    ALL,
    ANONYMOUS,
    COLD_BUDGET,
    COLD_PAGES,
    COLD_RENDER_BUDGET,
    FLOORS,
    LANGUAGES_BUDGET,
    NOT_AVAILABLE,
    PAGES,
)

PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
LUA = str(ROOT / "bench" / "wrk_report.lua")
PG_SERVER = os.environ.get("WGTU_BENCH_PG", "postgres://postgres@127.0.0.1:5432")
SEED = 42
SIZES = {"normal": ["--normal"], "scale": []}
# Behind TLS in production: the proxy's header keeps SECURE_SSL_REDIRECT from redirecting.
HEADERS = {"X-Forwarded-Proto": "https"}


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run(cmd, env, **kwargs) -> str:
    result = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def cpus() -> tuple[list[str], list[str]]:
    """taskset prefixes: gunicorn on CPU 0, the load generator on CPU 1 (none on one CPU)."""
    if (os.cpu_count() or 1) >= 2 and shutil.which("taskset"):
        return ["taskset", "-c", "0"], ["taskset", "-c", "1"]
    return [], []


class Database:
    """A scratch database: created empty, dropped at the end."""

    def __init__(self, engine: str, workdir: Path, label: str):
        self.engine = engine
        self.name = f"wgtu_bench_{os.getpid()}_{label}"
        if engine == "postgres":
            self.url = f"{PG_SERVER}/{self.name}"
        else:
            self.url = f"sqlite:///{workdir / (self.name + '.sqlite3')}"
            self.path = workdir / f"{self.name}.sqlite3"

    def __enter__(self):
        if self.engine == "postgres":
            subprocess.run(
                ["dropdb", "--if-exists", "-h", "127.0.0.1", "-U", "postgres", self.name]
            )
            subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", self.name], check=True)
        return self

    def pin_backends(self, load_pin: list[str]) -> int:
        """PostgreSQL on this machine: move the server processes serving this database (the
        gunicorn workers' persistent connections, opened by the warm-up) to the load generator's
        CPU, as if the database ran on a machine of its own; left where the scheduler puts
        them, they compete with the two workers for CPU 0 and each query waits for its turn.
        Needs root (or the postgres user); returns how many were moved."""
        if self.engine != "postgres" or not load_pin or "@127.0.0.1" not in PG_SERVER:
            return 0
        query = (
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
            " AND pid <> pg_backend_pid()"
        )
        found = subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-At", "-d", self.name, "-c", query],
            capture_output=True,
            text=True,
        )
        moved = 0
        for pid in found.stdout.split():
            cmd = ["taskset", "-p", "-c", load_pin[-1], pid]
            moved += subprocess.run(cmd, capture_output=True).returncode == 0
        return moved

    def __exit__(self, *exc):
        if self.engine == "postgres":
            subprocess.run(
                ["dropdb", "--if-exists", "--force", "-h", "127.0.0.1", "-U", "postgres", self.name]
            )
        else:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)


def django_env(database_url: str, static_root: Path) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=env.get("WGTU_BENCH_SECRET_KEY", secrets.token_urlsafe(40)),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        DATABASE_URL=database_url,
        # The workers keep their connections for the whole run (pin_backends moves their server
        # processes once); in production the default is 60 s.
        DJANGO_CONN_MAX_AGE="3600",
        WGTU_BENCH_STATIC_ROOT=str(static_root),
        PYTHONPATH=str(ROOT),
        # Report renders run in the process that asks (no task worker runs beside the bench's
        # servers): the first download renders, the measured ones are the cached download.
        WGTU_TASKS_BACKEND="immediate",
    )
    return env


class Server:
    """gunicorn with 2 sync workers on CPU 0, stopped (by its pid) on exit."""

    def __init__(self, env: dict, port: int, pin: list[str], workers: int = 2):
        self.env, self.port, self.pin, self.workers = env, port, pin, workers
        self.base = f"http://127.0.0.1:{port}"

    def __enter__(self):
        cmd = [
            *self.pin,
            GUNICORN,
            "wgtu_portal.wsgi",
            "--config",
            str(ROOT / "gunicorn.conf.py"),  # as `make serve`: workers warm the report renderer
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--no-control-socket",
            "--forwarded-allow-ips",
            "127.0.0.1",
            "--log-level",
            "warning",
        ]
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            cmd, env=self.env, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                status, _ = fetch(f"{self.base}/bench/floor/")
                if status == 200:
                    return self
            except OSError:
                pass
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        self.__exit__()
        raise SystemExit(f"gunicorn did not start:\n{self.output()}")

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read().decode(errors="replace")[-4000:]

    def __exit__(self, *exc):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url: str, cookie: str | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(
        url, headers={**HEADERS, **({"Cookie": cookie} if cookie else {})}
    )
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, b""


def wrk(url, cookie, *, pin, seconds, connections, timeout="30s") -> dict:
    cmd = [*pin, "wrk", "-t1", f"-c{connections}", f"-d{seconds}s", f"--timeout={timeout}"]
    cmd += ["-s", LUA]
    for name, value in {**HEADERS, **({"Cookie": cookie} if cookie else {})}.items():
        cmd += ["-H", f"{name}: {value}"]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    line = next(x for x in out.splitlines() if x.startswith("BENCH-JSON "))
    data = json.loads(line.removeprefix("BENCH-JSON "))
    data["rps"] = data["requests"] / (data["duration_us"] / 1e6)
    return data


def measure_combo(engine, size, args, workdir, static_root, pins) -> dict:
    """One database at one data size: queries per request, then latency and throughput."""
    server_pin, load_pin = pins
    with Database(engine, workdir, size) as db:
        env = django_env(db.url, static_root)
        began = time.monotonic()
        run([PY, "manage.py", "migrate", "--noinput", "-v0"], env)
        data = run([PY, "manage.py", "generate_scale_data", "--seed", str(SEED), *SIZES[size]], env)
        log(f"  data ({time.monotonic() - began:.0f} s): " + " ".join(data.split()[-22:]))
        prepared = json.loads(run([PY, "-m", "bench.inprocess", "prepare"], env).splitlines()[-1])
        query_args = [PY, "-m", "bench.inprocess", "queries"]
        counts = json.loads(run(query_args, env, input=json.dumps(prepared)).splitlines()[-1])
        cold = after_write = languages = None
        parts = args.parts.split(",")
        if "cold" in parts:  # the first request after a write, in process (no server running)
            cold_args = [*server_pin, PY, "-m", "bench.inprocess", "cold"]
            after_write = json.loads(
                run(cold_args, env, input=json.dumps(prepared)).splitlines()[-1]
            )
        if size == "scale" and "render" in parts:
            # the cold report render beside WeasyPrint alone, then the three languages
            render_args = [*server_pin, PY, "bench/report_render.py", "--json"]
            cold = json.loads(run(render_args, env).splitlines()[-1])
            # Not pinned: the three languages render side by side, one child per language, on
            # the cores the machine has (a worker is not pinned in production either).
            languages_args = [PY, "bench/report_render.py", "--json", "--languages"]
            languages = json.loads(run(languages_args, env).splitlines()[-1])
        cookies = {ANONYMOUS: None, **prepared["cookies"]}
        results = {e.key: [] for e in ALL}
        if "wrk" not in parts:
            return {
                "runs": {},
                "queries": counts,
                "concurrency": None,
                "tracebacks": 0,
                "pinned_backends": 0,
                "cold_render": cold,
                "after_write": after_write,
                "languages": languages,
            }
        with Server(env, args.port, server_pin) as server:
            urls = {
                e.key: server.base
                + e.path.format(static=prepared["static"], meeting=prepared["meeting"])
                for e in ALL
            }
            for e in ALL:  # each must answer 200 (a redirect to sign-in would be a wrong number)
                for _ in range(3):
                    status, _body = fetch(urls[e.key], cookies[e.identity])
                if status != 200:
                    raise SystemExit(f"{urls[e.key]} answered {status} ({e.identity})")
                wrk(urls[e.key], cookies[e.identity], pin=load_pin, seconds=1, connections=2)
            pinned = db.pin_backends(load_pin)
            if db.engine == "postgres":
                log(f"  PostgreSQL server processes of the workers moved to CPU 1: {pinned}")
            for round_ in range(args.rounds):
                order = [*FLOORS.values(), *PAGES, *FLOORS.values()]
                for e in order if round_ % 2 == 0 else reversed(order):
                    results[e.key].append(
                        wrk(
                            urls[e.key],
                            cookies[e.identity],
                            pin=load_pin,
                            seconds=args.duration,
                            connections=args.connections,
                        )
                    )
            concurrency = None
            if size == "scale":
                concurrency = wrk(
                    urls["dashboard"],
                    cookies[FLOORS["cochair"].identity],
                    pin=load_pin,
                    seconds=args.concurrency_seconds,
                    connections=20,
                )
            errors = server.output().count("Traceback")
    return {
        "runs": results,
        "queries": counts,
        "concurrency": concurrency,
        "tracebacks": errors,
        "pinned_backends": pinned,
        "cold_render": cold,
        "after_write": after_write,
        "languages": languages,
    }


def summarize(runs: list[dict]) -> dict:
    """Medians over the rounds. A round in which no request completed counts as its whole
    duration (a lower bound), never as 0."""

    def p50(r):
        return r["p50_us"] if r["requests"] else r["duration_us"]

    return {
        "p50_ms": statistics.median(p50(r) for r in runs) / 1000,
        "p95_ms": statistics.median(
            r["p95_us"] if r["requests"] else r["duration_us"] for r in runs
        )
        / 1000,
        "rps": statistics.median(r["rps"] for r in runs),
        "errors": sum(r["errors"] for r in runs),
        "requests": sum(r["requests"] for r in runs),
    }


def report(all_results: dict, args) -> tuple[str, bool]:
    lines, all_met = [], True

    def out(text=""):
        lines.append(text)

    for engine, by_size in all_results.items():
        for size, combo in by_size.items():
            s = {key: summarize(runs) for key, runs in combo["runs"].items()}
            out(f"\n== {engine}, {size} data ==")
            if combo.get("after_write"):
                report_cold(combo["after_write"], out)
            if combo.get("languages"):
                r = combo["languages"]
                out(
                    f"{'report in 3 languages, cold':40} {r['three_s']:.2f} s against one language "
                    f"{r['one_s']:.2f} s: {r['ratio']:.2f} × (budget ≤ {LANGUAGES_BUDGET:g} ×)"
                )
            if not combo["runs"]:
                continue
            out(
                f"{'page':40} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>8} {'×floor':>7}"
                f" {'rps÷':>6} {'queries':>7} {'errors':>6}"
            )
            for e in ALL:
                row = s[e.key]
                floor = s[FLOORS[e.identity].key]
                ratio = row["p50_ms"] / floor["p50_ms"]
                rps_ratio = floor["rps"] / row["rps"] if row["rps"] else float("inf")
                out(
                    f"{e.label:40} {row['p50_ms']:8.2f} {row['p95_ms']:8.2f} {row['rps']:8.0f}"
                    f" {ratio:7.2f} {rps_ratio:6.2f} {combo['queries'][e.key]:7d} {row['errors']:6d}"
                )
            for _key, label, _budget, why in NOT_AVAILABLE:
                out(f"{label:40} not available yet ({why})")
            if combo.get("cold_render"):
                r = combo["cold_render"]
                out(
                    f"{'cold report render (31 May 2018, en)':40} {r['cold_s']:.2f} s, WeasyPrint "
                    f"alone {r['weasyprint_s']:.2f} s: {r['ratio']:.2f} ×; peak memory "
                    f"{r['peak_mib_self']:.0f} MiB (process), {r['peak_mib_children']:.0f} MiB "
                    f"(render children); {r['pages']} pages"
                )
            if combo["concurrency"]:
                c = combo["concurrency"]
                out(
                    f"20 concurrent users on the dashboard: {c['requests']} requests in "
                    f"{c['duration_us'] / 1e6:.0f} s, p50 {c['p50_us'] / 1000:.0f} ms, "
                    f"p95 {c['p95_us'] / 1000:.0f} ms, {c['errors']} errors"
                )
            if combo["tracebacks"]:
                out(f"server log: {combo['tracebacks']} traceback(s)")

    out("\n== Budgets (issue 10, item 3) ==")

    def budget(text: str, met: bool | None, measured: str):
        nonlocal all_met
        verdict = {True: "MET", False: "NOT MET", None: "not available yet"}[met]
        if met is False:
            all_met = False
        out(f"{verdict:18} {text:58} {measured}")

    for engine, by_size in all_results.items():
        sizes = list(by_size)
        final = by_size["scale"] if "scale" in by_size else by_size[sizes[-1]]
        s = {key: summarize(runs) for key, runs in final["runs"].items()}
        for e in PAGES if final["runs"] else []:
            if e.budget is None:
                continue
            ratio = s[e.key]["p50_ms"] / s[FLOORS[e.identity].key]["p50_ms"]
            budget(
                f"[{engine}] {e.label} p50 ≤ {e.budget:g} × floor",
                ratio <= e.budget,
                f"{ratio:.2f} ×",
            )
        if len(sizes) > 1 and final["runs"]:
            a, b = (by_size[x]["queries"] for x in sizes[:2])
            differ = [e.key for e in ALL if e.queries_budget and a[e.key] != b[e.key]]
            budget(
                f"[{engine}] queries per request identical, normal and scale",
                not differ,
                "differ: " + ", ".join(f"{k} {a[k]}→{b[k]}" for k in differ)
                if differ
                else "all equal",
            )
        for _key, label, text, why in NOT_AVAILABLE:
            budget(f"[{engine}] {label} {text}", None, f"({why})")
        aw = final.get("after_write")
        if aw:
            for page in COLD_PAGES:
                row = aw["pages"].get(page.key)
                if row is None:
                    continue
                ratio = row["ratio"]
                budget(
                    f"[{engine}] {page.label}, first request after a write ≤ {COLD_BUDGET:g} × floor",
                    ratio <= COLD_BUDGET,
                    f"{ratio:.1f} × ({row['cold_ms']:.1f} ms)",
                )
        if len(sizes) > 1 and all(by_size[x].get("after_write") for x in sizes[:2]):
            a, b = (by_size[x]["after_write"]["pages"] for x in sizes[:2])
            differ = [k for k in a if k in b and a[k]["queries"] != b[k]["queries"]]
            budget(
                f"[{engine}] queries after a write identical, normal and scale",
                not differ,
                "differ: " + ", ".join(f"{k} {a[k]['queries']}→{b[k]['queries']}" for k in differ)
                if differ
                else "all equal",
            )
        r = final.get("languages")
        if r:
            budget(
                f"[{engine}] report in 3 languages ≤ {LANGUAGES_BUDGET:g} × one language",
                r["ratio"] <= LANGUAGES_BUDGET,
                f"{r['ratio']:.2f} × ({r['three_s']:.2f} s / {r['one_s']:.2f} s)",
            )
        r = final.get("cold_render")
        if r:
            budget(
                f"[{engine}] cold report render ≤ {COLD_RENDER_BUDGET:g} × WeasyPrint alone",
                r["ratio"] <= COLD_RENDER_BUDGET,
                f"{r['ratio']:.2f} ×, peak {max(r['peak_mib_self'], r['peak_mib_children']):.0f} MiB",
            )
        c = final.get("concurrency")
        if c:
            budget(
                f"[{engine}] 20 concurrent users on the dashboard, 0 errors",
                c["errors"] == 0,
                f"{c['errors']} errors in {c['requests']} requests",
            )
    return "\n".join(lines), all_met


def report_cold(aw: dict, out) -> None:
    """The first request after a write of each page (bench/inprocess.py cold), in process."""
    floors = aw["floors"]
    out(
        f"first request after a write (in process; floors of the whole run: anonymous"
        f" {floors['anonymous']:.2f} ms, co-chair {floors['cochair']:.2f} ms; each row's ratio is"
        f" over the floor measured beside its own requests)"
    )
    out(f"{'page':40} {'cold ms':>8} {'warm ms':>8} {'floor ms':>8} {'×floor':>7} {'queries':>7}")
    for page in COLD_PAGES:
        row = aw["pages"].get(page.key)
        if row is None:
            continue
        out(
            f"{page.label:40} {row['cold_ms']:8.1f} {row['warm_ms']:8.2f} {row['floor_ms']:8.2f}"
            f" {row['ratio']:7.1f} {row['queries']:7d}"
        )


def machine() -> str:
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "?",
    )
    mem = next(
        (
            int(line.split()[1]) // 1024
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        0,
    )
    load = os.getloadavg()[0]
    return f"{os.cpu_count()} CPUs ({model}), {mem} MiB, load average {load:.2f} at start"


def parse(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--databases", default="postgres,sqlite")
    parser.add_argument("--sizes", default="normal,scale")
    parser.add_argument("--duration", type=int, default=3, help="seconds per measurement")
    parser.add_argument("--rounds", type=int, default=3, help="measurements per page (median)")
    parser.add_argument(
        "--connections",
        type=int,
        default=1,
        help=(
            "wrk connections per page (1: each request's own latency; with 2, the two workers share"
            " CPU 0 and the p50 of sub-millisecond pages flips between one and two requests' time)"
        ),
    )
    parser.add_argument("--concurrency-seconds", type=int, default=15)
    parser.add_argument(
        "--parts",
        default="wrk,cold,render",
        help=(
            "what to measure: wrk (the pages through gunicorn), cold (the first request after a"
            " write, in process), render (the cold report renders, scale data)"
        ),
    )
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse(argv)
    if "wrk" in args.parts.split(",") and not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk (make bench does it as root)")
    began = time.monotonic()
    pins = cpus()
    log(f"Machine: {machine()}")
    results: dict = {}
    with tempfile.TemporaryDirectory(prefix="wgtu-bench-") as tmp:
        workdir, static_root = Path(tmp), Path(tmp) / "static"
        run(
            [PY, "manage.py", "collectstatic", "--noinput", "-v0"],
            django_env("sqlite:///x", static_root),
        )
        for engine in args.databases.split(","):
            for size in args.sizes.split(","):
                log(f"{engine}, {size} data…")
                results.setdefault(engine, {})[size] = measure_combo(
                    engine, size, args, workdir, static_root, pins
                )
    text, all_met = report(results, args)
    print(f"Machine: {machine()}")
    print(
        f"gunicorn 2 sync workers on CPU 0, wrk (1 thread, {args.connections} connections) on CPU 1;"
        f" {args.rounds} × {args.duration} s per page; ratios: p50 ÷ floor p50 of the same identity"
        f" (rps÷: floor req/s ÷ page req/s)"
    )
    print(text)
    print(f"\nTotal time: {time.monotonic() - began:.0f} s")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0 if all_met else 1


if __name__ == "__main__":
    sys.exit(main())
