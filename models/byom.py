"""Kept where the README first documented it, for users' scripts and notebooks:
`from models.byom import export`. Bring-your-own-model lives in models.zoo.byom."""

from models.zoo.byom import export, load_upload, read_config  # noqa: F401  (the documented names)
