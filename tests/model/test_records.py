"""The content model: strict records, authored text that cannot become markup, times as
people say them, and the rules a record can check on its own."""
from __future__ import annotations

import pytest
from pydantic import ValidationError

from builder.model.base import Record, Text
from builder.model.case import Figure
from builder.model.data import Reference
from builder.model.schema import SCHEMAS, schema_text
from builder.model.time import When


class Note(Record):
    text: Text


def test_a_misspelt_field_is_an_error_and_records_are_frozen() -> None:
    with pytest.raises(ValidationError, match="extra"):
        Note.model_validate({"text": "x", "txet": "y"})
    note = Note(text="x")
    with pytest.raises(ValidationError):
        note.text = "y"


def test_authored_text_is_stripped_and_cannot_open_a_tag() -> None:
    note = Note(text="  <script>alert(1)</script> &lt;img src=x>  ")
    assert "<script" not in note.text and "&lt;img" not in note.text
    assert note.text.startswith("‹script>")
    with pytest.raises(ValidationError):
        Note(text="   ")


@pytest.mark.parametrize(("months", "approx", "label"), [
    (0.5, False, "2 weeks"), (1, False, "1 month"), (6, True, "about 6 months")])
def test_times_read_as_people_say_them(months: float, approx: bool, label: str) -> None:
    assert When(months=months, approx=approx).label == label


def test_a_figure_is_a_scene_or_an_image_and_an_image_has_provenance() -> None:
    base = {"id": "fig1a", "number": "1a", "caption": "C.", "alt": "A."}
    with pytest.raises(ValidationError, match="the figure has no picture"):
        Figure.model_validate(base)
    with pytest.raises(ValidationError, match="the figure has both scene and no_picture"):
        Figure.model_validate({**base, "scene": {"view": "ct-axial"}, "no_picture": True})
    with pytest.raises(ValidationError, match="needs 'provenance'"):
        Figure.model_validate({**base, "image": "images/c/fig1a.png"})


def test_a_reference_needs_a_doi_of_the_right_form() -> None:
    base = {"key": "smith2020", "authors": "Smith A", "year": 2020, "title": "T.",
            "origin": "additional"}
    assert Reference.model_validate({**base, "doi": "10.1000/xyz"}).doi == "10.1000/xyz"
    with pytest.raises(ValidationError):
        Reference.model_validate({**base, "doi": "doi:10.1000/xyz"})


def test_the_schemas_carry_the_models_descriptions() -> None:
    for name, model in SCHEMAS.items():
        text = schema_text(model, name)
        assert f'"$id": "{name}.schema.json"' in text
        assert "Unique within its case or quiz file." in text  # a Question field's description
