"""Training the zoo: `python -m models.train NAME` (or `all`).

`recipes` (each model's data, tokenizer, architecture and steps), `loop` (pretraining, the
task, one-cycle LR, best weights by validation), `cards` (held-out sample, metrics, baselines,
the README's zoo table), `evaluate` (metrics shared with the tests), `natural_eval` (the natural
yardstick), `translate` (the two translation models: `python -m models.train.translate`), and
`data` (generators with their latent ground truth, corpora, natural sentences).
"""
