"""`python -m models.corpus index CORPUS --model NAME --out DIR`: build a corpus store (see models.corpus.store)."""

import sys

from models.corpus.store import run_cli

if __name__ == "__main__":
    sys.exit(run_cli())
