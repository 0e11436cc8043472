"""Saved progress in Chromium: answers survive a reload, the progress page counts them, an
edited question forgets only its own answer, and reset (with a confirm step) clears it all."""
from __future__ import annotations

import json

from playwright.sync_api import Page, expect
from quizhelp import answer

from builder.checks import load_atlas
from builder.questions.bank import content_hash
from support import ROOT

ATLAS = load_atlas(ROOT)
QUIZ = ATLAS.quizzes[0]
KEY = "nho-atlas:v1:question:{}/{}"


def check(page: Page, n: int, right: bool) -> None:
    form = page.locator("form.atlas-quiz").nth(n)
    answer(form, right)
    form.get_by_role("button", name="Check answer").click()
    expect(form.locator(".atlas-quiz-result")).not_to_be_empty()


def test_answers_survive_a_reload(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/quizzes/{QUIZ.id}.html")
    check(page, 0, right=True)
    check(page, 1, right=False)
    total = len(QUIZ.questions)
    page.reload()
    forms = page.locator("form.atlas-quiz")
    expect(forms.nth(0).locator(".atlas-quiz-result")).to_contain_text("Correct")
    expect(forms.nth(1)).to_have_attribute("data-state", "wrong")
    expect(forms.nth(1).get_by_role("button", name="Try again")).to_be_visible()
    expect(page.locator("[data-atlas-score]")).to_have_text(
        f"Score: 1 of {total} correct (2 answered)")
    stored = json.loads(page.evaluate(
        f"localStorage.getItem('{KEY.format(QUIZ.id, QUIZ.questions[0].id)}')"))
    assert stored["hash"] == content_hash(QUIZ.questions[0]) and stored["correct"] is True

    forms.nth(1).get_by_role("button", name="Try again").click()  # forgets that answer only
    page.reload()
    expect(page.locator("[data-atlas-score]")).to_have_text(
        f"Score: 1 of {total} correct (1 answered)")


def test_an_edited_question_forgets_only_its_own_answer(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/quizzes/{QUIZ.id}.html")
    first, second, third = QUIZ.questions[:3]
    wrong = next(i for i, o in enumerate(third.options) if not o.correct)
    page.evaluate("""([stale, broken, good, hash, wrong]) => {
        localStorage.setItem(stale, JSON.stringify({hash: "0ld", answer: [0], correct: true}));
        localStorage.setItem(broken, "{not json");
        localStorage.setItem(good, JSON.stringify({hash: hash, answer: [wrong], correct: false}));
    }""", [KEY.format(QUIZ.id, first.id), KEY.format(QUIZ.id, second.id),
           KEY.format(QUIZ.id, third.id), content_hash(third), wrong])
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.reload()
    forms = page.locator("form.atlas-quiz")
    expect(forms.nth(2)).to_have_attribute("data-state", "wrong")
    expect(forms.nth(0)).not_to_have_attribute("data-state", "right")
    expect(forms.nth(1)).not_to_have_attribute("data-state", "right")
    assert page.evaluate(f"localStorage.getItem('{KEY.format(QUIZ.id, first.id)}')") is None
    assert not errors


def test_progress_page_counts_and_reset_asks_first(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/quizzes/{QUIZ.id}.html")
    check(page, 0, right=True)
    check(page, 1, right=True)
    page.goto(f"{site_url}/progress.html")
    row = page.locator("tr", has=page.get_by_role("link", name=QUIZ.title))
    expect(row.locator(".atlas-progress-answered")).to_have_text("2")
    expect(row.locator(".atlas-progress-right")).to_have_text("2")

    start = page.get_by_role("button", name="Reset my progress")
    start.focus()
    page.keyboard.press("Enter")
    cancel = page.get_by_role("button", name="Cancel")
    expect(cancel).to_be_focused()  # the safe choice has the focus
    expect(start).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Escape")
    expect(cancel).to_be_hidden()
    expect(page.locator(".atlas-reset-status")).to_have_text("Nothing was deleted.")
    expect(row.locator(".atlas-progress-answered")).to_have_text("2")

    start.click()
    page.keyboard.press("Shift+Tab")
    expect(page.get_by_role("button", name="Yes, delete my progress")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(".atlas-reset-status")).to_contain_text("Your progress was deleted")
    expect(row.locator(".atlas-progress-answered")).to_have_text("0")
    expect(start).to_be_focused()
    page.goto(f"{site_url}/quizzes/{QUIZ.id}.html")
    expect(page.locator("[data-atlas-score]")).to_contain_text("(0 answered)")


def test_without_storage_the_quiz_still_works(browser, site_url: str) -> None:
    """Storage full or refused: nothing is saved, nothing breaks, the page says so."""
    context = browser.new_context()
    context.add_init_script("Storage.prototype.setItem = function () { "
                            "throw new DOMException('full', 'QuotaExceededError'); };")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{site_url}/quizzes/{QUIZ.id}.html")
    check(page, 0, right=True)
    expect(page.locator("[data-atlas-score]")).to_contain_text("(1 answered)")
    page.goto(f"{site_url}/progress.html")
    expect(page.locator(".atlas-progress-total")).to_contain_text("does not allow")
    assert not errors
    context.close()
