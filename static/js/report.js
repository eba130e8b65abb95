/* The live page's "Report this comment" (live.js puts the button on every approved comment for logged-in
   users): a small modal dialog asks why, `comment.report` sends it over live.js's socket, then the button
   says the comment was reported and a confirmation is shown beside it and announced. Escape or "Cancel"
   closes the dialog; the focus goes back to the button. */
(function () {
  "use strict";
  const OS = window.OpenSession;
  const live = window.OpenSessionLive;
  const dialog = document.getElementById("report-dialog");
  if (!OS || !live || !dialog || typeof dialog.showModal !== "function") return;
  const T = OS.strings();
  const form = document.getElementById("report-form");
  const input = document.getElementById("report-reason");
  const error = document.getElementById("report-error");
  const about = document.getElementById("report-of");
  const send = document.getElementById("report-send");
  let current = null;   // {id, button, returnTo} of the comment being reported

  function open(commentId, author, button) {
    current = { id: commentId, button: button, returnTo: button };
    about.textContent = OS.format(T.report_of, { id: commentId, author: author });
    input.value = "";
    setError("");
    dialog.showModal();
    input.focus();
  }

  function setError(message) {
    error.textContent = message;
    if (message) input.setAttribute("aria-invalid", "true"); else input.removeAttribute("aria-invalid");
  }

  dialog.addEventListener("close", function () {
    if (current && current.returnTo.isConnected) current.returnTo.focus();
    current = null;
  });
  document.getElementById("report-cancel").addEventListener("click", function () { dialog.close(); });

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    if (!current) return;
    const reason = input.value.trim();
    if (!reason) { setError(T.report_reason_needed); input.focus(); return; }
    const target = current;
    send.disabled = true;
    OS.call(live.socket, "comment.report", { comment_id: target.id, reason: reason }).then(function (ack) {
      send.disabled = false;
      // `conflict`: this user reported it before (in another tab, say): the button says so too.
      if (ack.ok || ack.error.code === "conflict") {
        target.returnTo = reported(target.button, ack.ok ? T.report_thanks : ack.error.message);
        dialog.close();
      } else {
        setError(ack.error.message);
        input.focus();
      }
    });
  });

  function reported(button, message) {
    button.disabled = true;
    button.firstChild.textContent = T.report_done;
    const actions = button.parentNode;
    let note = actions.querySelector(".report-confirmation");
    if (!note) {
      note = OS.el("span", "report-confirmation");
      note.tabIndex = -1;  // the focus lands here once the dialog closes (the button is disabled)
      actions.appendChild(note);
    }
    note.textContent = message;
    OS.announce(message);
    return note;
  }

  window.OpenSessionReport = { open: open };
})();
