/* The stage × modality explorer: show one time step at a time. Without JavaScript every
   step stays on the page, one after another. */
(function () {
  "use strict";

  function setup() {
    document.querySelectorAll("[data-atlas-explorer]").forEach(function (root) {
      if (root.dataset.ready) return;
      root.dataset.ready = "true";
      var steps = root.querySelectorAll(".atlas-explorer-step");
      var radios = root.querySelectorAll('input[name="explorer-step"]');
      var status = root.querySelector(".atlas-explorer-status");
      function show(n, announce) {
        steps.forEach(function (step) { step.hidden = step.dataset.step !== String(n); });
        if (announce) {
          var heading = root.querySelector('.atlas-explorer-step[data-step="' + n + '"] h2');
          status.textContent = "Showing " + heading.textContent.replace("¶", "").trim();
        }
      }
      root.querySelector(".atlas-explorer-steps").hidden = false;
      radios.forEach(function (radio) {
        radio.addEventListener("change", function () { show(radio.value, true); });
      });
      var checked = root.querySelector('input[name="explorer-step"]:checked');
      show(checked ? checked.value : 0, false);
    });
  }

  if (typeof window.document$ !== "undefined") window.document$.subscribe(setup);
  else document.addEventListener("DOMContentLoaded", setup);
})();
