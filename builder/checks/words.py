"""Pictures agree with their words: what a caption, alt text or annotation names must be
measurably visible in the picture it describes.

Every illustration is measured when it is made (builder.illustrate.measure: each lesion's
contrast-to-noise ratio inside its derived outline, whether it shows mineral, its Doppler
colour inside the colour box and outside acoustic shadows, red and blue apart, the share of
its outline on a joint), and the picture cache keeps those
measurements with its regions. This rule reads them back and checks each text of the figure
against them clause by clause (builder.illustrate.words), so a caption that names a lesion
the picture does not show fails `atlas validate` and a build alike; Doppler colour that lies
outside the colour box or in a shadow fails whatever the words say.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from builder.atlas import Atlas, figure_places
from builder.errors import AtlasError
from builder.illustrate import words
from builder.illustrate.measure import JOINT_LIMIT, Visibility
from builder.pictures import Picture
from builder.pictures.catalogue import picture_name, question_picture_name
from builder.questions.bank import entries
from builder.source.yamlsource import Source

HINT = "describe what the picture shows, or change the scene so that it shows what the words say"


def _shown(seen: Sequence[Visibility]) -> str:
    visible = [v.described() for v in seen if v.visible]
    return "the picture shows " + ("; ".join(visible) if visible else "no lesion")


def _texts(src: Source, place: tuple, texts: Sequence[tuple[tuple, str | None]],
           picture: Picture) -> Iterator[AtlasError]:
    seen = [Visibility.from_dict(r) for r in picture.regions]
    colour = [r for r in picture.regions if "open_area" in r] or \
        sum(int(r.get("colour", 0)) for r in picture.regions)
    for field, text in texts:
        if not text:
            continue
        for problem in words.problems(text, seen, colour):
            yield src.error((*place, *field), f"{problem}: {_shown(seen)}", HINT)


def _joints(src: Source, place: tuple, picture: Picture) -> Iterator[AtlasError]:
    for i, region in enumerate(picture.regions):
        if float(region.get("joint", 0)) > JOINT_LIMIT:
            yield src.error((*place, "lesions", i),
                            f"the outline of lesion {i + 1} lies in the joint "
                            f"({100 * float(region['joint']):.0f} % of it)",
                            "NHO is drawn in muscle: choose another level or a smaller extent")


def _stray_colour(src: Source, place: tuple, picture: Picture) -> Iterator[AtlasError]:
    stray = max((int(r.get("stray", 0)) for r in picture.regions), default=0)
    if stray:
        yield src.error(place, f"{stray} Doppler colour pixels lie outside the colour box or in "
                        "an acoustic shadow, where a scanner shows none",
                        "colour belongs inside the colour box, where the beam reaches")


def check_words(atlas: Atlas, pictures: Mapping[str, Picture]) -> list[AtlasError]:
    """Every figure's caption, alt text and annotation labels, and every hotspot question's
    own picture with its alt text and label, against what the picture measurably shows."""
    errors: list[AtlasError] = []
    for case in atlas.cases:
        src = atlas.source(case)
        for place, _, figure in figure_places(case):
            picture = pictures.get(picture_name(case, figure))
            if figure.scene is None or picture is None:
                continue
            texts = [(("caption",), figure.caption), (("alt",), figure.alt)]
            texts += [(("annotations", k, "label"), a.label)
                      for k, a in enumerate(figure.annotations or [])]
            errors += _texts(src, place, texts, picture)
            errors += _joints(src, (*place, "scene"), picture)
            errors += _stray_colour(src, (*place, "scene"), picture)
    for entry in entries(atlas):
        hotspot = entry.question.hotspot
        if hotspot is None or hotspot.scene is None:
            continue
        picture = pictures.get(question_picture_name(entry.scope, entry.question.id))
        if picture is None:
            continue
        src = atlas.sources[entry.source]
        place = ("questions", entry.index, "hotspot")
        errors += _texts(src, place, [(("alt",), hotspot.alt), (("label",), hotspot.label)],
                         picture)
        errors += _joints(src, (*place, "scene"), picture)
    return errors
