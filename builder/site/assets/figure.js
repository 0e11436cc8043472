/* Figures: the lightbox (GLightbox, served from the site), the annotation layer and the CT
   window switch. Without JavaScript a picture's link opens the full-size image, the
   annotations are listed in the caption and every window is shown.
   GLightbox (70 KB with its styles) is loaded the first time a reader opens a picture, not
   with the page: the link's click (or Enter on it) loads it, then opens that picture. */
(function () {
  "use strict";
  /* Only the atlas' own pictures open in the lightbox, and only from this site: GLightbox
     would load any other link's address into the page (an iframe, an image from elsewhere). */
  var SELECTOR = '.atlas-view a.glightbox[data-type="image"]';
  var here = document.currentScript && document.currentScript.src;
  var vendor = here ? new URL("../vendor/glightbox/", here).href : null;
  var lightbox = null;
  var loading = null;

  function load() {
    if (loading) return loading;
    loading = new Promise(function (resolve, reject) {
      if (typeof window.GLightbox === "function") return resolve();
      var css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = vendor + "glightbox.min.css";
      document.head.appendChild(css);
      var js = document.createElement("script");
      js.src = vendor + "glightbox.min.js";
      js.onload = function () { resolve(); };
      js.onerror = reject;
      document.head.appendChild(js);
    });
    return loading;
  }

  /* What the lightbox says under a picture: the link's own description, else its figure's
     caption, always as text (GLightbox inserts a description as HTML, so it is encoded here
     once, whatever the page holds); the picture's alt text is the lightbox image's. */
  function describe(link) {
    var img = link.querySelector("img");
    if (img && !link.dataset.alt) link.dataset.alt = img.alt;
    if (link.dataset.described) return;
    var figure = link.closest("figure");
    var caption = figure && figure.querySelector("figcaption");
    var text = link.hasAttribute("data-description") ? link.getAttribute("data-description")
      : caption ? caption.textContent : "";
    link.dataset.described = "true";
    if (!text.trim()) { link.removeAttribute("data-description"); return; }
    var p = document.createElement("p");
    p.textContent = text.trim();
    link.dataset.description = p.outerHTML;
  }

  function ours(link) {
    return link.protocol === window.location.protocol && link.host === window.location.host;
  }

  function start() {
    document.querySelectorAll(SELECTOR).forEach(function (link) {
      if (ours(link)) describe(link);
      else link.classList.remove("glightbox");
    });
    if (lightbox) lightbox.reload();
    else lightbox = window.GLightbox({ selector: SELECTOR, zoomable: true, draggable: true,
      touchNavigation: true, loop: false, openEffect: "zoom", closeEffect: "zoom" });
  }

  /* The first opening: GLightbox is not there yet to listen to the click. */
  document.addEventListener("click", function (event) {
    if (lightbox || !vendor || event.defaultPrevented || event.button !== 0 ||
        event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    var link = event.target.closest && event.target.closest(SELECTOR);
    if (!link || !ours(link)) return;
    event.preventDefault();
    load().then(function () {
      if (!lightbox) start();
      lightbox.open(link);
    }, function () {
      window.location.href = link.href;  // no lightbox: the picture itself, as without JS
    });
  });

  function button(className, label) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "md-button " + className;
    b.textContent = label;
    b.setAttribute("aria-pressed", "false");
    return b;
  }

  /* The annotation toggle and the window switch: JavaScript only, so made here. */
  function controls(media, views, overlay) {
    if (media.querySelector(".atlas-figure-controls")) return;
    var box = document.createElement("div");
    box.className = "atlas-figure-controls";
    if (overlay) box.appendChild(button("atlas-annotate", "Annotations"));
    if (views.length > 1) {
      var group = document.createElement("span");
      group.className = "atlas-windows";
      group.setAttribute("role", "group");
      group.setAttribute("aria-label", "CT window");
      views.forEach(function (v) {
        var label = v.querySelector(".atlas-view-label");
        var b = button("atlas-window", label ? label.textContent.trim() : v.dataset.view);
        b.dataset.view = v.dataset.view;
        group.appendChild(b);
      });
      box.appendChild(group);
    }
    media.insertBefore(box, media.firstChild);
  }

  function setup() {
    if (lightbox) start();  // pictures added by instant navigation join the lightbox
    document.querySelectorAll("[data-atlas-figure]").forEach(function (media) {
      if (media.dataset.ready) return;
      media.dataset.ready = "true";
      var views = media.querySelectorAll(".atlas-figure-view");
      /* Every window shows the same outlines, so the page carries them once: the layer
         moves to whichever window is shown. */
      var overlay = media.querySelector(".atlas-overlay");
      controls(media, views, overlay);
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
        views.forEach(function (v) {
          v.hidden = v.dataset.view !== String(n);
          var view = v.querySelector(".atlas-view");
          if (!v.hidden && overlay && view && !view.querySelector(".atlas-overlay")) {
            view.appendChild(overlay);
          }
        });
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
