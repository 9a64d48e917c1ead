"""Labelled evaluation sets for `endoverlay-cli eval`, and the same evaluation in Python.

An image set is a folder of lossless PNG frames drawn from the phantoms and a
dataset.json (schema endoverlay.eval-set/1):
{"schema", "mode": "ERCP"|"EUS"|"CEUS", "training_data", "frames": [{"image", "box": [x, y, w, h] or null,
 "label": name or null, "region": [x, y, w, h] (EUS: optional; CEUS: on the contrast half, always)}]}.
A study set (modes ct-renal-mass and mri-cirrhosis) holds DICOM studies instead of images, one folder
each, written with the slice the study is read at and its neighbours: its frames are {"study", "slice_mm",
"box": null, "label", "region" (CT: the region dragged around the mass on one phase)}; frame i is sample i
of the training code's datasets.ct_sample or mri_sample for the set's seed.
A clip is a video with VIDEO-STEM.truth.jsonl beside it (clips.py).

`evaluate` scores the shipped TorchScript models on a set the way the app's
evaluation does — card_inference.py runs them, metrics.py scores them — so
the two reports can be compared number by number:

    python3 -m endoverlay_training.eval_set make ercp --count 120 --seed 31 --out DIR
    python3 -m endoverlay_training.eval_set evaluate DIR --models MODELS --json REPORT.json
"""
import argparse
import json
import math
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Tuple

import cv2
import numpy as np
import torch

from . import card_inference, ceus_phantom, ct_phantom, datasets, ercp_phantom, eus_phantom, metrics, mri_phantom

SCHEMA = "endoverlay.eval-set/1"
TRAINING_DATA = "synthetic phantom \u2014 not for clinical use"
EUS_REGION_ASPECT = 4 / 3
# The class badge head of each mode that reads a region (or the whole frame): its card's task, and its id in the
# bundled protocol, under which endoverlay-cli eval reports its measures (and names it as "class_badge_head").
CLASSIFIER_HEADS = {"EUS": ("cyst_type", "cyst_type"), "CEUS": ("ceus_lesion_type", "lesion_type")}


def box_list(box) -> Optional[List[float]]:
    return None if box is None else [round(float(v), 2) for v in box]


def ercp_entry(rng: np.random.Generator) -> Tuple[np.ndarray, Dict]:
    frame = ercp_phantom.random_frame(rng, with_papilla=rng.random() >= datasets.NO_PAPILLA_FRACTION)
    label = ercp_phantom.OUTCOMES[frame.papilla.outcome] if frame.box is not None else None
    return frame.image, {"box": box_list(frame.box), "label": label}


def eus_entry(rng: np.random.Generator) -> Tuple[np.ndarray, Dict]:
    """Half the frames carry a region of interest around the lesion, as a user would drag it."""
    frame = eus_phantom.random_frame(rng, kind=int(rng.integers(2)))
    entry = {"box": box_list(frame.box), "label": eus_phantom.CYST_TYPES[frame.lesion.kind] if frame.lesion else None}
    if frame.box is not None and rng.random() < datasets.ROI_FRACTION:
        h, w = frame.image.shape[:2]
        entry["region"] = list(datasets.region_around(rng, w, h, frame.box, EUS_REGION_ASPECT))
    return frame.image, entry


def ceus_entry(rng: np.random.Generator) -> Tuple[np.ndarray, Dict]:
    """Every frame carries the rectangle a user drags around the lesion on the contrast half, drawn with
    datasets.ceus_sample's random draws (so frame i of seed S is sample i of the ceus set of seed S), in
    frame pixels; `box` is the lesion on the contrast half."""
    frame = ceus_phantom.random_frame(rng, kind=int(rng.integers(2)))
    view, box = ceus_phantom.contrast_half(frame.image, frame.box)
    if box is None:   # the lesion out of the fan: nothing to drag a region around
        return frame.image, {"box": None, "label": None}
    aspect = float(np.exp(rng.uniform(*np.log(datasets.CEUS_ASPECTS))))
    x, y, w, h = datasets.region_around(rng, view.shape[1], view.shape[0], box, aspect)
    ox, oy = ceus_phantom.CONTRAST_ORIGIN
    return frame.image, {"box": box_list(frame.box), "label": ceus_phantom.CLASSES[frame.lesion.kind],
                         "region": [x + ox, y + oy, w, h]}


