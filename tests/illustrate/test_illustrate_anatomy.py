"""The body and where NHO grows in it: measured bones in place, joints concentric, lesions
only in muscle, lobulated, and scene words that NHO can never occupy refused."""
from __future__ import annotations

import numpy as np
import pytest
from illustrate_support import authored, lesion, perimeter_ratio, scene
from pydantic import ValidationError
from scipy import ndimage

from builder.illustrate import phantom, sites
from builder.illustrate.anatomy.landmarks import landmarks
from builder.illustrate.lesions import CAPSULE_GAP, CAPSULE_OUTER, CORTEX_GAP, near_capsule
from builder.illustrate.scene import Body, Lesion, Scene
from builder.illustrate.tissues import LESION_FIRST, MUSCLES, T

EVERY_SITE = sorted(sites.SITES)


@pytest.mark.parametrize("sex", ["female", "male"])
def test_the_femoral_head_is_concentric_with_its_acetabulum(sex: str) -> None:
    body = phantom.body(Body(sex=sex))
    for key in "RL":
        side = body.landmarks[key]
        seated = side.head + body.femur_shift[key]
        assert np.linalg.norm(seated - side.acetabulum) < 0.5
        assert 2.5 <= side.acetabulum_r - side.head_r <= 5.5  # cartilage of both surfaces


def test_landmarks_are_where_anatomy_puts_them() -> None:
    lm = landmarks("female")
    for key, s in (("R", -1), ("L", 1)):
        side = lm[key]
        assert side["asis"][1] > side.acetabulum[1] + 30  # anterior superior iliac spine
        assert side["asis"][2] > side.acetabulum[2] + 50
        assert side["ischial_tuberosity"][2] < side.acetabulum[2] - 40
        assert s * (side["greater_trochanter"][0] - side.head[0]) > 35  # lateral
        assert side["lesser_trochanter"][2] < side["neck_base"][2]
    assert lm.points["promontory"][2] > 80


def _lesion_voxels(sc: Scene) -> tuple[np.ndarray, np.ndarray, phantom.Volume]:
    vol = phantom.volume(sc.body, tuple(sc.lesions))
    base = phantom.base_volume(sc.body)
    changed = vol.labels >= LESION_FIRST
    return changed, base.labels, vol


def test_no_lesion_voxel_in_subcutaneous_fat_skin_joint_or_bone() -> None:
    """A lesion lies in muscle and may cross the fat planes between muscles (its own
    lobulated outline, not a muscle's straight edge; the sciatic nerve's plane too), but
    never subcutaneous or pelvic fat."""
    lesions = [Lesion(site=s, side=side, maturity=m, extent="extensive", bridging="both")
               for s in EVERY_SITE[:7] for side, m in (("right", 0.0), ("left", 0.7))]
    b = phantom.body(Body())
    for chunk in (lesions[:7], lesions[7:]):
        sc = Scene(view="xray-ap-pelvis", lesions=chunk)
        changed, base, vol = _lesion_voxels(sc)
        assert changed.sum() > 5000
        assert np.isin(base[changed], [*MUSCLES, T.FAT]).all()  # never skin, joint, bone
        iz, iy, ix = np.nonzero(changed & (base == T.FAT))
        x, y, z = vol.xs[ix], vol.ys[iy], vol.zs[iz]
        planes = np.any([p.inside(x, y, z) for p in b.planes], axis=0)
        assert (b.deep.inside(x, y, z) | planes).all()  # fat between muscles, not under the skin
        assert not b.cavity.inside(x, y, z).any()


def test_no_lesion_voxel_within_the_femoral_head_radius_plus_3_mm() -> None:
    sc = Scene(view="xray-ap-pelvis", lesions=[
        Lesion(site=s, side="right", maturity=0.8, extent="extensive", bridging="both")
        for s in ("iliopsoas", "gluteus-minimus", "short-external-rotators", "adductors",
                  "obturator-externus", "rectus-femoris")])
    changed, _, vol = _lesion_voxels(sc)
    k, j, i = np.nonzero(changed)
    side = phantom.body(sc.body).landmarks["R"]
    d = np.sqrt((vol.xs[i] - side.acetabulum[0]) ** 2 + (vol.ys[j] - side.acetabulum[1]) ** 2
                + (vol.zs[k] - side.acetabulum[2]) ** 2)
    assert d.min() >= side.head_r + 3


