"""Benchmarks: scripts that print figures (speed targets are met here, never in timed tests)."""
