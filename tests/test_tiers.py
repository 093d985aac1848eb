"""Every test file names its tier, so `pytest -m fast` (the quick loop) leaves nothing out by accident."""

from __future__ import annotations

import ast
import re

import pytest

from tests.browser import REPO

pytestmark = pytest.mark.fast


def registered_markers() -> set[str]:
    """The markers listed under [tool.pytest.ini_options] in pyproject.toml."""
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    listed = pyproject.split("markers = [", 1)[1].split("]", 1)[0]
    return set(re.findall(r'^\s*"(\w+): ', listed, flags=re.M))


TIERS = registered_markers()


def _tier(path) -> str | None:
    """The one tier marker in the file's module-level `pytestmark` (`pytest.mark.NAME`, or a list
    holding exactly one tier beside other marks such as skipif)."""
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "pytestmark" for t in node.targets):
            marks = node.value.elts if isinstance(node.value, ast.List | ast.Tuple) else [node.value]
            tiers = [getattr(m, "attr", None) for m in marks if getattr(m, "attr", None) in TIERS]
            return tiers[0] if len(tiers) == 1 else None
    return None


def test_the_tiers_are_registered() -> None:
    assert registered_markers() == {"fast", "slow", "page", "browser", "load"}


@pytest.mark.parametrize("path", sorted((REPO / "tests").glob("test_*.py")), ids=lambda p: p.name)
def test_every_test_file_names_one_tier(path) -> None:
    assert _tier(path) in TIERS, f"{path.name}: add `pytestmark = pytest.mark.<tier>`, one of {sorted(TIERS)}"
