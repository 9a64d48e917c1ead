"""Model cards: the JSON beside each TorchScript file that tells the app how to use it.

The app refuses a model whose card does not validate or whose file's SHA-256
differs from the card's, so a site's own model only needs a correct card.
"""
import hashlib
import json
import math
import re
from pathlib import Path
from typing import Any, Dict, List

SCHEMA = "endoverlay.model-card/1"
# The bundled tasks and the kind of head each is; a card for any other task says its kind.
BUNDLED_KINDS = {"ampulla_soft_mask": "soft_mask_localiser", "cannulation_difficulty": "classifier",
                 "cyst_type": "classifier"}
KINDS = ("soft_mask_localiser", "classifier", "segmenter")
COLOUR_ORDERS = ("RGB", "BGR", "GREY")
REGION_SOURCES = ("ampulla_box",)
TRAINING_DATA_STATEMENT = "synthetic phantoms — not for clinical use"


class ModelCardError(ValueError):
    pass


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def require(card: Dict[str, Any], key: str, kind: type, where: str = "card") -> Any:
    if key not in card:
        raise ModelCardError(f"{where}: missing '{key}'")
    value = card[key]
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        return value
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ModelCardError(f"{where}: '{key}' must be {kind.__name__}, got {type(value).__name__}")
    return value


def validate(card: Dict[str, Any]) -> None:
    if require(card, "schema", str) != SCHEMA:
        raise ModelCardError(f"card: schema must be '{SCHEMA}'")
    for key in ("name", "version", "file", "training_data"):
        if not require(card, key, str):
            raise ModelCardError(f"card: '{key}' is empty")
    if not re.fullmatch(r"[a-z0-9_]{1,64}", require(card, "task", str)):
        raise ModelCardError("card: task must be 1 to 64 of a-z, 0-9 and '_'")
    kind = kind_of(card)
    sha = require(card, "sha256", str)
    if len(sha) != 64 or any(c not in "0123456789abcdef" for c in sha):
        raise ModelCardError("card: 'sha256' must be 64 lowercase hex digits")
    validate_input(require(card, "input", dict))
    outputs: List[Dict[str, Any]] = require(card, "outputs", list)
    if not outputs:
        raise ModelCardError("card: 'outputs' is empty")
    names = set()
    for i, output in enumerate(outputs):
        where = f"outputs[{i}]"
        if not isinstance(output, dict):
            raise ModelCardError(f"{where} must be an object")
        name = require(output, "name", str, where)
        if name in names:
            raise ModelCardError(f"{where}: name '{name}' is used by another output")
        names.add(name)
        require(output, "meaning", str, where)
        shape = require(output, "shape", list, where)
        if not shape or not all(isinstance(d, int) and d > 0 for d in shape):
            raise ModelCardError(f"{where}: 'shape' must be positive integers")
    labels = require(card, "labels", list)
    if not all(isinstance(label, str) and label for label in labels) or len(set(labels)) != len(labels):
        raise ModelCardError("card: 'labels' must be distinct non-empty strings")
    if kind == "classifier" and len(labels) != outputs[0]["shape"][-1]:
        raise ModelCardError("card: one label per class of the first output is needed")
    if kind == "segmenter" and (len(outputs[0]["shape"]) != 4 or len(labels) != outputs[0]["shape"][1]):
        raise ModelCardError("card: a segmenter's first output is [1, N, H, W] with one label per channel")
    validate_postprocess(require(card, "postprocess", dict))
    require(card, "metrics", dict)
    if "half_precision" in card:
        require(card, "half_precision", bool)


def kind_of(card: Dict[str, Any]) -> str:
    """The card's kind of head, as the app reads it: given, or that of a bundled task."""
    bundled = BUNDLED_KINDS.get(card["task"])
    if "kind" not in card:
        if bundled is None:
            raise ModelCardError(f"card: 'kind' is needed for task {card['task']}: {' or '.join(KINDS)}")
        return bundled
    kind = require(card, "kind", str)
    if kind not in KINDS:
        raise ModelCardError(f"card: kind must be one of {', '.join(KINDS)}")
    if bundled is not None and kind != bundled:
        raise ModelCardError(f"card: task {card['task']} is done by a {bundled}")
    return kind


