"""Forms of the inspection procedure's pages; the services re-check everything."""
