"""A PNG of phantom frames with their labels drawn, for people to look at."""
from pathlib import Path

import cv2
import numpy as np

from . import ercp_phantom, eus_phantom

TILE = (320, 240)


def caption(image: np.ndarray, lines) -> None:
    for i, text in enumerate(lines):
        y = image.shape[0] - 10 - 18 * (len(lines) - 1 - i)
        cv2.putText(image, text, (8, y), cv2.FONT_HERSHEY_SIMPLEX, 0.5, (0, 0, 0), 3, cv2.LINE_AA)
        cv2.putText(image, text, (8, y), cv2.FONT_HERSHEY_SIMPLEX, 0.5, (255, 255, 255), 1, cv2.LINE_AA)


def tile(image: np.ndarray, box, lines) -> np.ndarray:
    out = image.copy()
    if box is not None:
        x, y, w, h = (int(round(v)) for v in box)
        cv2.rectangle(out, (x, y), (x + w, y + h), (0, 255, 0), 2)
    out = cv2.resize(out, TILE, interpolation=cv2.INTER_AREA)
    caption(out, lines)
    return out


def contact_sheet(path: Path, seed: int = 7) -> None:
    rng = np.random.default_rng(seed)
    tiles = []
    for i in range(12):
        f = ercp_phantom.random_frame(rng, with_papilla=i % 6 != 5)
        p = f.papilla
        lines = ["ERCP: no papilla in view"] if p is None else [
            f"ERCP {p.morphology}, diverticulum {p.diverticulum}",
            f"hooding fold {'yes' if p.hooded else 'no'}, P(difficult) {p.difficult_probability:.2f}",
            f"outcome: {ercp_phantom.OUTCOMES[p.outcome]}"]
        tiles.append(tile(f.image, f.box, lines))
    for i in range(8):
        f = eus_phantom.random_frame(rng, kind=i % 2)
        tiles.append(tile(f.image, f.box, [f"EUS {eus_phantom.CYST_TYPES[f.lesion.kind]}" if f.lesion
                                           else "EUS: lesion out of the fan"]))
    rows = [np.hstack(tiles[i:i + 4]) for i in range(0, len(tiles), 4)]
    sheet = np.vstack(rows)
    banner = np.zeros((30, sheet.shape[1], 3), np.uint8)
    caption(banner, ["Endoverlay synthetic phantoms (green: labelled box) - not patient data, not for clinical use"])
    cv2.imwrite(str(path), np.vstack([banner, sheet]))
