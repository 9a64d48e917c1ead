"""Runs a shipped model on a video frame the way its card says: the reference
that the app's C++ engine must agree with."""
from typing import Any, Dict, Optional

import cv2
import numpy as np
import torch

from . import regions
from .softmask import Box, MaskDetection, mask_to_box


def preprocess(image_bgr: np.ndarray, card: Dict[str, Any]) -> torch.Tensor:
    spec = card["input"]
    resized = cv2.resize(image_bgr, (spec["width"], spec["height"]), interpolation=cv2.INTER_AREA)
    order = spec["colour_order"]
    if order != "BGR":
        resized = cv2.cvtColor(resized, cv2.COLOR_BGR2GRAY if order == "GREY" else cv2.COLOR_BGR2RGB)
    x = torch.from_numpy(np.ascontiguousarray(resized)).float().div_(255.0)
    x = x.unsqueeze(0) if x.dim() == 2 else x.permute(2, 0, 1)
    mean = torch.tensor(spec["mean"]).view(-1, 1, 1)
    std = torch.tensor(spec["std"]).view(-1, 1, 1)
    return ((x - mean) / std).unsqueeze(0)


@torch.no_grad()
def ampulla(model, card: Dict[str, Any], image_bgr: np.ndarray) -> Optional[MaskDetection]:
    """The box, score and centroid in frame pixels; None when the mask is empty."""
    mask = torch.sigmoid(model(preprocess(image_bgr, card)))[0, 0].numpy()
    h, w = image_bgr.shape[:2]
    return mask_to_box(mask, card["postprocess"]["box_threshold"], (w, h))


@torch.no_grad()
def class_probabilities(model, card: Dict[str, Any], image_bgr: np.ndarray,
                        around: Optional[Box] = None) -> np.ndarray:
    """Softmax of the first output; `around` is the ampulla box for models that take a region."""
    roi = card["input"].get("region_of_interest")
    if roi is not None:
        if around is None:
            raise ValueError(f"{card['name']} needs the {roi['around']} to cut its region of interest")
        image_bgr = regions.papilla_region(image_bgr, around, roi["scale"], card["input"]["width"])
    logits, _ = model(preprocess(image_bgr, card))
    return torch.softmax(logits, dim=1)[0].numpy()
