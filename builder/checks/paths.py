"""Rules for where records are published: no two things may write the same page.

A modality slug or a quiz id ``index``, a case id ``index`` or one ending in ``-unknown``, or
a hand-written page named like a generated one, silently replaced another page. Every page
the atlas will publish is claimed here by what publishes it, and a claim on a taken path
(compared without regard to case: Windows and macOS do not tell ``Glossary.md`` from
``glossary.md``) is an error at the record's own line. tests/checks/test_paths.py keeps this
list equal to what builder.site generates.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from builder.atlas import Atlas
from builder.checks.pages import hand_written_pages
from builder.errors import AtlasError

SITE_PAGES = {
    "cases/index.md": "the list of cases", "modalities/index.md": "the list of modalities",
    "quizzes/index.md": "the list of quizzes", "glossary.md": "the glossary",
    "references.md": "the references", "key-points.md": "the key points",
    "explorer.md": "the stage × modality explorer", "exam.md": "the exam",
    "progress.md": "the progress page", "handout.md": "the handout",
    "differential.md": "the DVT or NHO page",
}
"""Pages the atlas makes whatever the records say."""
SITE_FOLDERS = ("assets/", "downloads/", "search/")
"""Folders of the built site that hold the atlas' own files."""
UNKNOWN_SUFFIX = "-unknown"


@dataclass(frozen=True)
class Claim:
    uri: str
    what: str
    error: AtlasError | None  # where to report it; None for the atlas' own pages


def check_paths(atlas: Atlas) -> Iterator[AtlasError]:
    taken: dict[str, Claim] = {}
    for claim in claims(atlas):
        key = claim.uri.lower()
        first = taken.setdefault(key, claim)
        if first is not claim and claim.error is not None:
            yield _moved(claim.error, f"{claim.what} would be published as {claim.uri}, "
                         f"which is already {first.what}", "choose another name")
        elif claim.error is not None and key.startswith(SITE_FOLDERS):
            yield _moved(claim.error, f"{claim.what} would be published in "
                         f"{key.split('/')[0]}/, which holds the atlas' own files",
                         "choose another name")
    for case in atlas.cases:
        if case.id.endswith(UNKNOWN_SUFFIX):
            yield atlas.source(case).error(
                ("id",), f"a case id may not end in '{UNKNOWN_SUFFIX}'",
                f"the atlas publishes each case's unknown-case page as CASE-ID{UNKNOWN_SUFFIX}"
                "; choose another id")


def claims(atlas: Atlas) -> Iterator[Claim]:
    """Every page the atlas publishes, with what publishes it: the atlas' own pages first."""
    for uri, what in SITE_PAGES.items():
        yield Claim(uri, what, None)
    for case in atlas.cases:
        src = atlas.source(case)
        yield Claim(f"cases/{case.id}.md", f"the page of case {case.id!r}",
                    src.error(("id",), ""))
        yield Claim(f"cases/{case.id}{UNKNOWN_SUFFIX}.md",
                    f"the unknown-case page of case {case.id!r}", src.error(("id",), ""))
    if "modalities" in atlas.sources:
        for i, modality in enumerate(atlas.modalities.values()):
            yield Claim(f"modalities/{modality.slug}.md", f"the page of modality "
                        f"{modality.id!r}", atlas.sources["modalities"].error((i, "slug"), ""))
    for quiz in atlas.quizzes:
        yield Claim(f"quizzes/{quiz.id}.md", f"the page of quiz {quiz.id!r}",
                    atlas.sources[f"quiz:{quiz.id}"].error(("id",), ""))
    folder = atlas.root / atlas.pages_dir
    for path in hand_written_pages(atlas):
        uri = path.relative_to(folder).as_posix()
        display = path.relative_to(atlas.root).as_posix()
        yield Claim(uri, f"the hand-written page {display}", AtlasError(display, 0, "", ""))


def _moved(where: AtlasError, message: str, hint: str) -> AtlasError:
    return AtlasError(where.file, where.line, where.path, message, hint, where.column)
