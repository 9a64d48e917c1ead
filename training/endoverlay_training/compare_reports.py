"""Compares an `endoverlay-cli eval` report with eval_set.py's report of the same set.

Every value the training code reports must be in the app's report and equal:
numbers to TOLERANCE, bootstrap interval bounds (drawn by different random
generators) to INTERVAL_TOLERANCE; and every section of measures the app
reports (a head's block, such as "cyst_type") must be in the training report,
so that a head named differently on the two sides cannot pass unchecked.
Exits 1 listing the differences.

    python3 -m endoverlay_training.compare_reports APP.json TRAINING.json
"""
import json
import sys
from typing import Dict, Iterator, List, Tuple

TOLERANCE = 1e-9
INTERVAL_TOLERANCE = 0.03


def flatten(value, path: str = "") -> Iterator[Tuple[str, object]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from flatten(item, f"{path}/{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from flatten(item, f"{path}[{i}]")
    else:
        yield path, value


def differences(app: Dict, training: Dict) -> Tuple[List[str], int, float]:
    """(problems, values compared, largest interval difference)"""
    ours = dict(flatten(app))
    problems, compared, widest = [], 0, 0.0
    for path, expected in flatten(training):
        compared += 1
        if path not in ours:
            problems.append(f"{path}: missing from the app's report")
            continue
        got = ours[path]
        numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (got, expected))
        if not numbers:
            if got != expected:
                problems.append(f"{path}: app {got!r}, training {expected!r}")
            continue
        gap = abs(got - expected)
        interval = "/ci95/" in path
        if interval:
            widest = max(widest, gap)
        if gap > (INTERVAL_TOLERANCE if interval else TOLERANCE):
            problems.append(f"{path}: app {got}, training {expected}")
    problems += [f"/{key}: missing from the training report" for key, value in app.items()
                 if isinstance(value, dict) and key not in training]
    return problems, compared, widest


def main() -> None:
    app_path, training_path = sys.argv[1:3]
    with open(app_path) as a, open(training_path) as t:
        problems, compared, widest = differences(json.load(a), json.load(t))
    for problem in problems:
        print(problem)
    print(f"{compared - len(problems)} of {compared} values agree; "
          f"bootstrap bounds differ by at most {widest:.4f}")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
