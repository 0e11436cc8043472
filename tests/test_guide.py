"""The authoring guide (content/authoring/): it stays true to the format, and it works.

The guide is hand-written, so these tests keep it from drifting away from the code:

- every field of a case and of its parts, and every allowed value, is named in the guide;
- every YAML example in the guide parses and is valid where it stands (a case field, a study,
  a figure, a scene...), and cites only existing references and modalities;
- every message of the bad-input corpus (tests/data/bad/*.expect) is explained on the errors
  page, word for word apart from the quoted values and numbers;
- no citation sits inside code, where the builder would turn it into markup.

And the guide works: the fictional case in tests/data/guide-case/, written by following only
the guide, validates and builds with --strict next to the real atlas, with its figures, and
the guide's pages are in the site and in its navigation. So does tests/data/newcomer-case/,
a published case report written down from the guide alone (times not reported, a modality
added to content/data/modalities.yaml, figures with no picture yet).
"""
from __future__ import annotations

import enum
import html
import re
import shutil
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import pytest
import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError

from builder.markup.citations import CITATION, keys_in
from builder.model import Case, Differential, Modality, Quiz, Reference
from support import DATA, ROOT, copy_atlas, run_atlas

GUIDE = ROOT / "content" / "authoring"
PAGES = sorted(GUIDE.glob("*.md"))
FIXTURE = DATA / "guide-case"
CASE_ID = "case-fictional-hip-nho-after-sci"
NEWCOMER = DATA / "newcomer-case"
NEWCOMER_ID = "case-leg-swelling-ho-on-ct-venography"
FIGURES = ("fig1a", "fig2a", "fig2b", "fig3a", "fig3b")

FENCE = re.compile(r"^(?P<indent>[ \t]*)```(?P<lang>[\w-]*)[^\n]*\n(?P<body>.*?)^(?P=indent)```",
                   re.M | re.S)
PRE = re.compile(r'<pre><code class="language-(?P<lang>[\w-]+)">(?P<body>.*?)</code></pre>',
                 re.S)
INLINE = re.compile(r"(?<!`)`([^`\n]+)`(?!`)")


def guide_text() -> str:
    return "\n".join(page.read_text(encoding="utf-8") for page in PAGES)


def code_blocks(text: str) -> Iterator[tuple[str, str]]:
    """(language, text) of every fenced block and raw <pre><code> block, de-indented."""
    for match in FENCE.finditer(text):
        indent = len(match["indent"])
        body = "\n".join(line[indent:] for line in match["body"].splitlines())
        yield match["lang"], body
    for match in PRE.finditer(text):
        yield match["lang"], html.unescape(match["body"])


def all_code(text: str) -> str:
    prose = PRE.sub("", FENCE.sub("", text))
    return "\n".join([body for _, body in code_blocks(text)] + INLINE.findall(prose))


# --- the models, walked from the case down ------------------------------------------------


def _types(annotation: Any) -> Iterator[Any]:
    yield annotation
    for arg in typing.get_args(annotation):
        yield from _types(arg)


def models(root: type[BaseModel] = Case) -> list[type[BaseModel]]:
    """The case model and every model it contains."""
    found: list[type[BaseModel]] = []
    stack = [root]
    while stack:
        current = stack.pop()
        if current in found:
            continue
        found.append(current)
        for info in current.model_fields.values():
            stack += [t for t in _types(info.annotation)
                      if isinstance(t, type) and issubclass(t, BaseModel)]
    return found


def allowed_values() -> set[str]:
    """Every enumerated or literal text value a case may hold."""
    values: set[str] = set()
    for current in models():
        for info in current.model_fields.values():
            for t in _types(info.annotation):
                if isinstance(t, type) and issubclass(t, enum.Enum):
                    values |= {str(member.value) for member in t}
                elif typing.get_origin(t) is typing.Literal:
                    values |= {a for a in typing.get_args(t) if isinstance(a, str)}
    return values


def test_guide_names_every_field_of_a_case() -> None:
    text = guide_text()
    missing = [f"{m.__name__}.{name}" for m in models() for name in m.model_fields
               if f"`{name}`" not in text and not re.search(rf"^\s*-?\s*{name}:", text, re.M)]
    assert not missing, f"fields the authoring guide does not describe: {missing}"


def test_guide_names_every_allowed_value() -> None:
    code = all_code(guide_text())
    missing = sorted(v for v in allowed_values()
                     if not re.search(rf"(?<![\w-]){re.escape(v)}(?![\w-])", code))
    assert not missing, f"allowed values the authoring guide does not show: {missing}"