def test_a_lesion_keeps_a_muscle_gap_from_cortex_and_capsule_unless_it_bridges() -> None:
    """>= 4 mm of muscle between a non-bridging lesion and native cortex, and >= 5 mm
    between any lesion and the hip capsule, so that NHO is not read as an exostosis, an
    avulsion or a distended joint recess."""
    sc = Scene(view="xray-ap-pelvis", body={"sex": "male"}, lesions=[
        Lesion(site=s, side="right", maturity=0.8, extent="extensive")
        for s in ("iliopsoas", "gluteus-minimus", "short-external-rotators", "adductors",
                  "rectus-femoris", "vastus-intermedius")])
    changed, _, vol = _lesion_voxels(sc)
    k, j, i = np.nonzero(changed)
    x, y, z = vol.xs[i], vol.ys[j], vol.zs[k]
    b = phantom.body(sc.body)
    shift = b.femur_shift["R"]
    femur = b.fields["femur_R"].distance(x - shift[0], y - shift[1], z - shift[2])
    hip = b.fields["hip_R"].distance(x, y, z)
    step = float(vol.xs[1] - vol.xs[0])  # a voxel's reach
    assert femur.min() >= CORTEX_GAP - step and hip.min() >= CORTEX_GAP - step
    assert CORTEX_GAP >= 4.0
    side = b.landmarks["R"]
    near = near_capsule(side, x, y, z, 0.0)
    assert near.any()
    assert femur[near].min() >= CAPSULE_OUTER + CAPSULE_GAP - step


def test_a_lesion_outline_is_lobulated_not_an_ellipse() -> None:
    sc = scene("ct-axial", lesion(0.7, "gluteus-minimus", extent="moderate"),
               level="acetabular-roof")
    xs, ys = np.arange(-200, 0, 0.5, dtype=np.float32), np.arange(80, -120, -0.5,
                                                                    dtype=np.float32)
    lab = phantom.sample_axial(sc, phantom.level_z(phantom.body(sc.body), sc.level), xs, ys)
    mask = lab >= LESION_FIRST
    assert mask.sum() > 400
    assert perimeter_ratio(mask) >= 1.3


@pytest.mark.parametrize("word", ["capsule", "joint", "subcutaneous", "skin", "cartilage"])
def test_a_lesion_where_nho_never_grows_is_an_error(word: str) -> None:
    with pytest.raises(ValidationError, match="never in"):
        Lesion(site=word, side="right", maturity=0.5)


def test_an_unknown_site_lists_the_sites() -> None:
    with pytest.raises(ValidationError, match="iliopsoas"):
        Lesion(site="iliopsoass", side="right", maturity=0.5)


def test_a_lesion_nested_in_another_is_an_error() -> None:
    with pytest.raises(ValidationError, match="never be seen"):
        Scene(view="us-transverse", lesions=[lesion(0.6), lesion(0.2, vascular=True)])


def test_old_compartment_words_still_name_their_muscles() -> None:
    assert sites.resolve("anterior").name == "iliopsoas"
    assert sites.resolve("medial").name == "adductors"
    assert sites.resolve("femoral-shaft").name == "vastus-intermedius"
    assert sites.level("inferior").name == "femoral-head"


def test_atrophy_shrinks_muscle_and_leaves_more_fat() -> None:
    xs, ys = np.arange(-200, 200, 2.0, dtype=np.float32), np.arange(120, -170, -2.0,
                                                                     dtype=np.float32)

    def muscle(atrophy: float) -> int:
        sc = Scene(view="ct-axial", body=Body(atrophy=atrophy))
        lab = phantom.sample_axial(sc, -150.0, xs, ys)
        return int(np.isin(lab, list(MUSCLES)).sum())

    assert muscle(1.0) < 0.85 * muscle(0.0)


def test_the_patient_lies_on_the_couch() -> None:
    b = phantom.body(Body())
    xs = np.arange(-150, 150, 2.0, dtype=np.float32)
    ys = np.arange(-120, -260, -0.5, dtype=np.float32)
    lab = phantom.sample_axial(Scene(view="ct-axial"), -20.0, xs, ys)
    lowest = ys[np.nonzero((lab != T.AIR).any(axis=1))[0].max()]
    assert abs(lowest - b.couch_y) < 2.0  # the buttocks rest on it, flattened
    flat = (lab[np.abs(ys - (b.couch_y + 1.0)).argmin()] != T.AIR).sum() * 2.0
    assert flat > 60  # mm of contact, not a rounded point