# The study protocols' heads, in the bundled protocols' order: (head id, card name).
CT_HEADS = tuple((phase, f"ct-renal-{phase}-demo") for phase in ct_phantom.PHASES)
MRI_SEGMENTER = "mri-liver-demo"
MRI_HEADS = (("cirrhosis", "mri-cirrhosis-segmented-demo"), ("cirrhosis_whole_slice", "mri-cirrhosis-whole-demo"))
STUDY_MODES = ("ct-renal-mass", "mri-cirrhosis")


def study_entry(mode: str, seed: int, index: int, out: Path) -> Dict:
    """Study `index` of the set as DICOM series in out/NAME (the slice it is read at and its neighbours),
    and its entry: the same study, slice and region as the training code's sample `index` of seed `seed`."""
    name = f"{'ct' if mode == 'ct-renal-mass' else 'mri'}_{index:04d}"
    if mode == "ct-renal-mass":
        study = ct_phantom.make_study(seed * 1_000_000 + index)
        k = study.slice_of_mass()
        region = [int(v) for v in datasets.ct_sample((seed, index, (64, 64))).frame_box]
        label = ct_phantom.CLASSES[study.mass.label]
        write = ct_phantom.write_study
    else:
        study = mri_phantom.make_study(seed * 1_000_000 + index)
        k = study.caudate_slice()
        region = None
        label = mri_phantom.CLASSES[study.label]
        write = mri_phantom.write_study
    write(out / name, study, [j for j in (k - 1, k, k + 1) if 0 <= j < len(study.slice_z)])
    entry = {"study": name, "slice_mm": study.slice_z[k], "box": None, "label": label}
    if region is not None:
        entry["region"] = region
    return entry


def make(mode: str, count: int, seed: int, out: Path) -> Path:
    if mode in STUDY_MODES:
        out.mkdir(parents=True, exist_ok=True)
        frames = [study_entry(mode, seed, i, out) for i in range(count)]
        manifest = {"schema": SCHEMA, "mode": mode, "seed": seed, "training_data": TRAINING_DATA, "frames": frames}
        (out / "dataset.json").write_text(json.dumps(manifest, indent=1) + "\n")
        return out
    draw = {"ercp": ercp_entry, "eus": eus_entry, "ceus": ceus_entry}[mode]
    out.mkdir(parents=True, exist_ok=True)
    frames = []
    for i in range(count):
        image, entry = draw(np.random.default_rng([seed, i]))
        name = f"{mode}_{i:04d}.png"
        if not cv2.imwrite(str(out / name), image):
            raise RuntimeError(f"cannot write {out / name}")
        frames.append({"image": name, **entry})
    manifest = {"schema": SCHEMA, "mode": mode.upper(), "seed": seed, "training_data": TRAINING_DATA, "frames": frames}
    (out / "dataset.json").write_text(json.dumps(manifest, indent=1) + "\n")
    return out


def read_frames(path: Path) -> Tuple[Optional[str], Iterator[Tuple[np.ndarray, Dict]]]:
    """The set's mode (None when it does not say) and its (BGR frame, truth) pairs."""
    if path.is_dir():
        manifest = json.loads((path / "dataset.json").read_text())
        return manifest.get("mode"), ((cv2.imread(str(path / f["image"]), cv2.IMREAD_COLOR), f)
                                      for f in manifest["frames"])
    truth = [json.loads(line) for line in path.with_name(path.stem + ".truth.jsonl").read_text().splitlines() if line]
    description = path.with_name(path.stem + ".json")
    mode = json.loads(description.read_text()).get("mode") if description.is_file() else None

    def frames() -> Iterator[Tuple[np.ndarray, Dict]]:
        capture = cv2.VideoCapture(str(path))
        for entry in truth:
            ok, image = capture.read()
            if not ok:
                raise RuntimeError(f"{path} ended before its ground truth")
            yield image, entry
    return mode, frames()


