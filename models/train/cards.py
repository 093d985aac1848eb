"""Model cards: the shipped held-out sample, metrics against baselines, the natural yardstick,
units that track latent variables; and the README's zoo table."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from models import zoo
from models.nets.tokenize import Tokenizer
from models.train import evaluate
from models.train.data import Splits, code_chars, recall, sentiment_hu
from models.train.recipes import RECIPES
from models.zoo.catalog import ZOO_DIR

SAMPLE_EXAMPLES = 400  # held-out examples shipped with a classifier or tagger
SAMPLE_CHARS = 6000  # held-out characters shipped with a language model


def heldout_sample(splits: Splits, task: str, tokenizer: Tokenizer) -> dict:
    """The first test examples (or characters), with their latent ground truth."""
    if task == "lm":
        text = splits.test[0][:SAMPLE_CHARS]
        text = text[: text.rfind("\n") + 1] or text
        sample: dict = {"text": text}
        if "def " in text or "import " in text:
            sample["latent"] = code_chars.latent(text)
        return sample
    examples = splits.test[:SAMPLE_EXAMPLES]
    return {
        "texts": [e.text for e in examples],
        "labels": [e.label for e in examples],
        "latent": [e.latent for e in examples],
    }


def sample_metrics(loaded: zoo.LoadedModel, sample: dict) -> dict[str, float]:
    """The card's metric on the shipped held-out sample: what the tests reproduce."""
    return _metrics(loaded, _sample_inputs(loaded, sample))


def _sample_inputs(loaded: zoo.LoadedModel, sample: dict) -> tuple:
    if loaded.config.task == "lm":
        return (loaded.tokenizer.encode(sample["text"]), None)
    return ([loaded.tokenizer.encode(t) for t in sample["texts"]], sample["labels"])


def _metrics(loaded: zoo.LoadedModel, inputs: tuple) -> dict[str, float]:
    seqs, labels = inputs
    task = loaded.config.task
    if task == "lm":
        return {"bits_per_char": round(evaluate.lm_bits_per_char(loaded.model, seqs), 6)}
    if task == "classify":
        return {"accuracy": round(evaluate.classify_accuracy(loaded.model, seqs, labels), 6)}
    return {k: round(v, 6) for k, v in evaluate.tag_metrics(loaded.model, seqs, labels).items()}


def _baselines(name: str, loaded: zoo.LoadedModel, splits: Splits) -> dict:
    task = loaded.config.task
    tok = loaded.tokenizer
    if task == "lm":
        train_ids, test_ids = tok.encode(splits.train[0]), tok.encode(splits.test[0])
        return {
            "unigram": {"bits_per_char": round(evaluate.unigram_bits_per_char(train_ids, test_ids, len(tok.vocab)), 6)}
        }
    train_labels = [e.label for e in splits.train]
    test_labels = [e.label for e in splits.test]
    if task == "classify":
        out = {"majority_class": {"accuracy": round(evaluate.majority_accuracy(train_labels, test_labels), 6)}}
        if name == "sentiment_hu":
            acc = np.mean([sentiment_hu.lexicon_baseline(e.text) == e.label for e in splits.test])
            out["lexicon_ignoring_negation"] = {"accuracy": round(float(acc), 6)}
        return out
    all_o = [[0] * len(t) for t in test_labels]
    return {"all_O": {k: round(v, 6) for k, v in evaluate.tag_scores(all_o, test_labels).items()}}


def mark_taught(units: dict[str, dict], training: dict) -> dict[str, dict]:
    """`latent_units`' finds, with `taught: True` on the unit that was taught its latent in training
    (so a card never passes a taught unit off as one the network found)."""
    taught = training.get("taught_unit")
    if taught and _is_taught(units.get(taught["latent"]), taught):
        units[taught["latent"]]["taught"] = True
    return units


def _is_taught(unit: dict | None, taught: dict | None) -> bool:
    """Whether `unit` (as `latent_units` names units) is the one the card's training taught."""
    return bool(unit and taught) and all(unit[k] == taught[k] for k in ("layer", "direction", "unit"))


