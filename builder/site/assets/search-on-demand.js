/* Material's search, loaded on demand. Material fetches the search index (search/
   search_index.json over http, search/search_index.js by a script tag from file://) and starts
   its search worker on every page load: some 270 KB a page, most readers never search. This
   script runs just before Material's bundle and holds both back until the reader first wants
   search: focuses the search box, opens search (the header button, or the "/", "s" and "f"
   keys), or arrives from a search result whose words are to be highlighted (?h=). The first
   search then waits a moment for the index. Nothing else changes: Material sends the same
   request itself, only later. */
(function () {
  "use strict";
  var INDEX = /(^|\/)search\/search_index\.js(on)?$/;
  var WORKER = /(^|\/)workers\/search\.[\w.]*js$/;
  var wanted = false;
  var waiting = [];

  function path(url) { return String(url).split(/[?#]/)[0]; }
  function later(go) { if (wanted) go(); else waiting.push(go); }
  function want() {
    if (wanted) return;
    wanted = true;
    waiting.splice(0).forEach(function (go) {
      try { go(); } catch (e) { /* Material gave up on it meanwhile */ }
    });
  }

  /* http(s): the index comes by XMLHttpRequest; its send() waits. */
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.atlasSearchIndex = INDEX.test(path(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var xhr = this, args = arguments;
    if (!xhr.atlasSearchIndex || wanted) return send.apply(xhr, args);
    later(function () { send.apply(xhr, args); });
  };

  /* file://: the index is a script Material adds to <head>; adding it waits. */
  var head = document.head;
  var append = head.appendChild;
  head.appendChild = function (node) {
    if (!wanted && node && node.tagName === "SCRIPT" && INDEX.test(path(node.src))) {
      later(function () { append.call(head, node); });
      return node;
    }
    return append.apply(head, arguments);
  };

  /* The worker (on file:// the iframe-worker shim's stand-in) starts with the first message
     Material sends it, which is the index, so only once search is wanted. */
  var Real = window.Worker;
  if (typeof Real === "function") {
    var Lazy = function (url, options) {
      this.url = url;
      this.options = options;
      this.worker = null;
      this.listeners = [];
      this.onmessage = null;
      this.onerror = null;
    };
    Lazy.prototype.start = function () {
      if (this.worker) return this.worker;
      var self = this;
      var worker = this.worker = new Real(this.url, this.options);
      this.listeners.forEach(function (l) { worker.addEventListener(l[0], l[1], l[2]); });
      worker.onmessage = function (e) { if (self.onmessage) self.onmessage(e); };
      worker.onerror = function (e) { if (self.onerror) self.onerror(e); };
      return worker;
    };
    Lazy.prototype.addEventListener = function (type, listener, options) {
      if (this.worker) this.worker.addEventListener(type, listener, options);
      else this.listeners.push([type, listener, options]);
    };
    Lazy.prototype.removeEventListener = function (type, listener, options) {
      if (this.worker) this.worker.removeEventListener(type, listener, options);
      this.listeners = this.listeners.filter(function (l) {
        return l[0] !== type || l[1] !== listener;
      });
    };
    Lazy.prototype.postMessage = function () {
      var worker = this.start();
      worker.postMessage.apply(worker, arguments);
    };
    Lazy.prototype.terminate = function () { if (this.worker) this.worker.terminate(); };
    window.Worker = function (url, options) {
      return WORKER.test(path(url)) ? new Lazy(url, options) : new Real(url, options);
    };
    window.Worker.prototype = Real.prototype;
  }

  /* What counts as wanting search. */
  function isSearch(node) {
    return node && node.closest && node.closest('[data-md-component="search"]');
  }
  document.addEventListener("focusin", function (e) { if (isSearch(e.target)) want(); }, true);
  document.addEventListener("pointerdown", function (e) {
    if (isSearch(e.target) || (e.target.closest && e.target.closest('label[for="__search"]'))) {
      want();
    }
  }, true);
  document.addEventListener("change", function (e) {
    if (e.target && e.target.id === "__search" && e.target.checked) want();
  }, true);
  if (/[?&]h=/.test(location.search)) want();
})();
