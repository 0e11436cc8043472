"""Pictures: the catalogue of every picture, their cache, encoding, DICOM and import."""
from builder.pictures.cache import FileSource, Picture, Source, prepare

__all__ = ["FileSource", "Picture", "Source", "prepare"]
