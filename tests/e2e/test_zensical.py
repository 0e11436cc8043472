"""The Zensical-built site in Chromium: its quizzes and figures work as on the default
engine's, and it fetches nothing from another host."""
from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from quizhelp import answer

from builder.checks import load_atlas
from builder.questions.bank import case_entries
from support import ROOT

ATLAS = load_atlas(ROOT)
CASE = max(ATLAS.cases, key=lambda c: len({q.kind for q in c.questions}))
"""The case that asks the most kinds of question."""
CT_CASE, CT_FIGURE = next((c, f) for c in ATLAS.cases for s in c.studies if s.modality == "CT"
                          for f in s.figures)


def test_every_question_of_a_case_is_answered_and_scored(page: Page, zensical_url: str,
                                                        recorded) -> None:
    page.goto(f"{zensical_url}/cases/{CASE.id}.html")
    forms = page.locator("form.atlas-quiz")
    kinds = {forms.nth(i).get_attribute("data-kind") for i in range(forms.count())}
    assert forms.count() == len(case_entries(CASE)) and {"hotspot", "ordering"} & kinds
    for i in range(forms.count()):
        form = forms.nth(i)
        form.scroll_into_view_if_needed()
        answer(form, right=True)
        form.get_by_role("button", name="Check answer").click()
        expect(form.locator(".atlas-quiz-result")).to_have_text(re.compile(r"^Correct"))
    expect(page.locator("[data-atlas-score]")).to_contain_text(
        f"Score: {forms.count()} of {forms.count()} correct")
    assert recorded.foreign_requests() == []


def test_figures_annotate_switch_windows_and_open_one_lightbox(page: Page,
                                                               zensical_url: str) -> None:
    page.goto(f"{zensical_url}/cases/{CT_CASE.id}.html")
    figure = page.locator(f"#{CT_FIGURE.id}")
    figure.scroll_into_view_if_needed()
    toggle = figure.get_by_role("button", name="Annotations")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(figure.locator(".atlas-figure-view:not([hidden]) svg.atlas-overlay")).to_be_visible()
    views = figure.locator(".atlas-figure-view")
    figure.locator(".atlas-window").nth(1).click()
    expect(views.nth(1)).to_be_visible()
    expect(views.nth(0)).to_be_hidden()
    figure.locator(".atlas-figure-view:not([hidden]) a.glightbox").click()
    expect(page.locator(".glightbox-container .gslide.current img")).to_be_visible()
    expect(page.locator(".glightbox-container")).to_have_count(1)  # not Zensical's as well
    page.keyboard.press("Escape")
    expect(page.locator(".glightbox-container")).to_have_count(0)
