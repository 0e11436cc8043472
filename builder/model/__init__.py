"""The atlas' content model: what a case record and the atlas-wide data may contain."""
from builder.model.base import SLUG_PATTERN, Record, RefKey, Slug, Text
from builder.model.case import (
    AGE_BANDS,
    AdverseEvent,
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
    Comparison,
    Differential,
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
from builder.model.time import Duration, Time, When, spoken

__all__ = [
    "AGE_BANDS", "SLUG_PATTERN", "AdverseEvent", "Annotation", "Case", "Duration", "Event",
    "Explorer", "ExplorerStep", "Differential", "Comparison", "Time", "spoken",
    "Figure", "GlossaryTerm", "Hotspot", "HotspotRegion", "Injury", "InjuryKind", "KeyPoint",
    "Modality", "Option", "Patient", "Provenance", "Question", "QuestionKind", "Quiz",
    "RefKey", "Record", "Reference", "Slug", "Stage", "Study", "Text", "Treatment", "When",
]