def write_card(
    name: str, splits: Splits | None = None, training: dict | None = None, folder: Path | None = None
) -> dict:
    """Evaluate the saved model and write card.json and card.md (training facts kept if not given)."""
    folder = folder or ZOO_DIR / name
    loaded = zoo.load(folder)
    old = loaded.card
    if splits is None:  # --card-only: word-level tags moved onto the saved tokenizer's pieces, as in training
        from models.train.loop import align

        splits = align(RECIPES[name].load(), loaded.tokenizer)
    task = loaded.config.task
    test_inputs = (
        (loaded.tokenizer.encode(splits.test[0]), None)
        if task == "lm"
        else ([loaded.tokenizer.encode(e.text) for e in splits.test], [e.label for e in splits.test])
    )
    sample = loaded.heldout()
    from models.probe.analysis import latent_units  # the probe, used on the model it describes

    training = training or old.get("training", {})
    units = mark_taught(latent_units(loaded, sample), training)
    loaded.card["training"] = training  # natural_metrics reads the taught unit from it
    natural = _natural(loaded, name, units)  # the units this card names, not the last card's
    pretraining = training.get("pretraining", {})

    card = {
        "name": name,
        "title": loaded.meta.get("title", name),
        "task": task,
        "data": {"source": splits.source, **({"pretraining": pretraining["source"]} if pretraining else {})},
        "splits": _split_sizes(splits, task),
        "architecture": {**loaded.config.to_dict(), "parameters": zoo.parameter_count(loaded.model)},
        "metrics": {
            "test": _metrics(loaded, test_inputs),
            "baselines": _baselines(name, loaded, splits),
            **_by_gap(loaded, splits),
        },
        "sample": {"size": len(sample.get("texts", sample.get("text", ""))), "metrics": sample_metrics(loaded, sample)},
        "latent_units": units,
        **({"natural": natural} if natural else {}),
        "training": training,
    }
    _save(folder, card)
    return card


def refresh_natural(name: str, folder: Path | None = None) -> dict:
    """Recompute only the card's natural-set figures: for when validation sets are added, so the rest
    of the card (data, splits, test metrics) keeps describing the run that made the weights."""
    folder = folder or ZOO_DIR / name
    loaded = zoo.load(folder)
    card = loaded.card
    natural = _natural(loaded, name, card.get("latent_units", {}))
    if natural:
        card["natural"] = natural
    _save(folder, card)
    return card


def _natural(loaded: zoo.LoadedModel, name: str, units: dict) -> dict:
    """The natural-set figures, with the card's negation unit measured again on natural sentences."""
    from models.probe.analysis import unit_r
    from models.train.natural_eval import natural_metrics, negation_sample

    loaded.card["latent_units"] = units  # natural_metrics reads the card's units (code_chars' string cell)
    natural = natural_metrics(loaded, name)
    if natural and "negated" in units:
        natural["negation_unit_r"] = unit_r(loaded, negation_sample(loaded, name), units["negated"], "negated")
    return natural


