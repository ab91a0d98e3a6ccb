"""Where every benchmark script leaves its figures: one timestamped JSON file per run."""

import json
import os
import time


def write_report(report, out_dir, kind):
    """Writes `report` to OUT_DIR/KIND-YYYYmmddTHHMMSS.json and says where."""
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, time.strftime(f"{kind}-%Y%m%dT%H%M%S.json"))
    with open(path, "w") as f:
        json.dump(report, f, indent=2)
    print(f"wrote {path}")
