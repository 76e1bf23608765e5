"""Benchmarks of extraction, both stores and the HTTP API: ``python -m bench`` writes bench/RESULTS.md."""
