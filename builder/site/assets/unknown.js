/* Unknown cases: reveal a case one study at a time. Steps not reached yet, and each step's
   findings until its questions are answered, carry the hidden attribute, so they are neither
   seen nor read out. Answering the last question of a step shows its findings and unlocks
   the next step; a step without questions has a button instead. The step reached is saved.
   Without JavaScript nothing is hidden: the page reads as the case in time order. */
(function () {
  "use strict";

  function steps(root) {
    return Array.prototype.slice.call(root.querySelectorAll(".atlas-unknown-step"));
  }

  function forms(step) {
    return Array.prototype.slice.call(step.querySelectorAll("form.atlas-quiz"));
  }

  function answered(step) {
    return forms(step).every(function (f) { return !!f.dataset.state; });
  }

  function saved(root) {
    if (!window.AtlasStore) return 0;
    var value = window.AtlasStore.get("unknown", root.dataset.atlasUnknown, root.dataset.hash);
    return value && typeof value.done === "number" ? value.done : 0;
  }

  /* Show steps 0..done+1 with the findings of steps 1..done; hide the rest. */
  function render(root, done) {
    var all = steps(root);
    var last = all.length - 1;
    done = Math.max(0, Math.min(done, last - 1));
    root.dataset.done = String(done);
    all.forEach(function (step, n) {
      step.hidden = n > done + 1;
      var reveal = step.querySelector(".atlas-unknown-reveal");
      if (reveal) reveal.hidden = n > done;
      var controls = step.querySelector(".atlas-unknown-controls");
      if (controls) controls.hidden = n !== done + 1 || forms(step).length > 0;
    });
    var again = document.querySelector(".atlas-unknown-restart");
    if (again) again.hidden = done === 0 && !all.some(function (s) {
      return forms(s).some(function (f) { return !!f.dataset.state; });
    });
  }

  function complete(root, step) {
    var n = Number(step.dataset.step);
    var done = Number(root.dataset.done || 0);
    if (n !== done + 1) return;
    var all = steps(root);
    render(root, n);
    if (window.AtlasStore) {
      window.AtlasStore.set("unknown", root.dataset.atlasUnknown,
                            { hash: root.dataset.hash, done: n, time: Date.now() });
    }
    var next = all[n + 1];
    var heading = next && next.querySelector("h2");
    var status = document.querySelector(".atlas-unknown-status");
    if (heading && status) {
      status.textContent = "The findings of step " + n + " are shown below its question. " +
        (next.hasAttribute("data-final") ? "The diagnosis is now shown: " :
         "Unlocked: ") + heading.textContent.replace(/¶$/, "").trim() + ".";
    }
  }

  function setup() {
    var root = document.querySelector("[data-atlas-unknown]");
    if (!root || root.dataset.ready) return;
    root.dataset.ready = "true";
    var done = saved(root);
    // A step whose questions were all answered (and saved) counts as done too.
    steps(root).forEach(function (step, n) {
      if (n === done + 1 && n < steps(root).length - 1 && forms(step).length &&
          answered(step)) done = n;
    });
    render(root, done);
    root.addEventListener("atlas:answered", function (event) {
      var step = event.target.closest(".atlas-unknown-step");
      if (step && answered(step)) complete(root, step);
    });
    root.querySelectorAll(".atlas-unknown-continue").forEach(function (button) {
      button.addEventListener("click", function () {
        complete(root, button.closest(".atlas-unknown-step"));
      });
    });
    var again = document.querySelector(".atlas-unknown-again");
    if (again) {
      again.addEventListener("click", function () {
        steps(root).forEach(function (step) {
          forms(step).forEach(function (form) {
            if (window.AtlasStore) window.AtlasStore.remove("question", form.dataset.question);
            window.AtlasQuiz.clear(form);
          });
        });
        if (window.AtlasStore) window.AtlasStore.remove("unknown", root.dataset.atlasUnknown);
        render(root, 0);
        window.AtlasQuiz.updateScore(document);
        var first = steps(root)[1];
        if (first) first.querySelector("h2").focus();
      });
    }
  }

  if (typeof window.document$ !== "undefined") window.document$.subscribe(setup);
  else document.addEventListener("DOMContentLoaded", setup);
})();
