"""The atlas' content model: what a case record and the atlas-wide data may contain."""
from builder.model.base import SLUG_PATTERN, Record, RefKey, Slug, Text
from builder.model.case import (
    Annotation,
    Case,
    Event,
    Figure,
    Injury,
    InjuryKind,
    Patient,
    Provenance,
    Study,
    Treatment,
)
from builder.model.data import (
    Explorer,
    ExplorerStep,
    GlossaryTerm,
    KeyPoint,
    Modality,
    Quiz,
    Reference,
    Stage,
)
from builder.model.question import (
    Hotspot,
    HotspotRegion,
    Option,
    Question,
    QuestionKind,
)
from builder.model.time import When

__all__ = [
    "SLUG_PATTERN", "Annotation", "Case", "Event", "Explorer", "ExplorerStep",
    "Figure", "GlossaryTerm", "Hotspot", "HotspotRegion", "Injury", "InjuryKind", "KeyPoint",
    "Modality", "Option", "Patient", "Provenance", "Question", "QuestionKind", "Quiz",
    "RefKey", "Record", "Reference", "Slug", "Stage", "Study", "Text", "Treatment", "When",
]
