"""The four-phase renal CT phantom: deterministic, in plausible Hounsfield units, with the paper's
imbalance and with the corticomedullary phase telling the classes apart better than the excretory
phase; and its DICOM series, which give the same HU back through their rescale."""
import cv2
import numpy as np
import pydicom
import pytest
from pydicom.pixel_data_handlers.util import apply_modality_lut

from endoverlay_training import ct_phantom as ct
from endoverlay_training import datasets, dicom_series, model_card
from endoverlay_training.metrics import binary_auc


def mass_pixels(study: ct.RenalStudy, phase: int) -> np.ndarray:
    z = study.slice_z[study.slice_of_mass()]
    hu = ct.render_slice(study, phase, z)
    x, y = ct.grid()
    shift_y, shift_z = study.breathing_mm[phase]
    return hu[study.mass.shape.section(x, y - shift_y, z - shift_z, 0.8)]


def test_the_same_seed_gives_the_same_study():
    a, b = ct.make_study(3), ct.make_study(3)
    assert a == b
    assert np.array_equal(ct.render_slice(a, 2, a.slice_z[5]), ct.render_slice(b, 2, b.slice_z[5]))
    assert ct.make_study(4) != a


def test_the_classes_keep_the_papers_imbalance_and_masses_stay_small():
    studies = ct.studies(7, 400)
    malignant = np.mean([s.mass.malignant for s in studies])
    assert malignant == pytest.approx(136 / 168, abs=0.05)
    diameters = [2 * max(s.mass.shape.radii) for s in studies]
    assert max(diameters) <= ct.MAX_MASS_DIAMETER_MM and min(diameters) >= 0.8 * ct.MIN_MASS_DIAMETER_MM
    assert {s.mass.kind.name for s in studies} == {k.name for k in ct.MASS_TYPES}


def test_tissues_enhance_as_the_phases_say():
    study = next(s for s in ct.studies(11, 20) if s.mass.core is None)   # a core keeps its own HU
    z = study.slice_z[study.slice_of_mass()]
    x, y = ct.grid()
    aorta = ((x - 14) / 7) ** 2 + ((y - 30) / 7) ** 2 < 1
    slices = [ct.render_slice(study, p, z) for p in range(len(ct.PHASES))]
    assert slices[0][0, 0] == pytest.approx(ct.AIR_HU, abs=1)
    aorta_hu = [float(s[aorta].mean()) for s in slices]
    assert aorta_hu[0] < 60 and aorta_hu[1] > 220 and aorta_hu[1] > aorta_hu[2] > aorta_hu[3]
    mass = [float(mass_pixels(study, p).mean()) for p in range(len(ct.PHASES))]
    assert mass == pytest.approx(list(study.mass.hu), abs=25)


def test_the_corticomedullary_phase_separates_the_classes_better_than_the_excretory():
    """A plain feature, the spread of the mass's HU (its heterogeneity), already orders the phases as the
    paper found."""
    studies = [ct.make_study(50_000 + i, malignant=i % 3 != 0) for i in range(90)]

    def auc(phase: int) -> float:
        score = {id(s): float(np.std(mass_pixels(s, phase))) for s in studies}
        return binary_auc([score[id(s)] for s in studies if s.mass.malignant],
                          [score[id(s)] for s in studies if not s.mass.malignant])

    corticomedullary, excretory = auc(1), auc(3)
    assert corticomedullary > 0.85 and corticomedullary > excretory + 0.1


def test_the_mass_box_holds_the_mass_and_the_region_around_it_holds_the_box():
    study = ct.make_study(21)
    z = study.slice_z[study.slice_of_mass()]
    rng = np.random.default_rng(0)
    for phase in range(len(ct.PHASES)):
        x, y, w, h = ct.mass_box(study, phase, z)
        assert 0.8 * ct.MIN_MASS_DIAMETER_MM / ct.PIXEL_MM <= max(w, h) <= ct.MAX_MASS_DIAMETER_MM / ct.PIXEL_MM + 2
        left, top, side, _ = ct.region_around((x, y, w, h), rng, jitter=0.0)
        assert left <= x and top <= y and left + side >= x + w and top + side >= y + h
    assert ct.mass_box(study, 0, study.mass.shape.centre[2] + 100) is None


