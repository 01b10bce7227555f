"""The state briefing pack: status, region, challenges with evidence, outreach and follow-ups."""

from tests.reports.conftest import INTERNAL_ACTOR, page_texts


def test_briefing_is_a_named_internal_pdf(angola_briefing):
    filename, content_type, content = angola_briefing
    assert filename == "WGTU_briefing_AGO_2018-05-31_EN_INTERNAL.pdf"
    assert content_type == "application/pdf"
    assert all("Internal" in text for text in page_texts(content))


def test_briefing_shows_status_region_challenges_outreach_and_follow_ups(angola_briefing):
    text = "\n".join(page_texts(angola_briefing[2]))
    assert "Briefing: Angola" in text
    assert "Signatory" in text and "24 September 2013" in text
    assert "Regional context: Africa" in text
    assert "Needs a national control list" in text
    assert INTERNAL_ACTOR in text
    assert "Send the model control list" in text
