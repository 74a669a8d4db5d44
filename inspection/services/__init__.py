"""The inspection procedure\x27s actions: one module per part of it."""
