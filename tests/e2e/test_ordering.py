"""Ordering questions in Chromium: Up and Down buttons (mouse or keyboard) put the items in
order; the right order scores, a wrong one shows where each item belongs."""
from __future__ import annotations

from playwright.sync_api import Page, expect
from quizhelp import put_in_order

from builder.checks import load_atlas
from builder.model import QuestionKind
from support import ROOT

ATLAS = load_atlas(ROOT)
CASE = next(c for c in ATLAS.cases if any(q.kind is QuestionKind.ORDERING for q in c.questions))
QUESTION = next(q for q in CASE.questions if q.kind is QuestionKind.ORDERING)


def open_form(page: Page, site_url: str):
    page.goto(f"{site_url}/cases/{CASE.id}.html")
    form = page.locator(f"#q-{CASE.id}-{QUESTION.id}")
    expect(form.locator(".atlas-order-moves").first).to_be_visible()  # JavaScript is ready
    return form


def texts(form) -> list[str]:
    return [t.strip() for t in form.locator(".atlas-order-text").all_text_contents()]


def test_the_right_order_scores(page: Page, site_url: str) -> None:
    form = open_form(page, site_url)
    assert texts(form) != QUESTION.items  # shown shuffled
    put_in_order(form, list(range(len(QUESTION.items))))
    assert texts(form) == QUESTION.items
    form.get_by_role("button", name="Check answer").click()
    expect(form.locator(".atlas-quiz-result")).to_have_text("Correct.")
    expect(form.locator(".atlas-mark.is-correct")).to_have_count(len(QUESTION.items))
    expect(form.locator(".atlas-move").first).to_be_disabled()


def test_a_wrong_order_does_not_score_and_shows_where_items_belong(page: Page,
                                                                   site_url: str) -> None:
    form = open_form(page, site_url)
    put_in_order(form, list(range(len(QUESTION.items)))[::-1])
    form.get_by_role("button", name="Check answer").click()
    expect(form.locator(".atlas-quiz-result")).to_contain_text("Not quite")
    expect(form.locator(".atlas-mark.is-incorrect").first).to_contain_text("belongs at position")
    expect(form.locator(".atlas-order-answer")).to_be_visible()


def test_items_move_with_the_keyboard_and_each_move_is_announced(page: Page,
                                                                 site_url: str) -> None:
    form = open_form(page, site_url)
    first = texts(form)[0]
    down = form.locator(".atlas-order-item").first.get_by_role("button", name="Move down")
    expect(form.locator(".atlas-order-item").first.locator('[data-move="up"]')).to_be_disabled()
    down.focus()
    page.keyboard.press("Enter")
    assert texts(form)[1] == first
    expect(form.locator(".atlas-order-status")).to_have_text(
        f"“{first}” moved to position 2 of {len(QUESTION.items)}.")
    expect(form.locator('.atlas-order-item:nth-child(2) [data-move="down"]')).to_be_focused()
    page.keyboard.press("Space")
    assert texts(form)[2] == first
