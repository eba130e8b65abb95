/* Open Session: the secretary's record editor. Moving an entry works without this script (each entry's
   "Move up" / "Move down" form posts and the page comes back at the entry); with it, Alt+ArrowUp and
   Alt+ArrowDown on a focused entry (or on one of its buttons) move the entry, and so do the buttons,
   without a page load. The move is posted to the same URL asking for JSON; the entry is moved in the
   page only after the server said yes, keeps the focus, and the new position is announced
   (aria-live). Nothing the user wrote is ever put into the page as HTML. */
(function () {
  "use strict";
  const list = document.getElementById("record-entries");
  const announcer = document.getElementById("record-announcer");
  const stringsNode = document.getElementById("editor-i18n");
  if (!list || !announcer || !stringsNode || !window.fetch) return;
  const T = JSON.parse(stringsNode.textContent);
  let busy = false;

  function announce(message) {
    announcer.textContent = "";
    window.setTimeout(function () { announcer.textContent = message; }, 50);
  }

  /** Positions and the disabled state of the end buttons, from the order in the page. */
  function renumber() {
    const entries = Array.prototype.slice.call(list.children);
    entries.forEach(function (entry, index) {
      const position = String(index + 1);
      entry.querySelectorAll(".entry-position, .entry-actions .visually-hidden").forEach(function (node) {
        node.textContent = node.textContent.replace(/\d+/, position);
      });
      const up = entry.querySelector("form.move-up button");
      const down = entry.querySelector("form.move-down button");
      if (up) up.disabled = index === 0;
      if (down) down.disabled = index === entries.length - 1;
    });
  }

  function move(entry, direction, focusTarget) {
    const form = entry.querySelector("form.move-" + direction);
    if (!form) return;
    if (form.querySelector("button").disabled) {
      announce(direction === "up" ? T.first : T.last);
      return;
    }
    if (busy) return;
    busy = true;
    fetch(form.action, {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: { "Accept": "application/json" },
    }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    }).then(function (answer) {
      if (!answer.ok || !answer.body.ok) {
        announce(answer.body && answer.body.error ? answer.body.error.message : T.failed);
        return;
      }
      if (answer.body.moved) {
        if (direction === "up") list.insertBefore(entry, entry.previousElementSibling);
        else list.insertBefore(entry, entry.nextElementSibling.nextElementSibling);
        renumber();
      }
      const target = focusTarget && !focusTarget.disabled ? focusTarget : entry;
      target.focus();
      announce(answer.body.message);
    }).catch(function () {
      announce(T.failed);
    }).finally(function () {
      busy = false;
    });
  }

  list.addEventListener("keydown", function (event) {
    if (!event.altKey || (event.key !== "ArrowUp" && event.key !== "ArrowDown")) return;
    const entry = event.target.closest(".record-entry");
    if (!entry || entry.parentElement !== list) return;
    event.preventDefault();
    move(entry, event.key === "ArrowUp" ? "up" : "down", event.target === entry ? entry : null);
  });

  list.addEventListener("submit", function (event) {
    const form = event.target;
    if (!form.matches("form.move-up, form.move-down")) return;
    event.preventDefault();
    move(form.closest(".record-entry"), form.classList.contains("move-up") ? "up" : "down",
         form.querySelector("button"));
  });
})();
