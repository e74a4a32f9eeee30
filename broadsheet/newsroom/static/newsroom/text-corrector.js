/* Broadsheet desk: the page text corrector. The line being edited is outlined on the page
 * image (its box is drawn by the server as an SVG rect with the same data-line) and
 * scrolled into view; nothing is sent from here, the form posts as it is.
 */
(function () {
  "use strict";

  function corrector(root) {
    var boxes = {};
    root.querySelectorAll("rect[data-line]").forEach(function (rect) {
      boxes[rect.getAttribute("data-line")] = rect;
    });
    var current = null;
    function show(input) {
      if (current) { current.classList.remove("is-current"); }
      current = boxes[input.getAttribute("data-line")] || null;
      if (!current) { return; }
      current.classList.add("is-current");
      if (current.scrollIntoView) { current.scrollIntoView({ block: "nearest", inline: "nearest" }); }
    }
    root.querySelectorAll("input[data-line]").forEach(function (input) {
      input.addEventListener("focus", function () { show(input); });
    });
    // A line focused before this deferred script ran (a quick tap, autofocus) is shown too.
    var focused = document.activeElement;
    if (focused && root.contains(focused) && focused.hasAttribute("data-line")) { show(focused); }
  }

  document.querySelectorAll("[data-text-corrector]").forEach(corrector);
})();
