/* Quizzes: check answers, show each chosen option's feedback and keep the page's score.
   Progressive enhancement: without JavaScript the answer and explanation stay in <details>.
   Initialised through Material's document$ so that instant navigation works too. */
(function () {
  "use strict";

  function verdict(form) {
    var inputs = Array.prototype.slice.call(form.querySelectorAll("input"));
    var chosen = inputs.filter(function (i) { return i.checked; });
    var right = inputs.filter(function (i) { return i.dataset.correct === "true"; });
    var hits = chosen.filter(function (i) { return i.dataset.correct === "true"; }).length;
    return { inputs: inputs, chosen: chosen, right: right, hits: hits,
             correct: hits === right.length && chosen.length === hits };
  }

  function message(form, v) {
    if (v.correct) return "Correct.";
    if (form.dataset.kind !== "multiple") return "Incorrect: see the feedback below.";
    return "Not quite: you chose " + v.hits + " of " + v.right.length + " correct options and " +
      (v.chosen.length - v.hits) + " incorrect. See the feedback below.";
  }

  function mark(form, v) {
    v.inputs.forEach(function (input) {
      var label = input.closest("label");
      var old = label.querySelector(".atlas-mark");
      if (old) old.remove();
      input.disabled = true;
      if (!input.checked) return;
      var good = input.dataset.correct === "true";
      var span = document.createElement("span");
      span.className = "atlas-mark " + (good ? "is-correct" : "is-incorrect");
      span.textContent = good ? " ✓ your answer: right" : " ✗ your answer: wrong";
      label.appendChild(span);
      var note = form.querySelector('.atlas-option-feedback[data-option="' + input.value + '"]');
      if (note) note.classList.add("is-chosen");
    });
  }

  function reset(form) {
    form.querySelectorAll(".atlas-mark").forEach(function (m) { m.remove(); });
    form.querySelectorAll(".is-chosen").forEach(function (n) { n.classList.remove("is-chosen"); });
    form.querySelectorAll("input").forEach(function (i) { i.disabled = false; i.checked = false; });
    delete form.dataset.state;
    form.querySelector("details.atlas-answer").hidden = true;
    form.querySelector(".atlas-quiz-result").textContent = "";
    form.querySelector("button[type=submit]").hidden = false;
    form.querySelector(".atlas-retry").hidden = true;
  }

  function updateScore(root) {
    var score = root.querySelector("[data-atlas-score]");
    if (!score) return;
    var forms = root.querySelectorAll("form.atlas-quiz");
    var answered = root.querySelectorAll("form.atlas-quiz[data-state]").length;
    var right = root.querySelectorAll('form.atlas-quiz[data-state="right"]').length;
    score.hidden = false;
    score.textContent = "Score: " + right + " of " + forms.length + " correct (" + answered +
      " answered)";
  }

  function setup(root) {
    root.querySelectorAll("form.atlas-quiz").forEach(function (form) {
      if (form.dataset.ready) return;
      form.dataset.ready = "true";
      var check = form.querySelector("button[type=submit]");
      var retry = form.querySelector(".atlas-retry");
      var result = form.querySelector(".atlas-quiz-result");
      var details = form.querySelector("details.atlas-answer");
      check.hidden = false;
      details.hidden = true;
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var v = verdict(form);
        if (!v.chosen.length) { result.textContent = "Choose an answer first."; return; }
        form.dataset.state = v.correct ? "right" : "wrong";
        mark(form, v);
        result.textContent = message(form, v);
        details.hidden = false;
        details.open = true;
        check.hidden = true;
        retry.hidden = false;
        updateScore(root);
        retry.focus();
      });
      retry.addEventListener("click", function () {
        reset(form);
        updateScore(root);
        form.querySelector("input").focus();
      });
    });
    updateScore(root);
  }

  if (typeof window.document$ !== "undefined") {
    window.document$.subscribe(function () { setup(document); });
  } else {
    document.addEventListener("DOMContentLoaded", function () { setup(document); });
  }
})();
