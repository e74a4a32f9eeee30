/* Broadsheet desk: the hotspot editor drawn over a page image.
 *
 * The page's articles and their polygons come from a JSON <script> (the CSP forbids
 * inline scripts, not data). Every polygon is a list of [x, y] points relative to the
 * image (0..1), as Article.hotspot stores them. Mouse and touch go through pointer
 * events; the keyboard works on the focused editor (arrows move the selected polygon or
 * vertex, Shift for bigger steps; Delete removes; V adds a vertex; [ and ] pick the
 * vertex; N adds a polygon). Saving posts the article's polygons as JSON to its
 * save URL; the server validates them with the same rule as ingest.
 */
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var STEP = 0.005, BIG_STEP = 0.02, MIN_POINTS = 3;

  function clamp(v) { return Math.max(0, Math.min(1, v)); }
  function round(v) { return Math.round(v * 10000) / 10000; }
  function copy(polygons) { return JSON.parse(JSON.stringify(polygons || [])); }

  function csrfToken() {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function Editor(root) {
    this.root = root;
    this.svg = root.querySelector("svg.hs-canvas");
    this.surface = root.querySelector(".hs-surface");
    this.status = root.querySelector(".hs-status");
    var data = JSON.parse(document.getElementById(root.getAttribute("data-source")).textContent);
    this.articles = data.articles.map(function (a) {
      return { id: String(a.id), title: a.title, polygons: copy(a.polygons),
               saveUrl: a.save_url, placeUrl: a.place_url, dirty: false };
    });
    this.pageUrl = data.place_page_url || "";
    this.current = this.articles.length ? this.articles[0].id : null;
    this.polygon = this.article() && this.article().polygons.length ? 0 : -1;
    this.vertex = -1;
    this.drag = null;
    this.bind();
    this.draw();
  }

  Editor.prototype.article = function (id) {
    var want = id === undefined ? this.current : String(id);
    for (var i = 0; i < this.articles.length; i++) {
      if (this.articles[i].id === want) { return this.articles[i]; }
    }
    return null;
  };

  Editor.prototype.selected = function () {
    var a = this.article();
    return a && this.polygon >= 0 ? a.polygons[this.polygon] : null;
  };

  Editor.prototype.say = function (text, bad) {
    if (!this.status) { return; }
    this.status.textContent = text;
    this.status.classList.toggle("is-error", !!bad);
  };

  Editor.prototype.msg = function (key) {
    return this.root.getAttribute("data-msg-" + key) || key;
  };

  /* ---- drawing ---- */

  Editor.prototype.draw = function () {
    var svg = this.svg, self = this;
    while (svg.firstChild) { svg.removeChild(svg.firstChild); }
    this.articles.forEach(function (a) {
      a.polygons.forEach(function (points, index) {
        var el = document.createElementNS(SVG, "polygon");
        el.setAttribute("points", points.map(function (p) { return p[0] + "," + p[1]; }).join(" "));
        el.setAttribute("vector-effect", "non-scaling-stroke");
        el.setAttribute("data-article", a.id);
        el.setAttribute("data-polygon", index);
        var here = a.id === self.current;
        el.setAttribute("class", "hs-polygon" + (here ? " is-current" : "") +
          (here && index === self.polygon ? " is-selected" : ""));
        svg.appendChild(el);
      });
    });
    this.drawHandles();
    this.syncList();
  };

  Editor.prototype.drawHandles = function () {
    var points = this.selected(), self = this;
    if (!points) { return; }
    var box = this.svg.getBoundingClientRect();
    /* A finger needs a bigger handle than a mouse pointer. */
    var coarse = window.matchMedia && window.matchMedia("(pointer: coarse)").matches;
    var size = coarse ? 12 : 7;
    var rx = box.width ? size / box.width : 0.01, ry = box.height ? size / box.height : 0.01;
    points.forEach(function (p, index) {
      var h = document.createElementNS(SVG, "ellipse");
      h.setAttribute("cx", p[0]);
      h.setAttribute("cy", p[1]);
      h.setAttribute("rx", rx);
      h.setAttribute("ry", ry);
      h.setAttribute("data-vertex", index);
      h.setAttribute("class", "hs-vertex" + (index === self.vertex ? " is-selected" : ""));
      self.svg.appendChild(h);
    });
  };

  Editor.prototype.syncList = function () {
    var self = this;
    this.root.querySelectorAll("[data-select-article]").forEach(function (button) {
      var id = button.getAttribute("data-select-article");
      var a = self.article(id);
      button.setAttribute("aria-pressed", id === self.current ? "true" : "false");
      var item = button.closest("li");
      if (item) { item.classList.toggle("is-dirty", !!(a && a.dirty)); }
    });
    var count = this.root.querySelector(".hs-count");
    var a = this.article();
    if (count && a) { count.textContent = String(a.polygons.length); }
  };

  /* ---- editing ---- */

  Editor.prototype.changed = function () {
    var a = this.article();
    if (a) { a.dirty = true; }
    this.draw();
  };

  Editor.prototype.choose = function (id, polygon) {
    this.current = String(id);
    var a = this.article();
    this.polygon = polygon !== undefined ? polygon : (a && a.polygons.length ? 0 : -1);
    this.vertex = -1;
    this.draw();
  };

  Editor.prototype.moveBy = function (dx, dy) {
    var points = this.selected();
    if (!points) { return; }
    var targets = this.vertex >= 0 ? [points[this.vertex]] : points;
    targets.forEach(function (p) { p[0] = round(clamp(p[0] + dx)); p[1] = round(clamp(p[1] + dy)); });
    this.changed();
  };

  Editor.prototype.addPolygon = function () {
    var a = this.article();
    if (!a) { return; }
    a.polygons.push([[0.4, 0.4], [0.6, 0.4], [0.6, 0.6], [0.4, 0.6]]);
    this.polygon = a.polygons.length - 1;
    this.vertex = -1;
    this.changed();
    this.say(this.msg("added"));
  };

  Editor.prototype.addVertex = function () {
    var points = this.selected();
    if (!points) { return; }
    var at = this.vertex >= 0 ? this.vertex : points.length - 1;
    var p = points[at], q = points[(at + 1) % points.length];
    points.splice(at + 1, 0, [round((p[0] + q[0]) / 2), round((p[1] + q[1]) / 2)]);
    this.vertex = at + 1;
    this.changed();
  };

  Editor.prototype.remove = function () {
    var a = this.article(), points = this.selected();
    if (!points) { return; }
    if (this.vertex >= 0 && points.length > MIN_POINTS) {
      points.splice(this.vertex, 1);
      this.vertex = -1;
    } else {
      a.polygons.splice(this.polygon, 1);
      this.polygon = a.polygons.length ? 0 : -1;
      this.vertex = -1;
      this.say(this.msg("removed"));
    }
    this.changed();
  };

  Editor.prototype.cycleVertex = function (step) {
    var points = this.selected();
    if (!points) { return; }
    var n = points.length;
    this.vertex = this.vertex < 0 ? (step > 0 ? 0 : n - 1) : (this.vertex + step + n) % n;
    this.draw();
  };

  Editor.prototype.cyclePolygon = function () {
    var a = this.article();
    if (!a || !a.polygons.length) { return; }
    this.polygon = (this.polygon + 1) % a.polygons.length;
    this.vertex = -1;
    this.draw();
  };

  /* ---- pointer (mouse, pen and touch alike) ---- */

  Editor.prototype.at = function (event) {
    var box = this.svg.getBoundingClientRect();
    return [clamp((event.clientX - box.left) / box.width), clamp((event.clientY - box.top) / box.height)];
  };

  Editor.prototype.down = function (event) {
    var t = event.target;
    if (t.hasAttribute("data-vertex")) {
      this.vertex = parseInt(t.getAttribute("data-vertex"), 10);
    } else if (t.hasAttribute("data-polygon")) {
      this.current = t.getAttribute("data-article");
      this.polygon = parseInt(t.getAttribute("data-polygon"), 10);
      this.vertex = -1;
    } else {
      return;
    }
    event.preventDefault();
    this.surface.focus({ preventScroll: true });
    this.drag = { from: this.at(event), moved: false };
    this.svg.setPointerCapture(event.pointerId);
    this.draw();
  };

  Editor.prototype.move = function (event) {
    if (!this.drag) { return; }
    var now = this.at(event), from = this.drag.from;
    var dx = now[0] - from[0], dy = now[1] - from[1];
    if (!dx && !dy) { return; }
    this.drag.from = now;
    this.drag.moved = true;
    this.moveBy(dx, dy);
  };

  Editor.prototype.up = function () { this.drag = null; };

  /* ---- keyboard ---- */

  Editor.prototype.key = function (event) {
    var step = event.shiftKey ? BIG_STEP : STEP;
    var moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    var actions = {
      Delete: this.remove, Backspace: this.remove, v: this.addVertex, V: this.addVertex,
      n: this.addPolygon, N: this.addPolygon, "[": function () { this.cycleVertex(-1); },
      "]": function () { this.cycleVertex(1); }, p: this.cyclePolygon, P: this.cyclePolygon,
      Escape: function () { this.vertex = -1; this.draw(); }
    };
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (moves[event.key]) {
      this.moveBy(moves[event.key][0], moves[event.key][1]);
    } else if (actions[event.key]) {
      actions[event.key].call(this);
    } else {
      return;
    }
    event.preventDefault();
  };

  /* ---- server ---- */

  Editor.prototype.post = function (url, payload) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(), Accept: "application/json" },
      body: JSON.stringify(payload)
    }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    });
  };

  Editor.prototype.save = function () {
    var self = this, dirty = this.articles.filter(function (a) { return a.dirty; });
    if (!dirty.length) { this.say(this.msg("nothing")); return Promise.resolve(); }
    this.say(this.msg("saving"));
    return Promise.all(dirty.map(function (a) {
      return self.post(a.saveUrl, { polygons: a.polygons }).then(function (answer) {
        if (!answer.ok) { throw new Error((answer.body && answer.body.error) || self.msg("failed")); }
        a.polygons = copy(answer.body.polygons);
        a.dirty = false;
      });
    })).then(function () {
      self.draw();
      self.say(self.msg("saved"));
    }).catch(function (error) { self.say(error.message, true); });
  };

  Editor.prototype.placeAgain = function (whole) {
    var self = this, a = this.article();
    var url = whole ? this.pageUrl : a && a.placeUrl;
    if (!url) { return Promise.resolve(); }
    this.say(this.msg("placing"));
    return this.post(url, {}).then(function (answer) {
      if (!answer.ok) { throw new Error((answer.body && answer.body.error) || self.msg("failed")); }
      (answer.body.articles || []).forEach(function (placed) {
        var target = self.article(placed.id);
        if (target) { target.polygons = copy(placed.polygons); target.dirty = false; }
      });
      self.polygon = self.article() && self.article().polygons.length ? 0 : -1;
      self.vertex = -1;
      self.draw();
      self.say(self.msg("placed"));
    }).catch(function (error) { self.say(error.message, true); });
  };

  Editor.prototype.bind = function () {
    var self = this;
    this.svg.addEventListener("pointerdown", function (e) { self.down(e); });
    this.svg.addEventListener("pointermove", function (e) { self.move(e); });
    ["pointerup", "pointercancel"].forEach(function (name) {
      self.svg.addEventListener(name, function () { self.up(); });
    });
    this.surface.addEventListener("keydown", function (e) { self.key(e); });
    this.root.querySelectorAll("[data-select-article]").forEach(function (button) {
      button.addEventListener("click", function () { self.choose(button.getAttribute("data-select-article")); });
    });
    var buttons = {
      "add-polygon": this.addPolygon, "add-vertex": this.addVertex, "remove": this.remove,
      "save": this.save, "place-article": function () { return this.placeAgain(false); },
      "place-page": function () { return this.placeAgain(true); }
    };
    this.root.querySelectorAll("[data-hs-action]").forEach(function (button) {
      button.addEventListener("click", function () { buttons[button.getAttribute("data-hs-action")].call(self); });
    });
    window.addEventListener("resize", function () { self.draw(); });
    window.addEventListener("beforeunload", function (e) {
      if (self.articles.some(function (a) { return a.dirty; })) { e.preventDefault(); e.returnValue = ""; }
    });
  };

  document.querySelectorAll("[data-hotspot-editor]").forEach(function (root) {
    root.hotspotEditor = new Editor(root);
  });
})();
