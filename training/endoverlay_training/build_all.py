"""One command that regenerates the phantoms, retrains, evaluates and exports
everything the app ships: the four demo models with their cards, the demo
clips with their ground truth, the plots, the contact sheets and the results
table in training/README.md.

    /usr/bin/python3 -m endoverlay_training.build_all            (from training/)
    /usr/bin/python3 -m endoverlay_training.build_all --only ceus
    /usr/bin/python3 -m endoverlay_training.build_all --only ceus-clips

--only rebuilds some parts and leaves the others' files alone; their entries
in results/metrics.json and the README stay.
"""
import argparse
import json
import logging
import os
import sys
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Set, Tuple

import numpy as np
import torch

from . import clips, contact_sheet, datasets, evaluate, export, metrics, readme_results, regions, train
from .ceus_phantom import CLASSES as CEUS_CLASSES
from .ct_phantom import CLASSES as CT_CLASSES, PHASES as CT_PHASES
from .ercp_phantom import FRAME_SIZE as ERCP_FRAME, OUTCOMES
from .mri_phantom import CLASSES as MRI_CLASSES
from .eus_phantom import CYST_TYPES
from .inception import InceptionClassifier, InceptionV3Classifier
from .resnet import ResNetClassifier, resnet50
from .resnet_unet import ResNetUNet, resnet34_unet
from .unet import VGG16_CONVS, VggUNet, scaled_widths

log = logging.getLogger("training")

TRAINING = Path(__file__).resolve().parent.parent
REPOSITORY = TRAINING.parent
ERCP_INPUT = (192, 144)
EUS_INPUT = (256, 192)
CEUS_INPUT = (224, 224)
CEUS_HIDDEN = 512
CEUS_DROPOUT = 0.5
CEUS_REGION_OF_INTEREST = ("required: a rectangle around the lesion on the contrast (right) half of the dual view, "
                           "1.1 to 2 times the lesion, as a user draws it; grey, stretched to the input size")
CT_INPUT = (64, 64)
CT_INCEPTION_V3_INPUT = (299, 299)
CT_REGION_OF_INTEREST = ("required: a square around the mass on the slice through its centre, 1.3 to 1.8 times "
                         "the mass, dragged on one phase and carried to the others at the same place; the slice's HU "
                         "through input.window, stretched to the input size")
MRI_INPUT = (128, 128)
SEEDS = {"train": 1, "validation": 2, "test": 1001}
VERSION = "1.0.0"
PARTS = ("ampulla", "difficulty", "cyst", "ceus", "ceus-clips", "clips", "ct", "mri")
PART_TIMINGS = {"ampulla": "ampulla", "difficulty": "difficulty", "cyst": "cyst type", "ceus": "ceus",
                "ceus-clips": "ceus clips", "clips": "clips and contact sheet", "ct": "ct",
                "mri": "mri"}


