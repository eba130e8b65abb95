/* An agenda item's opinion map page, live: it follows the meeting's feedback (`feedback.join` /
   `feedback.changed`, docs/realtime.md, through feedback-follow.js) and, when the item's map version (the
   figure "map") differs from the one the page shows (data-map-version), fetches the page again and puts
   its fresh map (SVG, groups, statements; the viewer's own position) in place. Without JavaScript, or
   while disconnected, the map the server rendered stays. */
(function () {
  "use strict";
  const OS = window.OpenSession;
  const main = document.querySelector("[data-map-meeting][data-map-item]");
  if (!main || !OS || !OS.feedback) return;
  const itemId = main.dataset.mapItem;
  const selector = '[data-opinion-map="' + itemId + '"]';

  function show(scopes) {
    const version = String((scopes[itemId] || {}).map || "");
    const map = document.querySelector(selector);
    if (!map || version === (map.dataset.mapVersion || "")) return;
    OS.feedback.swap(selector, window.location.pathname + window.location.search);
  }

  const socket = OS.feedback.follow(Number(main.dataset.mapMeeting), {
    show: show, status: document.getElementById("map-live-status"), live: OS.strings().map_live,
  });
  window.OpenSessionMap = { socket: socket };
})();