def test_forming_bone_is_not_moulded_on_the_bone_it_lies_beside() -> None:
    """Lobes of a mineralising lesion are laid with room to spare before the band of muscle
    that keeps them from cortex and capsule: few of the lesion's voxels sit at that band's
    edge (a lobe carved by it leaves a crescent that follows the bone, read as periosteal
    new bone or a fracture fragment; radiology review 2)."""
    sc = Scene(view="xray-ap-pelvis", body={"sex": "female"}, lesions=[
        Lesion(site=s, side="right", maturity=0.6, extent="moderate")
        for s in ("iliopsoas", "gluteus-minimus", "short-external-rotators", "adductors")])
    changed, _, vol = _lesion_voxels(sc)
    k, j, i = np.nonzero(changed)
    x, y, z = vol.xs[i], vol.ys[j], vol.zs[k]
    b = phantom.body(sc.body)
    hip = b.fields["hip_R"].distance(x, y, z)
    step = float(vol.xs[1] - vol.xs[0])
    at_band = (hip < CORTEX_GAP + 2 * step).mean()
    assert at_band < 0.02, at_band


def _d5() -> Scene:
    return Scene(view="ct-venography", level="trochanters", body={"sex": "male"},
                 lesions=[Lesion(site="anteromedial", side="left", level="trochanters",
                                 maturity=0.8, compresses="femoral")])


def test_forming_bone_displaces_the_femoral_vessels_it_does_not_wrap_them() -> None:
    """Round the external iliac artery beside a mass that presses on its vein, less than
    half of a ring 8 mm out lies in the mass: it lies on one side (radiology review 3: the
    opacified artery lay inside the bone, wrapped on three sides; 57-88 % of the ring)."""
    from builder.illustrate.body.build import artery_course, at_height
    from builder.illustrate.lesions import lesion_solids

    sc = _d5()
    b = phantom.body(sc.body)
    mass = lesion_solids(b, sc.lesions, swell=False)[0]
    knots = np.array(artery_course(b.landmarks, "L"))
    z = phantom.level_z(b, "trochanters")
    turn = np.linspace(0, 2 * np.pi, 72, endpoint=False)
    for dz in (-16.0, -8.0, 0.0, 8.0, 16.0):
        cx, cy, r = at_height(knots, np.full(len(knots), 4.5), z + dz)
        x, y = cx + (r + 8) * np.cos(turn), cy + (r + 8) * np.sin(turn)
        inside = mass.mass.inside(x, y, np.full_like(x, z + dz))  # before the clearance
        assert inside.mean() < 0.45, (dz, inside.mean())


def test_a_pressed_vein_stays_an_opacified_oval() -> None:
    """A vein pressed by a mass is flattened to about 2:1 and keeps about half its area (a
    sliver is missed at a glance; radiology review 3)."""
    from builder.illustrate import vessels

    sec = vessels.Section(0.0, 0.0, 7.0, squeeze=1.0, push=(1.0, 0.0))
    xx, yy = np.meshgrid(np.arange(-20, 20, 0.1), np.arange(-20, 20, 0.1))
    vein = vessels.masks(sec, xx, yy)[0]
    cols, rows = np.nonzero(vein.any(axis=0))[0], np.nonzero(vein.any(axis=1))[0]
    wide, thick = len(rows) * 0.1, len(cols) * 0.1  # across the push, along it
    assert 2.0 <= wide / thick <= 3.0
    assert 0.45 <= vein.sum() * 0.01 / (np.pi * 7.0 ** 2) <= 0.75


def test_the_short_external_rotators_lie_behind_the_hip() -> None:
    """Their lesion is laid behind the joint, lateral to the ischium, not on the part of
    obturator internus inside the pelvis (which put it in front of the ischium, where a
    reader sees obturator externus; radiology review 3)."""
    from builder.illustrate.lesions import lobes

    sc = Scene(view="ct-axial", body={"sex": "female", "atrophy": 0.4}, lesions=[
        Lesion(site="short-external-rotators", side="right", maturity=0.6)])
    b = phantom.body(sc.body)
    side = b.landmarks["R"]
    centres = lobes(b, sc.lesions[0]).c
    assert (centres[:, 1] < side.acetabulum[1] - 10).all(), centres
    assert (np.abs(centres[:, 0]) > abs(side["ischial_tuberosity"][0])).all(), centres


