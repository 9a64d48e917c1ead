import numpy as np

from endoverlay_training import regions


def test_region_is_a_square_around_the_box_scaled_to_its_longer_edge():
    image = np.zeros((480, 640, 3), np.uint8)
    image[200:240, 300:360] = 255                    # the "papilla": 60 x 40 at (300, 200)
    region = regions.papilla_region(image, (300, 200, 60, 40), scale=3.0, size=90)
    assert region.shape == (90, 90, 3)
    bright = np.argwhere(region[..., 0] > 127)
    # 180-pixel square → 90 pixels: the box covers the middle third across and 40/180 of the height.
    assert bright[:, 1].min() == 30 and bright[:, 1].max() == 59
    assert bright[:, 0].min() == 35 and bright[:, 0].max() == 54


def test_region_leaving_the_frame_is_black_there():
    image = np.full((100, 100, 3), 200, np.uint8)
    region = regions.papilla_region(image, (0, 0, 20, 20), scale=3.0, size=60)
    assert region[:15, :15].max() == 0 and region[-10:, -10:].min() == 200


def test_jitter_stays_within_its_amount():
    rng = np.random.default_rng(0)
    for _ in range(100):
        x, y, w, h = regions.jittered(rng, (100, 100, 50, 40), 0.15)
        assert abs(x + w / 2 - 125) <= 7.5 + 1e-9 and abs(y + h / 2 - 120) <= 6 + 1e-9
        assert 42.5 - 1e-9 <= w <= 57.5 + 1e-9
