/* Saved progress: a small, safe wrapper around localStorage.
   Keys are namespaced and versioned ("nho-atlas:v1:question:<scope>/<id>"), and each value
   carries the hash of what it belongs to, so an edited question forgets only its own saved
   answer. Storage may be missing or full (private windows, strict settings): every call
   fails quietly and the page still works, it just does not remember. */
(function () {
  "use strict";
  var PREFIX = "nho-atlas:";
  var VERSION = "v1";

  function storage() {
    try {
      var s = window.localStorage;
      var probe = PREFIX + "probe";
      s.setItem(probe, "1");
      s.removeItem(probe);
      return s;
    } catch (e) {
      return null;
    }
  }

  function key(kind, id) { return PREFIX + VERSION + ":" + kind + ":" + id; }

  function remove(kind, id) {
    var s = storage();
    if (!s) return;
    try { s.removeItem(key(kind, id)); } catch (e) { /* nothing to do */ }
  }

  /* The saved value, or null when there is none, it is unreadable or its hash differs. */
  function get(kind, id, hash) {
    var s = storage();
    if (!s) return null;
    var value = null;
    try { value = JSON.parse(s.getItem(key(kind, id)) || "null"); } catch (e) { value = null; }
    if (value === null) return null;
    if (typeof value !== "object" || (hash && value.hash !== hash)) {
      remove(kind, id);  // another version's answer: forget it, and only it
      return null;
    }
    return value;
  }

  function set(kind, id, value) {
    var s = storage();
    if (!s) return false;
    try {
      s.setItem(key(kind, id), JSON.stringify(value));
      return true;
    } catch (e) {
      return false;
    }
  }

  /* Forget everything this atlas saved, in every version; other sites' keys stay. */
  function clear() {
    var s = storage();
    if (!s) return 0;
    var mine = [];
    try {
      for (var i = 0; i < s.length; i++) {
        var k = s.key(i);
        if (k && k.indexOf(PREFIX) === 0) mine.push(k);
      }
      mine.forEach(function (k) { s.removeItem(k); });
    } catch (e) { /* nothing to do */ }
    return mine.length;
  }

  window.AtlasStore = { get: get, set: set, remove: remove, clear: clear,
                        available: function () { return storage() !== null; } };
})();
