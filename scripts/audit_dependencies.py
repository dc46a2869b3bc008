"""Known vulnerabilities in the installed (pinned) packages, by pip-audit against PyPI's advisory data.

Fails on a finding. When the advisory database cannot be reached (no network, or a package index without
PyPI's JSON API, where pip-audit skips every package yet says "No known vulnerabilities found") it says so
and succeeds: CI must not fail for lack of network, nor call unaudited packages clean.
Usage: python scripts/audit_dependencies.py [VENV]
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def main() -> int:
    venv = Path(sys.argv[1] if len(sys.argv) > 1 else ".venv")
    try:
        done = subprocess.run([str(venv / "bin" / "pip-audit"), "--progress-spinner", "off", "-f", "json"],
                              capture_output=True, text=True, timeout=600, check=False)
        report = json.loads(done.stdout or "{}")
    except (OSError, subprocess.TimeoutExpired, json.JSONDecodeError) as exc:
        print(f"SKIPPED dependency audit: pip-audit did not answer ({exc.__class__.__name__}).")
        return 0
    packages = report.get("dependencies", [])
    audited = [p for p in packages if "skip_reason" not in p]
    found = [(p["name"], p["version"], v["id"]) for p in audited for v in p.get("vulns", [])]
    if found:
        for name, version, vuln in found:
            print(f"VULNERABLE {name} {version}: {vuln}")
        return 1
    if not audited:
        reason = next((p["skip_reason"] for p in packages), done.stderr.strip()[:200])
        print(f"SKIPPED dependency audit: pip-audit could not reach its vulnerability database ({reason}).")
        return 0
    print(f"Dependency audit: {len(audited)} packages audited, {len(packages) - len(audited)} skipped, "
          "no known vulnerabilities.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
