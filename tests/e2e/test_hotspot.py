"""Hotspot questions in Chromium: a click or the keyboard places the crosshair; inside the
region scores, outside does not; the region is shown after answering."""
from __future__ import annotations

from playwright.sync_api import Page, expect
from quizhelp import click_at, key_point_inside, point_inside, point_outside, region

from builder.checks import load_atlas
from builder.model import QuestionKind
from support import ROOT

ATLAS = load_atlas(ROOT)
QUIZ = next(q for q in ATLAS.quizzes if any(x.kind is QuestionKind.HOTSPOT for x in q.questions))
QUESTION = next(x for x in QUIZ.questions if x.kind is QuestionKind.HOTSPOT)
CASE = next(c for c in ATLAS.cases if any(x.kind is QuestionKind.HOTSPOT for x in c.questions))
CASE_QUESTION = next(x for x in CASE.questions if x.kind is QuestionKind.HOTSPOT)


def open_form(page: Page, site_url: str, path: str, form_id: str):
    page.goto(f"{site_url}/{path}")
    form = page.locator(f"#{form_id}")
    expect(form.locator(".atlas-hotspot-sliders")).to_be_visible()  # JavaScript is ready
    return form


def test_a_click_inside_the_region_scores(page: Page, site_url: str) -> None:
    form = open_form(page, site_url, f"quizzes/{QUIZ.id}.html", f"q-{QUIZ.id}-{QUESTION.id}")
    target = form.locator(".atlas-hotspot-target")
    expect(target).to_be_hidden()
    click_at(form, *point_inside(region(form)))
    expect(form.locator(".atlas-hotspot-status")).to_contain_text("Crosshair at")
    form.get_by_role("button", name="Check answer").click()
    expect(form.locator(".atlas-quiz-result")).to_contain_text("Correct: your point is on")
    expect(target).to_be_visible()  # the right region is shown after answering
    expect(form.locator("details.atlas-answer")).to_be_visible()


def test_a_click_outside_the_region_does_not_score(page: Page, site_url: str) -> None:
    form = open_form(page, site_url, f"cases/{CASE.id}.html", f"q-{CASE.id}-{CASE_QUESTION.id}")
    form.get_by_role("button", name="Check answer").click()
    expect(form.locator(".atlas-quiz-result")).to_have_text(
        "Place the crosshair on the picture first.")
    click_at(form, *point_outside(region(form)))
    form.get_by_role("button", name="Check answer").click()
    expect(form.locator(".atlas-quiz-result")).to_contain_text("Incorrect: your point is not on")
    expect(form.locator(".atlas-hotspot-target")).to_be_visible()
    form.get_by_role("button", name="Try again").click()
    expect(form.locator(".atlas-hotspot-target")).to_be_hidden()
    expect(form.locator(".atlas-quiz-result")).to_be_empty()


def test_arrow_keys_move_a_crosshair_and_enter_answers(page: Page, site_url: str) -> None:
    form = open_form(page, site_url, f"quizzes/{QUIZ.id}.html", f"q-{QUIZ.id}-{QUESTION.id}")
    x, y = key_point_inside(region(form))
    stage = form.locator(".atlas-hotspot-stage")
    stage.focus()
    expect(stage).to_be_focused()
    reached = []
    for delta, (minus, plus) in ((x - 0.5, ("ArrowLeft", "ArrowRight")),
                                 (y - 0.5, ("ArrowUp", "ArrowDown"))):
        key = plus if delta > 0 else minus
        steps = round(abs(delta) / 0.02)
        big, rest = divmod(steps, 5)  # Shift moves 0.1, an arrow 0.02
        for _ in range(big):
            page.keyboard.press(f"Shift+{key}")
        for _ in range(rest):
            page.keyboard.press(key)
        reached.append(50 + (1 if delta > 0 else -1) * 2 * steps)  # percent, even steps
    expect(form.locator(".atlas-hotspot-status")).to_contain_text(f"{reached[0]}% across")
    expect(form.locator(".atlas-hotspot-x")).to_have_value(str(reached[0]))
    page.keyboard.press("Enter")
    expect(form.locator(".atlas-quiz-result")).to_contain_text("Correct")


def test_the_sliders_answer_too(page: Page, site_url: str) -> None:
    """The screen-reader path: two labelled native sliders move the crosshair."""
    form = open_form(page, site_url, f"quizzes/{QUIZ.id}.html", f"q-{QUIZ.id}-{QUESTION.id}")
    x, y = point_outside(region(form))
    across = form.get_by_role("slider", name="Across, left to right")
    down = form.get_by_role("slider", name="Down, top to bottom")
    for slider, value in ((across, x), (down, y)):
        slider.focus()
        page.keyboard.press("Home")
        for _ in range(round(value * 100)):
            page.keyboard.press("ArrowRight")
    expect(across).to_have_attribute("aria-valuetext", f"{round(x * 100)}% across")
    form.get_by_role("button", name="Check answer").click()
    expect(form.locator(".atlas-quiz-result")).to_contain_text("Incorrect")
    expect(across).to_be_disabled()