def load_model(models: Path, task: str) -> Optional[Tuple[Dict, torch.jit.ScriptModule]]:
    for card_path in sorted(models.glob("*.json")):
        card = json.loads(card_path.read_text())
        if card.get("task") == task:
            model = torch.jit.load(str(card_path.with_name(card["file"])), map_location="cpu").eval()
            # Optimised as endoverlay-cli optimises it on the CPU, so both sides compute the same numbers.
            return card, torch.jit.optimize_for_inference(torch.jit.freeze(model))
    return None


def classifier_report(labels: List[int], probabilities: List[np.ndarray], classes, resamples: int) -> Dict:
    return metrics.classification_metrics(labels, np.array(probabilities), classes, resamples)


def share(flags: List[bool]) -> Optional[float]:
    return float(np.mean(flags)) if flags else None


def evaluate(path: Path, models: Path, mode: Optional[str] = None, resamples: int = 2000) -> Dict:
    if path.is_dir() and json.loads((path / "dataset.json").read_text()).get("mode") in STUDY_MODES:
        return evaluate_study_set(path, models, resamples)
    set_mode, frames = read_frames(path)
    mode = (mode or set_mode or "ERCP").upper()
    report: Dict = {"mode": mode.lower(), "models": []}  # the app names modes by protocol id
    count = 0
    if mode == "ERCP":
        ampulla_card, ampulla = load_model(models, "ampulla_soft_mask")
        difficulty = load_model(models, "cannulation_difficulty")
        report["models"] = [identity(ampulla_card)] + ([identity(difficulty[0])] if difficulty else [])
        threshold = ampulla_card["postprocess"]["display_threshold"]
        preds, gts, sizes, peaks_with, peaks_without = [], [], [], [], []
        labels, probabilities = [], []
        for image, truth in frames:
            count += 1
            found = card_inference.ampulla(ampulla, ampulla_card, image)
            peak = found.score if found else 0.0
            if truth["box"] is None:
                peaks_without.append(peak)
                continue
            peaks_with.append(peak)
            preds.append(found.box if found else None)
            gts.append(tuple(truth["box"]))
            sizes.append(image.shape[1::-1])
            if difficulty and truth["label"] is not None:
                card, model = difficulty
                labels.append(card["labels"].index(truth["label"]))
                probabilities.append(card_inference.class_probabilities(model, card, image, tuple(truth["box"])))
        if gts:
            width, height = sizes[0]
            assert all(s == (width, height) for s in sizes), "frames of one size"
            a = metrics.localisation_metrics(preds, gts, width, height)
            del a["per_frame_iou"], a["per_frame_centroid_distance"]
            a.update({"display_threshold": threshold, "frames_without_papilla": len(peaks_without),
                      "false_positive_rate": share([p >= threshold for p in peaks_without]),
                      "miss_rate": share([p < threshold for p in peaks_with])})
            report["ampulla"] = a
        if labels:
            card = difficulty[0]
            difficult = card["postprocess"]["difficult_classes"]
            mask = np.array([label in difficult for label in card["labels"]])
            p_difficult = [float(p[mask].sum()) for p in probabilities]
            report["difficulty"] = {
                "region": "square around the ground-truth box",
                "four_class": classifier_report(labels, probabilities, card["labels"], resamples),
                "binary": classifier_report([int(card["labels"][k] in difficult) for k in labels],
                                            [np.array([1 - p, p]) for p in p_difficult], ("easy", "difficult"),
                                            resamples)}
    elif mode in CLASSIFIER_HEADS:
        # EUS and CEUS alike, as the app scores a class_badge head: the region cut from the frame (the whole
        # frame when there is none), then the card's colour order and area resize.
        task, head = CLASSIFIER_HEADS[mode]
        found = load_model(models, task)
        if found is None:
            raise ValueError(f"no model card in {models} for the task {task}")
        card, model = found
        report["models"] = [identity(card)]
        labels, probabilities = [], []
        for image, truth in frames:
            count += 1
            if truth["label"] is None:
                continue
            region = truth.get("region")
            if region is not None:
                x, y, w, h = (int(v) for v in region)
                image = image[y:y + h, x:x + w]
            labels.append(card["labels"].index(truth["label"]))
            probabilities.append(card_inference.class_probabilities(model, card, image))
        if labels:
            report["class_badge_head"] = head
            report[head] = classifier_report(labels, probabilities, card["labels"], resamples)
    else:
        raise ValueError(f"no evaluation for the mode {mode}")
    report["frames"] = count
    report["resamples"] = resamples
    return report


