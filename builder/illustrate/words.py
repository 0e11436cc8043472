"""Do a picture's words agree with it? Checks a caption, alt text or annotation against what
the picture measurably shows (measure.visibility).

The words are read clause by clause. A clause that names a side and a direction ("in front
of ... the right hip", "medial", "above and lateral to the left hip") claims a visible
lesion of that side in that compartment; "every muscle group", "all round" or "encircles"
claims the four around the hip; "no calcification" or "no bone" claims no visible mineral;
"the left hip is normal" claims nothing visible on the left; "flow", "vascularity" or
"Doppler" claims Doppler colour in a visible lesion: at least FLOW_SHARE of the lesion's
unshadowed area, counted only inside the colour box and outside acoustic shadows
(measure.doppler_colour), and both hues when the clause says "red and blue". Each unmet
claim is reported in plain words.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from builder.illustrate.measure import Visibility

DIRECTIONS: dict[str, tuple[str, ...]] = {
    "anterior": (r"\bin front\b", r"\banterior", r"\bahead of\b", r"\biliopsoas\b"),
    "lateral": (r"\bbeside\b", r"\blateral", r"\babductor", r"\bgluteus minimus\b"),
    "posterior": (r"\bbehind\b", r"\bposterior", r"\bexternal rotators\b"),
    "medial": (r"\bmedial", r"\binner side\b", r"\badductor"),
    "superior": (r"\babove (and|the|it)\b", r"\bsuperior(?! section)", r"\bsupra-?acetabular\b"),
    "shaft": (r"\bshafts?\b",),
}
COMPARTMENTS = {"anterior": {"anterior", "anteromedial", "anterior thigh"},
                "lateral": {"lateral", "lateral thigh"},
                "posterior": {"posterior"}, "medial": {"medial", "anteromedial", "medial thigh"},
                "superior": {"superior"}, "shaft": {"anterior thigh", "lateral thigh"}}
ALL_ROUND = (r"\bevery muscle group", r"\ball (the )?muscle groups", r"\ball round\b",
             r"\bencircl", r"\bon all sides\b", r"\bsurrounds?\b")
NO_MINERAL = (r"\bno (bone|calcification|calcium|mineral)", r"\bnot? (yet )?calcified\b")
FLOW = (r"\bcolou?r flow\b", r"\bvascularity\b", r"\bblood flow\b", r"\bdoppler signal\b",
        r"\bcontains (red|colour|color)")
RED_AND_BLUE = r"\b(red and blue|blue and red)\b"
FLOW_SHARE = 0.01  # Doppler colour over at least 1 % of the lesion's unshadowed area
MIN_HUE = 20  # pixels of a hue for it to be seen


def _flow_problem(clause: str, colour: int | Sequence[Mapping]) -> str | None:
    """What a clause claiming flow lacks, given the picture's colour (a total, or the
    per-lesion records of measure.doppler_colour)."""
    if isinstance(colour, int):
        return None if colour else "mentions Doppler flow, but the picture has no colour"
    both = re.search(RED_AND_BLUE, clause)
    flowing = [c for c in colour
               if c.get("colour", 0) and c["colour"] >= FLOW_SHARE * max(c.get("open_area", 0), 1)]
    if not flowing:
        return ("mentions Doppler flow, but the picture has no colour over 1 % of a lesion's "
                "unshadowed area inside the colour box")
    if both and not any(c.get("red", 0) >= MIN_HUE and c.get("blue", 0) >= MIN_HUE
                        for c in flowing):
        return "says red and blue flow, but the lesion's colour is of one hue only"
    return None


NEGATIONS = (r"\bno\b", r"\bwithout\b", r"\bnormal\b", r"\bnot\b")


def _sides(clause: str) -> set[str]:
    return {s for s in ("right", "left") if re.search(rf"\b{s}\b", clause)}


def _side_of(clause: str, at: int) -> set[str]:
    """The side a direction word at ``at`` refers to: the next side word after it in the
    clause ("in front of and beside the right hip"), else the last one before it, else
    either side."""
    after = re.search(r"\b(right|left)\b", clause[at:])
    if after:
        return {after.group(1)}
    before = re.findall(r"\b(right|left)\b", clause[:at])
    return {before[-1]} if before else {"right", "left"}


def _has(patterns: Sequence[str], text: str) -> bool:
    return any(re.search(p, text) for p in patterns)


def problems(text: str, seen: Sequence[Visibility], colour: int | Sequence[Mapping] = 0
             ) -> list[str]:
    """What ``text`` claims that the picture does not show (empty when they agree).
    ``colour``: the picture's Doppler colour, per lesion (measure.doppler_colour records,
    in the order of ``seen``) or as a bare count of coloured pixels."""
    out: list[str] = []
    visible = [v for v in seen if v.visible]
    low = text.lower().replace("simulated illustration:", "")
    for clause in re.split(r"[.;]", low):
        if not clause.strip():
            continue
        sides = _sides(clause) or {"right", "left"}
        normal = re.search(r"\b(right|left)( side| hip)? (is|looks|are) normal\b", clause)
        if normal:
            side = normal.group(1)
            if any(v.side == side for v in visible):
                out.append(f"says the {side} side is normal, but a {side} lesion is visible")
            continue
        if _has(NO_MINERAL, clause):
            if any(v.mineral for v in visible):
                out.append("says there is no mineral, but visible mineral is drawn")
            continue
        if _has(FLOW, clause) and not re.search(r"\bno (colou?r )?flow\b", clause):
            lacking = _flow_problem(clause, colour)
            if lacking:
                out.append(lacking)
        if _has(ALL_ROUND, clause):
            for side in sides if _sides(clause) else {"right"}:
                have = {v.compartment for v in visible if v.side == side}
                missing = [d for d in ("anterior", "lateral", "posterior", "medial")
                           if not COMPARTMENTS[d] & have]
                if missing:
                    out.append(f"says NHO surrounds the {side} hip, but nothing "
                               f"{', '.join(missing)} is visible")
        if any(re.search(n, clause) for n in NEGATIONS) and not _has(ALL_ROUND, clause):
            continue  # a negated clause claims absence, which the checks above cover
        for direction, pats in DIRECTIONS.items():
            for pat in pats:
                for match in re.finditer(pat, clause):
                    want = _side_of(clause, match.start())
                    ok = [v for v in visible if v.compartment in COMPARTMENTS[direction]
                          and v.side in want]
                    if not ok:
                        out.append(f"says {direction} ({'/'.join(sorted(want))}), but no such "
                                   "lesion is visible")
    return out


def drawn(region: Mapping) -> str:
    """What a picture draws of a measured lesion region, in words for an alt text (e.g.
    'forming bone shows in the right rectus femoris, with Doppler colour flow')."""
    text = drawn_together([region])
    if "open_area" in region:  # a colour Doppler picture
        text += ", with Doppler colour flow" if region.get("colour") else ", with no Doppler flow"
    return text


def drawn_together(regions: Sequence[Mapping]) -> str:
    """What a picture draws of all its lesion regions, the lesions in one state named
    together (e.g. 'forming bone shows in the right iliopsoas and the right adductor;
    nothing abnormal shows where the right gluteus minimus lesion lies')."""
    groups: dict[str, list[str]] = {}
    for region in regions:
        label = str(region.get("label", "lesion")).removesuffix(" NHO")
        groups.setdefault(str(region.get("state", "not detectable")), []).append(label)
    said = []
    for state, labels in groups.items():
        names = ", ".join(labels[:-1]) + " and " + labels[-1] if len(labels) > 1 else labels[0]
        if state == "not detectable":
            said.append(f"nothing abnormal shows where the {names} "
                        + ("lesions lie" if len(labels) > 1 else "lesion lies"))
        elif state == "abnormal, not specific":
            said.append(f"the {names} " + ("are" if len(labels) > 1 else "is")
                        + " abnormal (swollen, oedematous or hyperaemic) without mineral")
        else:
            said.append(f"forming bone shows in the {names}")
    return "; ".join(said)