def test_mature_bone_beside_the_shaft_is_a_sheet_near_it() -> None:
    """Mature heterotopic bone along the femoral shaft lies 4 to 20 mm from its cortex, a
    sheet along the bone with a smoother outline than forming bone (figure 5b: 'well-
    demarcated mature bone along the femoral shafts'; before, a ball 3-4 cm out)."""
    from builder.illustrate.lesions import lobes

    sc = Scene(view="xray-ap-pelvis", body={"sex": "male", "atrophy": 0.5}, lesions=[
        Lesion(site="vastus-lateralis", side="right", maturity=0.95)])
    b = phantom.body(sc.body)
    mass = lobes(b, sc.lesions[0])
    femur, shift = b.fields["femur_R"], b.femur_shift["R"]
    below = mass.c[:, 2] < b.landmarks["R"]["lesser_trochanter"][2]
    c = mass.c[below]
    gap = femur.distance(c[:, 0] - shift[0], c[:, 1] - shift[1], c[:, 2] - shift[2]) \
        - mass.r[below][:, 2]
    assert below.sum() >= 2 and (gap < 20).all(), gap
    young = lobes(b, Lesion(site="vastus-lateralis", side="right", maturity=0.5))
    assert mass.fine < young.fine


def test_a_rim_closes_where_the_clearance_or_the_fascia_cuts_the_mass() -> None:
    """The less dense centre of forming bone never reaches the tissue outside it: the rim
    also runs along a face cut by the clearance from bone, capsule or vessels, or by the
    deep fascia (an open rim reads as a shell or a crescent; radiology review 3, 3a)."""
    from scipy import ndimage

    from builder.illustrate import ct
    from builder.illustrate.tissues import CORE, ZONES

    sc = Scene(view="ct-axial", level="acetabular-roof",
               body={"sex": "female", "atrophy": 0.4, "osteopenia": 0.2},
               lesions=[Lesion(site=s, side="right", extent="extensive", maturity=0.7)
                        for s in ("iliopsoas", "gluteus-minimus", "short-external-rotators")])
    b = phantom.body(sc.body)
    z = phantom.level_z(b, sc.level)
    lab = phantom.sample_axial(sc, z, *ct.axes(z))
    lesion = lab >= LESION_FIRST
    core = lesion & ((lab.astype(int) - LESION_FIRST) % ZONES == CORE)
    open_edge = core & ndimage.binary_dilation(~lesion)
    assert core.sum() > 1000 and open_edge.sum() <= 0.005 * core.sum(), open_edge.sum()


def test_no_solid_clump_of_mineral_beside_the_vessels() -> None:
    """Case 1 at ten months (3a): near the femoral vessels every piece of a lesion's mineral
    in the slice has a centre; solid clumps of rim where lobe tips graze the slice read as
    vascular calcification or bone encasing the vessels (radiology review 4)."""
    from builder.illustrate import ct
    from builder.illustrate.tissues import CORE, HALO, LESION_FIRST, ZONES, T

    mature = [Lesion(site=s, side="right", extent="extensive", maturity=0.7)
              for s in ("iliopsoas", "gluteus-minimus", "short-external-rotators")]
    sc = Scene(view="ct-axial", level="acetabular-roof",
               body={"sex": "female", "atrophy": 0.4, "osteopenia": 0.2}, lesions=mature)
    z = phantom.level_z(phantom.body(sc.body), sc.level)
    xs, ys = ct.axes(z)
    labels = phantom.sample_axial(sc, z, xs, ys)
    zone = np.where(labels >= LESION_FIRST, (labels.astype(int) - LESION_FIRST) % ZONES, -1)
    parts, n = ndimage.label(zone > HALO)
    step = float(abs(xs[1] - xs[0]))
    near = ndimage.distance_transform_edt(~np.isin(labels, (T.ARTERY, T.VEIN)),
                                          sampling=step) < 6.0
    for i in range(1, n + 1):
        piece = parts == i
        if (piece & near).any():
            assert (zone[piece] == CORE).any(), f"a clump of rim by the vessels ({i})"


