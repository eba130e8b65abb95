"""Tests of the feedback domain."""
