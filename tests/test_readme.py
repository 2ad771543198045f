"""The README tells the truth: its JSON example is the real output, its links resolve."""

from __future__ import annotations

import json
import re
from pathlib import Path

from cli_runner import run_module

README = Path(__file__).resolve().parents[1] / "README.md"


def test_json_example_is_what_geo_check_prints() -> None:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Check a position") :]
    example = re.search(r"```json\n(.*?)\n```", section, flags=re.DOTALL)
    assert example is not None
    printed = run_module("geo.check", "--json", "10.70", "-66.93")
    assert printed.returncode == 0, printed.stderr
    assert example.group(1) == printed.stdout.strip()
    assert json.loads(example.group(1))["zone"] == "territorial_sea"


def test_every_local_image_and_link_exists() -> None:
    text = README.read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)#]+)\)", text)
    local = [t for t in targets if not re.match(r"[a-z]+://", t)]
    assert "docs/zones.png" in local and "docs/architecture.md" in local
    missing = [t for t in local if not (README.parent / t).exists()]
    assert missing == []


def test_architecture_names_every_package_and_build_stage() -> None:
    root = README.parent
    text = (root / "docs" / "architecture.md").read_text(encoding="utf-8")
    packages = sorted(p.parent.name for p in root.glob("*/__init__.py") if p.parent.name != "docs")
    assert packages == ["bench", "common", "events", "geo", "harness", "mapview"]
    missing = [name for name in packages if f"{name}/" not in text]
    stages = sorted(p.stem for p in (root / "geo" / "build").glob("[a-z]*.py"))
    missing += [stage for stage in stages if stage not in text]
    assert missing == []
