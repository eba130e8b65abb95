/* The feedback dashboard, live (`feedback.join` / `feedback.changed`, docs/realtime.md): every number
   marked data-figure="<scope>.<key>" follows the comments without a reload, and the part of the page
   whose figures moved (the whole meeting's, or an item's panel) is fetched again from the server (its
   charts are server-rendered SVG).
   The server coalesces the event (at most every 2 seconds); without JavaScript, or while disconnected,
   the figures the server rendered stay. */
(function () {
  "use strict";
  const OS = window.OpenSession;
  const main = document.querySelector("[data-feedback-meeting]");
  if (!main || !window.io || !OS) return;
  const meetingId = Number(main.dataset.feedbackMeeting);
  const T = OS.strings();
  const status = document.getElementById("feedback-live-status");
  const socket = window.io("/live", { transports: ["websocket", "polling"] });
  let shown = null; // the flattened figures on the page, per scope

  /** {"submitted": 3, "stance": {"oppose": 1}} -> {"submitted": 3, "stance.oppose": 1} */
  function flatten(figures) {
    const flat = {};
    Object.keys(figures || {}).forEach(function (key) {
      const value = figures[key];
      if (value !== null && typeof value === "object") {
        Object.keys(value).forEach(function (sub) { flat[key + "." + sub] = value[sub]; });
      } else {
        flat[key] = value;
      }
    });
    return flat;
  }

  function scopesOf(data) {
    const scopes = { total: flatten(data.total) };
    Object.keys(data.items || {}).forEach(function (id) { scopes[id] = flatten(data.items[id]); });
    return scopes;
  }

  function sameFigures(a, b) {
    const keys = Object.keys(a).concat(Object.keys(b));
    return keys.every(function (key) { return (a[key] || 0) === (b[key] || 0); });
  }

  /** Write each scope's numbers into its data-figure elements (absent keys are zero). */
  function writeNumbers(scopes, root) {
    (root || document).querySelectorAll("[data-figure]").forEach(function (node) {
      const name = node.dataset.figure;
      const dot = name.indexOf(".");
      const figures = scopes[name.slice(0, dot)];
      if (!figures) return;
      const value = String(figures[name.slice(dot + 1)] || 0);
      if (node.textContent !== value) node.textContent = value;
    });
  }

  /** Fetch a part of the page again (its charts, most agreed comments) from `path` and put it in place of
      the element `selector` finds, both on the page and in the answer. */
  function refresh(selector, path, scopes) {
    const old = document.querySelector(selector);
    if (!old) return;
    fetch("/meetings/" + meetingId + "/feedback/" + path, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
      .then(function (html) {
        // The part is the server's own escaped HTML for this page (same origin), never a comment's raw text.
        const fresh = new DOMParser().parseFromString(html, "text/html").querySelector(selector);
        if (!fresh || !old.isConnected) return;
        writeNumbers(scopes, fresh); // a later event may already have moved the numbers further
        old.replaceWith(document.importNode(fresh, true));
      })
      .catch(function () { /* the numbers are current; the charts catch up with the next change */ });
  }

  function show(data) {
    const scopes = scopesOf(data || {});
    writeNumbers(scopes);
    if (shown) {
      Object.keys(scopes).forEach(function (scope) {
        if (sameFigures(scopes[scope], shown[scope] || {})) return;
        if (scope === "total") refresh("[data-feedback-totals]", "totals", scopes);
        else refresh('[data-item-panel="' + scope + '"]', "items/" + scope + "/panel", scopes);
      });
    }
    shown = scopes;
    main.dataset.feedbackUpdated = new Date().toISOString();
  }

  socket.on("connect", function () {
    OS.call(socket, "feedback.join", { meeting_id: meetingId }).then(function (ack) {
      if (!ack.ok) return;
      show(ack.feedback);
      if (status) status.textContent = T.feedback_live || "";
    });
  });
  socket.on("disconnect", function () {
    if (status) status.textContent = T.reconnecting || "";
  });
  socket.on("event", function (event) {
    if (event && event.type === "feedback.changed" && event.meeting_id === meetingId) show(event.data);
  });
  window.OpenSessionFeedback = { socket: socket };
})();
