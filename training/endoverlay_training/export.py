"""TorchScript export and the model card that goes with it."""
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

import torch
from torch import nn

from . import model_card
from .train import INPUT_MEAN, INPUT_STD


def input_spec(size: Tuple[int, int], grey: bool) -> Dict[str, Any]:
    channels = 1 if grey else 3
    return {
        "width": size[0], "height": size[1], "channels": channels,
        "colour_order": "GREY" if grey else "RGB",
        "layout": "NCHW float32",
        "resize": "area (stretch the whole frame or region of interest to width x height)",
        "scale": "pixel / 255",
        "mean": [INPUT_MEAN] * channels, "std": [INPUT_STD] * channels,
    }


def output_shapes(model: nn.Module, size: Tuple[int, int], channels: int) -> List[List[int]]:
    with torch.no_grad():
        out = model(torch.zeros(1, channels, size[1], size[0]))
    return [list(t.shape) for t in (out if isinstance(out, tuple) else (out,))]


HALF_PRECISION_TOLERANCE = 1e-2


def half_precision_difference(model_path: Path, size: Tuple[int, int], channels: int) -> float:
    """Largest change of the activated first output (sigmoid or softmax) when the weights and the
    input are rounded to float16: the storage error of half-precision inference on a GPU."""
    model, rounded = (torch.jit.load(str(model_path)).eval() for _ in range(2))
    with torch.no_grad():
        for tensor in list(rounded.parameters()) + [b for b in rounded.buffers() if b.is_floating_point()]:
            tensor.copy_(tensor.half().float())
        x = torch.randn(8, channels, size[1], size[0], generator=torch.Generator().manual_seed(0))
        a, b = model(x), rounded(x.half().float())
    a, b = (a if isinstance(a, tuple) else (a,))[0], (b if isinstance(b, tuple) else (b,))[0]
    activate = torch.sigmoid if a.dim() == 4 else (lambda t: torch.softmax(t, 1))
    return float((activate(a) - activate(b)).abs().max())


def export(model: nn.Module, directory: Path, name: str, version: str, task: str, size: Tuple[int, int],
           grey: bool, outputs_meaning: Sequence[Tuple[str, str]], labels: Sequence[str],
           postprocess: Dict[str, Any], architecture: Dict[str, Any], metrics: Dict[str, Any],
           region_of_interest: Optional[Dict[str, Any]] = None, kind: Optional[str] = None,
           window: Optional[Tuple[float, float]] = None, intensity: Optional[Tuple[float, float]] = None) -> Path:
    """Scripts the model, saves NAME.pt and NAME.json in `directory`, returns the card's path.
    `kind` (model_card.KINDS) is needed for a task the app does not bundle; the bundled ones go without.
    `window` (centre, width in Hounsfield units) says how a CT slice's values become the grey pixels the
    model takes: DICOM's linear window, whatever window the user views the slice through. `intensity` (two
    percentiles) says the same for MR, whose signal has no fixed scale: each slice is stretched between
    those percentiles of its own signal."""
    directory.mkdir(parents=True, exist_ok=True)
    model = model.eval()
    scripted = torch.jit.script(model)
    model_path = directory / f"{name}.pt"
    scripted.save(str(model_path))
    shapes = output_shapes(scripted, size, 1 if grey else 3)
    card = {
        "schema": model_card.SCHEMA,
        "name": name,
        "version": version,
        "task": task,
        **({"kind": kind} if kind else {}),
        "file": model_path.name,
        "sha256": model_card.sha256_of(model_path),
        "input": {**input_spec(size, grey), **({"region_of_interest": region_of_interest} if region_of_interest else {}),
                  **({"window": {"centre": window[0], "width": window[1], "units": "HU"}} if window else {}),
                  **({"intensity": {"stretch_percentiles": list(intensity)}} if intensity else {})},
        "outputs": [{"name": n, "shape": s, "meaning": m} for (n, m), s in zip(outputs_meaning, shapes)],
        "labels": list(labels),
        "postprocess": postprocess,
        "architecture": architecture,
        "training_data": model_card.TRAINING_DATA_STATEMENT,
        "metrics": metrics,
        "half_precision": half_precision_difference(model_path, size, 1 if grey else 3) < HALF_PRECISION_TOLERANCE,
    }
    card_path = directory / f"{name}.json"
    model_card.write(card, card_path)
    return card_path
