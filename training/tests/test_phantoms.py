import numpy as np

from endoverlay_training import datasets, ercp_phantom, eus_phantom


def test_ercp_frames_are_deterministic_per_seed():
    a = ercp_phantom.random_frame(np.random.default_rng(42), True)
    b = ercp_phantom.random_frame(np.random.default_rng(42), True)
    c = ercp_phantom.random_frame(np.random.default_rng(43), True)
    assert np.array_equal(a.image, b.image) and a.box == b.box and a.papilla == b.papilla
    assert not np.array_equal(a.image, c.image)


def test_eus_frames_are_deterministic_per_seed():
    a = eus_phantom.random_frame(np.random.default_rng(5), 1)
    b = eus_phantom.random_frame(np.random.default_rng(5), 1)
    assert np.array_equal(a.image, b.image) and a.box == b.box


def test_data_sets_do_not_depend_on_the_number_of_workers():
    one = datasets.generate("ercp", 9, 6, (96, 72), workers=1)
    two = datasets.generate("ercp", 9, 6, (96, 72), workers=2)
    for a, b in zip(one, two):
        assert np.array_equal(a.image, b.image) and a.box == b.box and a.label == b.label


def test_papilla_is_in_the_frame_where_the_label_says():
    rng = np.random.default_rng(1)
    for _ in range(5):
        frame = ercp_phantom.random_frame(rng, True)
        x, y, w, h = frame.box
        assert 0 <= x and 0 <= y and x + w <= 640 and y + h <= 480
        inside = frame.image[int(y):int(y + h), int(x):int(x + w)].astype(float)
        # The papilla is redder than the mucosa around it.
        redness_inside = (inside[..., 2] - inside[..., 1]).mean()
        redness_frame = (frame.image[..., 2].astype(float) - frame.image[..., 1]).mean()
        assert redness_inside > redness_frame


def test_frames_without_papilla_have_no_label():
    frame = ercp_phantom.random_frame(np.random.default_rng(2), False)
    assert frame.box is None and frame.papilla is None


def test_difficulty_depends_on_morphology_and_diverticulum_as_specified():
    rng = np.random.default_rng(0)
    papillae = [ercp_phantom.sample_papilla(rng, 0, 0, 40) for _ in range(40000)]

    def rate(pred):
        chosen = [p for p in papillae if pred(p)]
        return np.mean([p.difficult for p in chosen])

    regular = rate(lambda p: p.morphology == "regular" and p.diverticulum == "none")
    creased = rate(lambda p: p.morphology == "creased" and p.diverticulum == "none")
    assert abs(regular - 0.26) < 0.03 and abs(creased - 0.45) < 0.03
    assert rate(lambda p: p.diverticulum != "none") > rate(lambda p: p.diverticulum == "none") + 0.1
    outcomes = np.bincount([p.outcome for p in papillae], minlength=4)
    assert all(outcomes > 0)


def test_eus_lesion_types_differ_in_locule_count():
    """MCN has few large locules, SCN many small ones: count dark blobs inside the box."""
    import cv2
    counts = {0: [], 1: []}
    rng = np.random.default_rng(4)
    for kind in (0, 1) * 4:
        frame = eus_phantom.random_frame(rng, kind)
        x, y, w, h = (int(v) for v in frame.box)
        grey = cv2.cvtColor(frame.image[y:y + h, x:x + w], cv2.COLOR_BGR2GRAY)
        dark = (cv2.GaussianBlur(grey, (0, 0), 2.0) < 40).astype(np.uint8)
        n, _, stats, _ = cv2.connectedComponentsWithStats(dark)
        counts[kind].append(sum(1 for s in stats[1:] if s[cv2.CC_STAT_AREA] >= 6))
    assert np.mean(counts[1]) > 2 * np.mean(counts[0])


def test_region_of_interest_holds_the_lesion_as_a_hand_dragged_one_would():
    """At least 85 % of the lesion (the worst case is about 88 %) and its centre; a drag may shave its edge."""
    rng = np.random.default_rng(8)
    image = np.zeros((480, 640, 3), np.uint8)
    image[200:260, 300:380] = 255                    # the lesion: 80 x 60 at (300, 200)
    for _ in range(20):
        crop, (x, y, w, h) = datasets.region_of_interest(rng, image, (300.0, 200.0, 80.0, 60.0), 4 / 3)
        assert crop[..., 0].sum() >= 0.85 * image[..., 0].sum()
        assert crop[int(y + h / 2), int(x + w / 2), 0] == 255
        assert 1.2 < crop.shape[1] / crop.shape[0] < 1.45
