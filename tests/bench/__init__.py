"""Tests of the benchmarks' harnesses (bench/): each at a tiny size, end to end."""
