"""Quizzes in Chromium: right and wrong answers give the right feedback and score."""
from __future__ import annotations

from playwright.sync_api import Page, expect

from builder.checks import load_atlas
from support import ROOT

QUIZ = load_atlas(ROOT).quizzes[0]


def test_right_then_wrong_answer_updates_feedback_and_score(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/quizzes/{QUIZ.id}.html")
    forms = page.locator("form.atlas-quiz")
    total = forms.count()
    assert total == len(QUIZ.questions)
    first, second = forms.nth(0), forms.nth(1)
    expect(first.locator("details.atlas-answer")).to_be_hidden()  # JS hides the answer

    first.locator("input[data-correct]").first.check()
    if QUIZ.questions[0].kind.value == "multiple":
        for box in first.locator("input[data-correct]").all():
            box.check()
    first.get_by_role("button", name="Check answer").click()
    expect(first.locator(".atlas-quiz-result")).to_have_text("Correct.")
    expect(first.locator(".atlas-mark.is-correct").first).to_contain_text("right")
    expect(first.locator("details.atlas-answer")).to_be_visible()
    expect(page.locator("[data-atlas-score]")).to_have_text(
        f"Score: 1 of {total} correct (1 answered)")

    second.locator("input:not([data-correct])").first.check()
    second.get_by_role("button", name="Check answer").click()
    expect(second.locator(".atlas-quiz-result")).to_contain_text(
        "Incorrect" if QUIZ.questions[1].kind.value != "multiple" else "Not quite")
    expect(second.locator(".atlas-mark.is-incorrect")).to_contain_text("wrong")
    expect(second.locator(".atlas-option-feedback.is-chosen")).to_have_count(1)
    expect(page.locator("[data-atlas-score]")).to_have_text(
        f"Score: 1 of {total} correct (2 answered)")


def test_quiz_works_with_the_keyboard(page: Page, site_url: str) -> None:
    """Arrow keys choose in a radio group, Tab reaches the button, Enter checks and retries."""
    page.goto(f"{site_url}/quizzes/{QUIZ.id}.html")
    index = next(i for i, q in enumerate(QUIZ.questions) if q.kind.value == "single")
    form = page.locator("form.atlas-quiz").nth(index)
    correct = next(i for i, o in enumerate(QUIZ.questions[index].options) if o.correct)
    form.locator("input").first.focus()
    page.keyboard.press("Space")
    for _ in range(correct):
        page.keyboard.press("ArrowDown")
    expect(form.locator("input").nth(correct)).to_be_checked()
    page.keyboard.press("Tab")
    expect(form.get_by_role("button", name="Check answer")).to_be_focused()
    page.keyboard.press("Enter")
    expect(form.locator(".atlas-quiz-result")).to_have_text("Correct.")
    expect(form.locator(".atlas-retry")).to_be_focused()
    page.keyboard.press("Enter")  # try again
    expect(form.locator(".atlas-quiz-result")).to_be_empty()
    expect(page.locator("[data-atlas-score]")).to_contain_text("(0 answered)")


def test_without_javascript_the_answer_is_in_details(browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/quizzes/{QUIZ.id}.html")
    details = page.locator("details.atlas-answer").first
    expect(details).to_be_visible()
    details.locator("summary").click()
    expect(details.locator(".atlas-explanation")).to_be_visible()
    expect(page.get_by_role("button", name="Check answer").first).to_be_hidden()
    context.close()
