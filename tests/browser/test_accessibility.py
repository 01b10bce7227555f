"""axe-core finds no serious or critical violation on any page (issue 20, item 2): every HTML page
of the URL walker's samples that each role may read, in English, French and Spanish, with data
that brings out every badge (tests/browser/pages.py). axe-core is vendored for the tests only
(tests/browser/vendor/, from the npm registry) and run inside the page under test."""

import pytest

from tests.browser.pages import (
    AXE,
    LANGUAGES,
    ROLES,
    badge_data,
    client_for_role,
    html_pages,
    open_context,
    set_language,
    visit,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BLOCKING = ("serious", "critical")
RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => n.target.join(" ") + " — " + (n.failureSummary || "").split("\\n")[1]),
  }));
}"""


def axe_violations(page) -> list[dict]:
    """The page's violations of impact serious or critical (axe is loaded into every page of the
    context before its own scripts: add_init_script, which the page's CSP does not govern)."""
    return [v for v in page.evaluate(RUN) if v["impact"] in BLOCKING]


@pytest.mark.parametrize("role", ROLES)
def test_no_page_has_a_serious_or_critical_axe_violation(
    browser, live_server, reference_data, personas, settings, tmp_path, role
):
    settings.MEDIA_ROOT = tmp_path / "media"
    data = badge_data(personas)
    client = client_for_role(role, personas)
    pages = html_pages(role, data)
    context, page = open_context(browser, live_server, client, width=1280)
    context.add_init_script(path=AXE)
    problems, checked = [], 0
    try:
        for language in LANGUAGES:
            set_language(page, live_server, language)
            for name, url in pages:
                if visit(page, live_server.url + url):
                    continue  # not a page (a download, JSON, a redirect elsewhere)
                checked += 1
                for violation in axe_violations(page):
                    nodes = "\n      ".join(violation["nodes"][:5])
                    problems.append(
                        f"{name} {url} ({language}): {violation['impact']} {violation['id']} "
                        f"({violation['help']}), {len(violation['nodes'])} node(s):\n      {nodes}"
                    )
    finally:
        context.close()
    assert problems == [], f"{role}: {len(problems)} violation(s):\n" + "\n".join(problems)
    minimum = {"anonymous": 6, "delegate": 12, "cochair": 25, "secretariat": 45}[role]
    assert checked >= 3 * minimum
