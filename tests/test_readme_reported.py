"""The README's three worked sentences print exactly the answers it shows."""

import json
import re

import pytest
from cli_runner import REPO_ROOT, run_module

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
EXAMPLES = re.findall(
    r"^\d\. `([^`]+)`[^\n]*\n(?:[^\n]*\n)*?   > ([^\n]+)$", README, flags=re.MULTILINE
)


def test_three_worked_sentences_are_in_the_readme() -> None:
    assert len(EXAMPLES) == 3
    assert (REPO_ROOT / "docs" / "reported_area.png").is_file()


@pytest.mark.parametrize(("sentence", "answer"), EXAMPLES)
def test_worked_sentence_answer_is_what_geo_check_prints(sentence: str, answer: str) -> None:
    printed = run_module("geo.check", sentence)
    assert printed.returncode == 0, printed.stderr
    assert printed.stdout.strip() == answer


def test_worked_json_is_what_geo_check_prints_apart_from_the_area() -> None:
    # Issue 11 with the theatre's zones: the Pacific area is answered, no longer `unknown`.
    section = README[README.index("## Reported positions") :]
    block = re.search(r"```json\n   (\{.*?\})\n   ```", section, flags=re.DOTALL)
    assert block is not None
    shown = json.loads(block.group(1))
    sentence = shown["parsed"]["text"]
    assert sentence == EXAMPLES[0][0]
    printed = run_module("geo.check", "--json", sentence)
    assert printed.returncode == 0, printed.stderr
    answer = json.loads(printed.stdout)
    assert answer.pop("area")["type"] in {"Polygon", "MultiPolygon"}
    assert shown.pop("area") == "…"
    assert shown == answer
    assert answer["zone"] == "high_seas" and answer["any_state_verdict"] == "outside"
