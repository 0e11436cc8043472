"""The registry of question kinds: each kind is one module that knows its rules, its page,
its print and its exports, and a new module is all a new kind needs."""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from builder.model import Question, QuestionKind
from builder.questions.kinds import KINDS, Kind
from builder.questions.kinds.base import ANSWER_FIELDS
from builder.questions.kinds.hotspot import polygon_coords
from builder.questions.kinds.ordering import shown_order
from support import ROOT

SITE = ROOT / "builder" / "site"
GUIDE = (ROOT / "content" / "authoring" / "questions.md").read_text(encoding="utf-8")


def test_the_registry_finds_every_kind_module() -> None:
    assert set(KINDS) == {"single", "multiple", "true-false", "hotspot", "ordering"}
    assert [k.value for k in QuestionKind] == list(KINDS)


@pytest.mark.parametrize("name", sorted(KINDS))
def test_each_kind_says_everything_a_page_and_an_export_ask(name: str) -> None:
    kind = KINDS[name]
    assert kind.answer in ANSWER_FIELDS
    for method in ("handout", "anki", "moodle"):
        assert getattr(type(kind), method) is not getattr(Kind, method), f"{name}: {method}"
    template = (SITE / "templates" / kind.template).read_text(encoding="utf-8")
    assert template.startswith('{% extends "question.md.j2" %}')
    assert "{% block inputs %}" in template and "{% block answer %}" in template
    if kind.script:
        script = (SITE / "assets" / kind.script).read_text(encoding="utf-8")
        assert f'kinds["{name}"]' in script or f"kinds.{name} " in script
    assert f"`{name}`" in GUIDE, f"the authoring guide does not name the kind {name!r}"


def test_shown_order_is_shuffled_stable_and_complete() -> None:
    q = Question.model_validate({"id": "q-order", "kind": "ordering", "stem": "S.",
                                 "explanation": "E.", "references": ["a"],
                                 "items": ["a", "b", "c", "d"]})
    order = shown_order(q)
    assert sorted(order) == [0, 1, 2, 3] and order != [0, 1, 2, 3]
    assert order == shown_order(q)


def test_moodle_polygon_is_whole_pixels_inside_the_picture_without_repeats() -> None:
    polygon = [(0.0, 0.0), (0.0001, 0.0), (1.2, 0.5), (0.5, 1.0), (0.0, 0.0)]
    assert polygon_coords(polygon, 100, 50) == "0,0;100,25;50,50"


NEW_KIND = '''
"""Yes or no: the options 'Yes' and 'No'."""
from builder.questions.kinds.single import Single


class YesNo(Single):
    name = "yes-no"
    label = "yes or no"

    def check_options(self, options):
        if [o.text for o in options] != ["Yes", "No"]:
            raise ValueError("a yes-no question has exactly the options 'Yes', 'No'")
        super().check_options(options)


KIND = YesNo()
'''

USE_IT = '''
import json, sys
import builder.questions.kinds as kinds

kinds.__path__.append(sys.argv[1])
kinds.KINDS.update(kinds._discover())

from pydantic import ValidationError
from builder.atlas import Atlas
from builder.export.moodle import MoodleQuestion
from builder.export.anki import QuestionCard
from builder.model import Question
from builder.model.schema import schema_text, Quiz
from builder.mkdocs.plugin import SCRIPTS
from builder.questions.bank import Entry
from builder.site.pages.quiz import Shown, question_block

base = {"id": "q", "kind": "yes-no", "stem": "Is it NHO?", "explanation": "Yes.",
        "references": ["a"]}
options = [{"text": "Yes", "correct": True, "feedback": "Right."},
           {"text": "No", "feedback": "Wrong."}]
q = Question.model_validate({**base, "options": options})
try:
    Question.model_validate({**base, "options": options[::-1]})
    refused = ""
except ValidationError as exc:
    refused = str(exc)
atlas = Atlas(root=None, cases=[], modalities={}, references={}, glossary=[],
              key_points=[], quizzes=[], explorer=None, sources={})
entry = Entry("quiz", "Quiz", "quizzes/quiz.md", q, 0)
kind = kinds.kind(q.kind)
print(json.dumps({
    "page": question_block(atlas, entry, {}, 1, 1),
    "handout": kind.handout(q, Shown(atlas, entry, {}, 0)),
    "anki": kind.anki(q, QuestionCard(atlas, entry, {}, [])),
    "moodle": kind.moodle(q, MoodleQuestion(atlas, entry, {}, [])).get("type"),
    "refused": refused,
    "schema": "yes-no" in schema_text(Quiz, "quiz"),
    "scripts": sorted(SCRIPTS),
}))
'''


def test_a_new_kind_is_one_module(tmp_path: Path) -> None:
    """A kind written as one module (here beside the package, on its search path) is found
    and used by the model, the schema, the page, the handout and both exports."""
    (tmp_path / "yes_no.py").write_text(textwrap.dedent(NEW_KIND), encoding="utf-8")
    result = subprocess.run([sys.executable, "-c", USE_IT, str(tmp_path)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert 'data-kind="yes-no"' in out["page"] and "(yes or no)" in out["page"]
    assert out["page"].count('type="radio"') == 2
    assert out["handout"]["choices"] == ["Yes", "No"] and out["handout"]["answer"] == "A"
    assert "<li>Yes</li>" in out["anki"][0] and "Right" in out["anki"][1]
    assert out["moodle"] == "multichoice"
    assert "exactly the options 'Yes', 'No'" in out["refused"]
    assert out["schema"]
    assert "quiz.js" in out["scripts"]
