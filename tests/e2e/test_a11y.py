"""axe-core finds no serious or critical accessibility violation on any kind of page.

axe runs in Chromium on the served site (axe-playwright-python ships axe.min.js, so nothing is
fetched). Each page kind is checked as it loads and, for the interactive ones, after use:
a quiz with its feedback shown, the explorer at another step, the search with results.
Moderate and minor findings are printed, not failed.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from builder.checks import load_atlas
from support import ROOT

ATLAS = load_atlas(ROOT)
KINDS = {
    "home": "index.html",
    "hand-written page": "background.html",
    "cases index": "cases/index.html",
    "case page": f"cases/{ATLAS.cases[0].id}.html",
    "modalities index": "modalities/index.html",
    "modality page": f"modalities/{next(iter(ATLAS.modalities.values())).slug}.html",
    "explorer": "explorer.html",
    "key points": "key-points.html",
    "quiz page": f"quizzes/{ATLAS.quizzes[0].id}.html",
    "quizzes index": "quizzes/index.html",
    "references": "references.html",
    "glossary": "glossary.html",
}
BLOCKING = {"serious", "critical"}
AXE = Axe()


def check(page: Page, what: str) -> None:
    page.wait_for_load_state("load")
    page.wait_for_function("() => window.document$ !== undefined")  # Material's bundle runs
    violations = AXE.run(page).response["violations"]
    for v in violations:
        if v["impact"] not in BLOCKING:
            print(f"{what}: {v['id']} ({v['impact']}) on {len(v['nodes'])} element(s)")
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    if blocking:
        report = "\n".join(
            f"{v['id']} ({v['impact']}): {v['help']}\n" + "\n".join(
                f"    {n['html'][:160]}\n      {n['failureSummary'].splitlines()[-1].strip()}"
                for n in v["nodes"][:5])
            for v in blocking)
        pytest.fail(f"{what}: {len(blocking)} serious/critical violation(s):\n{report}", False)


@pytest.mark.parametrize("kind", KINDS)
def test_page_kind_has_no_serious_violation(page: Page, site_url: str, kind: str) -> None:
    page.goto(f"{site_url}/{KINDS[kind]}")
    check(page, kind)


def test_every_other_page_has_no_serious_violation(page: Page, site_url: str,
                                                   built_site: Path) -> None:
    """Pages of kinds not listed above (exam, handout, the authoring guide…) are checked too."""
    listed = set(KINDS.values())
    others = sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html")
                    if p.relative_to(built_site).as_posix() not in listed)
    assert others
    for path in others:
        page.goto(f"{site_url}/{path}")
        check(page, path)


def test_answered_quiz_has_no_serious_violation(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/{KINDS['quiz page']}")
    forms = page.locator("form.atlas-quiz")
    right, wrong = forms.nth(0), forms.nth(1)
    for box in right.locator("input[data-correct]").all():
        box.check()
    right.get_by_role("button", name="Check answer").click()
    wrong.locator("input:not([data-correct])").first.check()
    wrong.get_by_role("button", name="Check answer").click()
    expect(wrong.locator(".atlas-option-feedback.is-chosen")).to_have_count(1)
    check(page, "answered quiz")


def test_explorer_at_a_later_step_has_no_serious_violation(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/explorer.html")
    page.locator('input[name="explorer-step"]').last.check()
    expect(page.locator(".atlas-explorer-status")).not_to_be_empty()
    check(page, "explorer, last step")


def test_search_with_results_has_no_serious_violation(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/index.html")
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("etidronate", delay=30)
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    check(page, "search results")