def test_a_haematoma_displaces_the_femoral_vessels_it_does_not_surround_them() -> None:
    """Case 3's thigh: the blood in the quadriceps lies beside the femoral vessels, not all
    round them (radiology review 4: 'a denser collection ... around the femoral vessels')."""
    from builder.illustrate.body.build import artery_course, at_height
    from builder.illustrate.lesions import lesion_solids

    sc = Scene(view="ct-axial", level="mid-thigh", body={"sex": "male"}, lesions=[
        Lesion(site="vastus-intermedius", side="left", level="mid-thigh", maturity=0.35),
        Lesion(kind="haematoma", site="quadriceps", side="left", level="mid-thigh",
               age="acute")])
    b = phantom.body(sc.body)
    blood = lesion_solids(b, sc.lesions, swell=False)[-1]
    knots = np.array(artery_course(b.landmarks, "L"))
    z = phantom.level_z(b, "mid-thigh")
    turn = np.linspace(0, 2 * np.pi, 72, endpoint=False)
    for dz in (-10.0, 0.0, 10.0):
        cx, cy, r = at_height(knots, np.full(len(knots), 4.0), z + dz)
        x, y = cx + (r + 8) * np.cos(turn), cy + (r + 8) * np.sin(turn)
        assert blood.inside(x, y, np.full_like(x, z + dz)).mean() < 0.45


def test_a_mass_behind_the_hip_fills_the_sciatic_fat_plane_not_lined_by_it() -> None:
    """Case 1 at five months, 1b's slice: where the mass of the short external rotators
    covers the fat plane of the sciatic nerve it fills it; it was a rim-only squiggle
    lining the plane, with the plane's fat for a centre (radiology review 5)."""
    from builder.illustrate import ct
    from builder.illustrate.heights import slice_z
    from builder.illustrate.lesions import lobes
    from builder.illustrate.tissues import LESION_FIRST

    sc = Scene(view="ct-axial", level="femoral-neck",
               body={"sex": "female", "atrophy": 0.4, "osteopenia": 0.2}, lesions=[
                   Lesion(site=s, side="right", extent="moderate", maturity=0.6)
                   for s in ("iliopsoas", "gluteus-minimus", "short-external-rotators",
                             "adductors")])
    b = phantom.body(sc.body)
    z = slice_z(b, sc.level)
    xs, ys = ct.axes(z)
    labels = phantom.sample_axial(sc, z, xs, ys)
    xx, yy = np.meshgrid(xs, ys)
    zz = np.full_like(xx, z)
    plane = np.any([p.inside(xx, yy, zz) for p in b.planes], axis=0)
    covered = plane & lobes(b, sc.lesions[2]).inside(xx, yy, zz)
    assert covered.sum() > 20
    assert (labels[covered] >= LESION_FIRST).mean() > 0.9


def _piece(zones: dict[int, np.ndarray], shape=(120, 160)) -> np.ndarray:
    """Synthetic plane codes for lesion 0: each zone painted where its mask is true."""
    from builder.illustrate.tissues import LESION_FIRST

    lab = np.full(shape, T.FAT, np.uint8)
    for zone, mask in zones.items():
        lab[mask] = LESION_FIRST + zone
    return lab


def test_rim_with_no_centre_inside_it_is_a_spur_and_is_dropped() -> None:
    """A finger of rim reaching far from every centre (where the lobulation put out a part too
    thin to hold a centre) reads as a forked tail or a calcified wall (radiology review 5: 3b's
    medial mass, 1b's branching posterior line): the plane keeps the rim round the centre and
    drops the finger."""
    from builder.illustrate.tissues import CORE, RIM

    yy, xx = np.mgrid[0:120, 0:160]
    disc = np.hypot(yy - 60, xx - 50) < 25
    core = np.hypot(yy - 60, xx - 50) < 20  # a 2.5-mm rim at 0.5 mm a pixel
    finger = (np.abs(yy - 60) < 3) & (xx >= 70) & (xx < 150)
    lab = _piece({RIM: disc | finger, CORE: core})
    base = np.full(lab.shape, T.FAT, np.uint8)
    out = phantom.without_slivers(lab, base, (0.5, 0.5), [2.5])
    assert (out[core] == lab[core]).all() and (out[disc & ~core] == lab[disc & ~core]).all()
    assert (out[finger & (xx > 90)] == T.FAT).all()


