/* The moderators' queue: oldest first, live, decided from the keyboard.
   A approve · R reject (then 1-6 picks the reason, Enter confirms) · J/↓ next · K/↑ previous. */
(function () {
  "use strict";
  const OS = window.OpenSession;
  const root = document.getElementById("moderation");
  if (!root || !window.io) return;
  const T = OS.strings();
  const meetingId = Number(root.dataset.meetingId);
  const list = document.getElementById("queue");
  const reason = document.getElementById("reject-reason");
  const note = document.getElementById("decision-note");
  const out = document.getElementById("decision-status");
  const entries = new Map();   // comment id -> {data, node, redactions}
  let selected = null;
  let rejecting = false;

  const socket = window.io("/live", { transports: ["websocket", "polling"] });
  const status = document.getElementById("connection-status");

  socket.on("connect", function () {
    status.textContent = T.connected;
    OS.call(socket, "moderation.join", { meeting_id: meetingId }).then(function (ack) {
      if (!ack.ok) { status.textContent = ack.error.message; return; }
      list.textContent = "";
      entries.clear();
      ack.queue.forEach(add);
      // The nodes are new: select again (the same comment if it is still waiting).
      select(selected && entries.has(selected) ? selected : first());
      update();
    });
  });
  socket.on("disconnect", function () { status.textContent = T.reconnecting; });
  socket.on("session.ended", function () { status.textContent = T.session_over; window.location.reload(); });
  socket.on("moderation.queued", function (message) {
    add(message.data);
    if (!selected) select(message.data.id);
    update();
    OS.announce(T.queued);
  });
  socket.on("moderation.decided", function (message) {
    const id = message.data.comment_id;
    if (!entries.has(id)) return;
    const wasSelected = selected === id;
    const next = neighbour(id, 1) || neighbour(id, -1);
    remove(id);
    if (wasSelected) { select(next); OS.announce(OS.format(T.decided_by, { name: message.data.decided_by })); }
  });

  function first() { const n = list.querySelector(".queue-entry"); return n ? Number(n.dataset.commentId) : null; }

  function neighbour(id, step) {
    const entry = entries.get(id);
    if (!entry) return null;
    const sibling = step > 0 ? entry.node.nextElementSibling : entry.node.previousElementSibling;
    return sibling ? Number(sibling.dataset.commentId) : null;
  }

  function renderBody(container, data, redactions) {
    container.textContent = "";
    const chars = Array.from(data.body);
    const marks = new Array(chars.length).fill(null);
    data.personal_data.forEach(function (s) { for (let i = s.start; i < s.end; i++) marks[i] = "pii"; });
    redactions.forEach(function (r) { for (let i = r[0]; i < r[1]; i++) marks[i] = "redacted"; });
    let i = 0;
    while (i < chars.length) {
      let j = i;
      while (j < chars.length && marks[j] === marks[i]) j++;
      const text = chars.slice(i, j).join("");
      if (marks[i]) {
        const mark = OS.el("mark", marks[i] === "pii" ? "pii" : "redacted", text);
        container.appendChild(mark);
      } else {
        container.appendChild(document.createTextNode(text));
      }
      i = j;
    }
  }

  function add(data) {
    if (entries.has(data.id)) return;
    const li = OS.el("li", "card queue-entry");
    li.tabIndex = -1;
    li.dataset.commentId = data.id;
    const meta = OS.el("p", "meta");
    meta.appendChild(document.createTextNode("#" + data.id + " · " + data.item_title + " · " +
      (T["stance_" + data.stance] || data.stance) + " · "));
    meta.appendChild(OS.el("strong", null, data.author));
    if (data.guest) meta.appendChild(OS.el("span", "guest-label", " (" + T.guest + ")"));
    meta.appendChild(document.createTextNode(" · " + OS.format(T.history, { a: data.history.approved, r: data.history.rejected })));
    if (data.status === "hidden") meta.appendChild(OS.el("strong", null, " · " + OS.format(T.hidden_reports, { n: data.report_count })));
    li.appendChild(meta);
    const body = OS.el("p", "comment-body");
    renderBody(body, data, []);
    li.appendChild(body);
    li.addEventListener("click", function () { select(data.id); });
    list.appendChild(li);
    entries.set(data.id, { data: data, node: li, body: body, redactions: [] });
  }

  function remove(id) {
    const entry = entries.get(id);
    if (entry) entry.node.remove();
    entries.delete(id);
    if (selected === id) selected = null;
    update();
  }

  function update() {
    document.getElementById("queue-count").textContent = String(entries.size);
    document.getElementById("queue-empty").hidden = entries.size > 0;
  }

  function select(id) {
    list.querySelectorAll(".selected").forEach(function (n) { n.classList.remove("selected"); n.removeAttribute("aria-current"); });
    selected = id && entries.has(id) ? id : null;
    rejecting = false;
    note.value = "";
    if (!selected) return;
    const node = entries.get(selected).node;
    node.classList.add("selected");
    node.setAttribute("aria-current", "true");
    node.focus();
  }

  function decide(event, payload) {
    if (!selected) return;
    const id = selected;
    payload.comment_id = id;
    if (note.value.trim()) payload.note = note.value.trim();
    out.textContent = "";
    OS.call(socket, event, payload).then(function (ack) {
      // `moderation.decided` for this very decision arrives before the ack and may already have
      // removed the entry and selected the next one: only move on if it is still here.
      if (ack.ok) {
        out.textContent = event === "comment.approve" ? T.approved : T.rejected;
        if (entries.has(id)) { const next = neighbour(id, 1) || neighbour(id, -1); remove(id); select(next); }
      } else {
        out.textContent = ack.error.message;
        if (ack.error.code === "already_decided" && entries.has(id)) {
          const next = neighbour(id, 1) || neighbour(id, -1); remove(id); select(next);
        }
      }
    });
  }

  function approve() {
    const entry = selected && entries.get(selected);
    if (!entry) return;
    decide("comment.approve", entry.redactions.length ? { redactions: entry.redactions } : {});
  }

  function reject() { decide("comment.reject", { reason: reason.value }); }

  function redactSelection() {
    const entry = selected && entries.get(selected);
    const range = window.getSelection().rangeCount ? window.getSelection().getRangeAt(0) : null;
    if (!entry || !range || range.collapsed || !entry.body.contains(range.commonAncestorContainer)) {
      out.textContent = T.select_text;
      return;
    }
    const before = document.createRange();
    before.selectNodeContents(entry.body);
    before.setEnd(range.startContainer, range.startOffset);
    const start = Array.from(before.toString()).length;
    const end = start + Array.from(range.toString()).length;
    entry.redactions.push([start, end]);
    renderBody(entry.body, entry.data, entry.redactions);
    out.textContent = T.masked;
    note.focus();
  }

  document.getElementById("approve-button").addEventListener("click", approve);
  document.getElementById("reject-button").addEventListener("click", reject);
  document.getElementById("redact-button").addEventListener("click", redactSelection);

  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const typing = /^(INPUT|TEXTAREA)$/.test(e.target.tagName);
    if (typing && e.key !== "Escape") return;
    if (rejecting && /^[1-6]$/.test(e.key)) { reason.selectedIndex = Number(e.key) - 1; e.preventDefault(); return; }
    if (rejecting && e.key === "Enter") { e.preventDefault(); reject(); return; }
    if (e.key === "Escape") { rejecting = false; if (selected) entries.get(selected).node.focus(); return; }
    if (e.target.tagName === "SELECT" && !rejecting) return;
    switch (e.key) {
      case "a": case "A": e.preventDefault(); approve(); break;
      case "r": case "R": e.preventDefault(); if (selected) { rejecting = true; reason.focus(); OS.announce(T.choose_reason); } break;
      case "j": case "J": case "ArrowDown": e.preventDefault(); select(neighbour(selected, 1) || selected); break;
      case "k": case "K": case "ArrowUp": e.preventDefault(); select(neighbour(selected, -1) || selected); break;
      default: break;
    }
  });
})();
