/* One start-up for every atlas script. Material's instant navigation swaps pages without
   reloading them and announces each page on document$; without Material, the page's own
   load is the only start. A page can also be shown again, and a script can start twice,
   so each element is wired up once only: AtlasStart.once marks it with data-ready.
     AtlasStart.onPage(run)            run() for every page shown
     AtlasStart.each(selector, prepare) prepare(element) once for each element on every page
     AtlasStart.once(element)           true the first time only */
(function () {
  "use strict";

  function onPage(run) {
    if (typeof window.document$ !== "undefined") {
      window.document$.subscribe(function () { run(); });
    } else if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", function () { run(); });
    } else {
      run();
    }
  }

  function once(element) {
    if (element.dataset.ready) return false;
    element.dataset.ready = "true";
    return true;
  }

  function each(selector, prepare) {
    onPage(function () {
      document.querySelectorAll(selector).forEach(function (element) {
        if (once(element)) prepare(element);
      });
    });
  }

  window.AtlasStart = { onPage: onPage, once: once, each: each };
})();
