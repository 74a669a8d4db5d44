"""The inspection procedure's pages: one module per part of the procedure."""
