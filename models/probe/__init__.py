"""Running a model and recording what it does.

`trace(model, ids)` (`capture`) records every gate and state of every recurrent layer, checked
against the fused kernel; `Trace` (`record`, NumPy only) holds it, so `viz/` and the exports
need no torch; `names` is the one schema of gate and state names. Beside them: `intervene`
(edits and exact reruns), `analysis` (units against latent variables), `generate` (sampling),
`translation` (one translation run with both traces) and `export` (CSV / NPZ).

Importing this package imports nothing heavy: its public names load on first use.
"""

from models import lazy_exports

_RECORD = ("Trace", "LayerInfo", "ProbeError", "GATES", "STATES", "DIRECTION_NAMES")
__getattr__ = lazy_exports(__name__, dict.fromkeys(_RECORD, "record"), fallback="capture")
