"""Writes the held-out results into training/README.md between two markers,
so the numbers there are always the ones the last build produced."""
from pathlib import Path
from typing import Dict

import numpy as np

BEGIN = "<!-- results:begin -->"
END = "<!-- results:end -->"


def ci(m: Dict, name: str) -> str:
    lo, hi = m["ci95"][name]
    return f"{m[name]:.3f} ({lo:.3f}–{hi:.3f})"


def per_class_rows(m: Dict) -> str:
    rows = ["| class | precision | recall | F1 | AUC (one vs rest) | n |", "|---|---|---|---|---|---|"]
    for name, pc in zip(m["classes"], m["per_class"]):
        rows.append(f"| {name} | {pc['precision']:.3f} | {pc['recall']:.3f} | {pc['f1']:.3f} | "
                    f"{pc['auc']:.3f} | {pc['support']} |")
    return "\n".join(rows)


def confusion(m: Dict) -> str:
    head = "| true \\ predicted | " + " | ".join(m["classes"]) + " |"
    rows = [head, "|" + "---|" * (len(m["classes"]) + 1)]
    for name, row in zip(m["classes"], m["confusion_matrix"]):
        rows.append(f"| {name} | " + " | ".join(str(v) for v in row) + " |")
    return "\n".join(rows)


def render(report: Dict) -> str:
    """The results section: the header, then a part for each model that the report holds."""
    sections = [header(report)] + [section(report) for key, section in (
        ("ampulla", ampulla_section), ("difficulty", difficulty_section), ("cyst", cyst_section),
        ("ceus", ceus_section), ("ct", ct_section), ("mri", mri_section)) if key in report]
    return f"{BEGIN}\n" + "\n\n".join(sections) + f"\n{END}"


def header(report: Dict) -> str:
    s = report.get("seconds", {})
    if "total" not in s:
        text = "No full `build_all` run has been measured yet."
    else:
        later = "".join(f"{name} {s[key]:.0f} s, " for key, name in LATER_TIMINGS if key in s)
        text = f"""Held-out phantoms generated from seed {report['data']['test']['seed']} (training used seeds
{report['data']['train']['seed']} and {report['data']['validation']['seed']}). Measured by the last
`build_all` run on {report['device']}; it took {s['total'] / 60:.1f} min in all
(data {s['phantom data sets']:.0f} s{' read from the cache' if report['data_from_cache'] else ''}, ampulla {s['ampulla']:.0f} s, difficulty {s['difficulty']:.0f} s,
cyst type {s['cyst type']:.0f} s, {later}clips {s['clips and contact sheet']:.0f} s)."""
    alone = report.get("rebuilt_alone")
    if alone:
        parts = ", ".join(f"{PART_NAMES.get(part, part)} ({run['seconds']:.0f} s on {run['device']})"
                          for part, run in alone.items())
        text += f"\nRebuilt alone since (`build_all --only`): {parts}."
    return text


# Parts added after the first four, named only when the run that was measured had them.
LATER_TIMINGS = (("ceus", "CEUS lesion type"), ("ceus clips", "CEUS clips"), ("ct", "renal CT"), ("mri", "liver MRI"))
PART_NAMES = {"ampulla": "ampulla", "difficulty": "difficulty", "cyst": "cyst type", "ceus": "CEUS lesion type",
              "ceus-clips": "CEUS clips", "clips": "clips and contact sheet", "ct": "renal CT",
              "mri": "liver MRI"}


def ampulla_section(report: Dict) -> str:
    a = report["ampulla"]
    return f"""**Ampulla** ({a['frames']} frames with a papilla, {a['frames_without_papilla']} without):

| measure | value | target | paper |
|---|---|---|---|
| mIoU | {a['mIoU']:.3f} | ≥ 0.70 | 0.641 |
| precision | {a['precision']:.3f} | | 0.762 |
| recall | {a['recall']:.3f} | | 0.784 |
| centroid distance | {a['centroid_distance']:.4f} | | 0.021 |
| success at IoU 0.3 | {100 * a['success_iou']['0.3']:.1f} % | ≥ 95 % | 91.4 % |
| success at centroid distance 0.05 | {100 * a['success_centroid']['0.05']:.1f} % | ≥ 95 % | 92.0 % |
| display threshold (card) | {a['display_threshold']:.3f} | | |
| frames without papilla shown (false positives) | {100 * a['false_positive_rate']:.1f} % | ≤ 5 % | |
| frames with papilla hidden (misses) | {100 * a['miss_rate']:.1f} % | | |

Success curves: `results/ampulla_success.png`."""


def difficulty_section(report: Dict) -> str:
    d4, d2 = report["difficulty"]["four_class"], report["difficulty"]["binary"]
    return f"""**Cannulation difficulty** ({d2['samples']} frames with a papilla; 95 % bootstrap intervals, 2000 resamples):

| measure | binary (easy / difficult) | four classes |
|---|---|---|
| AUC | {ci(d2, 'auc')} | {ci(d4, 'auc')} (macro one vs rest) |
| accuracy | {ci(d2, 'accuracy')} | {ci(d4, 'accuracy')} |
| macro F1 | {ci(d2, 'macro_f1')} | {ci(d4, 'macro_f1')} |

Target: binary AUC ≥ 0.75 (paper: AUC 0.680, four-class macro F1 0.429). The labels are noisy on purpose
(the outcome is drawn from a probability), so no model can reach AUC 1.

{per_class_rows(d4)}

{confusion(d4)}"""


