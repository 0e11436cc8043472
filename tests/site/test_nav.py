"""The navigation: a section index named in mkdocs.yml gains its generated pages."""
from __future__ import annotations

from builder.site.nav import expand_nav


def test_a_section_index_gains_its_pages_and_the_rest_stays() -> None:
    nav = [{"Home": "index.md"}, {"Cases": "cases/index.md"},
           {"Learn": [{"Quizzes": "quizzes/index.md"}, "about.md"]}]
    sections = {"cases/index.md": ["cases/a.md", "cases/b.md"],
                "quizzes/index.md": ["quizzes/q.md"]}
    assert expand_nav(nav, sections) == [
        {"Home": "index.md"},
        {"Cases": ["cases/index.md", "cases/a.md", "cases/b.md"]},
        {"Learn": [{"Quizzes": ["quizzes/index.md", "quizzes/q.md"]}, "about.md"]}]


def test_an_untitled_index_is_named_after_its_folder_and_no_nav_stays_none() -> None:
    assert expand_nav(["cases/index.md"], {"cases/index.md": []}) == [
        {"Cases": ["cases/index.md"]}]
    assert expand_nav(None, {}) is None
