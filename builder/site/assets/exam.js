/* Exam mode: draw N questions with a seeded shuffle, hold feedback back, score at the end.
   The seed is shown and can be typed: the same seed and N always give the same questions in
   the same order (mulberry32 drives a Fisher–Yates shuffle). The last result is saved for
   the progress page. */
(function () {
  "use strict";

  function mulberry32(seed) {
    var a = seed >>> 0;
    return function () {
      a = (a + 0x6D2B79F5) >>> 0;
      var t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  /* The indices of n items out of total, in the order the seed gives. */
  function draw(seed, n, total) {
    var order = [];
    for (var i = 0; i < total; i++) order.push(i);
    var random = mulberry32(seed);
    for (var j = total - 1; j > 0; j--) {
      var k = Math.floor(random() * (j + 1));
      var swap = order[j]; order[j] = order[k]; order[k] = swap;
    }
    return order.slice(0, Math.min(n, total));
  }

  function newSeed() { return 1 + Math.floor(Math.random() * 999999); }

  function $(root, selector) { return root.querySelector(selector); }

  function setup() {
    var exam = document.querySelector("[data-atlas-exam]");
    var panel = document.querySelector(".atlas-exam-setup");
    if (!exam || !panel || panel.dataset.ready) return;
    panel.dataset.ready = "true";
    var items = Array.prototype.slice.call(exam.querySelectorAll(".atlas-exam-item"));
    var count = $(panel, "#atlas-exam-count");
    var seedInput = $(panel, "#atlas-exam-seed");
    var status = document.querySelector(".atlas-exam-status");
    var result = $(exam, ".atlas-exam-result");
    var finish = $(exam, ".atlas-exam-finish");
    var chosen = [];
    document.querySelectorAll(".atlas-nojs").forEach(function (n) { n.hidden = true; });
    panel.hidden = false;
    seedInput.value = String(newSeed());

    function seedValue() {
      var value = seedInput.value.trim();
      return /^[0-9]{1,9}$/.test(value) ? Number(value) : null;
    }

    function start() {
      var seed = seedValue();
      if (seed === null) {
        status.textContent = "The seed must be a whole number of up to 9 digits.";
        seedInput.focus();
        return;
      }
      chosen = draw(seed, Number(count.value), items.length).map(function (i) { return items[i]; });
      items.forEach(function (item) {
        item.hidden = true;
        item.querySelector(".atlas-exam-evidence").hidden = true;
        window.AtlasQuiz.clear(item.querySelector("form.atlas-quiz"));
      });
      chosen.forEach(function (item, n) {
        item.hidden = false;
        item.querySelector(".atlas-qnum").textContent = String(n + 1);
        exam.insertBefore(item, finish);
      });
      exam.dataset.seed = String(seed);
      result.hidden = true;
      finish.hidden = false;
      exam.hidden = false;
      var info = $(exam, ".atlas-exam-info");
      info.textContent = "Exam with seed " + seed + ": " + chosen.length + " questions. " +
        "Feedback is shown when you finish.";
      info.focus();
      status.textContent = info.textContent;
    }

    function end() {
      var right = 0, topics = {}, missed = [];
      chosen.forEach(function (item) {
        var form = item.querySelector("form.atlas-quiz");
        var r = window.AtlasQuiz.grade(form);
        var verdict = r.verdict || { correct: false, message: "Not answered." };
        window.AtlasQuiz.show(form, r.answer || [], verdict, { final: true });
        if (!r.verdict) form.querySelector(".atlas-quiz-result").textContent = "Not answered.";
        var topic = item.dataset.topic;
        topics[topic] = topics[topic] || { right: 0, total: 0 };
        topics[topic].total += 1;
        if (verdict.correct) { right += 1; topics[topic].right += 1; } else { missed.push(item); }
        item.querySelector(".atlas-exam-evidence").hidden = verdict.correct;
      });
      var percent = Math.round(100 * right / chosen.length);
      $(result, ".atlas-exam-score").textContent = "You scored " + right + " of " +
        chosen.length + " (" + percent + "%) with seed " + exam.dataset.seed + ".";
      var body = $(result, "tbody");
      body.textContent = "";
      Object.keys(topics).sort().forEach(function (topic) {
        var row = document.createElement("tr");
        [topic, topics[topic].right, topics[topic].total].forEach(function (value, n) {
          var cell = document.createElement(n === 0 ? "th" : "td");
          if (n === 0) cell.scope = "row";
          cell.textContent = String(value);
          row.appendChild(cell);
        });
        body.appendChild(row);
      });
      var list = $(result, ".atlas-exam-missed");
      list.textContent = "";
      missed.forEach(function (item) {
        var li = document.createElement("li");
        var number = item.querySelector(".atlas-qnum").textContent;
        var link = item.querySelector(".atlas-exam-evidence a").cloneNode(true);
        var jump = document.createElement("a");
        jump.href = "#" + item.querySelector("form.atlas-quiz").id;
        jump.textContent = "Question " + number;
        li.appendChild(jump);
        li.appendChild(document.createTextNode(": review it in "));
        li.appendChild(link);
        list.appendChild(li);
      });
      if (!missed.length) {
        var none = document.createElement("li");
        none.textContent = "None: every answer was right.";
        list.appendChild(none);
      }
      if (window.AtlasStore) {
        window.AtlasStore.set("exam", "last", { seed: Number(exam.dataset.seed), right: right,
          total: chosen.length, time: Date.now() });
      }
      finish.hidden = true;
      result.hidden = false;
      status.textContent = $(result, ".atlas-exam-score").textContent;
      $(result, "h2").focus();
    }

    $(panel, ".atlas-exam-newseed").addEventListener("click", function () {
      seedInput.value = String(newSeed());
      status.textContent = "New seed: " + seedInput.value + ".";
    });
    $(panel, ".atlas-exam-start").addEventListener("click", start);
    seedInput.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); start(); }
    });
    $(exam, ".atlas-exam-done").addEventListener("click", end);
    $(exam, ".atlas-exam-again").addEventListener("click", function () {
      exam.hidden = true;
      seedInput.value = String(newSeed());
      seedInput.focus();
    });
  }

  window.AtlasExam = { draw: draw, mulberry32: mulberry32 };

  if (typeof window.document$ !== "undefined") window.document$.subscribe(setup);
  else document.addEventListener("DOMContentLoaded", setup);
})();
