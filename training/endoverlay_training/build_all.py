"""One command that regenerates the phantoms, retrains, evaluates and exports
everything the app ships: the three demo models with their cards, the two
demo clips with their ground truth, the plots, the contact sheet and the
results table in training/README.md.

    /usr/bin/python3 -m endoverlay_training.build_all            (from training/)
"""
import argparse
import json
import logging
import os
import sys
import time
from pathlib import Path
from typing import Dict

import torch

from . import clips, contact_sheet, datasets, evaluate, export, readme_results, regions, train
from .ercp_phantom import FRAME_SIZE as ERCP_FRAME, OUTCOMES
from .eus_phantom import CYST_TYPES
from .resnet import ResNetClassifier, resnet50
from .unet import VGG16_CONVS, VggUNet, scaled_widths

log = logging.getLogger("training")

TRAINING = Path(__file__).resolve().parent.parent
REPOSITORY = TRAINING.parent
ERCP_INPUT = (192, 144)
EUS_INPUT = (256, 192)
SEEDS = {"train": 1, "validation": 2, "test": 1001}
VERSION = "1.0.0"


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--resources", type=Path, default=REPOSITORY / "resources")
    p.add_argument("--results", type=Path, default=TRAINING / "results")
    p.add_argument("--cache", type=Path, default=TRAINING / "build" / "cache",
                   help="phantom data sets kept between runs (redrawn when the generator changes)")
    p.add_argument("--ampulla-width", type=int, default=8, help="first-stage channels of the U-Net (64 = VGG16)")
    p.add_argument("--ampulla-convs", default="1,1,2,2,2", help="convolutions per encoder stage (VGG16: 2,2,3,3,3)")
    p.add_argument("--vgg16", action="store_true", help="the paper's full VGG16 U-Net")
    p.add_argument("--resnet50", action="store_true", help="the papers' ResNet50 for both classifiers")
    p.add_argument("--ercp-train", type=int, default=3000)
    p.add_argument("--eus-train", type=int, default=2000)
    p.add_argument("--ampulla-epochs", type=int, default=10)
    p.add_argument("--classifier-epochs", type=int, default=20)
    p.add_argument("--threads", type=int, default=os.cpu_count())
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
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    device_note = "CUDA" if torch.cuda.is_available() else f"CPU, {args.threads} threads"
    started = time.time()
    args.results.mkdir(parents=True, exist_ok=True)
    models_dir = args.resources / "models"
    timings: Dict[str, float] = {}

    def lap(name: str, since: float) -> float:
        timings[name] = round(time.time() - since, 1)
        log.info("%s done in %.0f s", name, timings[name])
        return time.time()

    t = time.time()
    cached = datasets.generator_fingerprint() in " ".join(p.name for p in args.cache.glob("*.pkl"))
    ercp = {k: datasets.generate_cached(args.cache, "ercp", s, n, ERCP_INPUT)
            for (k, s), n in zip(SEEDS.items(), (args.ercp_train, 500, 1000))}
    eus = {k: datasets.generate_cached(args.cache, "eus", s, n, EUS_INPUT)
           for (k, s), n in zip(SEEDS.items(), (args.eus_train, 400, 800))}
    t = lap("phantom data sets", t)

    widths, convs = (scaled_widths(64), VGG16_CONVS) if args.vgg16 else (
        scaled_widths(args.ampulla_width), [int(c) for c in args.ampulla_convs.split(",")])
    unet = VggUNet(widths, convs, decoder_stages=None if args.vgg16 else len(widths) - 2)
    unet, ampulla_history = train.train_ampulla(unet, ercp["train"], ercp["validation"], ERCP_FRAME,
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
    t = lap("ampulla", t)

    papilla = {k: datasets.papilla_regions(v) for k, v in ercp.items()}
    net = classifier(len(OUTCOMES), 3, args.resnet50)
    net, difficulty_history = train.train_classifier(
        net, papilla["train"], papilla["validation"], len(OUTCOMES), train.difficulty_auc,
        train.Schedule(epochs=args.classifier_epochs, patience=5, learning_rate=1e-3), flip_vertical=False)
    difficulty = evaluate.evaluate_difficulty(net, papilla["test"], OUTCOMES)
    export.export(net, models_dir, "ercp-difficulty-demo", VERSION, "cannulation_difficulty", regions.region_size(),
                  False,
                  [("logits", "cannulation outcome logits; softmax gives the four class probabilities"),
                   ("feature_map", "last convolutional feature map, for Grad-CAM through method head()")],
                  OUTCOMES, {"activation": "softmax", "difficult_classes": list(OUTCOMES[1:]),
                             "gradcam_method": "head"},
                  architecture_of(net, "ResNet50" if args.resnet50 else "ResNet, basic blocks 1-1-1-1, width 16"),
                  difficulty, region_of_interest={"around": "ampulla_box", "shape": "square", "scale": regions.SCALE,
                                      "outside_frame": "black"})
    t = lap("difficulty", t)

    lesions = {k: [s for s in v if s.label >= 0] for k, v in eus.items()}
    net = classifier(len(CYST_TYPES), 1, args.resnet50)
    net, cyst_history = train.train_classifier(
        net, lesions["train"], lesions["validation"], len(CYST_TYPES), train.classification_accuracy_auc,
        train.Schedule(epochs=args.classifier_epochs, patience=4, learning_rate=1e-3), flip_vertical=True)
    cyst = evaluate.evaluate_cyst(net, lesions["test"], CYST_TYPES)
    export.export(net, models_dir, "eus-cyst-demo", VERSION, "cyst_type", EUS_INPUT, True,
                  [("logits", "cyst type logits; softmax gives P(MCN), P(SCN)"),
                   ("feature_map", "last convolutional feature map, for Grad-CAM through method head()")],
                  CYST_TYPES, {"activation": "softmax", "gradcam_method": "head",
                               "region_of_interest": "optional; trained on whole fans and on crops around the lesion"},
                  architecture_of(net, "ResNet50" if args.resnet50 else "ResNet, basic blocks 1-1-1-1, width 16"),
                  cyst)
    t = lap("cyst type", t)

    clip_dir = args.resources / "clips"
    ercp_clip = clips.ercp_clip(clip_dir / "ercp_demo.mp4", seed=11)
    eus_clip = clips.eus_clip(clip_dir / "eus_demo.mp4", seed=12)
    contact_sheet.contact_sheet(TRAINING / "contact_sheet.png")
    t = lap("clips and contact sheet", t)

    timings["total"] = round(time.time() - started, 1)
    report = {"device": device_note, "seconds": timings, "data_from_cache": cached, "ampulla": summary(ampulla),
              "difficulty": difficulty, "cyst": cyst, "clips": {"ercp": ercp_clip, "eus": eus_clip},
              "history": {"ampulla": ampulla_history, "difficulty": difficulty_history, "cyst": cyst_history},
              "data": {k: {"seed": s, "ercp": len(ercp[k]), "eus": len(eus[k])} for k, s in SEEDS.items()}}
    (args.results / "metrics.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    readme_results.update(TRAINING / "README.md", report)
    log.info("everything rebuilt in %.0f s", timings["total"])


if __name__ == "__main__":
    main()
