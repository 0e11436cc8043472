/* The progress page: fill in, from this browser's saved answers, what each quiz, case and
   unknown case scored, and offer to forget it all (with a keyboard-accessible confirm). */
(function () {
  "use strict";

  function tally(keys) {
    var answered = 0, right = 0;
    keys.split(" ").filter(Boolean).forEach(function (entry) {
      var cut = entry.lastIndexOf(":");
      var saved = window.AtlasStore.get("question", entry.slice(0, cut), entry.slice(cut + 1));
      if (saved) { answered += 1; if (saved.correct) right += 1; }
    });
    return { answered: answered, right: right };
  }

  function fill(root) {
    var totals = { answered: 0, right: 0 };
    root.querySelectorAll("tr[data-keys]").forEach(function (row) {
      var t = tally(row.dataset.keys);
      var count = row.dataset.keys.split(" ").filter(Boolean).length;
      totals.answered += t.answered;
      totals.right += t.right;
      row.querySelector(".atlas-progress-answered").textContent =
        row.dataset.unknown ? t.answered + " of " + count : String(t.answered);
      row.querySelector(".atlas-progress-right").textContent = String(t.right);
      if (row.dataset.unknown) {
        var saved = window.AtlasStore.get("unknown", row.dataset.unknown);
        var done = saved && typeof saved.done === "number" ? saved.done : 0;
        row.querySelector(".atlas-progress-steps").textContent =
          Math.min(done, Number(row.dataset.steps)) + " of " + row.dataset.steps;
      }
    });
    var exam = window.AtlasStore.get("exam", "last");
    var score = root.querySelector(".atlas-progress-exam-score");
    if (exam && typeof exam.right === "number") {
      score.textContent = exam.right + " of " + exam.total;
      root.querySelector(".atlas-progress-exam-seed").textContent = String(exam.seed);
      root.querySelector(".atlas-progress-exam-date").textContent =
        new Date(exam.time).toLocaleDateString();
    } else {
      score.textContent = "None yet";
      root.querySelector(".atlas-progress-exam-seed").textContent = "–";
      root.querySelector(".atlas-progress-exam-date").textContent = "–";
    }
    root.querySelector(".atlas-progress-total").textContent = window.AtlasStore.available() ?
      "In all: " + totals.answered + " questions answered, " + totals.right + " right." :
      "This browser does not allow the atlas to save progress (storage is off or full).";
  }

  function setup() {
    var root = document.querySelector("[data-atlas-progress]");
    if (!root || root.dataset.ready || !window.AtlasStore) return;
    root.dataset.ready = "true";
    document.querySelectorAll(".atlas-nojs").forEach(function (n) { n.hidden = true; });
    fill(root);
    var reset = root.querySelector(".atlas-reset");
    var start = reset.querySelector(".atlas-reset-start");
    var confirm = reset.querySelector(".atlas-reset-confirm");
    var status = reset.querySelector(".atlas-reset-status");
    reset.hidden = false;

    function close(focus) {
      confirm.hidden = true;
      start.setAttribute("aria-expanded", "false");
      if (focus) start.focus();
    }

    start.addEventListener("click", function () {
      confirm.hidden = false;
      start.setAttribute("aria-expanded", "true");
      status.textContent = "";
      reset.querySelector(".atlas-reset-no").focus();
    });
    reset.querySelector(".atlas-reset-no").addEventListener("click", function () {
      close(true);
      status.textContent = "Nothing was deleted.";
    });
    reset.querySelector(".atlas-reset-yes").addEventListener("click", function () {
      var n = window.AtlasStore.clear();
      close(true);
      fill(root);
      status.textContent = "Your progress was deleted (" + n + " saved item" +
        (n === 1 ? "" : "s") + ").";
    });
    confirm.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { close(true); status.textContent = "Nothing was deleted."; }
    });
  }

  if (typeof window.document$ !== "undefined") window.document$.subscribe(setup);
  else document.addEventListener("DOMContentLoaded", setup);
})();