def at_least_one(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--resources", type=Path, default=REPOSITORY / "resources")
    p.add_argument("--results", type=Path, default=TRAINING / "results")
    p.add_argument("--cache", type=Path, default=TRAINING / "build" / "cache",
                   help="phantom data sets kept between runs (redrawn when the generator changes)")
    p.add_argument("--ampulla-width", type=int, default=8, help="first-stage channels of the U-Net (64 = VGG16)")
    p.add_argument("--ampulla-convs", default="1,1,2,2,2", help="convolutions per encoder stage (VGG16: 2,2,3,3,3)")
    p.add_argument("--vgg16", action="store_true", help="the paper's full VGG16 U-Net")
    p.add_argument("--resnet50", action="store_true", help="the papers' ResNet50 for the classifiers")
    p.add_argument("--ercp-train", type=int, default=3000)
    p.add_argument("--eus-train", type=int, default=2000)
    p.add_argument("--ampulla-epochs", type=int, default=10)
    p.add_argument("--classifier-epochs", type=int, default=20)
    p.add_argument("--ceus-train", type=int, default=2000)
    p.add_argument("--ceus-validation", type=int, default=400)
    p.add_argument("--ceus-test", type=int, default=800)
    p.add_argument("--ceus-epochs", type=int, default=20)
    p.add_argument("--ceus-width", type=int, default=16, help="first-stage channels of the demo CEUS ResNet")
    p.add_argument("--ceus-clip-seconds", type=float, default=clips.CEUS_SECONDS)
    p.add_argument("--ct-train", type=int, default=1500, help="renal CT studies to train on")
    p.add_argument("--ct-validation", type=int, default=300)
    p.add_argument("--ct-test", type=int, default=600)
    p.add_argument("--ct-epochs", type=int, default=30)
    p.add_argument("--ct-width", type=int, default=16, help="first-stage channels of the demo Inception")
    p.add_argument("--mri-train", type=int, default=500, help="liver MRI studies to train on")
    p.add_argument("--mri-validation", type=int, default=100)
    p.add_argument("--mri-test", type=int, default=400)
    p.add_argument("--mri-epochs", type=int, default=15)
    p.add_argument("--mri-seeds", type=at_least_one, default=8,
                   help="training seeds both cirrhosis classifiers are trained with, to show how far the comparison "
                        "moves with the seed; the first one's models are shipped")
    p.add_argument("--resnet34-unet", action="store_true", help="the study's ResNet34 encoder for the liver U-Net")
    p.add_argument("--inception-v3", action="store_true", help="the paper's Inception-v3 for the CT phases, on "
                                                               f"{CT_INCEPTION_V3_INPUT[0]}×{CT_INCEPTION_V3_INPUT[1]} crops")
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--only", help=f"rebuild only these parts, comma separated: {', '.join(PARTS)}; the others' "
                                  "files stay and their entries in metrics.json are kept")
    p.add_argument("--readme", type=Path, default=TRAINING / "README.md", help="whose results section to rewrite")
    p.add_argument("--sheets", type=Path, default=TRAINING, help="where the contact sheets go")
    return p.parse_args()


def classifier(classes: int, in_channels: int, big: bool) -> ResNetClassifier:
    if big:
        return resnet50(classes, in_channels)
    return ResNetClassifier(classes, in_channels, width=16, blocks=(1, 1, 1, 1), bottleneck=False, dropout=0.2)


def architecture_of(model: torch.nn.Module, description: str) -> Dict:
    return {"description": description, "parameters": sum(p.numel() for p in model.parameters())}


def summary(result: Dict) -> Dict:
    return {k: v for k, v in result.items() if not k.startswith("per_frame")}


def with_fixed_hash_seed() -> None:
    """TorchScript writes some constants in set order, which follows Python's string hashing:
    a fixed seed makes the exported files byte for byte the same from run to run."""
    if os.environ.get("PYTHONHASHSEED") != "0":
        os.execve(sys.executable, [sys.executable, "-m", "endoverlay_training.build_all", *sys.argv[1:]],
                  {**os.environ, "PYTHONHASHSEED": "0"})