def validate_input(spec: Dict[str, Any]) -> None:
    for key in ("width", "height", "channels"):
        if require(spec, key, int, "input") <= 0:
            raise ModelCardError(f"input: '{key}' must be positive")
    if require(spec, "colour_order", str, "input") not in COLOUR_ORDERS:
        raise ModelCardError(f"input: colour_order must be one of {', '.join(COLOUR_ORDERS)}")
    expected = 1 if spec["colour_order"] == "GREY" else 3
    if spec["channels"] != expected:
        raise ModelCardError(f"input: {spec['colour_order']} needs {expected} channel(s)")
    for key in ("mean", "std"):
        values = require(spec, key, list, "input")
        if len(values) != expected or not all(isinstance(v, (int, float)) for v in values):
            raise ModelCardError(f"input: '{key}' needs {expected} number(s)")
    # The app's ranges: pixels reach the model as pixel / 255, so values far outside these only make infinities.
    if not all(-1000 <= v <= 1000 for v in spec["mean"]):
        raise ModelCardError("input: 'mean' must lie from -1000 to 1000")
    if not all(1e-6 <= v <= 1000 for v in spec["std"]):
        raise ModelCardError("input: 'std' must lie from 0.000001 to 1000")
    if "region_of_interest" in spec:
        region = require(spec, "region_of_interest", dict, "input")
        if require(region, "around", str, "input.region_of_interest") not in REGION_SOURCES:
            raise ModelCardError(f"input.region_of_interest: 'around' must be one of {', '.join(REGION_SOURCES)}")
        if not 0.1 <= require(region, "scale", float, "input.region_of_interest") <= 10:
            raise ModelCardError("input.region_of_interest: 'scale' must lie from 0.1 to 10")
    if "window" in spec:
        validate_window(spec)
    if "intensity" in spec:
        intensity = require(spec, "intensity", dict, "input")
        low, high = (require(intensity, "stretch_percentiles", list, "input.intensity") + [None, None])[:2]
        if not (len(intensity["stretch_percentiles"]) == 2 and all(isinstance(v, (int, float)) for v in (low, high))
                and 0 <= low < high <= 100):
            raise ModelCardError("input.intensity: 'stretch_percentiles' must be two percentiles, low then high")
    if "window" in spec and "intensity" in spec:
        raise ModelCardError("input: a 'window' or an 'intensity' stretch, not both")


def validate_window(spec: Dict[str, Any]) -> None:
    window = require(spec, "window", dict, "input")
    centre = require(window, "centre", float, "input.window")
    width = require(window, "width", float, "input.window")
    # The app's ranges (ModelCard.cpp): a width of 1 would be a threshold, not a window.
    if not (math.isfinite(centre) and -100000 <= centre <= 100000 and 2 <= width <= 65536):
        raise ModelCardError("input.window: 'centre' must lie from -100000 to 100000 and 'width' from 2 to 65536")
    if require(window, "units", str, "input.window") != "HU":
        raise ModelCardError("input.window: 'units' must be HU")


def validate_postprocess(post: Dict[str, Any]) -> None:
    if "box_threshold" in post and not 0 < require(post, "box_threshold", float, "postprocess") < 1:
        raise ModelCardError("postprocess: 'box_threshold' must lie between 0 and 1")
    if "display_threshold" in post and not 0 <= require(post, "display_threshold", float, "postprocess") <= 1:
        raise ModelCardError("postprocess: 'display_threshold' must lie from 0 to 1")


def load(card_path: Path) -> Dict[str, Any]:
    """Reads and validates a card and checks its TorchScript file's SHA-256."""
    try:
        card = json.loads(Path(card_path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise ModelCardError(f"{card_path}: {e}") from e
    if not isinstance(card, dict):
        raise ModelCardError(f"{card_path}: a card is a JSON object")
    try:
        validate(card)
    except ModelCardError as e:
        raise ModelCardError(f"{card_path}: {e}") from e
    model_path = Path(card_path).parent / card["file"]
    if not model_path.is_file():
        raise ModelCardError(f"{card_path}: model file {model_path} is missing")
    actual = sha256_of(model_path)
    if actual != card["sha256"]:
        raise ModelCardError(f"{card_path}: SHA-256 of {model_path.name} is {actual}, card says {card['sha256']}")
    return card


def write(card: Dict[str, Any], card_path: Path) -> None:
    validate(card)
    Path(card_path).write_text(json.dumps(card, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
