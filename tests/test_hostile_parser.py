"""The position parser is linear-time and capped (issue 8, class 2).

Every shape below once made the old regular expression backtrack for seconds to minutes.
Each runs in a subprocess killed after a generous timeout, so a regression fails as a hang
caught by ``timeout=``, not by a timing assertion.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from cli_runner import REPO_ROOT, run_module
from hypothesis import given
from hypothesis import strategies as st

from geo.coords import MAX_POSITION_CHARS, CoordinateError, parse_position

HANG_TIMEOUT_S = 60
SIZES = (1_200, 10_000, 100_000)


def _bad_shapes(size: int) -> dict[str, str]:
    return {
        "digits then a letter": "1" * size + "a",
        "digits and spaces": "1 " * (size // 2) + "x",
        "degree groups": "1°1'1\" " * (size // 7) + "Q",
        "repeated hemispheres": "N1 " * (size // 3) + "!",
        "spaces then digit": " " * size + "1",
        "comma decimals": "1,1 " * (size // 4),
        "dots": "1." * (size // 2),
        "letters": "deg" * (size // 3),
    }


def _run_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=HANG_TIMEOUT_S,
        check=False,
    )


def test_bad_shapes_up_to_100_kb_are_refused_by_the_cap() -> None:
    for size in SIZES:
        for name, text in _bad_shapes(size).items():
            with pytest.raises(CoordinateError, match="characters long") as info:
                parse_position(text)
            assert len(str(info.value)) < 200, name


def test_tokenizer_and_part_parser_are_linear_without_the_cap() -> None:
    # The cap is the first defence; the parser itself must also stay linear on 100 kB.
    result = _run_python(
        """
        import sys
        sys.path.insert(0, "tests")
        from geo.coords import CoordinateError, _halves, _parse_part, _tokens
        from test_hostile_parser import SIZES, _bad_shapes
        for size in SIZES:
            for name, text in _bad_shapes(size).items():
                tokens = _tokens(text)
                try:
                    first, second = _halves(text, tokens)
                    _parse_part(text, first, axis="latitude")
                    _parse_part(text, second, axis="longitude")
                except CoordinateError:
                    pass
                try:
                    _parse_part(text, tokens, axis="latitude")
                except CoordinateError:
                    pass
        print("done")
        """
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "done"


@pytest.mark.parametrize("size", [1_200, 100_000])
def test_cli_refuses_long_positions_with_exit_2(size: int) -> None:
    result = run_module("geo.check", "--json", "1" * size + "a", timeout=HANG_TIMEOUT_S)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert f"at most {MAX_POSITION_CHARS}" in lines[0]
    assert len(lines[0]) < 300


def test_exactly_the_cap_is_read() -> None:
    text = "10.6 -66.93".ljust(MAX_POSITION_CHARS)
    assert parse_position(text) == pytest.approx((10.6, -66.93))
    with pytest.raises(CoordinateError, match="characters long"):
        parse_position(text + " ")


@pytest.mark.parametrize(
    "text", ["１０.６ -６６.９", "10.6 −66.9", "10.6\u2028-66.9x", "10.6 -66.9e1", "1_0 -66"]
)
def test_lookalike_characters_are_refused(text: str) -> None:
    with pytest.raises(CoordinateError):
        parse_position(text)


@given(
    st.text(
        alphabet=st.sampled_from(list("0123456789 .,-+NSEWnsewdgm°º'′\"″;x")),
        max_size=MAX_POSITION_CHARS + 20,
    )
)
def test_parser_on_position_alphabet_only_raises_coordinate_error(text: str) -> None:
    try:
        lat, lon = parse_position(text)
    except CoordinateError as error:
        assert 0 < len(str(error)) < 400
    else:
        assert -90 <= lat <= 90 and -180 <= lon <= 180
