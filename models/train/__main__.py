"""Train a zoo model: `python -m models.train NAME` (or `all`), seeded, with a progress bar.

Writes models/zoo/NAME/: weights, config, vocabulary, a fixed held-out sample, and the model card
(task, data and licence, split sizes, architecture, held-out metrics against a baseline,
training time). `--card-only` recomputes the card from the saved weights without retraining;
`--natural-only` recomputes only its natural-set figures (after a validation set is added).
"""

from __future__ import annotations

import argparse

from models.train.cards import refresh_natural, write_card, zoo_table
from models.train.loop import train_model
from models.train.recipes import RECIPES


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*", help=f"zoo model(s) or 'all': {', '.join(RECIPES)}")
    parser.add_argument("--table", action="store_true", help="print the README's zoo table from the cards")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--steps", type=int, default=None, help="override the recipe's step count")
    parser.add_argument("--card-only", action="store_true", help="recompute the card from saved weights")
    parser.add_argument("--natural-only", action="store_true", help="recompute only the natural-set figures")
    parser.add_argument("--resume", action="store_true", help="go on training the saved weights for --steps more")
    parser.add_argument("--minutes", type=float, default=None, help="end the main phase after this long, annealed")
    args = parser.parse_args(argv)
    if args.table:
        print(zoo_table())
        return
    if not args.names:
        parser.error("name a model, or 'all'")
    names = list(RECIPES) if args.names == ["all"] else args.names
    unknown = [n for n in names if n not in RECIPES]
    if unknown:
        parser.error(f"unknown model(s) {unknown}; choose from {list(RECIPES)}")
    for name in names:
        if args.natural_only:
            card = refresh_natural(name)
            print(f"{name}: natural {card.get('natural')}")
            continue
        if args.card_only:
            card = write_card(name)
        else:
            card = train_model(name, seed=args.seed, steps=args.steps, resume=args.resume, minutes=args.minutes).card
        print(f"{name}: test {card['metrics']['test']} vs {card['metrics']['baselines']}")


if __name__ == "__main__":
    main()
