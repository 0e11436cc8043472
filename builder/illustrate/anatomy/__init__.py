"""Measured anatomy: the Visible Human meshes of the HuBMAP 3D Reference Object Library,
turned into signed distance fields once and cached, plus the landmarks read off them.

Module map: ``glb`` and ``derive`` (make the committed ``anatomy/*.npz`` from the published
files), ``meshes`` (load them), ``voxelise`` (mesh → distance field), ``store`` (disk cache),
``fields`` (a distance field as a paintable solid), ``landmarks`` (bony points by name).
"""
