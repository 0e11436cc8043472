"""Simulated modality illustrations: one computational phantom, four imaging physics."""
