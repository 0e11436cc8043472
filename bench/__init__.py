"""Benchmarks of the atlas (``make bench``): figures printed, never asserted by tests."""
