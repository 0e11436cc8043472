"""The atlas as one object, and the lookups every layer above it needs.

It sits at the bottom of the package (only the models are below it), so that loading,
checking, pictures, pages and exports all share one way to find a case, a figure by
"case-id/figure-id", or every figure of a case.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from builder.errors import AtlasError
from builder.model import (
    Case,
    Differential,
    Explorer,
    Figure,
    GlossaryTerm,
    KeyPoint,
    Modality,
    Quiz,
    Reference,
    Study,
)
from builder.model.chronology import Chronology, chronology

if TYPE_CHECKING:  # the parsed files; only their type is needed here
    from builder.source.yamlsource import Source


@dataclass
class Atlas:
    """Everything the site is built from: the records that loaded, and where each came from."""

    root: Path
    cases: list[Case]
    modalities: dict[str, Modality]
    references: dict[str, Reference]
    glossary: list[GlossaryTerm]
    key_points: list[KeyPoint]
    quizzes: list[Quiz]
    explorer: Explorer | None
    sources: dict[str, Source] = field(default_factory=dict)
    """The parsed file behind each record ('case:ID', 'quiz:ID' or a data file's name), and
    each case file that parsed but is not a valid case ('unloaded:FILE-NAME')."""
    unloaded_cases: set[str] = field(default_factory=set)
    """Ids of case files with problems of their own: references to them are not errors too."""
    pages_dir: str = "content"
    """Hand-written Markdown pages, relative to root (MkDocs' docs_dir)."""
    warnings: list[AtlasError] = field(default_factory=list)
    """What looks wrong but may be right, such as a possible patient identifier."""
    differential: Differential | None = None
    """The 'DVT or NHO?' page's data (content/data/differential.yaml), if there is one."""
    _chronologies: dict[str, Chronology] = field(default_factory=dict, repr=False)

    def chronology(self, case: Case) -> Chronology:
        """The order of the case's studies, events and treatments (made once: the checks and
        every page that shows the case read it)."""
        if case.id not in self._chronologies:
            self._chronologies[case.id] = chronology(case)
        return self._chronologies[case.id]

    def case(self, case_id: str) -> Case:
        return self._numbered[case_id][1]

    def has_case(self, case_id: str) -> bool:
        return case_id in self._numbered

    def number(self, case: Case) -> int:
        """The case's 1-based position: constant time, as every case's pages ask for it."""
        return self._numbered[case.id][0]

    @cached_property
    def _numbered(self) -> dict[str, tuple[int, Case]]:
        return {case.id: (n, case) for n, case in enumerate(self.cases, start=1)}

    def source(self, case: Case) -> Source:
        return self.sources[f"case:{case.id}"]

    def in_unloaded_case(self, ref: str) -> bool:
        """Whether 'case-id/figure-id' names a case whose file has problems of its own (so a
        reference into it is not reported as a second problem)."""
        return split_figure_ref(ref)[0] in self.unloaded_cases

    def figure(self, ref: str, within: Case | None = None) -> tuple[Case, Study, Figure] | None:
        """The figure that ``ref`` names: 'fig3a' in ``within``, or 'case-id/figure-id'."""
        owner, fig_id = split_figure_ref(ref)
        case = within if owner is None else self._numbered.get(owner, (0, None))[1]
        if case is None:
            return None
        return next(((case, s, f) for s, f in figures(case) if f.id == fig_id), None)


def figures(case: Case) -> Iterator[tuple[Study, Figure]]:
    """Every figure of a case with the study it belongs to, in the order of the record."""
    for _, study, figure in figure_places(case):
        yield study, figure


def figure_places(case: Case) -> Iterator[tuple[tuple[str | int, ...], Study, Figure]]:
    """``figures``, each with where the record writes it: ('studies', i, 'figures', j)."""
    for i, study in enumerate(case.studies):
        for j, figure in enumerate(study.figures):
            yield ("studies", i, "figures", j), study, figure


def split_figure_ref(ref: str) -> tuple[str | None, str]:
    """'case-id/figure-id' → ('case-id', 'figure-id'); 'figure-id' → (None, 'figure-id')."""
    case_id, slash, fig_id = ref.rpartition("/")
    return (case_id if slash else None), fig_id
