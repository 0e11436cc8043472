/* Hotspot questions: place a crosshair on the picture, then check it against the region.
   Pointer: click or tap the picture. Keyboard: focus the picture and use the arrow keys
   (Shift for bigger steps), or the two sliders; Enter checks. Every position is announced in
   words for screen readers. Registered as a question kind for quiz.js. */
(function () {
  "use strict";
  var kinds = window.AtlasKinds = window.AtlasKinds || {};
  var STEP = 0.02, BIG = 0.1;

  function parts(form) {
    var area = form.querySelector(".atlas-hotspot");
    return { area: area, stage: area.querySelector(".atlas-hotspot-stage"),
             img: area.querySelector("img"), svg: area.querySelector("svg"),
             cross: area.querySelector(".atlas-crosshair"),
             x: area.querySelector(".atlas-hotspot-x"), y: area.querySelector(".atlas-hotspot-y"),
             status: area.querySelector(".atlas-hotspot-status") };
  }

  function region(form) {
    return form.querySelector(".atlas-hotspot").dataset.region.split(" ").map(function (p) {
      return p.split(",").map(Number);
    });
  }

  /* Ray casting: is (x, y) inside the polygon? */
  function inside(x, y, polygon) {
    var hit = false;
    for (var i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
      var a = polygon[i], b = polygon[j];
      if ((a[1] > y) !== (b[1] > y) && x < (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]) + a[0]) {
        hit = !hit;
      }
    }
    return hit;
  }

  function words(x, y) {
    var across = x < 0.34 ? "left" : x > 0.66 ? "right" : "centre";
    var down = y < 0.34 ? "upper" : y > 0.66 ? "lower" : "middle";
    return Math.round(x * 100) + "% across and " + Math.round(y * 100) + "% down (" +
      (down === "middle" && across === "centre" ? "centre" : down + " " + across) +
      " of the picture)";
  }

  function place(form, x, y, quiet) {
    var p = parts(form);
    x = Math.min(1, Math.max(0, x));
    y = Math.min(1, Math.max(0, y));
    form.dataset.point = x.toFixed(4) + "," + y.toFixed(4);
    var box = p.svg.viewBox.baseVal;
    p.cross.setAttribute("transform", "translate(" + (x * box.width).toFixed(1) + " " +
                         (y * box.height).toFixed(1) + ")");
    p.area.classList.add("has-point");
    p.x.value = Math.round(x * 100);
    p.y.value = Math.round(y * 100);
    p.x.setAttribute("aria-valuetext", Math.round(x * 100) + "% across");
    p.y.setAttribute("aria-valuetext", Math.round(y * 100) + "% down");
    if (!quiet) p.status.textContent = "Crosshair at " + words(x, y) + ".";
  }

  function point(form) {
    return form.dataset.point ? form.dataset.point.split(",").map(Number) : null;
  }

  function locked(form) { return !!form.dataset.state; }

  kinds.hotspot = {
    empty: "Place the crosshair on the picture first.",
    init: function (form) {
      var p = parts(form);
      var target = p.svg.querySelector(".atlas-hotspot-target");  // shown after answering
      var box = p.svg.viewBox.baseVal;
      if (target && !target.getAttribute("points")) {
        target.setAttribute("points", region(form).map(function (q) {
          return (q[0] * box.width).toFixed(1) + "," + (q[1] * box.height).toFixed(1);
        }).join(" "));
      }
      form.querySelector(".atlas-hotspot-help").hidden = false;
      form.querySelector(".atlas-hotspot-sliders").hidden = false;
      p.stage.tabIndex = 0;
      p.stage.addEventListener("click", function (event) {
        if (locked(form)) return;
        var rect = p.img.getBoundingClientRect();
        place(form, (event.clientX - rect.left) / rect.width,
              (event.clientY - rect.top) / rect.height);
      });
      p.stage.addEventListener("keydown", function (event) {
        if (locked(form)) return;
        var here = point(form) || [0.5, 0.5];
        var step = event.shiftKey ? BIG : STEP;
        var moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0],
                      ArrowUp: [0, -step], ArrowDown: [0, step] };
        if (moves[event.key]) {
          event.preventDefault();
          place(form, here[0] + moves[event.key][0], here[1] + moves[event.key][1]);
        } else if (event.key === "Enter") {
          event.preventDefault();
          if (!point(form)) place(form, here[0], here[1]);
          form.requestSubmit();
        }
      });
      [p.x, p.y].forEach(function (slider) {
        slider.addEventListener("input", function () {
          if (locked(form)) return;
          place(form, Number(p.x.value) / 100, Number(p.y.value) / 100);
        });
      });
    },
    read: function (form) { return point(form); },
    write: function (form, answer) {
      if (answer.length !== 2 || !isFinite(answer[0]) || !isFinite(answer[1])) {
        throw new Error("saved point does not fit");
      }
      place(form, answer[0], answer[1], true);
    },
    grade: function (form, answer) {
      var label = form.querySelector(".atlas-hotspot").dataset.label;
      var correct = inside(answer[0], answer[1], region(form));
      return { correct: correct, message: correct ?
        "Correct: your point is on " + label + "." :
        "Incorrect: your point is not on " + label + ". It is now outlined on the picture." };
    },
    reveal: function (form) {
      var p = parts(form);
      p.area.classList.add("is-revealed");
      p.x.disabled = p.y.disabled = true;
    },
    clear: function (form) {
      var p = parts(form);
      p.area.classList.remove("is-revealed", "has-point");
      p.x.disabled = p.y.disabled = false;
      p.status.textContent = "";
      delete form.dataset.point;
    }
  };
})();
