"""Training loops with the papers' recipes: BCE on soft masks for the ampulla,
class-weighted cross-entropy for the classifiers, flip/shear/rotation
augmentation, early stopping on a validation measure."""
import copy
import logging
import math
import time
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from . import metrics
from .datasets import Sample
from .resnet_unet import dice_loss
from .softmask import MaskDetection, box_to_mask, mask_to_box, scale_box

log = logging.getLogger("training")

INPUT_MEAN = 0.5
INPUT_STD = 0.25
# Training runs on the GPU when PyTorch sees one; models come back to the CPU for evaluation and export.
DEVICE = torch.device("cuda" if torch.cuda.is_available() else "cpu")


@dataclass
class Schedule:
    epochs: int = 12
    patience: int = 3
    batch_size: int = 16
    learning_rate: float = 2e-3
    max_steps: Optional[int] = None   # a smoke run stops after this many steps
    seed: int = 0


def to_tensor(images: Sequence[np.ndarray]) -> torch.Tensor:
    """uint8 HxW(xC) images → normalised float NCHW."""
    x = torch.from_numpy(np.stack(images)).float().div_(255.0)
    x = x.unsqueeze(1) if x.dim() == 3 else x.permute(0, 3, 1, 2)
    return (x - INPUT_MEAN) / INPUT_STD


def random_affine(batch: int, generator: torch.Generator, flip_vertical: bool,
                  max_rotation_deg: float, max_shear: float) -> torch.Tensor:
    """(N, 2, 3) sampling grids' matrices: flips, rotation, shear and a little zoom."""
    def uniform(lo: float, hi: float) -> torch.Tensor:
        return lo + (hi - lo) * torch.rand(batch, generator=generator)

    angle = uniform(-max_rotation_deg, max_rotation_deg) * math.pi / 180
    shear = uniform(-max_shear, max_shear)
    zoom = uniform(0.9, 1.1)
    fx = torch.where(torch.rand(batch, generator=generator) < 0.5, -1.0, 1.0)
    fy = torch.where(torch.rand(batch, generator=generator) < 0.5, -1.0, 1.0) if flip_vertical else torch.ones(batch)
    cos, sin = torch.cos(angle), torch.sin(angle)
    theta = torch.zeros(batch, 2, 3)
    theta[:, 0, 0] = (cos + shear * sin) * fx / zoom
    theta[:, 0, 1] = (-sin + shear * cos) * fy / zoom
    theta[:, 1, 0] = sin * fx / zoom
    theta[:, 1, 1] = cos * fy / zoom
    return theta


def warp(x: torch.Tensor, theta: torch.Tensor) -> torch.Tensor:
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    return F.grid_sample(x, grid, mode="bilinear", padding_mode="reflection", align_corners=False)


def batches(count: int, batch_size: int, generator: torch.Generator) -> List[torch.Tensor]:
    return list(torch.randperm(count, generator=generator).split(batch_size))


def train_loop(model: nn.Module, step_loss: Callable[[torch.Tensor, torch.Generator], torch.Tensor],
               count: int, validate: Callable[[nn.Module], float], schedule: Schedule) -> Tuple[nn.Module, List[Dict]]:
    """Adam with cosine decay; keeps the weights of the best validation score."""
    generator = torch.Generator().manual_seed(schedule.seed)
    model.to(DEVICE)
    optimiser = torch.optim.Adam(model.parameters(), lr=schedule.learning_rate, weight_decay=1e-5)
    steps_per_epoch = math.ceil(count / schedule.batch_size)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimiser, schedule.epochs * steps_per_epoch)
    best_score, best_state, history, stale, steps = -math.inf, None, [], 0, 0
    for epoch in range(schedule.epochs):
        model.train()
        start, losses = time.time(), []
        for idx in batches(count, schedule.batch_size, generator):
            loss = step_loss(idx, generator)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            scheduler.step()
            losses.append(float(loss))
            steps += 1
            if schedule.max_steps and steps >= schedule.max_steps:
                break
        model.eval().cpu()
        score = validate(model)
        model.to(DEVICE)
        history.append({"epoch": epoch, "loss": float(np.mean(losses)), "validation": score,
                        "seconds": time.time() - start})
        log.info("epoch %d loss %.4f validation %.4f (%.0f s)", epoch, history[-1]["loss"], score,
                 history[-1]["seconds"])
        if best_state is None or score > best_score:
            best_score, best_state, stale = score, copy.deepcopy(model.state_dict()), 0
        else:
            stale += 1
        if stale >= schedule.patience or (schedule.max_steps and steps >= schedule.max_steps):
            break
    model.cpu().load_state_dict(best_state)
    model.eval()
    return model, history


def mask_targets(samples: Sequence[Sample], out_w: int, out_h: int) -> torch.Tensor:
    masks = []
    for s in samples:
        if s.box is None:
            masks.append(np.zeros((out_h, out_w), np.float32))
        else:
            in_h, in_w = s.image.shape[:2]
            masks.append(box_to_mask(scale_box(s.box, out_w / in_w, out_h / in_h), out_w, out_h))
    return torch.from_numpy(np.stack(masks)).unsqueeze(1)


@torch.no_grad()
def predict_masks(model: nn.Module, samples: Sequence[Sample], batch_size: int = 32) -> np.ndarray:
    out = []
    for i in range(0, len(samples), batch_size):
        x = to_tensor([s.image for s in samples[i:i + batch_size]])
        out.append(torch.sigmoid(model(x))[:, 0].numpy())
    return np.concatenate(out)