def test_a_study_is_written_as_four_ct_series_that_give_the_hu_back(tmp_path):
    study = ct.make_study(5)
    paths = ct.write_study(tmp_path, study)
    assert len(paths) == len(ct.PHASES) * ct.SLICES
    datasets = [pydicom.dcmread(p) for p in paths]
    assert len({d.StudyInstanceUID for d in datasets}) == 1
    assert len({d.SeriesInstanceUID for d in datasets}) == len(ct.PHASES)
    assert len({d.SOPInstanceUID for d in datasets}) == len(paths)
    assert {d.SOPClassUID for d in datasets} == {dicom_series.CT_IMAGE_STORAGE}
    for d in datasets:
        assert (d.Modality, d.RescaleSlope, d.RescaleIntercept, d.BitsStored) == ("CT", 1, -1024, 12)
        assert d.PatientName == "SYNTHETIC^PHANTOM" and d.PatientIdentityRemoved == "YES"
        assert "StudyDate" not in d or d.StudyDate == ""
    corticomedullary = [d for d in datasets if d.SeriesNumber == 2]
    assert "corticomedullary" in corticomedullary[0].SeriesDescription
    assert "ContrastBolusAgent" in corticomedullary[0]
    assert all("ContrastBolusAgent" not in d for d in datasets if d.SeriesNumber == 1)
    z = [float(d.ImagePositionPatient[2]) for d in corticomedullary]
    assert z == pytest.approx(list(study.slice_z), abs=1e-3)
    k = study.slice_of_mass()
    hu = apply_modality_lut(corticomedullary[k].pixel_array, corticomedullary[k])
    assert np.abs(hu - ct.render_slice(study, 1, study.slice_z[k])).max() <= 0.5 + 1e-3


def test_rewriting_a_study_gives_the_same_bytes(tmp_path):
    study = ct.make_study(6)
    first = ct.write_study(tmp_path / "a", study)
    second = ct.write_study(tmp_path / "b", study)
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]


def test_a_training_sample_holds_the_four_phases_at_one_region():
    sample = datasets.ct_sample((9, 3, (64, 64)))
    assert sample.image.shape == (64, 64, len(ct.PHASES)) and sample.image.dtype == np.uint8
    study = ct.make_study(9 * 1_000_000 + 3)
    assert sample.label == study.mass.label
    x, y, w, h = (int(v) for v in sample.frame_box)
    z = study.slice_z[study.slice_of_mass()]
    hu = datasets.stored_hu(ct.render_slice(study, 1, z))[y:y + h, x:x + w]   # as the DICOM series stores it
    expected = cv2.resize(datasets.windowed(hu, datasets.CT_INPUT_WINDOW), (64, 64), interpolation=cv2.INTER_AREA)
    assert np.array_equal(sample.image[..., 1], expected)
    assert [s.image.shape for s in datasets.ct_phase([sample], 3)] == [(64, 64)]
    # DICOM's linear window: its ends black and white.
    assert list(datasets.windowed(np.array([-150.5, 349.5, 1000.0]), (100.0, 500.0))) == [0, 255, 255]


def test_card_windows_are_checked():
    card_input = {"width": 64, "height": 64, "channels": 1, "colour_order": "GREY", "mean": [0.5], "std": [0.25],
                  "window": {"centre": 100, "width": 1, "units": "HU"}}
    with pytest.raises(model_card.ModelCardError, match="width"):
        model_card.validate_input(card_input)
    card_input["window"] = {"centre": 100, "width": 500, "units": "mm"}
    with pytest.raises(model_card.ModelCardError, match="HU"):
        model_card.validate_input(card_input)