def load_card(models: Path, name: str) -> Tuple[Dict, torch.jit.ScriptModule]:
    card = json.loads((models / f"{name}.json").read_text())
    model = torch.jit.load(str(models / card["file"]), map_location="cpu").eval()
    return card, torch.jit.optimize_for_inference(torch.jit.freeze(model))


def grey_tensor(grey: np.ndarray, card: Dict) -> torch.Tensor:
    """An 8-bit grey picture the card's size as its input: pixel / 255, less the mean, over the std."""
    x = torch.from_numpy(np.ascontiguousarray(grey)).float().div_(255.0)
    return ((x - card["input"]["mean"][0]) / card["input"]["std"][0])[None, None]


@torch.no_grad()
def study_probabilities(mode: str, seed: int, count: int, models: Path) -> Tuple[List[Dict], List[int], Dict]:
    """The study heads' cards, the labels, and each head's softmax on every sample, as training evaluated them:
    CT, each phase's model on its phase of datasets.ct_sample; MRI, the classifiers on datasets.mri_sample, the
    segmented one inside the liver model's mask grown as datasets.masked grows it."""
    heads = CT_HEADS if mode == "ct-renal-mass" else MRI_HEADS
    loaded = {head: load_card(models, name) for head, name in heads}
    probabilities: Dict[str, List[np.ndarray]] = {head: [] for head, _ in heads}
    labels = []
    if mode == "ct-renal-mass":
        for i in range(count):
            sample = datasets.ct_sample((seed, i, (64, 64)))
            labels.append(sample.label)
            for phase, (head, _) in enumerate(heads):
                card, model = loaded[head]
                logits, _ = model(grey_tensor(sample.image[..., phase], card))
                probabilities[head].append(torch.softmax(logits, dim=1)[0].numpy())
        cards = [loaded[head][0] for head, _ in heads]
    else:
        liver_card, liver = load_card(models, MRI_SEGMENTER)
        size = (liver_card["input"]["width"], liver_card["input"]["height"])
        samples = [datasets.mri_sample((seed, i, size)) for i in range(count)]
        threshold = liver_card["postprocess"].get("display_threshold", 0.5)  # where the app's segmenter draws
        masks = [(torch.softmax(liver(grey_tensor(s.image, liver_card)), dim=1)[0, 1] >= threshold).numpy().astype(np.uint8)
                 for s in samples]
        inputs = {"cirrhosis": datasets.masked(samples, masks), "cirrhosis_whole_slice": samples}
        labels = [s.label for s in samples]
        for head, _ in heads:
            card, model = loaded[head]
            for sample in inputs[head]:
                logits, _ = model(grey_tensor(sample.image, card))
                probabilities[head].append(torch.softmax(logits, dim=1)[0].numpy())
        cards = [liver_card] + [loaded[head][0] for head, _ in heads]
    return cards, labels, probabilities


