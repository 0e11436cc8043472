/* Ordering questions: put items in order with Up and Down buttons (no dragging needed).
   Each move is announced; focus stays on the item that moved. Registered as a question kind
   for quiz.js, which checks, scores and saves the answer. */
(function () {
  "use strict";
  var kinds = window.AtlasKinds = window.AtlasKinds || {};

  function list(form) { return form.querySelector("ol.atlas-order"); }
  function items(form) {
    return Array.prototype.slice.call(list(form).querySelectorAll(".atlas-order-item"));
  }
  function text(item) { return item.querySelector(".atlas-order-text").textContent.trim(); }

  function refresh(form) {
    var all = items(form);
    var locked = !!form.dataset.state;
    all.forEach(function (item, n) {
      item.querySelector('[data-move="up"]').disabled = locked || n === 0;
      item.querySelector('[data-move="down"]').disabled = locked || n === all.length - 1;
    });
  }

  function move(form, item, direction) {
    var ol = list(form);
    var all = items(form);
    var n = all.indexOf(item);
    var to = direction === "up" ? n - 1 : n + 1;
    if (to < 0 || to >= all.length) return;
    if (direction === "up") ol.insertBefore(item, all[to]);
    else ol.insertBefore(item, all[to].nextSibling);
    refresh(form);
    var button = item.querySelector('[data-move="' + direction + '"]');
    if (button.disabled) button = item.querySelector('[data-move="' +
                                                     (direction === "up" ? "down" : "up") + '"]');
    button.focus();
    form.querySelector(".atlas-order-status").textContent =
      "“" + text(item) + "” moved to position " + (to + 1) + " of " + all.length + ".";
  }

  kinds.ordering = {
    init: function (form) {
      form.querySelector(".atlas-order-help").hidden = false;
      items(form).forEach(function (item) {  // the buttons exist only with JavaScript
        if (item.querySelector(".atlas-order-moves")) return;
        var moves = document.createElement("span");
        moves.className = "atlas-order-moves";
        [["up", "↑ Up", "Move up: "], ["down", "↓ Down", "Move down: "]].forEach(function (m, n) {
          var button = document.createElement("button");
          button.type = "button";
          button.className = "md-button atlas-move";
          button.dataset.move = m[0];
          button.textContent = m[1];
          button.setAttribute("aria-label", m[2] + text(item));
          if (n) moves.append(" ");
          moves.appendChild(button);
        });
        item.append(" ", moves);
      });
      form.querySelectorAll(".atlas-move").forEach(function (button) {
        button.addEventListener("click", function () {
          move(form, button.closest(".atlas-order-item"), button.dataset.move);
        });
      });
      refresh(form);
    },
    read: function (form) {
      return items(form).map(function (item) { return Number(item.dataset.item); });
    },
    write: function (form, answer) {
      var ol = list(form);
      var byIndex = {};
      items(form).forEach(function (item) { byIndex[item.dataset.item] = item; });
      if (answer.length !== items(form).length) throw new Error("saved order does not fit");
      answer.forEach(function (n) {
        if (!byIndex[n]) throw new Error("saved order does not fit");
        ol.appendChild(byIndex[n]);
      });
      refresh(form);
    },
    grade: function (form, answer) {
      var placed = answer.filter(function (n, position) { return n === position; }).length;
      var correct = placed === answer.length;
      return { correct: correct, message: correct ? "Correct." :
        "Not quite: " + placed + " of " + answer.length + " in the right place. " +
        "See the right order below." };
    },
    reveal: function (form) {
      items(form).forEach(function (item, position) {
        var n = Number(item.dataset.item);
        var span = document.createElement("span");
        var good = n === position;
        span.className = "atlas-mark " + (good ? "is-correct" : "is-incorrect");
        span.textContent = good ? " ✓ right place" : " ✗ belongs at position " + (n + 1);
        item.querySelector(".atlas-order-text").after(span);
      });
      refresh(form);
    },
    clear: function (form) {
      form.querySelector(".atlas-order-status").textContent = "";
      refresh(form);
    }
  };
})();
