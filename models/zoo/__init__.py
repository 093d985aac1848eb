"""The model store: every zoo model is a folder here (`models/zoo/NAME/`: weights, config,
tokenizer, held-out sample, card), read and written by `loader` (`load`, `save`).

`catalog` lists the folders from their JSON alone (no torch); `byom` is bring-your-own-model
(the upload format, its validator, `export`); `safe_json` parses what users upload.
Importing this package imports nothing heavy: `models.zoo.load` and the loader's other names
load on first use, so `models.zoo.catalog` stays free of torch.
"""

from models import lazy_exports

__getattr__ = lazy_exports(__name__, {}, fallback="loader")