def main() -> None:
    with_fixed_hash_seed()
    args = parse_args()
    parts = selected_parts(args.only)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    device_note = "CUDA" if torch.cuda.is_available() else f"CPU, {args.threads} threads"
    workers = max(1, min(2, args.threads))
    started = time.time()
    args.results.mkdir(parents=True, exist_ok=True)
    models_dir = args.resources / "models"
    timings: Dict[str, float] = {}
    made: Dict[str, Any] = {}
    history: Dict[str, Any] = {}
    clip_descriptions: Dict[str, Any] = {}
    data: Dict[str, Dict[str, int]] = {k: {"seed": s} for k, s in SEEDS.items()}

    def lap(name: str, since: float) -> float:
        timings[name] = round(time.time() - since, 1)
        log.info("%s done in %.0f s", name, timings[name])
        return time.time()

    t = time.time()
    kinds = (["ercp"] if parts & {"ampulla", "difficulty"} else []) + (["eus"] if "cyst" in parts else [])
    cached_names = " ".join(p.name for p in args.cache.glob("*.pkl"))
    cached = all(datasets.generator_fingerprint(kind) in cached_names for kind in kinds)
    ercp = {k: datasets.generate_cached(args.cache, "ercp", s, n, ERCP_INPUT, workers)
            for (k, s), n in zip(SEEDS.items(), (args.ercp_train, 500, 1000))} if "ercp" in kinds else {}
    eus = {k: datasets.generate_cached(args.cache, "eus", s, n, EUS_INPUT, workers)
           for (k, s), n in zip(SEEDS.items(), (args.eus_train, 400, 800))} if "eus" in kinds else {}
    for name, sets in (("ercp", ercp), ("eus", eus)):
        for k, v in sets.items():
            data[k][name] = len(v)
    if kinds:
        t = lap("phantom data sets", t)

    if "ampulla" in parts:
        widths, convs = (scaled_widths(64), VGG16_CONVS) if args.vgg16 else (
            scaled_widths(args.ampulla_width), [int(c) for c in args.ampulla_convs.split(",")])
        unet = VggUNet(widths, convs, decoder_stages=None if args.vgg16 else len(widths) - 2)
        unet, history["ampulla"] = train.train_ampulla(unet, ercp["train"], ercp["validation"], ERCP_FRAME,
                                                       train.Schedule(epochs=args.ampulla_epochs, patience=3))
        threshold = evaluate.display_threshold(unet, ercp["validation"])
        ampulla = evaluate.evaluate_ampulla(unet, ercp["test"], ERCP_FRAME, threshold)
        evaluate.plot_success(ampulla, args.results / "ampulla_success.png")
        export.export(unet, models_dir, "ercp-ampulla-demo", VERSION, "ampulla_soft_mask", ERCP_INPUT, False,
                      [("mask_logits", "ampulla soft-mask logits; sigmoid gives the mask, at input / "
                        f"{unet.output_stride} resolution")], ["ampulla"],
                      {"activation": "sigmoid", "resize_mask_to": "frame", "box_threshold": 0.6,
                       "display_threshold": round(threshold, 4)},
                      architecture_of(unet, f"U-Net, VGG-style encoder widths {widths}, convs {list(convs)}, "
                                            f"output stride {unet.output_stride}"),
                      summary(ampulla))
        made["ampulla"] = summary(ampulla)
        t = lap("ampulla", t)

    if "difficulty" in parts:
        papilla = {k: datasets.papilla_regions(v) for k, v in ercp.items()}
        net = classifier(len(OUTCOMES), 3, args.resnet50)
        net, history["difficulty"] = train.train_classifier(
            net, papilla["train"], papilla["validation"], len(OUTCOMES), train.difficulty_auc,
            train.Schedule(epochs=args.classifier_epochs, patience=5, learning_rate=1e-3), flip_vertical=False)
        difficulty = evaluate.evaluate_difficulty(net, papilla["test"], OUTCOMES)
        export.export(net, models_dir, "ercp-difficulty-demo", VERSION, "cannulation_difficulty",
                      regions.region_size(), False,
                      [("logits", "cannulation outcome logits; softmax gives the four class probabilities"),
                       ("feature_map", "last convolutional feature map, for Grad-CAM through method head()")],
                      OUTCOMES, {"activation": "softmax", "difficult_classes": list(OUTCOMES[1:]),
                                 "gradcam_method": "head"},
                      architecture_of(net, "ResNet50" if args.resnet50 else "ResNet, basic blocks 1-1-1-1, width 16"),
                      difficulty, region_of_interest={"around": "ampulla_box", "shape": "square",
                                                      "scale": regions.SCALE, "outside_frame": "black"})
        made["difficulty"] = difficulty
        t = lap("difficulty", t)

    if "cyst" in parts:
        lesions = {k: [s for s in v if s.label >= 0] for k, v in eus.items()}
        net = classifier(len(CYST_TYPES), 1, args.resnet50)
        net, history["cyst"] = train.train_classifier(
            net, lesions["train"], lesions["validation"], len(CYST_TYPES), train.classification_accuracy_auc,
            train.Schedule(epochs=args.classifier_epochs, patience=4, learning_rate=1e-3), flip_vertical=True)
        cyst = evaluate.evaluate_classifier(net, lesions["test"], CYST_TYPES)
        export.export(net, models_dir, "eus-cyst-demo", VERSION, "cyst_type", EUS_INPUT, True,
                      [("logits", "cyst type logits; softmax gives P(MCN), P(SCN)"),
                       ("feature_map", "last convolutional feature map, for Grad-CAM through method head()")],
                      CYST_TYPES, {"activation": "softmax", "gradcam_method": "head",
                                   "region_of_interest": "optional; trained on whole fans and on crops around the "
                                                         "lesion"},
                      architecture_of(net, "ResNet50" if args.resnet50 else "ResNet, basic blocks 1-1-1-1, width 16"),
                      cyst)
        made["cyst"] = cyst
        t = lap("cyst type", t)

    if "ceus" in parts:
        made["ceus"], history["ceus"] = ceus_stage(args, models_dir, workers, data)
        t = lap("ceus", t)

    if "ct" in parts:
        made["ct"], history["ct"] = ct_stage(args, models_dir, workers, data)
        t = lap("ct", t)

    if "mri" in parts:
        made["mri"], history["mri"] = mri_stage(args, models_dir, workers, data)
        t = lap("mri", t)

    if "ceus-clips" in parts:
        clip_descriptions.update(ceus_demo_clips(args.resources / "clips", args.ceus_clip_seconds))
        t = lap("ceus clips", t)

    if "clips" in parts:
        clip_dir = args.resources / "clips"
        clip_descriptions["ercp"] = clips.ercp_clip(clip_dir / "ercp_demo.mp4", seed=11)
        clip_descriptions["eus"] = clips.eus_clip(clip_dir / "eus_demo.mp4", seed=12)
        contact_sheet.contact_sheet(args.sheets / "contact_sheet.png")
        t = lap("clips and contact sheet", t)

    timings["total"] = round(time.time() - started, 1)
    fresh = {"device": device_note, "seconds": timings, "data_from_cache": cached, **made,
             "clips": clip_descriptions, "history": history, "data": data}
    report = fresh if parts == set(PARTS) else merged(read_report(args.results / "metrics.json"), fresh, parts)
    (args.results / "metrics.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    readme_results.update(args.readme, report)
    log.info("%s rebuilt in %.0f s", "everything" if parts == set(PARTS) else ", ".join(sorted(parts)),
             timings["total"])


def ceus_stage(args: argparse.Namespace, models_dir: Path, workers: int,
               data: Dict[str, Dict[str, int]]) -> Tuple[Dict, List[Dict]]:
    """PDAC vs CP on the contrast half (Tong et al. 2022): data, the paper's head, held-out measures with
    sensitivity (PDAC) and specificity (CP), the card and the CEUS contact sheet (the demo clips are
    their own part, ceus-clips). It seeds PyTorch itself, so the model is the same built alone
    (--only ceus) or in a full run."""
    torch.manual_seed(0)
    sets = {k: datasets.generate_cached(args.cache, "ceus", s, n, CEUS_INPUT, workers)
            for (k, s), n in zip(SEEDS.items(), (args.ceus_train, args.ceus_validation, args.ceus_test))}
    for k, v in sets.items():
        data[k]["ceus"] = len(v)
    lesions = {k: [s for s in v if s.label >= 0] for k, v in sets.items()}
    net = ceus_classifier(args.resnet50, args.ceus_width)
    net, history = train.train_classifier(
        net, lesions["train"], lesions["validation"], len(CEUS_CLASSES), train.classification_accuracy_auc,
        train.Schedule(epochs=args.ceus_epochs, patience=5, learning_rate=1e-3), flip_vertical=False)
    result = evaluate.evaluate_classifier(net, lesions["test"], CEUS_CLASSES, positive=0)
    backbone = "ResNet50" if args.resnet50 else f"ResNet, basic blocks 1-1-1-1, width {args.ceus_width}"
    export.export(net, models_dir, "ceus-lesion-demo", VERSION, "ceus_lesion_type", CEUS_INPUT, True,
                  [("logits", "lesion type logits; softmax gives P(PDAC), P(CP)"),
                   ("feature_map", "last convolutional feature map, for Grad-CAM through method head()")],
                  CEUS_CLASSES, {"activation": "softmax", "gradcam_method": "head",
                                 "region_of_interest": CEUS_REGION_OF_INTEREST},
                  architecture_of(net, f"{backbone}; head: global average pooling, FC {CEUS_HIDDEN}, ReLU, "
                                       f"dropout {CEUS_DROPOUT}, FC 2 (Tong et al. 2022)"),
                  result, kind="classifier")
    contact_sheet.ceus_contact_sheet(args.sheets / "ceus_contact_sheet.png")
    return result, history


def ct_stage(args: argparse.Namespace, models_dir: Path, workers: int,
             data: Dict[str, Dict[str, int]]) -> Tuple[Dict, Dict[str, List[Dict]]]:
    """Small renal masses, malignant or benign, one Inception per CT phase (Tanaka et al.): the same
    studies in every phase, so the phases are compared on the same masses. Per phase: AUC with
    bootstrap intervals, and accuracy at the Youden cut-off chosen on the validation studies (and at the
    test set's own optimum, as the paper reports it); then DeLong's paired test of the corticomedullary
    phase against each other phase. One card per phase; the cut-off goes in its postprocess."""
    torch.manual_seed(0)
    size = CT_INCEPTION_V3_INPUT if args.inception_v3 else CT_INPUT
    sets = {k: datasets.generate_cached(args.cache, "ct", s, n, size, workers)
            for (k, s), n in zip(SEEDS.items(), (args.ct_train, args.ct_validation, args.ct_test))}
    for k, v in sets.items():
        data[k]["ct"] = len(v)
    malignant = CT_CLASSES.index("malignant")
    phases: Dict[str, Dict] = {}
    history: Dict[str, List[Dict]] = {}
    scores: Dict[str, np.ndarray] = {}
    test_labels = np.array([s.label for s in sets["test"]])
    for phase, name in enumerate(CT_PHASES):
        split = {k: datasets.ct_phase(v, phase) for k, v in sets.items()}
        net = ct_classifier(args)
        net, history[name] = train.train_classifier(
            net, split["train"], split["validation"], len(CT_CLASSES), train.classification_accuracy_auc,
            train.Schedule(epochs=args.ct_epochs, patience=8, learning_rate=2e-3), flip_vertical=True)
        validation = train.predict_probabilities(net, split["validation"])[:, malignant]
        # Rounded as the card stores it, and kept strictly between 0 and 1 as a card's decision must be.
        cutoff = float(np.clip(round(metrics.youden_cutoff(np.array([s.label for s in split["validation"]]), validation,
                                                           malignant), 4), 1e-4, 1 - 1e-4))
        result = evaluate.evaluate_classifier(net, split["test"], CT_CLASSES, positive=malignant)
        scores[name] = train.predict_probabilities(net, split["test"])[:, malignant]
        result["at_validation_cutoff"] = metrics.accuracy_at(test_labels, scores[name], malignant, cutoff)
        result["at_test_optimum"] = metrics.accuracy_at(
            test_labels, scores[name], malignant, metrics.youden_cutoff(test_labels, scores[name], malignant))
        phases[name] = result
        backbone = "Inception-v3 (torchvision layout)" if args.inception_v3 else \
            f"Inception-style, three stages of one block, width {args.ct_width}"
        export.export(net, models_dir, f"ct-renal-{name}-demo", VERSION, "renal_mass_malignancy", size, True,
                      [("logits", "renal mass logits; softmax gives P(malignant), P(benign)"),
                       ("feature_map", "last convolutional feature map, for Grad-CAM through method head()")],
                      CT_CLASSES, {"activation": "softmax", "gradcam_method": "head", "ct_phase": name,
                                   "decision": {"label": "malignant", "cutoff": cutoff},
                                   "region_of_interest": CT_REGION_OF_INTEREST},
                      architecture_of(net, f"{backbone}; global average pooling, dropout, FC 2"),
                      result, kind="classifier", window=datasets.CT_INPUT_WINDOW)
    paired = {f"corticomedullary_vs_{name}": metrics.delong_paired(test_labels, scores["corticomedullary"],
                                                                    scores[name], malignant)
              for name in CT_PHASES if name != "corticomedullary"}
    contact_sheet.ct_contact_sheet(args.sheets / "ct_contact_sheet.png")
    return {"phases": phases, "paired_delong": paired, "studies": {k: len(v) for k, v in sets.items()}}, history


MRI_STRETCH = ("each slice stretched from its 0.5th to its 99.5th percentile of signal to 0..255 "
               "(input.intensity), then resized")


def mri_stage(args: argparse.Namespace, models_dir: Path, workers: int,
              data: Dict[str, Dict[str, int]]) -> Tuple[Dict, Dict[str, List[Dict]]]:
    """Liver cirrhosis on the T2 slice at the caudate level, as the study did it: a U-Net on a ResNet
    encoder segments the liver (Dice), then a ResNet classifies the slice with everything outside the
    liver black; the same classifier trained on the whole slice is the comparison. The training set is
    the study's size (70 % of 713). Both are scored on the same held-out slices, with bootstrap intervals,
    McNemar's χ² test of their accuracies (the study's χ²) and DeLong's of their AUCs. Both start from the
    same weights and draw the same batches, so that only what they see differs; and as one training seed
    decides a gap of this size, both are trained again with --mri-seeds seeds and their accuracies kept."""
    torch.manual_seed(0)
    sets = {k: datasets.generate_cached(args.cache, "mri", s, n, MRI_INPUT, workers)
            for (k, s), n in zip(SEEDS.items(), (args.mri_train, args.mri_validation, args.mri_test))}
    for k, v in sets.items():
        data[k]["mri"] = len(v)
    history: Dict[str, List[Dict]] = {}
    unet = resnet34_unet(2, 1) if args.resnet34_unet else ResNetUNet(2, 1, width=8, blocks=(1, 1, 1, 1))
    unet, history["liver"] = train.train_segmenter(unet, sets["train"], sets["validation"],
                                                   train.Schedule(epochs=args.mri_epochs, patience=4, learning_rate=2e-3))
    # The classifier learns from the U-Net's own masks, smoother than the phantom's at the nodular surface,
    # as it will see them in the app.
    predicted = {k: list(train.predict_segmentation(unet, v)) for k, v in sets.items()}
    dice = metrics.mean_with_interval(metrics.dice(np.stack(predicted["test"]),
                                                   np.stack([s.mask for s in sets["test"]])))
    cirrhosis = MRI_CLASSES.index("cirrhosis")
    inputs = {"segmented": {k: datasets.masked(v, predicted[k]) for k, v in sets.items()}, "whole": sets}
    results: Dict[str, Dict] = {}
    scores: Dict[str, np.ndarray] = {}
    labels = np.array([s.label for s in sets["test"]])
    backbone = "ResNet50" if args.resnet50 else "ResNet, basic blocks 1-1-1-1, width 16"

    def cirrhosis_classifier(split: Dict[str, List[datasets.Sample]], seed: int) -> Tuple[torch.nn.Module, List[Dict]]:
        torch.manual_seed(seed)
        return train.train_classifier(
            classifier(len(MRI_CLASSES), 1, args.resnet50), split["train"], split["validation"], len(MRI_CLASSES),
            train.classification_accuracy_auc,
            train.Schedule(epochs=args.mri_epochs, patience=4, learning_rate=1e-3, seed=seed), flip_vertical=False)

    over_seeds: Dict[str, List[float]] = {name: [] for name in inputs}
    for seed in range(1, args.mri_seeds):
        for name, split in inputs.items():
            net, _ = cirrhosis_classifier(split, seed)
            over_seeds[name].append(float(np.mean(train.predict_probabilities(net, split["test"]).argmax(axis=1) == labels)))
    for name, split in inputs.items():
        net, history[name] = cirrhosis_classifier(split, 0)
        results[name] = evaluate.evaluate_classifier(net, split["test"], MRI_CLASSES, positive=cirrhosis)
        scores[name] = train.predict_probabilities(net, split["test"])
        over_seeds[name].insert(0, float(np.mean(scores[name].argmax(axis=1) == labels)))
        seen = ("the slice with everything beyond mask_margin_px around the liver black: the liver head's region "
                "(the segmenter's mask), grown by that margin, applied first" if name == "segmented" else "the whole slice")
        margin = {"mask_margin_px": datasets.MASK_MARGIN_PX} if name == "segmented" else {}
        export.export(net, models_dir, f"mri-cirrhosis-{name}-demo", VERSION, "liver_cirrhosis", MRI_INPUT, True,
                      [("logits", "liver logits; softmax gives P(cirrhosis), P(normal)"),
                       ("feature_map", "last convolutional feature map, for Grad-CAM through method head()")],
                      MRI_CLASSES, {"activation": "softmax", "gradcam_method": "head", "sees": seen, **margin},
                      architecture_of(net, backbone), results[name], kind="classifier",
                      intensity=datasets.MRI_STRETCH_PERCENTILES)
    export.export(unet, models_dir, "mri-liver-demo", VERSION, "liver_segmentation", MRI_INPUT, True,
                  [("logits", "background and liver logits per pixel; softmax gives the probabilities")],
                  ("background", "liver"), {"activation": "softmax", "segment_label": "liver",
                                            "display_threshold": 0.5},
                  architecture_of(unet, "U-Net on a " + ("ResNet34 encoder" if args.resnet34_unet else
                                                         "ResNet encoder, basic blocks 1-1-1-1, width 8")),
                  {"dice": dice}, kind="segmenter", intensity=datasets.MRI_STRETCH_PERCENTILES)
    contact_sheet.mri_contact_sheet(args.sheets / "mri_contact_sheet.png")
    return {"dice": dice, "segmented": results["segmented"], "whole": results["whole"],
            "segmented_vs_whole_mcnemar": metrics.mcnemar(*(scores[k].argmax(axis=1) == labels
                                                            for k in ("segmented", "whole"))),
            "segmented_vs_whole_delong": metrics.delong_paired(labels, scores["segmented"][:, cirrhosis],
                                                               scores["whole"][:, cirrhosis], cirrhosis),
            "accuracy_over_seeds": {"seeds": args.mri_seeds, **over_seeds},
            "studies": {k: len(v) for k, v in sets.items()}}, history


def ct_classifier(args: argparse.Namespace) -> torch.nn.Module:
    if args.inception_v3:
        return InceptionV3Classifier(len(CT_CLASSES), 1)
    return InceptionClassifier(len(CT_CLASSES), 1, width=args.ct_width, blocks=(1, 1, 1), dropout=0.2)


def ceus_demo_clips(clip_dir: Path, seconds: float) -> Dict[str, Dict]:
    """A real-time CEUS clip per class (MP4, truth, description and DICOM cine). Its own part, so the
    clips can be remade without retraining: they do not depend on the model."""
    return {f"ceus_{name.lower()}": clips.ceus_clip(clip_dir / f"ceus_{name.lower()}_demo.mp4", seed=13 + kind,
                                                    kind=kind, seconds=seconds)
            for kind, name in enumerate(CEUS_CLASSES)}


def ceus_classifier(big: bool, width: int = 16) -> ResNetClassifier:
    """Tong et al.'s DLR model: ResNet50 (--resnet50), or basic blocks at a demo width, under the paper's head."""
    if big:
        return resnet50(len(CEUS_CLASSES), 1, hidden=CEUS_HIDDEN, dropout=CEUS_DROPOUT)
    return ResNetClassifier(len(CEUS_CLASSES), 1, width=width, blocks=(1, 1, 1, 1), bottleneck=False,
                            dropout=CEUS_DROPOUT, hidden=CEUS_HIDDEN)


def selected_parts(only: Optional[str]) -> Set[str]:
    if not only:
        return set(PARTS)
    parts = {p.strip() for p in only.split(",") if p.strip()}
    unknown = parts - set(PARTS)
    if unknown or not parts:
        raise SystemExit(f"--only takes some of {', '.join(PARTS)}; got {only!r}")
    return parts


def read_report(path: Path) -> Dict:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def merged(previous: Dict, fresh: Dict, parts: Set[str]) -> Dict:
    """A partial run's report: the last one with the rebuilt parts' entries replaced and everything
    else kept. Its device and timings stay those of the last full run; `rebuilt_alone` says which
    parts came later, on what, and how long each took."""
    report = dict(previous) or {"device": fresh["device"], "seconds": {}, "data_from_cache": fresh["data_from_cache"]}
    for key in ("ampulla", "difficulty", "cyst", "ceus", "ct", "mri"):
        if key in fresh:
            report[key] = fresh[key]
    for key in ("clips", "history"):
        report[key] = {**report.get(key, {}), **fresh[key]}
    data = report.get("data", {})
    report["data"] = {**data, **{k: {**data.get(k, {}), **v} for k, v in fresh["data"].items()}}
    runs = {part: {"device": fresh["device"], "seconds": fresh["seconds"].get(PART_TIMINGS[part])}
            for part in sorted(parts)}
    report["rebuilt_alone"] = {**report.get("rebuilt_alone", {}), **runs}
    return report


if __name__ == "__main__":
    main()
