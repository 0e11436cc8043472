"""Simulated modality illustrations: one computational phantom, four imaging physics.

Public entry points live in :mod:`builder.illustrate.render` (``render``, ``render_png``,
``render_frame``); the scene model that case files use is :mod:`builder.illustrate.scene`.
Module map: ``solids`` (analytic shapes) → ``phantom`` (anatomy, sampling, cached grid) and
``lesions`` (sites, zones) with ``tissues`` (codes, maturity → tissue mix); one renderer per
modality (``ct``, ``xray``, ``us``, ``spect``); ``marks`` (SIMULATED, R/L, scale bar);
``raster`` (numpy image helpers). Nothing is imported here, so loading the content model
stays cheap.
"""
