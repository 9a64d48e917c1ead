import numpy as np
import pytest

from endoverlay_training.metrics import iou
from endoverlay_training.softmask import box_to_mask, mask_to_box


@pytest.mark.parametrize("box", [(40.0, 30.0, 60.0, 40.0), (10.0, 100.0, 18.0, 30.0),
                                 (150.5, 20.25, 90.0, 120.0), (0.0, 0.0, 25.0, 25.0)])
def test_box_mask_box_round_trip(box):
    mask = box_to_mask(box, 320, 240)
    assert mask.max() == pytest.approx(1.0, abs=0.02)
    detection = mask_to_box(mask)
    assert iou(detection.box, box) >= 0.95


def test_mask_peaks_at_box_centre_with_sigma_half_the_size():
    mask = box_to_mask((100, 50, 40, 20), 300, 200)
    row, col = np.unravel_index(np.argmax(mask), mask.shape)
    assert abs(col + 0.5 - 120) <= 0.5 and abs(row + 0.5 - 60) <= 0.5
    # One sigma (half the width) from the centre the Gaussian is exp(-1/2).
    assert mask[int(60 - 0.5), int(140 - 0.5)] == pytest.approx(np.exp(-0.5), abs=0.03)


def test_only_the_component_connected_to_the_peak_is_boxed():
    mask = np.maximum(box_to_mask((20, 20, 30, 30), 200, 100), 0.9 * box_to_mask((140, 40, 30, 30), 200, 100))
    detection = mask_to_box(mask)
    assert iou(detection.box, (20, 20, 30, 30)) >= 0.9
    assert detection.centroid[0] < 100


def test_score_is_the_raw_peak_and_empty_masks_give_nothing():
    assert mask_to_box(0.3 * box_to_mask((50, 50, 20, 20), 120, 120)).score == pytest.approx(0.3, abs=0.01)
    assert mask_to_box(np.zeros((10, 10), np.float32)) is None
