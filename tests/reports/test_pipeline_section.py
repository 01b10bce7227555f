"""The joining pipeline in the PDFs: a section of the internal meeting report (never of the
public edition) and the stage history in a state's briefing pack, read back with pypdf."""

import pytest

from tests.reports.conftest import PIPELINE_SECRET, page_texts


def folded(content: bytes) -> str:
    """The PDF's text with line breaks folded (table cells wrap with the column widths)."""
    return " ".join(" ".join(page_texts(content)).split())


@pytest.fixture
def internal_may(rendered):
    return folded(rendered("2018-05-31", "internal", "en")[1].content)


@pytest.fixture
def public_may(rendered):
    return folded(rendered("2018-05-31", "public", "en")[1].content)


def test_the_internal_report_of_31_may_2018_has_a_joining_pipeline_section(internal_may):
    assert "6. Joining pipeline (internal)" in internal_may
    assert "6.1 States at each stage" in internal_may
    assert "Submitted to parliament 1" in internal_may
    assert "No known process 1" in internal_may


def test_it_names_the_states_that_moved_since_the_previous_meeting(internal_may):
    assert "6.2 Moved since WGTU meeting, 7 March 2018 (7 March 2018)" in internal_may
    assert (
        "Angola Under consideration by the government Submitted to parliament 12 April 2018"
        in internal_may
    )


def test_it_names_the_stalled_states(internal_may):
    assert "6.3 Stalled: at the same stage for more than 12 months" in internal_may
    assert "Kenya No known process 15 January 2016" in internal_may


def test_the_public_report_has_no_pipeline_section_and_no_internal_entry(public_may):
    assert "Joining pipeline" not in public_may
    assert "Submitted to parliament" not in public_may
    assert PIPELINE_SECRET not in public_may
    assert "National Assembly agenda" not in public_may


def test_the_briefing_pack_shows_the_states_stage_history(angola_briefing):
    text = folded(angola_briefing[2])
    assert "2. Domestic procedure: stage history" in text
    history = text[text.index("2. Domestic procedure") : text.index("3. Regional context")]
    assert history.index("2 May 2016") < history.index("12 April 2018")
    assert "Under consideration by the government" in history
    assert PIPELINE_SECRET in history and "Internal" in history
