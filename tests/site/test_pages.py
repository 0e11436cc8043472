"""Each page renderer on its own, over the real atlas: the Markdown it writes holds what the
page must show, before any engine sees it."""
from __future__ import annotations

import re

import pytest

from builder.atlas import figures
from builder.checks import load_atlas, pictures
from builder.markup.citations import keys_in
from builder.model.chronology import chronology
from builder.pictures.catalogue import explorer_picture_name, picture_name
from builder.questions.bank import case_entries, entries
from builder.site.pages import (
    PAGE_KINDS,
    exam,
    explorer,
    generate_pages,
    glossary,
    handout,
    keypoints,
    modality,
    progress,
    quiz,
    references,
    unknown,
)
from builder.site.pages import case as case_page
from builder.site.pages.figure import (
    annotation_marks,
    eager,
    other_window_alt,
    outline_path,
    picture_html,
)
from builder.site.timeline import timeline_svg
from support import ROOT

ATLAS = load_atlas(ROOT)
PICTURES = pictures(ATLAS, ROOT / ".cache" / "atlas" / "images")
BANK = entries(ATLAS)


def ids(markdown: str) -> list[str]:
    return re.findall(r'\bid="([^"]+)"', markdown)


def test_generate_pages_holds_every_page_kind() -> None:
    pages = generate_pages(ATLAS, PICTURES)
    for kind in PAGE_KINDS:
        assert set(kind.pages(ATLAS, PICTURES)) <= set(pages), kind.__name__
    expected = {f"cases/{c.id}.md" for c in ATLAS.cases} | {
        unknown.unknown_uri(c) for c in ATLAS.cases} | {
        f"modalities/{m.slug}.md" for m in ATLAS.modalities.values()} | {
        f"quizzes/{q.id}.md" for q in ATLAS.quizzes}
    assert expected <= set(pages)


@pytest.mark.parametrize("case", ATLAS.cases, ids=lambda c: c.id)
def test_case_page_has_its_timeline_every_figure_and_its_questions(case) -> None:
    markdown = case_page.pages(ATLAS, PICTURES)[f"cases/{case.id}.md"]
    anchors = ids(markdown)
    assert "<svg" in markdown and "Test yourself" in markdown
    assert all(figure.id in anchors for _, figure in figures(case))
    assert all(e.anchor in anchors for e in case_entries(case))
    assert len(set(anchors)) == len(anchors), "an id is used twice on the page"


@pytest.mark.parametrize("case", ATLAS.cases, ids=lambda c: c.id)
def test_unknown_page_asks_each_step_question_and_keys_it_apart(case) -> None:
    markdown = unknown.pages(ATLAS, PICTURES)[unknown.unknown_uri(case)]
    asked = [q for q in case.questions if q.step]
    assert markdown.count('class="atlas-quiz"') == len(asked)
    assert all(f'data-question="{case.id}-unknown/{q.id}"' in markdown for q in asked)
    assert unknown.unknown_title(ATLAS, case) in markdown
    assert case.title not in markdown.split("\n## ")[0], "the title gives the diagnosis away"


def test_modality_pages_show_every_figure_of_their_modality() -> None:
    pages = modality.pages(ATLAS, PICTURES)
    for m in ATLAS.modalities.values():
        markdown = pages[f"modalities/{m.slug}.md"]
        for case in ATLAS.cases:
            for study, figure in figures(case):
                assert (f'id="{case.id}-{figure.id}"' in markdown) == (study.modality == m.id)
    assert "modalities/index.md" in pages


def test_key_points_link_their_figures_and_cases() -> None:
    markdown = keypoints.pages(ATLAS)["key-points.md"]
    for point in ATLAS.key_points:
        for ref in point.figures:
            case, _, figure = ATLAS.figure(ref)
            assert f"[figure {figure.number}](cases/{case.id}.md#{figure.id})" in markdown
        for case_id in point.cases:
            assert f"(cases/{case_id}.md)" in markdown


def test_glossary_lists_terms_in_order_and_defines_every_abbreviation() -> None:
    markdown = glossary.pages(ATLAS)["glossary.md"]
    terms = [t.term for t in ATLAS.glossary]
    positions = [markdown.index(f"\n{t}\n:   ") for t in sorted(terms, key=str.lower)]
    assert positions == sorted(positions)
    lines = glossary.abbreviations(ATLAS).splitlines()
    assert len(lines) == len(terms) and all(line.startswith("*[") for line in lines)


def test_references_are_numbered_review_first_and_list_only_what_is_cited() -> None:
    cited = {key for text in generate_pages(ATLAS, PICTURES).values()
             for _, key in keys_in(text)}
    numbers = references.numbering(ATLAS, cited)
    assert sorted(numbers.values()) == list(range(1, len(cited) + 1))
    first = min(numbers, key=numbers.get)
    assert ATLAS.references[first].origin == "review"
    page = references.page(ATLAS, numbers)
    assert all(f"ref-{key}" in page for key in cited)
    assert not any(f"ref-{key}" in page for key in set(ATLAS.references) - cited)


