"""Authored text as safe markup: escaping, citations, and the Markdown extensions pages use."""