def at_cutoff(labels: List[int], probabilities: List[np.ndarray], card: Dict) -> Dict:
    """Accuracy, sensitivity and specificity at the card's decision, as the app's eval reports them."""
    decision = card["postprocess"]["decision"]
    positive = card["labels"].index(decision["label"])
    found = metrics.accuracy_at(np.array(labels), np.array([p[positive] for p in probabilities]), positive,
                                decision["cutoff"], resamples=1)
    del found["accuracy_ci95"]
    return {"label": decision["label"], **found}


def evaluate_study_set(path: Path, models: Path, resamples: int) -> Dict:
    manifest = json.loads((path / "dataset.json").read_text())
    mode = manifest["mode"]
    cards, labels, probabilities = study_probabilities(mode, manifest["seed"], len(manifest["frames"]), models)
    for entry, label in zip(manifest["frames"], labels):
        assert cards[-1]["labels"][label] == entry["label"], "the set and the training samples differ"
    report: Dict = {"mode": mode, "models": [identity(c) for c in cards], "frames": len(labels),
                    "resamples": resamples, "class_badge_heads": list(probabilities)}
    by_head = dict(CT_HEADS if mode == "ct-renal-mass" else MRI_HEADS)
    card_of = {head: next(c for c in cards if c["name"] == by_head[head]) for head in probabilities}
    for head, values in probabilities.items():
        report[head] = classifier_report(labels, values, card_of[head]["labels"], resamples)
        if "decision" in card_of[head]["postprocess"]:
            report[head]["at_cutoff"] = at_cutoff(labels, values, card_of[head])
    heads = list(probabilities)
    labels_array = np.array(labels)
    report["paired"] = {
        f"{a}_vs_{b}": {
            "accuracy": metrics.mcnemar(decided(probabilities[a], card_of[a]) == labels_array,
                                        decided(probabilities[b], card_of[b]) == labels_array),
            "auc": metrics.delong_paired(labels_array, np.array([p[0] for p in probabilities[a]]),
                                         np.array([p[0] for p in probabilities[b]]), 0)}
        for i, a in enumerate(heads) for b in heads[i + 1:]}
    return report


def decided(probabilities: List[np.ndarray], card: Dict) -> np.ndarray:
    """The label each softmax decides: at the card's decision cut-off when it has one, else the argmax."""
    decision = card["postprocess"].get("decision")
    if decision is None:
        return np.array([int(np.argmax(p)) for p in probabilities])
    positive = card["labels"].index(decision["label"])
    return np.array([positive if p[positive] >= decision["cutoff"] else 1 - positive for p in probabilities])


def identity(card: Dict) -> Dict:
    return {"name": card["name"], "version": card["version"], "sha256": card["sha256"]}


def without_nan(value):
    """JSON has no NaN: undefined measures are written as null, as the app writes them."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: without_nan(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [without_nan(v) for v in value]
    return value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    m = sub.add_parser("make", help="draw a labelled image set from the phantoms")
    m.add_argument("mode", choices=("ercp", "eus", "ceus") + STUDY_MODES)
    m.add_argument("--count", type=int, default=200)
    m.add_argument("--seed", type=int, default=31)
    m.add_argument("--out", type=Path, required=True)
    e = sub.add_parser("evaluate", help="score the models on a set as endoverlay-cli eval does")
    e.add_argument("dataset", type=Path)
    e.add_argument("--models", type=Path, required=True)
    e.add_argument("--mode", choices=("ercp", "eus", "ceus"))
    e.add_argument("--resamples", type=int, default=2000)
    e.add_argument("--json", type=Path, required=True)
    args = parser.parse_args()
    if args.command == "make":
        make(args.mode, args.count, args.seed, args.out)
    else:
        torch.set_num_threads(1)
        report = evaluate(args.dataset, args.models, args.mode, args.resamples)
        args.json.write_text(json.dumps(without_nan(report), indent=2) + "\n")


if __name__ == "__main__":
    main()
