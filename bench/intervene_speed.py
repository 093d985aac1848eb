"""Cost of an intervention and of a unit-importance table: `python -m bench.intervene_speed`.

1. One intervention on 200 tokens of a 2-layer bidirectional 256-unit LSTM (embedding 64, random
   weights): C of 3 units of layer 0, forward direction, set to 0 from step 100 on, so the rest of
   that direction and all of layer 1 rerun. Timed with the explorer's cached trace given
   (`original=`), and from scratch (trace included). Target (issue 11): <= 100 ms.
2. The importance table of the zoo's sentiment_hu (every unit of its layer switched off in turn)
   over 1,000 of its natural training sentences. Target: 256 units over 1,000 sentences <= 60 s;
   the figure is printed per unit and scaled to 256 units when the model has fewer.

Prints medians (and p90) in milliseconds.
"""

from __future__ import annotations

import argparse
import statistics
import time

import torch

from bench.timing import milliseconds, p90
from models import zoo
from models.nets.sequence import ModelConfig, SequenceModel
from models.probe import trace
from models.probe.intervene import Edit, intervene, unit_importance
from models.train.data.natural import read_all_labelled


def _line(label: str, values: list[float]) -> str:
    return f"{label:<52} median {statistics.median(values):8.1f} ms   p90 {p90(values):8.1f} ms"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--sentences", type=int, default=1000)
    args = parser.parse_args(argv)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} thread(s)")
    torch.manual_seed(0)
    config = ModelConfig(vocab_size=100, num_labels=5, embedding_dim=64, hidden_size=256, num_layers=2,
                         bidirectional=True, task="tag")  # fmt: skip
    model = SequenceModel(config).eval()
    ids = torch.randint(2, 100, (200,)).tolist()
    edits = [Edit("c", (3, 17, 200), 0.0, step=100, layer=0, direction=0, scope="from")]
    original = trace(model, ids)
    print(_line("intervention, T=200, cached trace", milliseconds(lambda: intervene(model, ids, edits, original=original), args.repeats)))
    print(_line("intervention, T=200, trace included", milliseconds(lambda: intervene(model, ids, edits), args.repeats)))

    loaded = zoo.load("sentiment_hu")
    rows = read_all_labelled("sentiment_hu_train", loaded.label_names)[: args.sentences]
    seqs = loaded.tokenizer.encode_many([t for t, _, _ in rows])
    labels = [y for _, y, _ in rows]
    units = loaded.config.hidden_size
    start = time.perf_counter()
    table = unit_importance(loaded.model, seqs, labels, layer=0, direction=0)
    seconds = time.perf_counter() - start
    tokens = sum(map(len, seqs))
    print(f"importance table, sentiment_hu ({units} units, {len(seqs)} sentences, {tokens} tokens): {seconds:.1f} s "
          f"= {seconds / units * 1000:.0f} ms per unit -> {seconds / units * 256:.1f} s for 256 units")  # fmt: skip
    top = sorted(table["units"], key=lambda r: -r["accuracy_drop"])[:3]
    print(f"  baseline accuracy {table['baseline']:.3f}; largest drops: "
          + ", ".join(f"unit {r['unit']} {r['accuracy_drop']:+.3f}" for r in top))


if __name__ == "__main__":
    main()
