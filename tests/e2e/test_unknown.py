"""Unknown cases in Chromium: one step at a time, later figures and the diagnosis hidden until
reached, progress saved; without JavaScript the whole case is there in order."""
from __future__ import annotations

from playwright.sync_api import Browser, Page, expect
from quizhelp import answer

from builder.checks import load_atlas
from support import ROOT

ATLAS = load_atlas(ROOT)
CASE = max(ATLAS.cases, key=lambda c: len(c.studies))
URL = f"cases/{CASE.id}-unknown.html"


def step(page: Page, n: int):
    return page.locator(f'.atlas-unknown-step[data-step="{n}"]')


def answer_step(page: Page, n: int, right: bool = True) -> None:
    for form in step(page, n).locator("form.atlas-quiz").all():
        answer(form, right)
        form.get_by_role("button", name="Check answer").click()


def test_later_steps_and_the_diagnosis_stay_hidden_until_reached(page: Page,
                                                                 site_url: str) -> None:
    page.goto(f"{site_url}/{URL}")
    expect(step(page, 1)).to_be_visible()
    expect(step(page, 1).locator(".atlas-unknown-reveal")).to_be_hidden()
    for n in range(2, len(CASE.studies) + 2):
        expect(step(page, n)).to_be_hidden()
    later = [f for s in CASE.studies[1:] for f in s.figures]
    assert later
    for figure in later:  # pictures of later studies are not shown (nor read out)
        expect(page.get_by_alt_text(figure.alt.strip()).first).to_be_hidden()
    expect(page.locator("article").get_by_text(CASE.title)).to_be_hidden()

    answer_step(page, 1, right=False)  # a wrong answer also moves the case on
    expect(step(page, 1).locator(".atlas-unknown-reveal")).to_be_visible()
    expect(step(page, 2)).to_be_visible()
    expect(step(page, 2).locator(".atlas-unknown-reveal")).to_be_hidden()
    expect(step(page, 3)).to_be_hidden()
    expect(page.locator(".atlas-unknown-status")).to_contain_text("Unlocked: Step 2")
    first = CASE.studies[1].figures[0]
    expect(page.get_by_alt_text(first.alt.strip()).first).to_be_visible()

    page.reload()  # the step reached is saved
    expect(step(page, 2)).to_be_visible()
    expect(step(page, 3)).to_be_hidden()

    for n in range(2, len(CASE.studies) + 1):
        answer_step(page, n)
    final = page.locator(".atlas-unknown-step[data-final]")
    expect(final).to_be_visible()
    expect(final).to_contain_text(CASE.title)
    expect(page.locator(".atlas-unknown-status")).to_contain_text("The diagnosis is now shown")

    page.get_by_role("button", name="Start this case again").click()
    expect(step(page, 2)).to_be_hidden()
    expect(final).to_be_hidden()
    page.reload()
    expect(step(page, 2)).to_be_hidden()


def test_without_javascript_the_whole_case_reads_in_order(browser: Browser,
                                                          site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/{URL}")
    for n in range(len(CASE.studies) + 2):
        expect(step(page, n)).to_be_visible()
    expect(page.locator(".atlas-unknown-step[data-final]")).to_contain_text(CASE.title)
    expect(page.get_by_role("button", name="Show the findings and go on").first).to_be_hidden()
    context.close()
