/* The live page's consent question (templates/live/_consent_dialog.html). live.js calls `ask` when
   `comment.submit` answers `consent_required` (docs/realtime.md): a modal dialog shows the words to agree
   to (the error's `text`, in the page's language) and why it asks (its `message`). "I agree" closes it
   and resolves with the version agreed to, which live.js sends again with the same comment (`consent:
   true`, `consent_version`); "Cancel" or Escape resolves with null and nothing is sent. The focus goes to
   "I agree" on opening and back to where it was (the form's send button) on closing. */
(function () {
  "use strict";
  const dialog = document.getElementById("consent-dialog");
  if (!dialog || typeof dialog.showModal !== "function") return;
  const reason = document.getElementById("consent-dialog-reason");
  const text = document.getElementById("consent-dialog-text");
  const accept = document.getElementById("consent-accept");
  let pending = null;   // {resolve, version, returnTo}

  function ask(error, returnTo) {
    if (pending) finish(null);
    return new Promise(function (resolve) {
      pending = { resolve: resolve, version: error.version, returnTo: returnTo || document.activeElement };
      reason.textContent = error.message || "";
      if (error.text) text.textContent = error.text;
      dialog.returnValue = "";
      dialog.showModal();
      accept.focus();
    });
  }

  function finish(version) {
    const current = pending;
    pending = null;
    if (!current) return;
    if (current.returnTo && current.returnTo.isConnected) current.returnTo.focus();
    current.resolve(version);
  }

  document.getElementById("consent-dialog-form").addEventListener("submit", function (e) {
    e.preventDefault();
    const version = pending && pending.version;
    dialog.close("accept");
    finish(version);
  });
  document.getElementById("consent-cancel").addEventListener("click", function () { dialog.close("cancel"); });
  // Escape, "Cancel", or any other way the dialog closes without "I agree".
  dialog.addEventListener("close", function () { if (pending) finish(null); });

  window.OpenSessionConsent = { ask: ask };
})();
