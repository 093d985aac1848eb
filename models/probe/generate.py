"""Sampling from a character language model, one character at a time, with a temperature."""

from __future__ import annotations

import torch

from models.zoo import LoadedModel


@torch.no_grad()
def sample(loaded: LoadedModel, prompt: str, length: int, temperature: float = 1.0, seed: int = 0) -> str:
    """`prompt` followed by `length` sampled tokens. Seeded, so a class sees the same text twice."""
    if loaded.config.task != "lm":
        raise ValueError("only language models generate text")
    if temperature <= 0:
        raise ValueError("temperature must be positive")
    generator = torch.Generator().manual_seed(seed)
    model = loaded.model
    ids = loaded.tokenizer.encode(prompt) or [1]
    out, state = model.rnn(model.embedding(torch.tensor([ids])))  # read the prompt once
    logits = model.head(out[:, -1])  # (1, V)
    produced: list[str] = []
    for _ in range(length):
        probs = torch.softmax(logits[0] / temperature, dim=-1)
        probs[:2] = 0  # never <pad> or <unk>
        token = int(torch.multinomial(probs / probs.sum(), 1, generator=generator))
        produced.append(loaded.tokenizer.vocab[token])
        out, state = model.rnn(model.embedding(torch.tensor([[token]])), state)
        logits = model.head(out[:, -1])
    joiner = "" if loaded.tokenizer.kind == "char" else " "
    return prompt + joiner.join(produced)