def test_a_knot_of_rim_round_a_speck_of_centre_beside_a_cored_piece_is_dropped() -> None:
    """A small piece whose centre is under CENTRE_MM across, beside a piece of the same lesion
    with a real centre, reads as a bead or a phlebolith (radiology review 5: 1b)."""
    from builder.illustrate.tissues import CORE, RIM

    yy, xx = np.mgrid[0:120, 0:160]
    big = np.hypot(yy - 60, xx - 50) < 25
    small = np.hypot(yy - 60, xx - 120) < 8
    lab = _piece({RIM: big | small, CORE: (np.hypot(yy - 60, xx - 50) < 20)
                  | (np.hypot(yy - 60, xx - 120) < 2)})
    out = phantom.without_slivers(lab, np.full(lab.shape, T.FAT, np.uint8), (0.5, 0.5), [2.5])
    assert (out[big] == lab[big]).all() and (out[small] == T.FAT).all()


def test_case_1_masses_in_its_ct_planes_each_have_a_centre() -> None:
    """Every piece of mineral in case 1's five- and ten-month CT planes holds a centre at
    least 3 mm across (a rim round it): no rim-only lines, knots or tails (radiology review
    5's first fix)."""
    from builder.illustrate import ct
    from builder.illustrate.tissues import CORE, HALO, ZONES

    for fig in ("fig1a", "fig1b", "fig3a", "fig3b"):
        _, lab = ct.hounsfield(authored("case-01-pelvic-nho-after-tbi", fig))
        zone = np.where(lab >= LESION_FIRST, (lab.astype(int) - LESION_FIRST) % ZONES, -1)
        parts, n = ndimage.label(zone > HALO)
        px = ct.fov() / lab.shape[0]
        for k in range(1, n + 1):
            core = (parts == k) & (zone == CORE)
            width = 2 * px * ndimage.distance_transform_edt(core).max() if core.any() else 0
            assert width >= 3.0, (fig, k, width)


def test_a_mature_rim_varies_in_thickness_round_its_centre() -> None:
    """Ten months (3a): the rim round each mass's centre is thicker in places and thinner in
    others; a rim of one thickness follows the outline like a picture frame (radiology review
    6). Measured from each piece's outer edge to its centre: coefficient of variation (the
    frame measured 0.32; since review 8 a ten-month cortex has no gaps, whose bare centre
    counted here as its thinnest places, so the mean is 0.35, not 0.38)."""
    from builder.illustrate import ct
    from builder.illustrate.tissues import CORE, HALO, ZONES

    _, lab = ct.hounsfield(authored("case-01-pelvic-nho-after-tbi", "fig3a"))
    zone = np.where(lab >= LESION_FIRST, (lab.astype(int) - LESION_FIRST) % ZONES, -1)
    mineral = zone > HALO
    to_core = ndimage.distance_transform_edt(zone != CORE)
    edge = mineral & ~ndimage.binary_erosion(mineral)
    parts, n = ndimage.label(mineral)
    spread = [float(d.std() / d.mean()) for k in range(1, n + 1)
              if (d := to_core[edge & (parts == k)]).size > 60]
    assert len(spread) >= 3 and np.mean(spread) >= 0.35, spread


def test_a_pin_hole_of_centre_in_a_mature_mass_goes_with_its_rim() -> None:
    """A knob of a mature mass with a speck of centre under 3 mm reads as an eyelet or a
    calcified vessel's lumen (radiology review 7): the speck is made rim, and that rim, far
    from the mass's real centre, is dropped."""
    from builder.illustrate.tissues import CORE, RIM

    yy, xx = np.mgrid[0:120, 0:160]
    disc = np.hypot(yy - 60, xx - 50) < 25
    core = np.hypot(yy - 60, xx - 50) < 20
    knob = np.hypot(yy - 60, xx - 82) < 7  # on the disc's rim
    eye = np.hypot(yy - 60, xx - 82) < 2.5
    lab = _piece({RIM: disc | knob, CORE: core | eye})
    base = np.full(lab.shape, T.FAT, np.uint8)
    out = phantom.without_slivers(lab, base, (0.5, 0.5), [2.5], [True])
    assert (out[core] == lab[core]).all() and (out[eye] == T.FAT).all()