def test_explorer_has_a_panel_for_every_step_and_view() -> None:
    markdown = explorer.pages(ATLAS, PICTURES)["explorer.md"]
    steps, views = ATLAS.explorer.steps, ATLAS.explorer.views
    assert markdown.count('class="atlas-explorer-step"') == len(steps)
    assert markdown.count('class="atlas-explorer-panel"') == len(steps) * len(views)
    for n, step in enumerate(steps):
        for view in views:
            shown = PICTURES[explorer_picture_name(n, view)]
            state, _ = explorer.verdict(ATLAS.modalities[view], step, shown)
            assert state == shown.regions[0]["state"], "the verdict is read off the picture"
            assert state in explorer.STATES


def test_progress_page_keys_every_question_with_its_hash() -> None:
    quizzes, cases, unknowns = progress.rows(ATLAS)
    assert sum(r.count for r in quizzes + cases) == len(BANK)
    assert all(len(r.keys.split()) == r.count for r in quizzes + cases + unknowns)
    markdown = progress.pages(ATLAS, PICTURES)["progress.md"]
    assert "data-atlas-progress" in markdown and "(downloads/" in markdown


def test_exam_page_holds_every_question_once() -> None:
    markdown = exam.pages(ATLAS, PICTURES)["exam.md"]
    assert markdown.count('class="atlas-quiz"') == len(BANK)
    assert all(markdown.count(f'id="{e.anchor}"') == 1 for e in BANK)


def test_handout_prints_every_question_with_an_answer_and_eager_pictures() -> None:
    items = handout.question_items(ATLAS, PICTURES)
    assert len(items) == len(BANK) and all(item["answer"] for item in items)
    markdown = handout.pages(ATLAS, PICTURES)["handout.md"]
    assert 'loading="lazy"' not in markdown
    anchors = ids(markdown)
    assert len(set(anchors)) == len(anchors), "an id is used twice on the handout"


def test_quiz_pages_hold_their_questions_as_forms_of_their_kind() -> None:
    pages = quiz.pages(ATLAS, PICTURES)
    for q in ATLAS.quizzes:
        markdown = pages[f"quizzes/{q.id}.md"]
        for question in q.questions:
            assert f'data-question="{q.id}/{question.id}"' in markdown
            assert f'data-kind="{question.kind.value}"' in markdown
    assert "quizzes/index.md" in pages


def test_a_hotspot_is_shown_with_its_answer_outlined() -> None:
    entry = next(e for e in BANK if e.question.hotspot is not None)
    shown = quiz.Shown(ATLAS, entry, PICTURES, 1)
    assert "the answer" in shown.picture("The answer", outlined=True)
    assert "the answer" not in shown.picture("The question", outlined=False)
    printed = quiz.Shown(ATLAS, entry, PICTURES, 0, printed=True)
    assert 'loading="eager"' in printed.picture("x", outlined=False)


def test_pictures_are_lazy_sized_and_linked_for_the_lightbox() -> None:
    case = ATLAS.cases[0]
    _, figure = next(figures(case))
    picture = PICTURES[picture_name(case, figure, 0)]
    html = picture_html(picture, figure.alt, "A caption", 1)
    assert 'loading="lazy"' in html and f'width="{picture.width}"' in html
    assert 'src="../' in html and "glightbox" in html
    assert 'loading="eager"' in eager(html)
    marks = annotation_marks(figure, picture)
    assert len(marks) >= len(figure.annotations)


def test_outline_paths_are_relative_and_closed() -> None:
    assert outline_path([(10.2, 20.7), (30, 20), (30, 40)]) == "M10 21l20-1 0 20z"


@pytest.mark.parametrize("case", ATLAS.cases, ids=lambda c: c.id)
def test_timeline_links_every_study(case) -> None:
    svg = timeline_svg(case, ATLAS.modalities, chronology(case))
    assert svg.startswith("<svg") and all(f'href="#study-{s.id}"' in svg for s in case.studies)


def test_a_ct_figure_s_other_window_is_described_from_its_own_picture() -> None:
    """The author's alt is for the window they chose; the other window's alt is measured,
    because oedema seen in the soft-tissue window can vanish in the bone window."""
    case = next(c for c in ATLAS.cases if any(f.scene and f.scene.view == "ct-axial"
                                              for _, f in figures(c)))
    figure = next(f for _, f in figures(case) if f.scene and f.scene.view == "ct-axial")
    other = PICTURES[picture_name(case, figure, 1)]
    alt = other_window_alt("Bone window", other)
    assert alt.startswith("Simulated illustration: the same slice in the bone window; ")
    assert alt != figure.alt
    for region in other.regions:
        assert str(region["label"]).removesuffix(" NHO") in alt
