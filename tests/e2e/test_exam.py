"""Exam mode in Chromium: the seed decides the questions, feedback waits for the end, and the
result scores by topic and links every missed question to its evidence."""
from __future__ import annotations

from playwright.sync_api import Page, expect
from quizhelp import answer


def start(page: Page, site_url: str, seed: str, count: str) -> list[str]:
    page.goto(f"{site_url}/exam.html")
    page.get_by_label("Number of questions").select_option(count)
    seed_box = page.get_by_label("Seed")
    seed_box.fill(seed)
    page.get_by_role("button", name="Start the exam").click()
    expect(page.locator(".atlas-exam-info")).to_contain_text(f"seed {seed}")
    return [item.get_attribute("data-key")
            for item in page.locator(".atlas-exam-item:visible").all()]


def test_the_same_seed_draws_the_same_questions(page: Page, site_url: str) -> None:
    first = start(page, site_url, "2024", "5")
    assert len(first) == 5 and len(set(first)) == 5
    assert start(page, site_url, "2024", "5") == first
    assert start(page, site_url, "2025", "5") != first
    assert start(page, site_url, "2024", "10")[:5] == first


def test_feedback_waits_and_the_score_is_broken_down_by_topic(page: Page,
                                                              site_url: str) -> None:
    keys = start(page, site_url, "7", "5")
    items = page.locator(".atlas-exam-item:visible")
    for n in range(5):
        form = items.nth(n).locator("form.atlas-quiz")
        expect(form.get_by_role("button", name="Check answer")).to_be_hidden()
        expect(form.locator(".atlas-qnum")).to_have_text(str(n + 1))
        if n < 4:
            answer(form, right=n < 3)
        expect(form.locator("details.atlas-answer")).to_be_hidden()
        expect(form.locator(".atlas-quiz-result")).to_be_empty()
    page.get_by_role("button", name="Finish and see my score").click()

    expect(page.locator(".atlas-exam-score")).to_have_text("You scored 3 of 5 (60%) with seed 7.")
    expect(page.locator("#atlas-exam-result-title")).to_be_focused()
    expect(page.locator(".atlas-exam-status")).to_contain_text("You scored 3 of 5")
    rows = page.locator(".atlas-exam-result tbody tr")
    totals = [int(rows.nth(i).locator("td").nth(1).inner_text()) for i in range(rows.count())]
    assert sum(totals) == 5
    missed = page.locator(".atlas-exam-missed li")
    expect(missed).to_have_count(2)
    for n, key in ((0, keys[3]), (1, keys[4])):
        scope, qid = key.split("/")
        link = missed.nth(n).locator("a").nth(1)
        href = link.get_attribute("href")
        assert href.endswith(f"#q-{scope}-{qid}") and href.split("#")[0].endswith(".html")
    if items.nth(4).locator("form").get_attribute("data-kind") != "ordering":  # always set
        expect(items.nth(4).locator(".atlas-quiz-result")).to_have_text("Not answered.")
    expect(items.nth(0).locator("details.atlas-answer")).to_be_visible()

    missed.nth(0).locator("a").nth(1).click()  # the evidence: the question on its own page
    scope, qid = keys[3].split("/")
    expect(page.locator(f"#q-{scope}-{qid}")).to_be_visible()

    page.goto(f"{site_url}/progress.html")
    expect(page.locator(".atlas-progress-exam-score")).to_have_text("3 of 5")
    expect(page.locator(".atlas-progress-exam-seed")).to_have_text("7")
