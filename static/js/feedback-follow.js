/* Following a meeting's feedback live (`feedback.join` / `feedback.changed`, docs/realtime.md), shared by
   the feedback dashboard (feedback-dashboard.js) and an item's opinion map page (opinion-map.js), which
   build on `OpenSession.feedback`:
   - `follow(meetingId, {show, status, live})`: join on every (re)connect and call `show(scopes, previous)`
     with the join ack's figures and then every event's, as `{"total": flat, "<item id>": flat}` where a
     scope's figures are flattened ({"stance": {"oppose": 1}} -> {"stance.oppose": 1}); `previous` is the
     scopes of the call before (null the first time). `status` shows `live` while joined;
   - `same(a, b)`: whether two flattened figures are equal (absent keys are zero);
   - `swap(selector, url, prepare)`: fetch `url` again and put its element `selector` in place of the
     page's (`prepare(fresh)` first, if given).
   The server coalesces the event (at most every 2 seconds); without JavaScript, or while disconnected,
   what the server rendered stays. */
(function () {
  "use strict";
  const OS = window.OpenSession;
  if (!OS || !window.io) return;

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
    const scopes = { total: flatten((data || {}).total) };
    Object.keys((data || {}).items || {}).forEach(function (id) { scopes[id] = flatten(data.items[id]); });
    return scopes;
  }

  function same(a, b) {
    const keys = Object.keys(a).concat(Object.keys(b));
    return keys.every(function (key) { return (a[key] || 0) === (b[key] || 0); });
  }

  function swap(selector, url, prepare) {
    const old = document.querySelector(selector);
    if (!old) return;
    fetch(url, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
      .then(function (html) {
        // The part is the server's own escaped HTML (same origin), never a comment's raw text.
        const fresh = new DOMParser().parseFromString(html, "text/html").querySelector(selector);
        if (!fresh || !old.isConnected) return;
        if (prepare) prepare(fresh);
        old.replaceWith(document.importNode(fresh, true));
      })
      .catch(function () { /* what is shown stays; it catches up with the next change */ });
  }

  function follow(meetingId, options) {
    const socket = window.io("/live", { transports: ["websocket", "polling"] });
    const T = OS.strings();
    let previous = null;

    function show(data) {
      const scopes = scopesOf(data);
      options.show(scopes, previous);
      previous = scopes;
    }

    socket.on("connect", function () {
      OS.call(socket, "feedback.join", { meeting_id: meetingId }).then(function (ack) {
        if (!ack.ok) return;
        show(ack.feedback);
        if (options.status) options.status.textContent = options.live || "";
      });
    });
    socket.on("disconnect", function () {
      if (options.status) options.status.textContent = T.reconnecting || "";
    });
    socket.on("event", function (event) {
      if (event && event.type === "feedback.changed" && event.meeting_id === meetingId) show(event.data);
    });
    return socket;
  }

  OS.feedback = { follow: follow, same: same, swap: swap };
})();
