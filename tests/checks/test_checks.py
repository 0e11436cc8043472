"""The one check, rule family by rule family: each family on its own, all of them at once,
and for each the same verdict from ``atlas validate`` and from a build."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from builder.checks import PICTURE_CACHE, check, pictures
from builder.checks.images import check_images
from builder.checks.offline import check_offline
from builder.checks.pages import check_pages, hand_written_pages
from builder.checks.privacy import phi_warnings
from builder.checks.questions import check_questions
from builder.checks.records import check_records
from builder.checks.times import check_times
from builder.checks.words import check_words
from builder.source.load import read_atlas
from support import run_atlas

CASE = "cases/case-test.yaml"
REAL_IMAGE = """              maturity: 0.1
      - id: fig1b
        number: 1b
        caption: A photograph.
        alt: A photograph of the thigh.
        image: images/case-test/fig1b.png
        provenance:
          source: Test
          licence: CC BY 4.0
          deidentified_with_consent: true
  - id: us-2m
"""
BREAKS = {  # family: (file, text, replacement, message the author sees)
    "records": (CASE, "    modality: CT\n", "    modality: CTT\n",
                "cases/case-test.yaml:20:5: studies[0].modality: 'CTT' is not a modality "
                "(did you mean 'CT'? or add it to content/data/modalities.yaml)"),
    "questions": (CASE, "  - id: q1\n", "  - id: q1\n    step: ct-2m\n",
                  "questions[0].step: unknown study 'ct-2m' (did you mean 'ct-1m'?)"),
    "images": (CASE, "              maturity: 0.1\n  - id: us-2m\n", REAL_IMAGE,
               "studies[0].figures[1].image: image 'images/case-test/fig1b.png' does not "
               "exist"),
    "pages": ("content/background.md", None, "# Background\n\nA claim [@nosuchkey].\n",
              "content/background.md:3: cites unknown reference 'nosuchkey'"),
    "offline": ("content/management.md", None, "# Management\n\n![a hip](https://x.org/h.png)\n",
                "content/management.md:3: 'https://x.org/h.png' would be loaded from another site"),
    "times": (CASE, "      months: 2\n", "      not_reported: true\n      after: ct-1n\n",
              "cases/case-test.yaml:38:7: studies[1].at.after: unknown id 'ct-1n' "
              "(did you mean 'ct-1m'?)"),
    "words": (CASE, 'alt: "Simulated illustration: a test."',
              'alt: "Simulated illustration: swollen muscle behind the left hip."',
              "cases/case-test.yaml:28:9: studies[0].figures[0].alt: says posterior (left), "
              "but no such lesion is visible: the picture shows right iliopsoas NHO"),
}


def breaks(root: Path, family: str) -> str:
    file, old, new, message = BREAKS[family]
    path = root / file
    path.write_text(new if old is None else path.read_text().replace(old, new, 1))
    return message


@pytest.mark.parametrize("family", sorted(BREAKS))
def test_each_family_is_found_by_its_own_check(fixture_atlas: Path, family: str) -> None:
    message = breaks(fixture_atlas, family)
    atlas, load_errors = read_atlas(fixture_atlas)
    assert not load_errors
    run = {"records": check_records, "questions": check_questions, "images": check_images,
           "pages": check_pages, "offline": check_offline, "times": check_times,
           "words": lambda a: check_words(a, pictures(a, fixture_atlas / PICTURE_CACHE))}[family]
    assert any(message in str(e) for e in run(atlas)), [str(e) for e in run(atlas)]


def test_one_check_reports_every_family_at_once(fixture_atlas: Path) -> None:
    messages = [breaks(fixture_atlas, family) for family in sorted(BREAKS)]
    atlas, _ = read_atlas(fixture_atlas)
    found = [str(e) for e in check(atlas, fixture_atlas / PICTURE_CACHE)]
    for message in messages:  # without its line: earlier breaks shift later lines
        what = message.split(": ", 1)[1]
        assert any(what in line for line in found), (message, found)


@pytest.mark.parametrize("family", sorted(BREAKS))
def test_validate_fails_exactly_where_a_build_fails(fixture_atlas: Path, family: str) -> None:
    message = breaks(fixture_atlas, family)
    validate = run_atlas("validate", cwd=fixture_atlas)
    build = run_atlas("build", "--quiet", cwd=fixture_atlas)
    assert validate.returncode == build.returncode == 1
    assert message in validate.stderr and message in build.stderr
    assert not (fixture_atlas / "site").exists()


def test_hand_written_pages_leave_out_the_data_folder(fixture_atlas: Path) -> None:
    atlas, _ = read_atlas(fixture_atlas)
    pages = hand_written_pages(atlas)
    assert pages and all(p.suffix == ".md" for p in pages)
    assert not any("data" in p.relative_to(fixture_atlas / "content").parts for p in pages)


def test_privacy_warns_at_the_line_of_a_possible_identifier(fixture_atlas: Path) -> None:
    path = fixture_atlas / CASE
    path.write_text(path.read_text().replace("Swelling of the thigh.",
                                             "Seen by Dr Smith on 03/04/2021."))
    atlas, _ = read_atlas(fixture_atlas)
    warnings = [str(w) for w in phi_warnings(atlas.source(atlas.cases[0]))]
    assert any("cases/case-test.yaml:13:5: presentation[0]: warning: this looks like a "
               "full date" in w for w in warnings), warnings
    assert any("a person's name ('Dr Smith')" in w for w in warnings)


def test_the_words_rule_reads_what_the_picture_measured(fixture_atlas: Path) -> None:
    """True words pass over the measured picture; the same words fail once the picture's
    measurement says the lesion is too faint to see (contrast-to-noise under 3)."""
    path = fixture_atlas / CASE
    path.write_text(path.read_text().replace(
        'alt: "Simulated illustration: a test."',
        'alt: "Simulated illustration: swollen muscle in front of the right hip."'))
    atlas, _ = read_atlas(fixture_atlas)
    made = pictures(atlas, fixture_atlas / PICTURE_CACHE)
    assert check_words(atlas, made) == []
    faint = {name: replace(p, regions=tuple({**r, "cnr": 1.0} for r in p.regions))
             for name, p in made.items()}
    found = [str(e) for e in check_words(atlas, faint)]
    assert any("says anterior (right), but no such lesion is visible: the picture shows "
               "no lesion" in e for e in found), found
