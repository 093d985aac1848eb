"""Loading a model folder validates every tensor before use and never unpickles anything."""

from __future__ import annotations

import shutil

import pytest
import torch
from safetensors.torch import load_file, save_file

from models import zoo
from models.zoo import catalog

pytestmark = pytest.mark.fast


@pytest.fixture
def model_dir(tmp_path):
    folder = tmp_path / "dna_motif"
    shutil.copytree(catalog.ZOO_DIR / "dna_motif", folder)
    return folder


def _rewrite(folder, change) -> None:
    state = load_file(str(folder / "weights.safetensors"))
    change(state)
    save_file(state, str(folder / "weights.safetensors"))


def test_a_copied_folder_loads(model_dir) -> None:
    assert zoo.load(model_dir).config.task == "classify"


def test_wrong_shape_is_named(model_dir) -> None:
    _rewrite(model_dir, lambda s: s.__setitem__("head.weight", torch.zeros(3, 3)))
    with pytest.raises(zoo.ModelFileError, match=r"'head.weight' has shape \(3, 3\)"):
        zoo.load(model_dir)


def test_missing_and_unexpected_tensors_are_named(model_dir) -> None:
    _rewrite(model_dir, lambda s: s.__setitem__("extra", s.pop("head.bias")))
    with pytest.raises(zoo.ModelFileError, match="lack tensor"):
        zoo.load(model_dir)


def test_nan_weights_are_refused(model_dir) -> None:
    _rewrite(model_dir, lambda s: s["head.bias"].fill_(float("nan")))
    with pytest.raises(zoo.ModelFileError, match="NaN or Inf"):
        zoo.load(model_dir)


def test_a_pickle_disguised_as_weights_is_not_executed(model_dir, tmp_path) -> None:
    marker = tmp_path / "executed"

    class Evil:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    torch.save({"x": Evil()}, model_dir / "weights.safetensors")
    with pytest.raises(zoo.ModelFileError, match="not a readable safetensors file"):
        zoo.load(model_dir)
    assert not marker.exists()


def test_broken_config_is_reported(model_dir) -> None:
    (model_dir / "config.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(zoo.ModelFileError, match="not valid JSON"):
        zoo.load(model_dir)
    with pytest.raises(zoo.ModelFileError, match="No model found"):
        zoo.load(model_dir.parent / "nowhere")