def test_guide_names_every_modality() -> None:
    modalities = yaml.safe_load((ROOT / "content/data/modalities.yaml").read_text())
    fields = (GUIDE / "fields.md").read_text(encoding="utf-8")
    assert all(f"`{m['id']}`" in fields for m in modalities)



def test_guide_shows_the_scene_vocabulary_as_the_illustrations_define_it() -> None:
    """The site and level tables of the figures page are the illustrations' own tables
    (builder.illustrate.sites), word for word: regenerate them from sites_table() and
    levels_table() when the vocabulary grows."""
    from builder.illustrate import sites

    images = (GUIDE / "images.md").read_text(encoding="utf-8")
    assert sites.sites_table() in images
    assert sites.levels_table() in images

# --- the examples -------------------------------------------------------------------------


def _adapter(info: Any) -> TypeAdapter:
    return TypeAdapter(Annotated[(info.annotation, *info.metadata)] if info.metadata
                       else info.annotation)


def _fits(shape: type[BaseModel], data: dict) -> bool:
    """Whether a fragment is valid as (part of) a record of this model."""
    if not set(data) <= set(shape.model_fields):
        return False
    required = {n for n, info in shape.model_fields.items() if info.is_required()}
    try:
        if required <= set(data):
            shape.model_validate(data)
        else:
            for name, value in data.items():
                _adapter(shape.model_fields[name]).validate_python(value)
    except ValidationError:
        return False
    return True


def fragment_problem(data: Any) -> str | None:
    candidates = [*models(), Reference, Quiz, Modality, Differential]
    items = data if isinstance(data, list) else [data]
    for item in items:
        if not isinstance(item, dict):
            return f"not a record: {item!r}"
        if not any(_fits(shape, item) for shape in candidates):
            return f"valid in no record: {sorted(item)}"
    return None


