/* Broadsheet desk: an article body edited as blocks (paragraph, subheading, image).
 *
 * The server renders each block as an <li data-block> holding the same five fields
 * (block_type, block_text, block_src, block_caption, block_alt; those a type does not
 * use are hidden), so the form posts parallel lists in the blocks' order and no JSON
 * ever reaches the editor. This script adds blocks from <template data-block-template>,
 * moves them up and down and removes them; ids and labels are renumbered after each
 * change so every field keeps its own label.
 */
(function () {
  "use strict";

  function blocks(list) { return Array.prototype.slice.call(list.querySelectorAll(":scope > [data-block]")); }

  function renumber(list) {
    blocks(list).forEach(function (block, index) {
      var n = String(index + 1);
      block.querySelectorAll("[data-n]").forEach(function (el) {
        var pattern = el.getAttribute("data-n");
        pattern.split(";").forEach(function (rule) {
          var parts = rule.split("=");
          if (parts.length === 2) { el.setAttribute(parts[0], parts[1].replace(/__n__/g, n)); }
        });
      });
      block.querySelectorAll("[data-block-number]").forEach(function (el) { el.textContent = n; });
      var up = block.querySelector("[data-block-action=up]");
      var down = block.querySelector("[data-block-action=down]");
      if (up) { up.disabled = index === 0; }
      if (down) { down.disabled = index === blocks(list).length - 1; }
    });
    var empty = list.parentNode.querySelector("[data-blocks-empty]");
    if (empty) { empty.hidden = blocks(list).length > 0; }
  }

  function announce(root, text) {
    var live = root.querySelector("[data-blocks-live]");
    if (live) { live.textContent = text; }
  }

  function message(root, key, n) {
    return (root.getAttribute("data-msg-" + key) || key).replace("{n}", n);
  }

  function focusFirstField(block) {
    var field = block.querySelector("textarea, input:not([type=hidden])");
    if (field) { field.focus(); }
  }

  function add(root, list, type) {
    var template = root.querySelector('template[data-block-template="' + type + '"]');
    if (!template) { return; }
    var block = template.content.firstElementChild.cloneNode(true);
    list.appendChild(block);
    renumber(list);
    focusFirstField(block);
    announce(root, message(root, "added", blocks(list).length));
  }

  function act(root, list, block, action, button) {
    var all = blocks(list), index = all.indexOf(block);
    if (action === "up" && index > 0) {
      list.insertBefore(block, all[index - 1]);
    } else if (action === "down" && index < all.length - 1) {
      list.insertBefore(all[index + 1], block);
    } else if (action === "remove") {
      var next = all[index + 1] || all[index - 1];
      block.remove();
      renumber(list);
      var target = next ? next.querySelector("[data-block-action=remove]") : root.querySelector("[data-add-block]");
      if (target) { target.focus(); }
      announce(root, message(root, "removed", index + 1));
      return;
    } else {
      return;
    }
    renumber(list);
    var moved = blocks(list).indexOf(block) + 1;
    var keep = button.disabled ? block.querySelector("[data-block-action]:not([disabled])") : button;
    if (keep) { keep.focus(); }
    announce(root, message(root, "moved", moved));
  }

  function init(root) {
    var list = root.querySelector("[data-block-list]");
    root.addEventListener("click", function (event) {
      var addButton = event.target.closest("[data-add-block]");
      if (addButton) {
        event.preventDefault();
        add(root, list, addButton.getAttribute("data-add-block"));
        return;
      }
      var button = event.target.closest("[data-block-action]");
      if (button && root.contains(button)) {
        event.preventDefault();
        act(root, list, button.closest("[data-block]"), button.getAttribute("data-block-action"), button);
      }
    });
    root.classList.add("is-live");
    renumber(list);
  }

  document.querySelectorAll("[data-block-editor]").forEach(init);
})();
