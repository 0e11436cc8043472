"""The hostile corpus: an atlas whose authored fields all carry attacks (script tags, event
handlers, javascript: links, iframes, style, attribute break-outs), shared by the build test
(tests/site/test_hostile.py) and the browser test (tests/e2e/test_hostile_browser.py)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from support import make_fixture_atlas

# Each payload is one attack; a field gets all of them after a marker naming the field.
PAYLOADS = [
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=2">',
    "[click](javascript:window.__pwned=3)",
    "[click2](JaVaScRiPt:window.__pwned=3)",
    "[data](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0zPC9zY3JpcHQ+)",
    "![pic](javascript:window.__pwned=3)",
    '<iframe src="https://example.com"></iframe>',
    "<style>body{display:none}</style>",
    '[styled](https://example.com){: onclick="window.__pwned=4" style="display:none" }',
    '_emphasis_{: onmouseover="window.__pwned=4" }',
    '" onmouseover="window.__pwned=5" data-pwned="',  # breaks out of an unescaped attribute
    "</title><script>window.__pwned=6</script>",
    '[titled](https://example.com "<img src=x onerror=window.__pwned=7>")',  # a title
    "<!-- comment --> {{ 7 * 191 }}",  # 1337 on the page would mean a template ran it
    '{: onclick="window.__pwned=4" }',  # attr_list at the end of the element
    '{: style="display:none" }',
]
BLOCK_ATTRS = '\n\n{: onclick="window.__pwned=4" style="display:none" }'  # a block's own line


def hostile(marker: str, block: bool = False) -> str:
    return f"{marker} " + " ".join(PAYLOADS) + (BLOCK_ATTRS if block else "")


def cited(text: str) -> str:
    """``text`` citing a source before its block attributes: a question's explanation must."""
    body, attrs = (text[:-len(BLOCK_ATTRS)], BLOCK_ATTRS) if text.endswith(BLOCK_ATTRS) \
        else (text, "")
    return f"{body} [@ref-a]{attrs}"


def _inject(data: Any, path: tuple, marker: str, block: bool = False) -> str:
    *parents, last = path
    for key in parents:
        data = data[key]
    data[last] = hostile(marker, block)
    if last == "explanation":
        data[last] = cited(data[last])
    return marker


def build_hostile_atlas(root: Path) -> list[str]:
    """Write the hostile atlas at root; return the markers of every field it poisons."""
    make_fixture_atlas(root)

    def edit(name: str, change: Any) -> None:
        path = root / name
        data = yaml.safe_load(path.read_text())
        change(data)
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10**6))

    markers: list[str] = []

    def case(data: dict) -> None:
        data["events"][0]["detail"] = "Detail."
        data["studies"][0]["at"]["note"] = "Note."
        for path, block in [
            (("title",), False), (("summary",), True), (("outcome",), True),
            (("injury", "summary"), True), (("injury", "cause"), False),
            (("presentation", 0), False), (("studies", 0, "region"), False),
            (("studies", 0, "reason"), False), (("studies", 0, "findings"), False),
            (("studies", 0, "at", "note"), False),
            (("studies", 0, "figures", 0, "caption"), False),
            (("studies", 0, "figures", 0, "alt"), False),
            (("events", 0, "label"), False), (("events", 0, "detail"), False),
            (("treatments", 0, "name"), False), (("treatments", 0, "response"), False),
            (("teaching_points", 0), False),
            (("questions", 0, "stem"), False), (("questions", 0, "options", 1, "text"), False),
            (("questions", 0, "options", 0, "feedback"), False),
            (("questions", 0, "explanation"), True),
        ]:
            markers.append(_inject(data, path, "CASE-" + "-".join(map(str, path)).upper(),
                                   block))
        data["discrepancies"] = [hostile("CASE-DISCREPANCY")]
        markers.append("CASE-DISCREPANCY")

    def quiz(data: dict) -> None:
        data["intro"] = hostile("QUIZ-INTRO", block=True)
        markers.append("QUIZ-INTRO")
        single = {"id": "q2", "kind": "single", "stem": hostile("QUIZ-STEM"),
                  "options": [{"text": hostile("QUIZ-OPTION"), "correct": True,
                               "feedback": hostile("QUIZ-FEEDBACK")},
                              {"text": "Other", "feedback": "No."}],
                  "explanation": cited(hostile("QUIZ-EXPLANATION", block=True)),
                  "references": ["ref-a"],
                  "topic": hostile("QUIZ-TOPIC")}
        data["questions"].append(single)
        markers.extend(["QUIZ-STEM", "QUIZ-OPTION", "QUIZ-FEEDBACK", "QUIZ-EXPLANATION"])
        markers.append(_inject(data, ("questions", 0, "options", 1, "feedback"),
                               "QUIZ-TF-FEEDBACK"))

    def references(data: list) -> None:
        for field in ("title", "authors", "journal"):
            markers.append(_inject(data, (0, field), f"REF-{field.upper()}"))
        data[0]["details"] = hostile("REF-DETAILS")
        markers.append("REF-DETAILS")

    def glossary(data: list) -> None:
        markers.append(_inject(data, (0, "definition"), "GLOSSARY-DEFINITION"))
        markers.append(_inject(data, (0, "expansion"), "GLOSSARY-EXPANSION"))

    def key_points(data: list) -> None:
        markers.append(_inject(data, (0, "text"), "KEYPOINT-TEXT", block=True))

    def modalities(data: list) -> None:
        markers.append(_inject(data, (0, "appearance"), "MODALITY-APPEARANCE", block=True))
        markers.append(_inject(data, (0, "stages", "early"), "MODALITY-STAGE"))
        markers.append(_inject(data, (0, "name"), "MODALITY-NAME"))

    def explorer(data: dict) -> None:
        markers.append(_inject(data, ("intro",), "EXPLORER-INTRO", block=True))
        markers.append(_inject(data, ("steps", 0, "note"), "EXPLORER-NOTE"))

    edit("cases/case-test.yaml", case)
    edit("content/data/quizzes/topic.yaml", quiz)
    edit("content/data/references.yaml", references)
    edit("content/data/glossary.yaml", glossary)
    edit("content/data/key-points.yaml", key_points)
    edit("content/data/modalities.yaml", modalities)
    edit("content/data/explorer.yaml", explorer)
    return markers


# Material's content.tooltips shows an element's title, and a navigation title too long for
# its sidebar, as HTML (innerHTML): there a '<' in the text is markup.
