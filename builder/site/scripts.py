"""The atlas' scripts and styles, the vendor files they use, and which pages need each.

Engine-neutral: MkDocs gets them through the plugin, any other engine through the
configuration that ``atlas build`` writes for it (builder.site.generate).
"""
from __future__ import annotations

from pathlib import Path

from builder.questions.kinds import KINDS

ASSETS = Path(__file__).parent / "assets"
"""Served as assets/atlas/<name>."""
SHIM_URI = "assets/vendor/iframe-worker/shim.js"
LIGHTBOX_JS = "assets/vendor/glightbox/glightbox.min.js"
LIGHTBOX_CSS = "assets/vendor/glightbox/glightbox.min.css"
VENDOR = {  # site path: file installed by 'npm ci' (package.json), never fetched at run time
    SHIM_URI: "node_modules/iframe-worker/shim/index.js",
    LIGHTBOX_JS: "node_modules/glightbox/dist/js/glightbox.min.js",
    LIGHTBOX_CSS: "node_modules/glightbox/dist/css/glightbox.min.css",
}
# The atlas' scripts, in this order: the store and the question kinds before quiz.js, which
# sets questions up; the page scripts after it, as they read the state quiz.js restores. Each
# with the markers that need it: the theme (overrides/base.html) loads a script only on a page
# whose HTML holds one of them. GLightbox is not listed: figure.js loads it on first use.
# start.js (the start-up they all use) comes first, wherever any of them loads.
QUIZ = 'class="atlas-quiz"'
PAGE_SCRIPTS = {
    "store.js": (QUIZ, "data-atlas-unknown", "data-atlas-exam", "data-atlas-progress"),
    **{kind.script: (f'data-kind="{kind.name}"',) for kind in KINDS.values() if kind.script},
    "quiz.js": (QUIZ, "data-atlas-unknown", "data-atlas-exam"),
    "unknown.js": ("data-atlas-unknown",),
    "exam.js": ("data-atlas-exam",),
    "progress.js": ("data-atlas-progress",),
    "explorer.js": ("data-atlas-explorer",),
    "figure.js": ('class="glightbox', "data-atlas-figure"),
}
SCRIPTS = {"start.js": tuple(dict.fromkeys(m for ms in PAGE_SCRIPTS.values() for m in ms)),
           **PAGE_SCRIPTS}
