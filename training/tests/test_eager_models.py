"""The eager rebuild of the shipped models computes what their TorchScript files compute."""
import json
from pathlib import Path

import pytest
import torch

from endoverlay_training import eager_models

MODELS = Path(__file__).resolve().parents[2] / "resources" / "models"


@pytest.mark.parametrize("name", ["ercp-ampulla-demo", "ercp-difficulty-demo", "eus-cyst-demo"])
def test_eager_model_matches_its_torchscript_file(name):
    card_path = MODELS / f"{name}.json"
    card = json.loads(card_path.read_text())
    eager = eager_models.load(card_path)
    scripted = torch.jit.load(str(MODELS / card["file"])).eval()
    spec = card["input"]
    x = torch.randn(1, spec["channels"], spec["height"], spec["width"], generator=torch.Generator().manual_seed(5))
    with torch.no_grad():
        a, b = eager(x), scripted(x)
    for got, want in zip(a if isinstance(a, tuple) else (a,), b if isinstance(b, tuple) else (b,)):
        assert torch.allclose(got, want, atol=1e-5)


def test_unknown_architecture_is_refused():
    card = json.loads((MODELS / "eus-cyst-demo.json").read_text())
    card["architecture"]["description"] = "Vision transformer"
    with pytest.raises(ValueError, match="does not say"):
        eager_models.build(card)
