"""LSTM Lens's Python side, grouped by concern (none of it imports Streamlit):

- `models.probe`: running a model and recording it. `trace` (every gate and state, checked
  against the fused kernel), the NumPy-only `Trace` (`probe.record`), the gate and state names
  (`probe.names`), interventions, units against latent variables (`probe.analysis`), sampling,
  translation runs, CSV / NPZ export.
- `models.nets`: the networks (`nets.sequence`, `nets.seq2seq`) and tokenizers (`nets.tokenize`).
- `models.zoo`: the model store. `load` and `save` (`zoo.loader`), the listing without torch
  (`zoo.catalog`), bring-your-own-model (`zoo.byom`), bounded JSON from users; the trained models
  themselves are data in its subfolders (`models/zoo/NAME/`).
- `models.train`: training (`python -m models.train NAME`): recipes, the loop, cards,
  evaluation, the natural yardstick, and the data generators and corpora (`train.data`).
- `models.corpus`: many sentences. Reading uploads, batched verdicts, corpus views, and corpus
  stores of any size (`python -m models.corpus index ...`, local or on Ray Data).

`models.probe.trace`, `models.zoo.load` and `models.byom.export` are the documented entry points.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable


def lazy_exports(package: str, exports: dict[str, str], fallback: str | None = None) -> Callable[[str], object]:
    """A module `__getattr__` (PEP 562) that imports a package's public names from their
    submodules on first use, so importing one light submodule (the Trace, the zoo listing) does
    not import torch through the package's `__init__`. `fallback` answers any other name."""

    def __getattr__(name: str) -> object:
        module = exports.get(name, fallback)
        if module is None or name.startswith("__"):
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        try:
            return getattr(importlib.import_module(f"{package}.{module}"), name)
        except AttributeError:
            raise AttributeError(f"module {package!r} has no attribute {name!r}") from None

    return __getattr__
