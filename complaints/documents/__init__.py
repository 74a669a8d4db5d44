"""The documents the bureau issues: their content as data, their A4 page, their Word file."""
