"""A PNG of phantom frames with their labels drawn, for people to look at."""
from pathlib import Path

import cv2
import numpy as np

from . import ceus_phantom, ct_phantom, datasets, ercp_phantom, eus_phantom, mri_phantom

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


CEUS_TIMES = (24.0, 40.0, 70.0)


def ceus_contact_sheet(path: Path, seed: int = 7) -> None:
    """Dual-view CEUS frames at full size, a PDAC and a CP per row at the same time after the injection
    (late vascular, pancreatic, delayed), then a row of the model's inputs: regions of interest on the
    contrast half, as datasets.ceus_sample cuts them."""
    rng = np.random.default_rng(seed)
    rows = []
    for t in CEUS_TIMES:
        tiles = []
        for kind in (0, 1):
            f = ceus_phantom.random_frame(rng, kind, t)
            out = f.image.copy()
            for box in (f.box, f.bmode_box):
                x, y, w, h = (int(round(v)) for v in box)
                cv2.rectangle(out, (x, y), (x + w, y + h), (0, 255, 0), 1)
            lesion = f.lesion
            caption(out, [f"CEUS {ceus_phantom.CLASSES[kind]}, {t:.0f} s after injection ({f.phase} phase)",
                          f"peak vs parenchyma {lesion.enhancement:.2f}, heterogeneity {lesion.heterogeneity:.2f}",
                          f"{'necrosis/cyst' if lesion.necrosis else 'solid'}, "
                          f"{'calcified' if lesion.calcified else 'no calcification'}, duct {lesion.duct}"])
            tiles.append(out)
        rows.append(np.hstack(tiles))
    inputs = []
    for i in range(8):
        sample = datasets.ceus_sample((seed, i, (160, 160)))
        region = cv2.cvtColor(sample.image, cv2.COLOR_GRAY2BGR)
        caption(region, [f"{ceus_phantom.CLASSES[sample.label]} {sample.attributes[0]:.0f} s"])
        inputs.append(region)
    sheet = np.vstack(rows + [np.hstack(inputs)])
    banner = np.zeros((30, sheet.shape[1], 3), np.uint8)
    caption(banner, ["Endoverlay synthetic CEUS phantoms: B-mode left, contrast right (green: lesion); bottom: model "
                     "inputs - not patient data, not for clinical use"])
    cv2.imwrite(str(path), np.vstack([banner, sheet]), [cv2.IMWRITE_PNG_COMPRESSION, 9])


def ct_contact_sheet(path: Path, seed: int = 7) -> None:
    """Four renal CT studies, one per row: the slice through the mass in the four phases, in the abdomen
    window, the region around the mass in green; then a row of the models' inputs (corticomedullary)."""
    rows = []
    for study in ct_phantom.studies(seed, 6)[:2] + [ct_phantom.make_study(seed + i, malignant=False) for i in (1, 2)]:
        z = study.slice_z[study.slice_of_mass()]
        tiles = []
        for phase, name in enumerate(ct_phantom.PHASES):
            grey = datasets.windowed(ct_phantom.render_slice(study, phase, z), ct_phantom.ABDOMEN_WINDOW)
            image = cv2.resize(cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR), (320, 320), interpolation=cv2.INTER_AREA)
            x, y, w, h = (int(round(v * 320 / ct_phantom.SLICE_SIZE)) for v in ct_phantom.mass_box(study, phase, z))
            cv2.rectangle(image, (x - 4, y - 4), (x + w + 4, y + h + 4), (0, 255, 0), 1)
            mass = study.mass
            caption(image, [name, f"{ct_phantom.CLASSES[mass.label]}, {mass.kind.name}",
                            f"{2 * max(mass.shape.radii):.0f} mm, {mass.hu[phase]:.0f} HU"])
            tiles.append(image)
        rows.append(np.hstack(tiles))
    inputs, shown = [], {0: 0, 1: 0}
    for i in range(100):
        sample = datasets.ct_sample((seed, i, (160, 160)))
        if shown[sample.label] == 4:
            continue
        shown[sample.label] += 1
        region = cv2.cvtColor(np.ascontiguousarray(sample.image[..., 1]), cv2.COLOR_GRAY2BGR)
        caption(region, [f"{ct_phantom.CLASSES[sample.label]}"])
        inputs.append(region)
        if len(inputs) == 8:
            break
    sheet = np.vstack(rows + [np.hstack(inputs)])
    banner = np.zeros((30, sheet.shape[1], 3), np.uint8)
    caption(banner, ["Endoverlay synthetic renal CT phantoms, four phases (green: mass); bottom: corticomedullary model "
                     "inputs - not patient data, not for clinical use"])
    cv2.imwrite(str(path), np.vstack([banner, sheet]), [cv2.IMWRITE_PNG_COMPRESSION, 9])


def mri_contact_sheet(path: Path, seed: int = 7) -> None:
    """T2 slices at the caudate level, cirrhotic on top and normal below, the liver's mask outlined."""
    rows = []
    for cirrhotic in (True, False):
        tiles = []
        for i in range(4):
            study = mri_phantom.make_study(seed * 1000 + i, cirrhotic=cirrhotic)
            signal, mask = mri_phantom.render_slice(study, study.slice_z[study.caudate_slice()])
            image = cv2.cvtColor(datasets.stretched(signal, datasets.MRI_STRETCH_PERCENTILES), cv2.COLOR_GRAY2BGR)
            outline, _ = cv2.findContours(mask.astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
            cv2.drawContours(image, outline, -1, (0, 255, 0), 1)
            image = cv2.resize(image, (320, 320), interpolation=cv2.INTER_AREA)
            caption(image, [f"{'cirrhosis' if cirrhotic else 'normal'}, stage {study.stage:.2f}"])
            tiles.append(image)
        rows.append(np.hstack(tiles))
    sheet = np.vstack(rows)
    banner = np.zeros((30, sheet.shape[1], 3), np.uint8)
    caption(banner, ["Endoverlay synthetic T2 liver MRI phantoms (green: liver mask) - not patient data, "
                     "not for clinical use"])
    cv2.imwrite(str(path), np.vstack([banner, sheet]), [cv2.IMWRITE_PNG_COMPRESSION, 9])
