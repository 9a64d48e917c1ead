"""A few training steps on a few phantoms end in TorchScript files that load, run and match their cards."""
import cv2
import numpy as np
import torch

from endoverlay_training import datasets, export, model_card, train
from endoverlay_training.inception import InceptionClassifier
from endoverlay_training.resnet import ResNetClassifier
from endoverlay_training.resnet_unet import ResNetUNet
from endoverlay_training.unet import VggUNet

SIZE = (96, 64)
QUICK = train.Schedule(epochs=1, patience=1, batch_size=4, max_steps=2)


def test_ampulla_smoke_run_exports_a_working_model(tmp_path):
    torch.manual_seed(0)
    samples = datasets.generate("ercp", 3, 8, SIZE, workers=1)
    model, history = train.train_ampulla(VggUNet([4, 4, 8, 8], [1, 1, 1, 1], 2), samples, samples, (640, 480), QUICK)
    assert len(history) == 1 and np.isfinite(history[0]["loss"])
    card_path = export.export(model, tmp_path, "smoke-ampulla", "0", "ampulla_soft_mask", SIZE, False,
                              [("mask_logits", "m")], ["ampulla"], {"box_threshold": 0.6}, {}, {"mIoU": 0.0})
    card = model_card.load(card_path)
    loaded = torch.jit.load(str(tmp_path / card["file"]))
    out = loaded(train.to_tensor([samples[0].image]))
    assert list(out.shape) == card["outputs"][0]["shape"] == [1, 1, 32, 48]


def test_classifier_smoke_run_exports_features_and_head(tmp_path):
    torch.manual_seed(0)
    samples = [s for s in datasets.generate("eus", 4, 8, SIZE, workers=1) if s.label >= 0]
    model = ResNetClassifier(2, 1, width=4, blocks=(1, 1), bottleneck=False)
    model, _ = train.train_classifier(model, samples, samples, 2, train.classification_accuracy_auc, QUICK, True)
    card_path = export.export(model, tmp_path, "smoke-cyst", "0", "cyst_type", SIZE, True,
                              [("logits", "l"), ("feature_map", "f")], ["MCN", "SCN"], {}, {}, {"accuracy": 0.5})
    card = model_card.load(card_path)
    loaded = torch.jit.load(str(tmp_path / card["file"]))
    logits, features = loaded(train.to_tensor([samples[0].image]))
    assert [list(logits.shape), list(features.shape)] == [o["shape"] for o in card["outputs"]]
    features = features.detach().requires_grad_()
    score = loaded.head(features)[0, 1]
    score.backward()
    assert features.grad is not None and features.grad.abs().sum() > 0


def test_ct_phase_smoke_run_exports_a_card_with_its_window(tmp_path):
    torch.manual_seed(0)
    studies = datasets.generate("ct", 5, 6, (64, 64), workers=1)
    samples = datasets.ct_phase(studies, 1)
    model = InceptionClassifier(2, 1, width=4, blocks=(1, 1))
    model, _ = train.train_classifier(model, samples, samples, 2, train.classification_accuracy_auc, QUICK, True)
    card_path = export.export(model, tmp_path, "smoke-ct", "0", "renal_mass_malignancy", (64, 64), True,
                              [("logits", "l"), ("feature_map", "f")], ["malignant", "benign"], {}, {}, {"auc": 0.5},
                              kind="classifier", window=datasets.CT_INPUT_WINDOW)
    card = model_card.load(card_path)
    assert card["input"]["window"] == {"centre": 100.0, "width": 500.0, "units": "HU"}
    logits, features = torch.jit.load(str(tmp_path / card["file"]))(train.to_tensor([samples[0].image]))
    assert [list(logits.shape), list(features.shape)] == [o["shape"] for o in card["outputs"]]


def test_liver_segmenter_and_masked_classifier_smoke_run(tmp_path):
    torch.manual_seed(0)
    samples = datasets.generate("mri", 5, 4, (64, 64), workers=1)
    assert all(s.mask.shape == (64, 64) and s.mask.max() == 1 for s in samples)
    unet, history = train.train_segmenter(ResNetUNet(2, 1, width=4, blocks=(1, 1, 1, 1)), samples, samples, QUICK)
    assert len(history) == 1 and 0 <= history[0]["validation"] <= 1
    card_path = export.export(unet, tmp_path, "smoke-liver", "0", "liver_segmentation", (64, 64), True,
                              [("logits", "l")], ["background", "liver"], {"segment_label": "liver"}, {},
                              {"dice": {}}, kind="segmenter", intensity=datasets.MRI_STRETCH_PERCENTILES)
    card = model_card.load(card_path)
    assert card["input"]["intensity"] == {"stretch_percentiles": [0.5, 99.5]}
    assert card["outputs"][0]["shape"] == [1, 2, 64, 64]
    masks = list(train.predict_segmentation(unet, samples))
    segmented = datasets.masked(samples, masks)
    rim = np.ones((2 * datasets.MASK_MARGIN_PX + 1,) * 2, np.uint8)
    assert all(((s.image > 0) <= (cv2.dilate(m, rim) > 0)).all() for s, m in zip(segmented, masks))
    assert all(np.array_equal(s.image[cv2.dilate(m, rim) > 0], o.image[cv2.dilate(m, rim) > 0])
               for s, m, o in zip(segmented, masks, samples))
