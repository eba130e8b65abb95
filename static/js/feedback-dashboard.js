/* The feedback dashboard, live (`feedback.join` / `feedback.changed`, docs/realtime.md, through
   feedback-follow.js): every number marked data-figure="<scope>.<key>" follows the comments without a
   reload, and the part of the page whose figures moved (the whole meeting's, or an item's panel, whose
   figures include its opinion map's version) is fetched again from the server (its charts are
   server-rendered SVG). Without JavaScript, or while disconnected, the figures the server rendered stay. */
(function () {
  "use strict";
  const OS = window.OpenSession;
  const main = document.querySelector("[data-feedback-meeting]");
  if (!main || !OS || !OS.feedback) return;
  const meetingId = Number(main.dataset.feedbackMeeting);
  const base = "/meetings/" + meetingId + "/feedback/";

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

  function show(scopes, shown) {
    writeNumbers(scopes);
    if (shown) {
      // A later event may already have moved the numbers further than the fetched part shows.
      const prepare = function (fresh) { writeNumbers(scopes, fresh); };
      Object.keys(scopes).forEach(function (scope) {
        if (OS.feedback.same(scopes[scope], shown[scope] || {})) return;
        if (scope === "total") OS.feedback.swap("[data-feedback-totals]", base + "totals", prepare);
        else OS.feedback.swap('[data-item-panel="' + scope + '"]', base + "items/" + scope + "/panel", prepare);
      });
    }
    main.dataset.feedbackUpdated = new Date().toISOString();
  }

  const socket = OS.feedback.follow(meetingId, {
    show: show, status: document.getElementById("feedback-live-status"), live: OS.strings().feedback_live,
  });
  window.OpenSessionFeedback = { socket: socket };
})();
