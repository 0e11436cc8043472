/* Quizzes: check answers, show feedback, keep the page's score and save answers.
   Each kind of question has a handler: choices (radio buttons and checkboxes) live here;
   ordering.js and hotspot.js register theirs in window.AtlasKinds before this file runs.
   Progressive enhancement: without JavaScript the answer and explanation stay in <details>.
   Initialised through Material's document$ so that instant navigation works too. */
(function () {
  "use strict";
  var kinds = window.AtlasKinds = window.AtlasKinds || {};

  function inputs(form) {
    return Array.prototype.slice.call(form.querySelectorAll(".atlas-option input"));
  }

  kinds.choice = {
    init: function () {},
    read: function (form) {
      var chosen = inputs(form).filter(function (i) { return i.checked; })
        .map(function (i) { return Number(i.value); });
      return chosen.length ? chosen : null;
    },
    write: function (form, answer) {
      inputs(form).forEach(function (i) { i.checked = answer.indexOf(Number(i.value)) >= 0; });
    },
    grade: function (form, answer) {
      var right = inputs(form).filter(function (i) { return i.dataset.correct === "true"; })
        .map(function (i) { return Number(i.value); });
      var hits = answer.filter(function (n) { return right.indexOf(n) >= 0; }).length;
      var correct = hits === right.length && answer.length === hits;
      var text = correct ? "Correct." : form.dataset.kind !== "multiple" ?
        "Incorrect: see the feedback below." :
        "Not quite: you chose " + hits + " of " + right.length + " correct options and " +
        (answer.length - hits) + " incorrect. See the feedback below.";
      return { correct: correct, message: text };
    },
    reveal: function (form) {
      inputs(form).forEach(function (input) {
        input.disabled = true;
        if (!input.checked) return;
        var good = input.dataset.correct === "true";
        var span = document.createElement("span");
        span.className = "atlas-mark " + (good ? "is-correct" : "is-incorrect");
        span.textContent = good ? " ✓ your answer: right" : " ✗ your answer: wrong";
        input.closest("label").appendChild(span);
        var note = form.querySelector('.atlas-option-feedback[data-option="' + input.value + '"]');
        if (note) note.classList.add("is-chosen");
      });
    },
    clear: function (form) {
      form.querySelectorAll(".is-chosen").forEach(function (n) { n.classList.remove("is-chosen"); });
      inputs(form).forEach(function (i) { i.disabled = false; i.checked = false; });
    }
  };

  function kindOf(form) {
    return kinds[form.dataset.kind] || kinds.choice;
  }

  function updateScore(root) {
    var score = root.querySelector("[data-atlas-score]");
    if (!score) return;
    var forms = root.querySelectorAll("form.atlas-quiz:not([data-exam])");
    var answered = root.querySelectorAll("form.atlas-quiz[data-state]:not([data-exam])").length;
    var right = root.querySelectorAll('form.atlas-quiz[data-state="right"]:not([data-exam])').length;
    score.hidden = false;
    score.textContent = "Score: " + right + " of " + forms.length + " correct (" + answered +
      " answered)";
  }

  /* Show a verdict on the form: marks, message, the answer and explanation. */
  function show(form, answer, verdict, options) {
    options = options || {};
    var kind = kindOf(form);
    form.querySelectorAll(".atlas-mark").forEach(function (m) { m.remove(); });
    form.dataset.state = verdict.correct ? "right" : "wrong";
    kind.reveal(form, answer, verdict);
    form.querySelector(".atlas-quiz-result").textContent = verdict.message;
    var details = form.querySelector("details.atlas-answer");
    details.hidden = false;
    details.open = !options.restored;
    form.querySelector("button[type=submit]").hidden = true;
    form.querySelector(".atlas-retry").hidden = !!options.final;
  }

  function clear(form) {
    form.querySelectorAll(".atlas-mark").forEach(function (m) { m.remove(); });
    kindOf(form).clear(form);
    delete form.dataset.state;
    form.querySelector("details.atlas-answer").hidden = true;
    form.querySelector(".atlas-quiz-result").textContent = "";
    form.querySelector("button[type=submit]").hidden = !!form.dataset.exam;
    form.querySelector(".atlas-retry").hidden = true;
  }

  function grade(form) {
    var answer = kindOf(form).read(form);
    return { answer: answer, verdict: answer === null ? null : kindOf(form).grade(form, answer) };
  }

  function save(form, answer, verdict) {
    if (!window.AtlasStore) return;
    window.AtlasStore.set("question", form.dataset.question, {
      hash: form.dataset.hash, answer: answer, correct: verdict.correct, time: Date.now() });
  }

  function announce(form, correct) {
    form.dispatchEvent(new CustomEvent("atlas:answered", {
      bubbles: true, detail: { question: form.dataset.question, correct: correct } }));
  }

  function restore(form) {
    if (!window.AtlasStore) return;
    var saved = window.AtlasStore.get("question", form.dataset.question, form.dataset.hash);
    if (!saved || !Array.isArray(saved.answer)) return;
    try {
      kindOf(form).write(form, saved.answer);
      var result = grade(form);
      if (result.verdict) show(form, result.answer, result.verdict, { restored: true });
    } catch (e) {
      window.AtlasStore.remove("question", form.dataset.question);
      clear(form);
    }
  }

  /* The buttons and the live verdict: only useful with JavaScript, so made here (before the
     answer's <details>), not sent with every question. */
  function controls(form) {
    if (form.querySelector(".atlas-quiz-controls")) return;
    var box = document.createElement("div");
    box.className = "atlas-quiz-controls";
    box.innerHTML = '<button type="submit" class="md-button md-button--primary" hidden>' +
      'Check answer</button> <button type="button" class="md-button atlas-retry" hidden>' +
      "Try again</button>";
    var result = document.createElement("div");
    result.className = "atlas-quiz-result";
    result.setAttribute("role", "status");
    var details = form.querySelector("details.atlas-answer");
    form.insertBefore(box, details);
    form.insertBefore(result, details);
  }

  /* Make one form interactive. In exam mode (data-exam) it is only enabled: exam.js grades. */
  function prepare(form, root) {
    if (form.dataset.ready) return;
    form.dataset.ready = "true";
    controls(form);
    var check = form.querySelector("button[type=submit]");
    var retry = form.querySelector(".atlas-retry");
    var result = form.querySelector(".atlas-quiz-result");
    var details = form.querySelector("details.atlas-answer");
    details.hidden = true;
    kindOf(form).init(form);
    if (form.dataset.exam) {
      form.addEventListener("submit", function (event) { event.preventDefault(); });
      return;
    }
    check.hidden = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (form.dataset.state) return;
      var r = grade(form);
      if (!r.verdict) {
        result.textContent = kindOf(form).empty || "Choose an answer first.";
        return;
      }
      show(form, r.answer, r.verdict);
      save(form, r.answer, r.verdict);
      updateScore(root);
      retry.focus();
      announce(form, r.verdict.correct);
    });
    retry.addEventListener("click", function () {
      clear(form);
      if (window.AtlasStore) window.AtlasStore.remove("question", form.dataset.question);
      updateScore(root);
      var first = form.querySelector("fieldset input, fieldset button:not([disabled]), " +
                                     "fieldset [tabindex='0']");
      if (first) first.focus();
    });
    restore(form);
  }

  function setup(root) {
    root.querySelectorAll("[data-atlas-exam] form.atlas-quiz").forEach(function (form) {
      form.dataset.exam = "true";
    });
    root.querySelectorAll("form.atlas-quiz").forEach(function (form) { prepare(form, root); });
    updateScore(root);
  }

  window.AtlasQuiz = { grade: grade, show: show, clear: clear, updateScore: updateScore };

  if (typeof window.document$ !== "undefined") {
    window.document$.subscribe(function () { setup(document); });
  } else {
    document.addEventListener("DOMContentLoaded", function () { setup(document); });
  }
})();
