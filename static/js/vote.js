/* The voting page (templates/comments/vote.html). The page works without this script, by its buttons;
   with it, the keys 1, 2 and 3 press the comment's agree, disagree and pass buttons (the same form,
   submitted as a click on that button would be), and when the page comes back after a vote (at
   #statement) the focus moves to the next comment and the saved vote is announced with the progress. */
(function () {
  "use strict";
  const statement = document.getElementById("statement");
  const announcer = document.getElementById("announcer");

  if (statement && window.location.hash === "#statement") {
    statement.focus();
    const saved = document.querySelector(".flashes");
    const progress = document.getElementById("vote-progress");
    const message = [saved, progress].filter(Boolean).map(function (n) { return n.textContent.trim(); }).join(" ");
    if (announcer && message) window.setTimeout(function () { announcer.textContent = message; }, 100);
  }

  const form = statement && statement.querySelector(".vote-form");
  if (!form) return;
  let sent = false;
  form.addEventListener("submit", function (event) {
    if (sent) event.preventDefault();  // one vote per page: a second key press or click waits for the next
    sent = true;
  });
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.repeat) return;
    const target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    const button = form.querySelector('button[aria-keyshortcuts="' + event.key + '"]');
    if (!button) return;
    event.preventDefault();
    if (form.requestSubmit) form.requestSubmit(button); else button.click();
  });
})();
