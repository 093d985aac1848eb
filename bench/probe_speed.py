"""Trace cost against one plain forward pass: `python -m bench.probe_speed`.

Model: embedding 64 -> 2-layer bidirectional LSTM with 256 units -> per-step head, random
weights, T = 20, 200 and 2000 tokens. Both sides run under torch.no_grad() on the same input,
in turn (forward, trace, forward, trace, ...), so that both see the same machine; the trace
includes its exactness check. Prints medians (and p90) in milliseconds and the ratio.
Targets: median trace / forward <= 2 at T = 20 and T = 2000, <= 1.5 at T = 200.

Up to 1,000 tokens an LSTM's pre-activations are computed when first read (the explorer reads one
layer and direction's); the last columns time a trace followed by reading every one of them.
"""

from __future__ import annotations

import argparse
import statistics

import torch

from bench.timing import interleaved, p90
from models.nets.sequence import ModelConfig, SequenceModel
from models.probe import trace


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lengths", type=int, nargs="+", default=[20, 200, 2000])
    parser.add_argument("--repeats", type=int, default=0, help="runs per length (default: more for short inputs)")
    parser.add_argument("--threads", type=int, default=0, help="torch threads (default: torch's own, 2 on 2 cores)")
    args = parser.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    config = ModelConfig(
        vocab_size=1000, num_labels=10, embedding_dim=64, hidden_size=256, num_layers=2, bidirectional=True
    )
    model = SequenceModel(config).eval()
    print(
        f"torch {torch.__version__}, {torch.get_num_threads()} thread(s); model: 2-layer bidirectional LSTM, 256 units"
    )
    print(f"{'T':>6} {'forward ms':>11} {'p90':>7} {'trace ms':>9} {'p90':>7} {'ratio':>6} {'max |err|':>10}"
          f" {'+ every pre ms':>15} {'ratio':>6}")  # fmt: skip
    for length in args.lengths:
        ids = torch.randint(0, 1000, (1, length))
        repeats = args.repeats or max(5, min(60, 6000 // length))

        def forward(ids=ids):
            with torch.no_grad():
                model(ids)

        def read_all(ids=ids):
            found = trace(model, ids)
            for layer, direction, name in list(found.arrays):
                found.get(name, layer, direction)

        forward_ms, trace_ms, all_ms = interleaved([forward, lambda ids=ids: trace(model, ids), read_all], repeats)
        error = trace(model, ids).max_abs_error
        f, t, a = statistics.median(forward_ms), statistics.median(trace_ms), statistics.median(all_ms)
        print(
            f"{length:>6} {f:>11.2f} {p90(forward_ms):>7.2f} {t:>9.2f} {p90(trace_ms):>7.2f} {t / f:>6.2f} {error:>10.1e}"
            f" {a:>15.2f} {a / f:>6.2f}"
        )


if __name__ == "__main__":
    main()