def _save(folder: Path, card: dict) -> None:
    (folder / "card.json").write_text(json.dumps(card, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (folder / "card.md").write_text(render_card(card), encoding="utf-8")


def _by_gap(loaded: zoo.LoadedModel, splits: Splits) -> dict:
    """Recall models: test accuracy per gap length, the vanishing-gradient picture in numbers."""
    if loaded.config.task != "classify" or not splits.test or "gap" not in splits.test[0].latent:
        return {}
    out = {}
    for low, high in recall.GAP_BUCKETS:
        chosen = [e for e in splits.test if low <= e.latent["gap"] <= high]
        seqs = [loaded.tokenizer.encode(e.text) for e in chosen]
        out[f"{low}-{high}"] = round(evaluate.classify_accuracy(loaded.model, seqs, [e.label for e in chosen]), 6)
    return {"accuracy_by_gap": out}


def _split_sizes(splits: Splits, task: str) -> dict:
    unit = "characters" if task == "lm" else "examples"
    sizes = {
        k: (len(v[0]) if task == "lm" else len(v))
        for k, v in (("train", splits.train), ("val", splits.val), ("test", splits.test))
    }
    return {**sizes, "unit": unit}


def render_card(card: dict) -> str:
    arch = card["architecture"]
    lines = [
        f"# {card['title']}",
        "",
        f"- **Task:** {card['task']}",
        f"- **Data:** {card['data']['source']}",
        *([f"- **Pretraining data:** {card['data']['pretraining']}"] if "pretraining" in card["data"] else []),
        f"- **Splits ({card['splits']['unit']}):** train {card['splits']['train']:,}, "
        f"validation {card['splits']['val']:,}, test {card['splits']['test']:,}",
        f"- **Architecture:** {arch['cell'].upper()}, {arch['num_layers']} layer(s), hidden {arch['hidden_size']}, "
        f"{'bidirectional, ' if arch['bidirectional'] else ''}embedding {arch['embedding_dim']}, "
        f"vocabulary {arch['vocab_size']}, {arch['parameters']:,} parameters",
        "",
        "## Held-out metrics (test split)",
        "",
        "| model / baseline | " + " | ".join(card["metrics"]["test"]) + " |",
        "|---|" + "---|" * len(card["metrics"]["test"]),
        "| **this model** | " + " | ".join(f"{v:.4f}" for v in card["metrics"]["test"].values()) + " |",
    ]
    for base, values in card["metrics"]["baselines"].items():
        lines.append(
            f"| {base} | " + " | ".join(f"{values.get(k, float('nan')):.4f}" for k in card["metrics"]["test"]) + " |"
        )
    if "accuracy_by_gap" in card["metrics"]:
        gaps = card["metrics"]["accuracy_by_gap"]
        lines += ["", "Test accuracy by gap (distractors between the key and the end):", ""]
        lines += ["| gap | " + " | ".join(gaps) + " |", "|---|" + "---|" * len(gaps)]
        lines.append("| accuracy | " + " | ".join(f"{v:.3f}" for v in gaps.values()) + " |")
    if "natural" in card:
        nat = card["natural"]
        lines += [
            "",
            "## Natural validation set (written apart from the training data, never trained on)",
            "",
            "| metric | value |",
            "|---|---|",
        ]
        lines += [f"| {k} | {v} |" for k, v in nat.items() if k != "other_writers"]
        for other, figures in nat.get("other_writers", {}).items():
            lines += ["", f"Written by another writer who never saw the training data (`{other}`):", ""]
            lines += ["| metric | value |", "|---|---|"] + [f"| {k} | {v} |" for k, v in figures.items()]
    lines += [
        "",
        f"On the {card['sample']['size']:,}-item sample shipped in heldout.json: "
        + ", ".join(f"{k} = {v:.4f}" for k, v in card["sample"]["metrics"].items()),
    ]
    if card["latent_units"]:
        lines += [
            "",
            "## Units that track latent variables (held-out sample)",
            "",
            "| variable | state | layer | direction | unit | Pearson r |",
            "|---|---|---|---|---|---|",
        ]
        for var, u in card["latent_units"].items():
            how = " (taught: auxiliary loss)" if u.get("taught") else ""
            lines.append(f"| {var}{how} | {u['state']} | {u['layer']} | {u['direction']} | {u['unit']} | {u['r']:+.3f} |")
        taught = card["training"].get("taught_unit")
        if taught:
            lines += [
                "",
                f"Unit {taught['unit']} of layer {taught['layer']}'s h was *taught* `{taught['latent']}`: in training, "
                f"a binary cross-entropy on 5·h (weight {taught['loss_weight']}) sat beside next-character prediction. "
                "Every other unit found what it tracks by itself.",
            ]
    t = card["training"]
    if t:
        lines += [
            "",
            "## Training",
            "",
            f"`{t['command']}`: {t['steps']} steps, batch {t['batch_size']}, Adam lr {t['learning_rate']}, "
            f"seed {t['seed']}, {t['seconds']:.0f} s on {t['threads']} CPU thread(s), torch {t['torch']}.",
        ]
    return "\n".join(lines) + "\n"


NATURAL_HEADLINE = {"accuracy": "accuracy", "person_f1": "person F1", "bits_per_char": "bits per char"}


def zoo_table() -> str:
    """The README's zoo table, from the cards (`python -m models.train --table`)."""
    from models.zoo import catalog

    lines = [
        "| model | task | architecture | held-out metric (test split) | natural text, never trained on | baseline | training |",
        "|---|---|---|---|---|---|---|",
    ]
    for name in catalog.available():
        card = catalog.card(name)
        arch = card["architecture"]
        shape = f"{arch['cell'].upper()} {arch['num_layers']}×{arch['hidden_size']}{' bi' if arch['bidirectional'] else ''}"
        metric, value = next(iter(card["metrics"]["test"].items()))
        natural = card.get("natural", {})
        key = next((k for k in NATURAL_HEADLINE if k in natural), None)
        nat = f"{NATURAL_HEADLINE[key]} **{natural[key]:.3f}**" if key else "—"
        if "accuracy_negated" in natural:
            nat += f" (negated {natural['accuracy_negated']:.3f})"
        if "accuracy_positive_vs_negative" in natural:
            nat += f" (positive vs negative {natural['accuracy_positive_vs_negative']:.3f})"
        if "prose" in natural:
            nat += f" on written sentences, **{natural['prose']['bits_per_char']:.3f}** on modern prose"
        if "modern_prompts" in natural:
            prompts = natural["modern_prompts"]
            nat += f"; modern prompts continued in modern Hungarian {prompts['modern_share']:.0%}"
            if "lecture_prompt" in prompts:
                nat += f" (the lecture's \"{prompts['lecture_prompt']['prompt']}\" {prompts['lecture_prompt']['modern_share']:.0%})"
        if "best_in_string_unit" in natural:
            best = natural["best_in_string_unit"]
            nat += f"; in-string unit r = {best['r']:+.2f}" + (" (taught)" if _is_taught(best, card["training"].get("taught_unit")) else "")
        if "best_found_in_string_unit" in natural:
            nat += f", best untaught {natural['best_found_in_string_unit']['r']:+.2f}"
        gaps = card["metrics"].get("accuracy_by_gap", {})
        held = f"{metric.replace('_', ' ')} **{value:.3f}**"
        if gaps:
            first, last = next(iter(gaps)), list(gaps)[-1]
            held += f" (gap {first}: {gaps[first]:.2f}, {last}: {gaps[last]:.2f})"
        base = " · ".join(f"{b.replace('_', ' ')} {v[metric]:.3f}" for b, v in card["metrics"]["baselines"].items())
        seconds = card["training"].get("seconds_in_all", card["training"].get("seconds", 0))
        lines.append(
            f"| `{name}` | {card['task']} | {shape} | {held} | {nat} | {base} "
            f"| {seconds:.0f} s |"
        )
    return "\n".join(lines)