def _strings_and_keys(data: Any) -> Iterator[tuple[str, Any]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield key, value
            yield from _strings_and_keys(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings_and_keys(value)
    elif isinstance(data, str):
        yield "", data


def examples() -> Iterator[tuple[str, int, Any]]:
    """(page, number, parsed data) of every YAML example of the guide."""
    for page in PAGES:
        for n, (lang, body) in enumerate(code_blocks(page.read_text(encoding="utf-8"))):
            if lang == "yaml":
                yield page.name, n, yaml.safe_load(body)


def test_guide_has_yaml_examples_on_every_page_but_errors() -> None:
    pages = {page for page, _, _ in examples()}
    assert pages == {p.name for p in PAGES} - {"errors.md"}


@pytest.mark.parametrize(("page", "number", "data"),
                         [pytest.param(*e, id=f"{e[0]}-{e[1]}") for e in examples()])
def test_guide_yaml_example_is_valid(page: str, number: int, data: Any) -> None:
    if data is None:  # only a comment, e.g. the schema line
        return
    problem = fragment_problem(data)
    assert problem is None, f"{page}, YAML example {number}: {problem}"
    references = {r["key"] for r in
                  yaml.safe_load((ROOT / "content/data/references.yaml").read_text())}
    modalities = {m["id"] for m in
                  yaml.safe_load((ROOT / "content/data/modalities.yaml").read_text())}
    for key, value in _strings_and_keys(data):
        if isinstance(value, str):
            for _, cited in keys_in(value):
                assert cited in references, f"{page}: example cites unknown '{cited}'"
        if key == "modality":
            assert value in modalities, f"{page}: example uses unknown modality {value!r}"
        if key == "references" and isinstance(value, list) and \
                all(isinstance(v, str) for v in value):
            assert set(value) <= references, f"{page}: unknown reference in {value}"


def test_no_citation_inside_code() -> None:
    """The builder links [@key] everywhere in a page, code included, which garbles code; the
    guide writes citations in examples as [&#64;key] inside <pre><code> instead."""
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for block in FENCE.finditer(text):
            assert not CITATION.search(block["body"]), f"{page.name}: citation in a code block"
        prose = FENCE.sub("", text)
        for span in INLINE.findall(prose):
            assert not CITATION.search(span), f"{page.name}: citation in `{span}`"


# --- the errors page ----------------------------------------------------------------------

WHERE = re.compile(r"^[^:\n]+(?::\d+){0,2}: ")
FIELD = re.compile(r"^[\w\[][\w.\[\]-]*: ")


def normal(text: str) -> str:
    """Messages with their quoted values, numbers and lists of choices blanked out."""
    text = re.sub(r"'[^'\n]*'", "''", text)
    text = re.sub(r"\(one of [^)\n]*\)", "(one of)", text)
    text = re.sub(r"use id: [\w-]+", "use id:", text)
    return re.sub(r"\d[\d,.]*", "0", text)


def expected_messages() -> list[tuple[str, str]]:
    found = []
    for expect in sorted((DATA / "bad").glob("*.expect")):
        for line in expect.read_text(encoding="utf-8").splitlines():
            message = FIELD.sub("", WHERE.sub("", line.strip()), count=1)
            found.append((expect.stem, message))
    return found


@pytest.mark.parametrize(("name", "message"), expected_messages(),
                         ids=[name for name, _ in expected_messages()])
def test_errors_page_explains_known_message(name: str, message: str) -> None:
    errors = normal((GUIDE / "errors.md").read_text(encoding="utf-8"))
    assert normal(message) in errors, (
        f"content/authoring/errors.md does not show the message of tests/data/bad/{name}: "
        f"{message}")


# --- the guide works: a case written by following it builds --------------------------------


@pytest.fixture(scope="module")
def guide_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any, Any]:
    """The real atlas plus the guide's fictional case: (site, validate, build) results."""
    root = copy_atlas(tmp_path_factory.mktemp("guide") / "x")
    shutil.copytree(FIXTURE / "cases", root / "cases", dirs_exist_ok=True)
    shutil.copytree(FIXTURE / "images", root / "images", dirs_exist_ok=True)
    shutil.copytree(NEWCOMER / "cases", root / "cases", dirs_exist_ok=True)
    with (root / "content/data/modalities.yaml").open("a", encoding="utf-8") as modalities:
        modalities.write("\n" + (NEWCOMER / "content/data/modalities-addition.yaml").read_text())
    checked = run_atlas("validate", cwd=root)
    built = run_atlas("build", "--strict", "--quiet", cwd=root)
    return root / "site", checked, built


def test_guide_case_validates_without_warnings(guide_site: tuple[Path, Any, Any]) -> None:
    _, checked, _ = guide_site
    assert checked.returncode == 0, checked.stderr
    assert "warning" not in checked.stderr, checked.stderr


def test_guide_case_builds_strict_with_its_figures(guide_site: tuple[Path, Any, Any]) -> None:
    site, _, built = guide_site
    assert built.returncode == 0, built.stderr
    page = (site / "cases" / f"{CASE_ID}.html").read_text(encoding="utf-8")
    for figure in FIGURES:
        block = page.split(f'id="{figure}"')[1].split("</figure>")[0]
        assert "<picture>" in block, figure
        simulated = "Simulated illustration, not a patient image" in block
        assert simulated == (figure != "fig3a"), figure  # fig3a is the imported real image
    assert page.count('class="atlas-quiz"') == 3
    assert (site / "cases" / f"{CASE_ID}-unknown.html").is_file()
    nav = (site / "index.html").read_text(encoding="utf-8")
    assert f'href="cases/{CASE_ID}.html"' in nav


def test_newcomer_case_builds_with_its_new_modality(guide_site: tuple[Path, Any, Any]) -> None:
    site, _, built = guide_site
    assert built.returncode == 0, built.stderr
    page = (site / "cases" / f"{NEWCOMER_ID}.html").read_text(encoding="utf-8")
    assert page.count("No picture available") == 2
    assert "time not reported" in page and "CT venography" in page
    modality = (site / "modalities" / "ct-venography.html").read_text(encoding="utf-8")
    assert f'id="{NEWCOMER_ID}-fig1a"' in modality
    table = (site / "modalities" / "index.html").read_text(encoding="utf-8")
    assert "CT venography" in table and "0.0 months" not in table


def test_guide_pages_are_built_and_in_the_navigation(guide_site: tuple[Path, Any, Any]) -> None:
    site, _, built = guide_site
    assert built.returncode == 0, built.stderr  # mkdocs --strict refuses pages not in the nav
    nav = (site / "index.html").read_text(encoding="utf-8")
    for page in PAGES:
        assert (site / "authoring" / f"{page.stem}.html").is_file(), page.name
        assert f'href="authoring/{page.stem}.html"' in nav, f"{page.name} is not in the nav"
