"""The benchmark harness of issue #8: bench/README.md."""
