"""mctl's Python runtime: the harness `mctl run` starts, and the per-platform adapters."""
