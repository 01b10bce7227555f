"""The depositary's real status file of 15 January 2018, and edited copies of it."""

import re
from pathlib import Path

import pytest

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "untc" / "XXVI-8.en.2018-01-15.xml"
SAMPLE_NAME = SAMPLE.name


def sample_text() -> str:
    return SAMPLE.read_bytes().decode("iso-8859-1")


def set_cell(text: str, participant: str, column: int, value: str) -> str:
    """The sample with one cell of a participant's row replaced (columns 1-4; "" empties it)."""
    pattern = re.compile(
        r"(<Row>\s*<Entry>" + re.escape(participant) + r"</Entry>)(.*?)(</Row>)", re.DOTALL
    )
    match = pattern.search(text)
    assert match, participant
    cells = re.findall(r"<Entry\s*/>|<Entry>.*?</Entry>", match.group(2), re.DOTALL)
    cells[column - 2] = f"<Entry>{value}</Entry>" if value else "<Entry />"
    row = match.group(1) + "".join(f"\n                {c}" for c in cells) + "\n              "
    return text[: match.start()] + row + match.group(3) + text[match.end() :]


def rename(text: str, participant: str, new_name: str) -> str:
    old = f"<Entry>{participant}</Entry>"
    assert text.count(old) == 1
    return text.replace(old, f"<Entry>{new_name}</Entry>")


def encode(text: str) -> bytes:
    return text.encode("iso-8859-1")


@pytest.fixture
def sample_bytes() -> bytes:
    return SAMPLE.read_bytes()


@pytest.fixture
def two_edits() -> bytes:
    """One deposit added (Angola ratifies on 10 Jan 2018), one signature date changed (Bahrain)."""
    text = set_cell(sample_text(), "Angola", 4, "10 Jan 2018")
    return encode(set_cell(text, "Bahrain", 2, "22 Nov 2013"))


@pytest.fixture
def three_edits() -> bytes:
    """The two edits, and Zimbabwe renamed to a name no state has."""
    text = set_cell(sample_text(), "Angola", 4, "10 Jan 2018")
    text = set_cell(text, "Bahrain", 2, "22 Nov 2013")
    return encode(rename(text, "Zimbabwe", "Republic of Zimbabwia"))
