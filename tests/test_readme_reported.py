"""The README's three worked sentences print exactly the answers it shows."""

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
