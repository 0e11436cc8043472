"""A synthetic atlas of N realistic cases, for measuring how the build grows.

Each case has 3-5 studies, 2-6 figures drawn from scenes, events, a treatment course,
questions and citations, like the documented cases. Scenes come from a pool of distinct
scenes (``scene_pool``): the picture cache dedupes identical scenes, so the pool size sets
how many images a cold build renders, independently of N.
"""
from __future__ import annotations

import random
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
VIEWS = {"CT": ["ct-axial"], "XR": ["xray-ap-pelvis"],
         "US": ["us-longitudinal", "us-transverse"], "SPECT": ["spect-coronal", "spect-axial"]}
SITES = ["anterior", "lateral", "posterior", "medial", "superior", "femoral-shaft"]
REFERENCES = ["mccormack2019", "garland1991", "falsetti2011", "ghanem2019", "orzel1985",
              "thomas1991", "shehab2002", "vankuijk2002"]


def scene_pool(size: int, rng: random.Random) -> list[dict]:
    """``size`` distinct scenes over every view, stage and site."""
    pool = []
    for n in range(size):
        modality = list(VIEWS)[n % len(VIEWS)]
        lesions = [{"site": site, "side": rng.choice(["right", "left"]),
                    "extent": rng.choice(["small", "moderate", "extensive"]),
                    "maturity": round(rng.random(), 2)}
                   for site in rng.sample(SITES, rng.randint(1, 3))]
        pool.append({"modality": modality, "scene": {
            "view": rng.choice(VIEWS[modality]), "level": rng.choice(["superior", "inferior"]),
            "side": lesions[0]["side"], "lesions": lesions, "seed": n}})
    return pool


def synthetic_case(n: int, pool: list[dict], rng: random.Random) -> dict:
    """One case record with the shape and size of the documented ones."""
    figures_left = rng.randint(2, 6)
    studies_count = rng.randint(3, 5)
    studies, month = [], 0.0
    for s in range(studies_count):
        month = round(month + rng.uniform(0.5, 3.0), 1)
        share = figures_left if s == studies_count - 1 else rng.randint(0, min(2, figures_left))
        figures_left -= share
        choice = pool[rng.randrange(len(pool))]
        # a study's figures are all of its modality (a view of another is an authoring error)
        same = [p["scene"] for p in pool if p["modality"] == choice["modality"]]
        scenes = [choice["scene"], *(rng.choice(same) for _ in range(share - 1))][:share]
        figures = [{
            "id": f"fig{s + 1}{'abcdef'[f]}", "number": f"{s + 1}{'abcdef'[f]}",
            "caption": f"Synthetic figure {s + 1}{'abcdef'[f]} of benchmark case {n}: "
                       f"{scene['view']} with {len(scene['lesions'])} lesions.",
            "alt": f"Simulated illustration: {scene['view']} of benchmark case {n}.",
            "scene": scene,
        } for f, scene in enumerate(scenes)]
        studies.append({
            "id": f"study-{s + 1}", "at": {"months": month}, "modality": choice["modality"],
            "region": "pelvis", "reason": f"Benchmark study {s + 1} ordered for hip pain "
                                          f"and swelling [@{rng.choice(REFERENCES)}].",
            "findings": "Heterotopic ossification around the hip at the stage the scene shows, "
                        "described in a few sentences of about the length authors write. " * 2,
            "figures": figures})
    follow_up = round(month + 3, 1)
    return {
        "id": f"case-s{n:04d}", "title": f"Benchmark case {n}: NHO at the hip",
        "source": f"Synthetic case for the benchmark [@{REFERENCES[0]}]",
        "summary": "A synthetic case that has the shape of a documented one. " * 4,
        "patient": {"age_group": "adult", "sex": "not stated"},
        "injury": {"kind": [rng.choice(["SCI", "TBI"])], "summary": "A neurological injury."},
        "presentation": ["Reduced range of motion at the hip.", "Thigh swelling."],
        "follow_up": {"months": follow_up},
        "studies": studies,
        "events": [{"at": {"months": studies[0]["at"]["months"]}, "label": "Referred"}],
        "treatments": [{"name": "etidronate", "start": {"months": studies[0]["at"]["months"]},
                        "weeks": 12, "response": "Partial."}]
        if follow_up > studies[0]["at"]["months"] + 3 else [],
        "outcome": "Synthetic outcome.",
        "teaching_points": ["Consider NHO [@garland1991].", "Ultrasound is early."],
        "references": rng.sample(REFERENCES, 3),
        "questions": [{"id": f"q{q}", "kind": "single", "stem": f"Benchmark question {q}?",
                       "options": [{"text": "Right", "correct": True, "feedback": "Yes."},
                                   {"text": "Wrong", "feedback": "No."}],
                       "explanation": f"Because [@{REFERENCES[1]}].",
                       "references": [REFERENCES[1]]} for q in range(1, 4)],
    }


def write_atlas(target: Path, cases: int, pool_size: int, seed: int = 1) -> Path:
    """A complete atlas folder: the real configuration and data plus N synthetic cases."""
    rng = random.Random(seed)
    for name in ("content", "images", "overrides"):
        shutil.copytree(ROOT / name, target / name)
    shutil.copy(ROOT / "mkdocs.yml", target)
    (target / "node_modules").symlink_to(ROOT / "node_modules")
    (target / "cases").mkdir()
    for path in (ROOT / "cases").glob("*.yaml"):  # key points refer to the real cases
        shutil.copy(path, target / "cases")
    pool = scene_pool(pool_size, rng)
    for n in range(1, cases + 1):
        record = synthetic_case(n, pool, rng)
        (target / "cases" / f"{record['id']}.yaml").write_text(
            yaml.safe_dump(record, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return target