def boxes_in_frame(masks: np.ndarray, frame_w: int, frame_h: int) -> List[Optional[Tuple]]:
    return [detection.box if detection else None
            for detection in (frame_detection(m, frame_w, frame_h) for m in masks)]


def frame_detection(mask: np.ndarray, frame_w: int, frame_h: int) -> Optional[MaskDetection]:
    """The app's post-processing: the mask boxed at its own resolution, the box mapped to the frame."""
    return mask_to_box(mask, frame_size=(frame_w, frame_h))


def train_ampulla(model: nn.Module, train: Sequence[Sample], val: Sequence[Sample], frame_size: Tuple[int, int],
                  schedule: Schedule) -> Tuple[nn.Module, List[Dict]]:
    images = to_tensor([s.image for s in train])
    with torch.no_grad():
        out_h, out_w = model(images[:1]).shape[2:]
    targets = mask_targets(train, out_w, out_h)
    val_with = [s for s in val if s.box is not None]

    def step_loss(idx: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
        theta = random_affine(len(idx), generator, flip_vertical=True, max_rotation_deg=15, max_shear=0.15)
        theta = theta.to(DEVICE)
        x, y = warp(images[idx].to(DEVICE), theta), warp(targets[idx].to(DEVICE), theta)
        return F.binary_cross_entropy_with_logits(model(x), y)

    def validate(m: nn.Module) -> float:
        preds = boxes_in_frame(predict_masks(m, val_with), *frame_size)
        gts = [s.frame_box for s in val_with]
        return metrics.localisation_metrics(preds, gts, *frame_size)["mIoU"]

    return train_loop(model, step_loss, len(train), validate, schedule)


def train_segmenter(model: nn.Module, train: Sequence[Sample], val: Sequence[Sample],
                    schedule: Schedule) -> Tuple[nn.Module, List[Dict]]:
    """Per-pixel cross-entropy plus soft Dice of the foreground on the samples' masks, with the same warp
    on picture and mask; the epoch with the best mean validation Dice is kept."""
    images = to_tensor([s.image for s in train])
    masks = torch.from_numpy(np.stack([s.mask for s in train])).float().unsqueeze(1)
    val_masks = np.stack([s.mask for s in val])

    def step_loss(idx: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
        theta = random_affine(len(idx), generator, flip_vertical=False, max_rotation_deg=10, max_shear=0.1).to(DEVICE)
        x = warp(images[idx].to(DEVICE), theta)
        y = (warp(masks[idx].to(DEVICE), theta)[:, 0] > 0.5).long()
        logits = model(x)
        return F.cross_entropy(logits, y) + dice_loss(logits, y)

    def validate(m: nn.Module) -> float:
        return float(np.mean(metrics.dice(predict_segmentation(m, val), val_masks)))

    return train_loop(model, step_loss, len(train), validate, schedule)


@torch.no_grad()
def predict_segmentation(model: nn.Module, samples: Sequence[Sample], batch_size: int = 16) -> np.ndarray:
    """Each sample's foreground (channel 1) where its probability reaches 0.5, as the app's segmenter head does."""
    out = []
    for i in range(0, len(samples), batch_size):
        logits = model(to_tensor([s.image for s in samples[i:i + batch_size]]))
        out.append((torch.softmax(logits, dim=1)[:, 1] >= 0.5).numpy().astype(np.uint8))
    return np.concatenate(out)


@torch.no_grad()
def predict_probabilities(model: nn.Module, samples: Sequence[Sample], batch_size: int = 64) -> np.ndarray:
    out = []
    for i in range(0, len(samples), batch_size):
        logits, _ = model(to_tensor([s.image for s in samples[i:i + batch_size]]))
        out.append(torch.softmax(logits, dim=1).numpy())
    return np.concatenate(out)


def train_classifier(model: nn.Module, train: Sequence[Sample], val: Sequence[Sample], classes: int,
                     validate: Callable[[np.ndarray, np.ndarray], float], schedule: Schedule,
                     flip_vertical: bool) -> Tuple[nn.Module, List[Dict]]:
    """Cross-entropy weighted by inverse class frequency; `validate(labels, probabilities)` picks the epoch."""
    images = to_tensor([s.image for s in train])
    labels = torch.tensor([s.label for s in train])
    counts = torch.bincount(labels, minlength=classes).float().clamp(min=1)
    weights = (counts.sum() / (classes * counts)).to(DEVICE)
    val_labels = np.array([s.label for s in val])

    def step_loss(idx: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
        theta = random_affine(len(idx), generator, flip_vertical, max_rotation_deg=10, max_shear=0.1)
        x = warp(images[idx].to(DEVICE), theta.to(DEVICE))
        gain = 0.8 + 0.4 * torch.rand(len(idx), 1, 1, 1, generator=generator)
        x = (x * INPUT_STD + INPUT_MEAN) * gain.to(DEVICE)
        logits, _ = model((x - INPUT_MEAN) / INPUT_STD)
        return F.cross_entropy(logits, labels[idx].to(DEVICE), weight=weights)

    def score(m: nn.Module) -> float:
        return validate(val_labels, predict_probabilities(m, val))

    return train_loop(model, step_loss, len(train), score, schedule)


def difficulty_auc(labels: np.ndarray, probabilities: np.ndarray) -> float:
    """Binary AUC of difficult (any class but easy) from the 4-class output."""
    difficult = labels != 0
    p = 1.0 - probabilities[:, 0]
    return metrics.binary_auc(p[difficult], p[~difficult])


def classification_accuracy_auc(labels: np.ndarray, probabilities: np.ndarray) -> float:
    m = metrics.point_metrics(labels, probabilities)
    return m["accuracy"] + m["auc"]
