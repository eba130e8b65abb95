/* The meeting page: its moderation figures follow the moderation live (`figures.join`, docs/realtime.md),
   without counting the reader as a viewer of the live page. Without JavaScript, or while disconnected,
   the figures the server rendered stay. */
(function () {
  "use strict";
  const OS = window.OpenSession;
  const box = document.querySelector("[data-figures][data-meeting-id]");
  if (!box || !window.io || !OS) return;
  const meetingId = Number(box.dataset.meetingId);
  const socket = window.io("/live", { transports: ["websocket", "polling"] });

  // On every (re)connect: follow the figures again, and catch up with what changed meanwhile.
  socket.on("connect", function () {
    OS.call(socket, "figures.join", { meeting_id: meetingId }).then(function (ack) {
      if (ack.ok) OS.showFigures(ack.figures);
    });
  });
  socket.on("event", function (event) {
    if (event && event.type === "figures.changed" && event.meeting_id === meetingId) OS.showFigures(event.data || {});
  });
  window.OpenSessionFigures = { socket: socket };
})();
