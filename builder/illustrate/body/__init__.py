"""The modelled body around the measured skeleton: muscles by name, fat, vessels, organ
contents, the hip joint's soft parts, and a patient lying on the couch.

Module map: ``muscles`` (the muscle table and the packing that fills the deep compartment),
``joint`` (cartilage, labrum, capsule), ``soft`` (skin and fat, couch, vessels, organs,
lumbar spine), ``assemble`` (everything in painting order for one body).
"""
