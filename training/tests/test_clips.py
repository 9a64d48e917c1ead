"""The shipped demo clips decode, and their ground truth lines up with their frames."""
import json
import shutil
import subprocess
from pathlib import Path

import cv2
import numpy as np
import pytest

from endoverlay_training import clips

CLIPS = Path(__file__).resolve().parents[2] / "resources" / "clips"


def truth_of(name: str):
    with open(CLIPS / f"{name}.truth.jsonl", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


@pytest.mark.parametrize("name", ["ercp_demo", "eus_demo"])
def test_clip_frames_match_the_ground_truth(name):
    description = json.loads((CLIPS / f"{name}.json").read_text())
    truth = truth_of(name)
    capture = cv2.VideoCapture(str(CLIPS / f"{name}.mp4"))
    frames = 0
    while capture.read()[0]:
        frames += 1
    assert frames == len(truth) == description["frames"]
    assert 20 <= frames / description["fps"] <= 30
    assert [r["frame"] for r in truth] == list(range(frames))
    assert np.all(np.diff([r["pts_ns"] for r in truth]) > 0)
    with_target = [r for r in truth if r["box"]]
    # The target enters, stays a while and leaves.
    assert 0.3 * frames < len(with_target) < 0.9 * frames
    assert truth[0]["box"] is None and truth[-1]["box"] is None
    assert all(r["label"] for r in with_target)


@pytest.mark.skipif(shutil.which("gst-launch-1.0") is None, reason="GStreamer tools not installed")
@pytest.mark.parametrize("name", ["ercp_demo", "eus_demo", "ceus_pdac_demo", "ceus_cp_demo"])
def test_clip_decodes_as_h264_in_gstreamer(name):
    pipeline = (f"filesrc location={CLIPS / name}.mp4 ! qtdemux ! h264parse ! avdec_h264 ! videoconvert ! "
                "video/x-raw,format=I420,width=640,height=480 ! fakesink")
    out = subprocess.run(["gst-launch-1.0", "-q", *pipeline.split()], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr


def test_eus_clip_shows_both_cyst_types_in_order():
    labels = [r["label"] for r in truth_of("eus_demo") if r["label"]]
    assert labels[0] == "MCN" and labels[-1] == "SCN"
    assert set(labels) == {"MCN", "SCN"}


def test_a_short_clip_is_written_with_its_truth(tmp_path):
    description = clips.ercp_clip(tmp_path / "c.mp4", seed=3, seconds=0.4)
    truth = [json.loads(line) for line in (tmp_path / "c.truth.jsonl").read_text().splitlines()]
    assert description["frames"] == len(truth) == 10
    assert truth[1]["pts_ns"] == 40_000_000


def test_camera_path_is_continuous():
    a = clips.camera_at(clips.ERCP_KEYS, 10.0, 4.0)
    b = clips.camera_at(clips.ERCP_KEYS, 10.04, 4.0)
    assert abs(a.centre_x - b.centre_x) < 10 and abs(a.zoom - b.zoom) < 0.01
