/* Broadsheet reader: progressive enhancements; every feature works without it too. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var KEY = "broadsheet.fontStep", MIN = -2, MAX = 6;

  function getStep() {
    try { return parseInt(localStorage.getItem(KEY) || "0", 10) || 0; } catch (e) { return 0; }
  }
  function setStep(step) {
    step = Math.max(MIN, Math.min(MAX, step));
    try { localStorage.setItem(KEY, String(step)); } catch (e) { /* private mode */ }
    document.documentElement.style.setProperty("--font-step", step);
    return step;
  }

  function initFontControls() {
    document.querySelectorAll(".font-controls button[data-font]").forEach(function (button) {
      button.addEventListener("click", function () {
        var action = button.getAttribute("data-font");
        setStep(action === "up" ? getStep() + 1 : action === "down" ? getStep() - 1 : 0);
      });
    });
  }

  /* Hovering or focusing an area on the page image highlights its title, and back. */
  function initHotspots() {
    function mark(order, on) {
      document.querySelectorAll('[data-article="' + order + '"]').forEach(function (el) {
        el.classList.toggle("is-active", on);
      });
    }
    document.querySelectorAll("[data-article]").forEach(function (el) {
      var order = el.getAttribute("data-article");
      ["mouseenter", "focusin"].forEach(function (ev) { el.addEventListener(ev, function () { mark(order, true); }); });
      ["mouseleave", "focusout"].forEach(function (ev) { el.addEventListener(ev, function () { mark(order, false); }); });
    });
  }

  /* The 报刊 selector. A pointer (mouse, touch) choice goes to that paper at once;
     keyboard browsing through the options does not (WCAG 3.2.2): the 切换 button,
     or Enter on the select, confirms it. Without JavaScript the button submits the form. */
  function initPaperSwitch() {
    document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
      var byKeyboard = false;
      function go() {
        var option = select.options[select.selectedIndex];
        if (option && option.dataset.url && !option.defaultSelected) window.location.href = option.dataset.url;
      }
      select.addEventListener("pointerdown", function () { byKeyboard = false; });
      select.addEventListener("keydown", function (event) {
        byKeyboard = true;
        if (event.key === "Enter" && !event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
          event.preventDefault();
          go();
        }
      });
      select.addEventListener("change", function () { if (!byKeyboard) go(); });
    });
  }

  /* ← / → turn to the previous / next page or article, as in a printed paper, only
     when the keys have nothing else to do: no modifier key, focus not on a link,
     button or form control, and nothing to scroll sideways (a zoomed-in page pans). */
  var KEEPS_ARROWS = "a[href], area[href], button, input, select, textarea, summary, iframe, " +
    "[contenteditable]:not([contenteditable=false]), [role=button], [role=link], [role=checkbox], [role=radio], [role=slider], " +
    "[role=spinbutton], [role=textbox], [role=combobox], [role=listbox], [role=menuitem], [role=tab]";

  /* Zoom and pan on the page image. One wrapper (.page-zoom) holds both the image and
     the SVG of article areas, and one CSS transform moves it, so every area stays on
     its article at any zoom. Buttons, the wheel (Ctrl+wheel, or any wheel once the
     image has focus or is zoomed), a pinch, a drag, and keys on the focused image:
     + / - / 0, and the arrows pan while zoomed (not zoomed, they still turn pages). */
  var ZOOM_MAX = 6, ZOOM_STEP = 1.5, PAN_STEP = 80, DRAG_SLOP = 4;

  function clamp(value, low, high) { return Math.max(low, Math.min(high, value)); }

  function initPageZoom(figure) {
    var inner = figure.querySelector(".page-zoom");
    if (!inner) return;
    var img = inner.querySelector("img");
    var level = document.querySelector('.zoom-level[for="' + figure.id + '"]');
    var state = { scale: 1, x: 0, y: 0 };

    function apply() {
      var w = figure.clientWidth, h = figure.clientHeight;
      state.x = clamp(state.x, w - w * state.scale, 0);
      state.y = clamp(state.y, h - h * state.scale, 0);
      inner.style.transform = "translate(" + state.x + "px, " + state.y + "px) scale(" + state.scale + ")";
      figure.classList.toggle("is-zoomed", state.scale > 1);
      if (level) level.textContent = Math.round(state.scale * 100) + "%";
      if (state.scale > 1) sharpen();
    }
    /* Zoomed in, the 2x image is worth its bytes even on a screen that did not ask for it. */
    function sharpen() {
      var hidpi = img && img.getAttribute("data-hidpi");
      if (!hidpi || img.currentSrc.indexOf(hidpi) !== -1) return;
      img.removeAttribute("srcset");
      img.src = hidpi;
    }
    /* Zoom to ``scale`` keeping the point (px, py) of the figure where it is on screen. */
    function zoomAt(scale, px, py) {
      scale = clamp(scale, 1, ZOOM_MAX);
      state.x = px - (px - state.x) * scale / state.scale;
      state.y = py - (py - state.y) * scale / state.scale;
      state.scale = scale;
      apply();
    }
    function zoomCentre(factor) { zoomAt(state.scale * factor, figure.clientWidth / 2, figure.clientHeight / 2); }
    function panBy(dx, dy) { state.x += dx; state.y += dy; apply(); }
    function reset() { state = { scale: 1, x: 0, y: 0 }; apply(); }

    document.querySelectorAll('[data-zoom][aria-controls="' + figure.id + '"]').forEach(function (button) {
      button.addEventListener("click", function () {
        var action = button.getAttribute("data-zoom");
        if (action === "in") zoomCentre(ZOOM_STEP);
        else if (action === "out") zoomCentre(1 / ZOOM_STEP);
        else reset();
      });
    });
    initZoomKeys(figure, { zoomCentre: zoomCentre, reset: reset, panBy: panBy, zoomed: function () { return state.scale > 1; } });
    initZoomWheel(figure, function (factor, px, py) { zoomAt(state.scale * factor, px, py); }, function () { return state.scale; });
    initZoomPointers(figure, zoomAt, panBy, function () { return state.scale; });
    window.addEventListener("resize", apply);
    apply();
  }

  function keepsArrows(target) {
    return !!(target && (target.isContentEditable || (target.closest && target.closest(KEEPS_ARROWS))));
  }

  function initZoomKeys(figure, zoom) {
    var PAN = { ArrowLeft: [1, 0], ArrowRight: [-1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
    document.addEventListener("keydown", function (event) {
      if (event.defaultPrevented || event.isComposing || event.altKey || event.ctrlKey || event.metaKey) return;
      var inside = figure.contains(event.target);
      var key = event.key, handled = true;
      if (inside && (key === "+" || key === "=")) zoom.zoomCentre(ZOOM_STEP);
      else if (inside && (key === "-" || key === "_")) zoom.zoomCentre(1 / ZOOM_STEP);
      else if (inside && key === "0") zoom.reset();
      else if (PAN[key] && !event.shiftKey && zoom.zoomed() && (inside || !keepsArrows(event.target))) {
        zoom.panBy(PAN[key][0] * PAN_STEP, PAN[key][1] * PAN_STEP);
      } else handled = false;
      if (handled) event.preventDefault();
    });
  }

  function initZoomWheel(figure, zoomBy, scale) {
    figure.addEventListener("wheel", function (event) {
      var focused = figure.contains(document.activeElement);
      if (!event.ctrlKey && !focused && scale() <= 1) return;  // the page scrolls as usual
      if (!event.ctrlKey && scale() <= 1 && event.deltaY > 0) return;  // nothing to zoom out of
      event.preventDefault();
      var delta = event.deltaY * (event.deltaMode === 1 ? 16 : event.deltaMode === 2 ? 400 : 1);
      var rect = figure.getBoundingClientRect();
      zoomBy(Math.exp(-clamp(delta, -100, 100) * 0.004), event.clientX - rect.left, event.clientY - rect.top);
    }, { passive: false });
  }

  /* A drag pans a zoomed page; two fingers pinch. A drag that ends on an area is not a click. */
  function initZoomPointers(figure, zoomAt, panBy, scale) {
    var pointers = {}, moved = false, last = null;
    function spread() {
      var ids = Object.keys(pointers), rect = figure.getBoundingClientRect();
      var a = pointers[ids[0]], b = pointers[ids[1]] || a;
      return { x: (a.x + b.x) / 2 - rect.left, y: (a.y + b.y) / 2 - rect.top, d: Math.hypot(a.x - b.x, a.y - b.y) };
    }
    figure.addEventListener("pointerdown", function (event) {
      if (event.pointerType === "mouse" && event.button !== 0) return;
      pointers[event.pointerId] = { x: event.clientX, y: event.clientY };
      if (Object.keys(pointers).length === 1) moved = false;
      last = spread();
    });
    window.addEventListener("pointermove", function (event) {
      if (!pointers[event.pointerId]) return;
      pointers[event.pointerId] = { x: event.clientX, y: event.clientY };
      var now = spread(), count = Object.keys(pointers).length;
      if (!moved && Math.hypot(now.x - last.x, now.y - last.y) < DRAG_SLOP && count < 2) return;
      if (count >= 2 && last.d > 0) { moved = true; zoomAt(scale() * now.d / last.d, now.x, now.y); }
      if (scale() > 1) { moved = true; panBy(now.x - last.x, now.y - last.y); }
      last = now;
    });
    function lift(event) { delete pointers[event.pointerId]; if (Object.keys(pointers).length) last = spread(); }
    window.addEventListener("pointerup", lift);
    window.addEventListener("pointercancel", lift);
    figure.addEventListener("click", function (event) {
      if (moved) { event.preventDefault(); event.stopPropagation(); moved = false; }
    }, true);
    figure.addEventListener("dragstart", function (event) { event.preventDefault(); });
  }

  function scrollsSideways() {
    var root = document.scrollingElement || document.documentElement;
    if (root.scrollWidth > root.clientWidth + 1) return true;
    if (document.querySelector(".page-figure.is-zoomed")) return true;
    return !!(window.visualViewport && window.visualViewport.scale > 1.01);
  }

  function initArrowKeys() {
    document.addEventListener("keydown", function (event) {
      if (event.defaultPrevented || event.isComposing) return;
      if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      var rel = event.key === "ArrowLeft" ? "prev" : event.key === "ArrowRight" ? "next" : null;
      if (!rel) return;
      if (keepsArrows(event.target)) return;
      if (scrollsSideways()) return;
      var link = document.querySelector('main a[rel="' + rel + '"]');
      if (link) { event.preventDefault(); window.location.href = link.href; }
    });
  }

  /* 永久链接's copy button: shown only where the clipboard can be written. */
  function initCopyButtons() {
    if (!(navigator.clipboard && window.isSecureContext)) return;
    document.querySelectorAll("button[data-copy]").forEach(function (button) {
      button.hidden = false;
      var label = button.textContent;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(button.getAttribute("data-copy")).then(function () {
          button.textContent = button.getAttribute("data-done") || "✓";
          setTimeout(function () { button.textContent = label; }, 1500);
        });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".page-figure[id]").forEach(initPageZoom);  /* before the arrows */
    initArrowKeys();
    initFontControls();
    initHotspots();
    initPaperSwitch();
    initCopyButtons();
  });
})();
