/* Figures: the lightbox (GLightbox, served from the site), the annotation layer and the CT
   window switch. Without JavaScript a picture's link opens the full-size image, the
   annotations are listed in the caption and every window is shown. */
(function () {
  "use strict";
  var lightbox = null;

  function setup() {
    if (typeof window.GLightbox === "function") {
      if (lightbox) lightbox.reload();
      else lightbox = window.GLightbox({ selector: ".glightbox", zoomable: true,
        draggable: true, touchNavigation: true, loop: false, openEffect: "zoom",
        closeEffect: "zoom" });
    }
    document.querySelectorAll("[data-atlas-figure]").forEach(function (media) {
      if (media.dataset.ready) return;
      media.dataset.ready = "true";
      var controls = media.querySelector(".atlas-figure-controls");
      var views = media.querySelectorAll(".atlas-figure-view");
      controls.hidden = false;
      var annotate = media.querySelector(".atlas-annotate");
      if (annotate) {
        annotate.addEventListener("click", function () {
          var on = annotate.getAttribute("aria-pressed") !== "true";
          annotate.setAttribute("aria-pressed", String(on));
          media.classList.toggle("show-annotations", on);
        });
      }
      var windows = media.querySelectorAll(".atlas-window");
      function choose(n) {
        views.forEach(function (v) { v.hidden = v.dataset.view !== String(n); });
        windows.forEach(function (b) {
          b.setAttribute("aria-pressed", String(b.dataset.view === String(n)));
        });
      }
      windows.forEach(function (button) {
        button.addEventListener("click", function () { choose(button.dataset.view); });
      });
      if (windows.length) choose(0);
    });
  }

  if (typeof window.document$ !== "undefined") window.document$.subscribe(setup);
  else document.addEventListener("DOMContentLoaded", setup);
})();
