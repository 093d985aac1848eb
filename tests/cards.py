"""Comparing a model card with figures recomputed from the shipped weights."""

from __future__ import annotations

import pytest


def assert_card_recomputed(stated: dict, got: dict, tol: float, where: str = "") -> None:
    """Every figure the card states (nested dicts included) is among the recomputed ones and equal to
    it: numbers within `tol` (the card rounds float32 results), anything else (unit names, sources) exactly."""
    for key, value in stated.items():
        name = f"{where}{key}"
        assert key in got, f"the card states {name} but it was not recomputed"
        if isinstance(value, dict):
            assert_card_recomputed(value, got[key], tol, f"{name}.")
        elif isinstance(value, int | float) and not isinstance(value, bool):
            assert got[key] == pytest.approx(value, abs=tol), f"{name}: card {value}, recomputed {got[key]}"
        else:
            assert got[key] == value, f"{name}: card {value!r}, recomputed {got[key]!r}"
