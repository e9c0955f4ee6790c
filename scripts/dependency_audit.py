"""Audit requirements.txt: known vulnerabilities (pip-audit), and pins behind a newer release in their series.

    python3 scripts/dependency_audit.py [--pip-audit PATH] [--strict]

pip-audit alone would mislead where its vulnerability service cannot be reached: it marks every
package "not found", says "No known vulnerabilities found" and exits 0. This says plainly how many
packages were really audited. Beside that, a pin behind a newer patch release of its own series (5.2.x)
is named, since security fixes ship as patch releases; the registry's package index answers that even
where the vulnerability service does not.

Exit 1 when a known vulnerability is found; with --strict, also when some package could not be audited.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;#]+)")


def pins(requirements: Path) -> dict[str, str]:
    found = {}
    for line in requirements.read_text().splitlines():
        if m := PIN.match(line.strip()):
            found[m.group(1).lower()] = m.group(2)
    return found


def release(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version.split("+")[0])[:3])


def newer_in_series(name: str, pinned: str) -> tuple[str | None, str | None]:
    """(newest release of the pin's major.minor series if newer, newest release overall if newer)."""
    out = subprocess.run(
        [sys.executable, "-m", "pip", "index", "versions", name], capture_output=True, text=True, timeout=120
    ).stdout
    m = re.search(r"^Available versions: (.+)$", out, re.M)
    if not m:
        return None, None
    # Final releases only: a pre-release is no upgrade to pin in production.
    versions = [v.strip() for v in m.group(1).split(",") if re.fullmatch(r"[\d.]+(\.post\d+)?", v.strip())]
    mine = release(pinned)
    series = [v for v in versions if release(v)[:2] == mine[:2] and release(v) > mine]
    newest = max(versions, key=release, default=None)
    return (max(series, key=release) if series else None, newest if newest and release(newest) > mine else None)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requirements", type=Path, default=REPO / "requirements.txt")
    parser.add_argument("--pip-audit", default=shutil.which("pip-audit") or "pip-audit")
    parser.add_argument("--strict", action="store_true", help="fail when a package could not be audited")
    args = parser.parse_args()

    result = subprocess.run(
        [args.pip_audit, "-r", str(args.requirements), "-f", "json", "--progress-spinner", "off"],
        capture_output=True,
        text=True,
        timeout=900,
    )
    try:
        report = json.loads(result.stdout)["dependencies"]
    except (ValueError, KeyError):
        print(f"pip-audit did not run: {(result.stderr or result.stdout).strip()[-500:]}")
        return 1
    vulnerable = [d for d in report if d.get("vulns")]
    skipped = [d for d in report if d.get("skip_reason")]
    audited = len(report) - len(skipped)
    print(
        f"pip-audit: {len(report)} packages resolved from {args.requirements.name}, {audited} audited, "
        f"{len(skipped)} not audited, {len(vulnerable)} with known vulnerabilities"
    )
    for dep in vulnerable:
        for vuln in dep["vulns"]:
            fix = ", ".join(vuln.get("fix_versions") or []) or "no fixed release"
            print(
                f"  VULNERABLE {dep['name']} {dep['version']}: {vuln['id']} ({', '.join(vuln.get('aliases') or [])}) fixed in {fix}"
            )
    if skipped:
        reasons = sorted({re.sub(r":.*", "", d["skip_reason"]) for d in skipped})
        print(f"  not audited: {', '.join(d['name'] for d in skipped)}\n  because: {'; '.join(reasons)}")

    behind = 0
    for name, pinned in pins(args.requirements).items():
        patch, newest = newer_in_series(name, pinned)
        if patch:
            behind += 1
            print(f"  PATCH RELEASE {name}=={pinned}: {patch} is out in the same series (security fixes ship there)")
        elif newest:
            print(f"  newer {name}=={pinned}: {newest} (a new series; upgrade deliberately)")
    print(f"pins behind a patch release: {behind}")
    if vulnerable or (args.strict and skipped):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