def cyst_section(report: Dict) -> str:
    c = report["cyst"]
    return f"""**Cyst type** ({c['samples']} EUS frames, whole fans and regions of interest):

| measure | value | target | paper |
|---|---|---|---|
| accuracy | {ci(c, 'accuracy')} | ≥ 0.95 | 0.828 |
| AUC | {ci(c, 'auc')} | ≥ 0.98 | 0.88 |
| macro F1 | {ci(c, 'macro_f1')} | | |

{per_class_rows(c)}

{confusion(c)}"""


def ceus_section(report: Dict) -> str:
    c = report["ceus"]
    return f"""**CEUS lesion type, PDAC / CP** ({c['samples']} regions of interest on the contrast half, mostly from the
pancreatic phase; positive class PDAC, operating point 0.5; 95 % bootstrap intervals, 2000 resamples):

| measure | value | target | paper (validation cohorts) |
|---|---|---|---|
| AUC | {ci(c, 'auc')} | ≥ 0.97 | 0.953–0.978 (training 0.986) |
| accuracy | {ci(c, 'accuracy')} | | |
| sensitivity (PDAC recall) | {ci(c, 'sensitivity')} | | 0.872–0.974 |
| specificity (CP recall) | {ci(c, 'specificity')} | | 0.700–1.000 |

{per_class_rows(c)}

{confusion(c)}"""


def ct_section(report: Dict) -> str:
    c = report["ct"]
    rows = []
    for name, m in c["phases"].items():
        v, t = m["at_validation_cutoff"], m["at_test_optimum"]
        rows.append(f"| {name} | {ci(m, 'auc')} | {v['accuracy']:.3f} ({v['accuracy_ci95'][0]:.3f}–"
                    f"{v['accuracy_ci95'][1]:.3f}) at {v['cutoff']:.2f} | {t['accuracy']:.3f} | "
                    f"{v['sensitivity']:.3f} / {v['specificity']:.3f} |")
    paired = [f"| corticomedullary vs {key.split('_vs_')[1]} | {p['difference']:+.3f} | {p['standard_error']:.3f} | "
              f"{p['p_value']:.3g} |" for key, p in c["paired_delong"].items()]
    rows_text = "\n".join(rows)
    paired_text = "\n".join(paired)
    return f"""**Renal mass on CT, malignant / benign, per phase** ({c['studies']['test']} held-out studies, the same
masses in every phase, {c['phases']['corticomedullary']['per_class'][0]['support']} malignant; positive class
malignant; 95 % bootstrap intervals, 2000 resamples; cut-off: Youden's on the validation studies, also the
test set's own optimum as the paper reports it):

| phase | AUC | accuracy at the validation cut-off | accuracy at the test optimum | sensitivity / specificity |
|---|---|---|---|---|
{rows_text}

Targets: corticomedullary AUC ≥ 0.90 and above the excretory phase. Paper: the corticomedullary phase best,
accuracy 88 %, higher AUC than the excretory phase (p = 0.022).

DeLong's paired test on the same masses:

| comparison | AUC difference | standard error | p |
|---|---|---|---|
{paired_text}"""


def mri_section(report: Dict) -> str:
    m = report["mri"]
    d, seg, whole, test = m["dice"], m["segmented"], m["whole"], m["segmented_vs_whole_mcnemar"]
    delong, seeds = m["segmented_vs_whole_delong"], m["accuracy_over_seeds"]

    def spread(name: str) -> str:
        a = np.array(seeds[name])
        if len(a) < 2:
            return f"{a[0]:.3f}"
        return f"{a.mean():.3f} ± {a.std(ddof=1):.3f} (lowest {a.min():.3f}, highest {a.max():.3f})"

    ahead = sum(s >= w for s, w in zip(seeds["segmented"], seeds["whole"]))
    return f"""**Liver cirrhosis on T2 MRI** ({m['studies']['test']} held-out slices at the caudate level,
{seg['per_class'][0]['support']} cirrhotic; positive class cirrhosis, operating point 0.5; 95 % bootstrap intervals):

| measure | with segmentation (U-Net mask, then classifier) | without (whole slice) | target | study |
|---|---|---|---|---|
| liver Dice | {d['mean']:.3f} ({d['ci95'][0]:.3f}–{d['ci95'][1]:.3f}), lowest {d['minimum']:.3f} | | ≥ 0.95 | > 0.98 |
| accuracy | {ci(seg, 'accuracy')} | {ci(whole, 'accuracy')} | with ≥ without | test 0.96 with segmentation |
| AUC | {ci(seg, 'auc')} | {ci(whole, 'auc')} | | |
| sensitivity (cirrhosis) | {ci(seg, 'sensitivity')} | {ci(whole, 'sensitivity')} | | |
| specificity (normal) | {ci(seg, 'specificity')} | {ci(whole, 'specificity')} | | |

McNemar's χ² on the same slices: {test['only_a_right']} right only with segmentation, {test['only_b_right']} only
without; χ² = {test['chi2']:.2f}, p = {test['p_value']:.3g}. DeLong's test of the AUCs: difference
{delong['difference']:+.3f} (standard error {delong['standard_error']:.3f}), p = {delong['p_value']:.3g}.

The shipped pair is one training seed's. Trained again with {seeds['seeds']} seeds (each pair from the same
weights, on the same batches), the accuracy on the same slices, mean ± SD over seeds: with segmentation
{spread('segmented')}, without {spread('whole')}; with ≥ without for {ahead} of {seeds['seeds']} seeds."""


def update(readme: Path, report: Dict) -> None:
    text = readme.read_text(encoding="utf-8")
    start, end = text.find(BEGIN), text.find(END)
    if start < 0 or end < 0:
        raise ValueError(f"{readme} lacks the {BEGIN} … {END} markers")
    readme.write_text(text[:start] + render(report) + text[end + len(END):], encoding="utf-8")
