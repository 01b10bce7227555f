"""The "bad inputs tried" summary at the end of a run (issue 9, item 5), correct under xdist.

The harness (tests/robustness/conftest.py) counts in the process that runs the test. Under
pytest-xdist that is a worker: each worker hands its counts to the controller when it finishes
(`workeroutput`), and the controller adds them up before printing. This module is a plugin of
tests/conftest.py because the controller never collects tests, so it never loads
tests/robustness/conftest.py.
"""

from collections import Counter

import pytest

TRIED: Counter = Counter()
OUTCOMES: Counter = Counter()

_KEY = "bad_inputs_tried"


def pytest_sessionfinish(session):
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # an xdist worker: hand the counts to the controller
        workeroutput[_KEY] = {"tried": dict(TRIED), "outcomes": dict(OUTCOMES)}


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    counts = getattr(node, "workeroutput", {}).get(_KEY)
    if counts:
        TRIED.update(counts["tried"])
        OUTCOMES.update(counts["outcomes"])


def pytest_terminal_summary(terminalreporter):
    if not TRIED:
        return
    terminalreporter.section("bad inputs tried (issue 9, item 5)")
    for surface, count in sorted(TRIED.items()):
        terminalreporter.write_line(f"{surface:<28} {count:>5}")
    terminalreporter.write_line(
        f"{'total':<28} {sum(TRIED.values()):>5}  "
        f"({OUTCOMES['refused']} refused, {OUTCOMES['accepted']} accepted as valid data)"
    )
