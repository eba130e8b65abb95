/* The moderators' queue: oldest first, live, decided from the keyboard.
   A approve · R reject (then 1-6 picks the reason, Enter confirms) · J/↓ next · K/↑ previous.
   A second tab lists published comments readers reported (before the third report hides them): there
   A keeps the comment and dismisses the reports, R hides it with a reason · T switches tabs. */
(function () {
  "use strict";
  const OS = window.OpenSession;
  const root = document.getElementById("moderation");
  if (!root || !window.io) return;
  const T = OS.strings();
  const meetingId = Number(root.dataset.meetingId);
  const list = document.getElementById("queue");
  const reportedList = document.getElementById("reported");
  const tabs = Array.from(document.querySelectorAll("#moderation [role=tab]"));
  const reason = document.getElementById("reject-reason");
  const note = document.getElementById("decision-note");
  const out = document.getElementById("decision-status");
  const entries = new Map();   // comment id -> {data, node, body, redactions, reported}
  let selected = null;
  let rejecting = false;
  let activeTab = "queue";
  const lastSelected = { queue: null, reported: null };
  const shortcuts = document.querySelector("#moderation details.shortcuts");
  if (shortcuts && window.matchMedia && window.matchMedia("(min-width: 48rem)").matches) shortcuts.open = true;
  // The decision panel's height, for the entries' scroll margin (site.css): never scrolled under it.
  const panel = document.getElementById("decision");
  if (panel && window.ResizeObserver) {
    new window.ResizeObserver(function () { root.style.setProperty("--decision-height", panel.offsetHeight + "px"); })
      .observe(panel);
  }

  const socket = window.io("/live", { transports: ["websocket", "polling"] });
  const status = document.getElementById("connection-status");

  socket.on("connect", function () {
    status.textContent = T.connected;
    OS.call(socket, "moderation.join", { meeting_id: meetingId }).then(function (ack) {
      if (!ack.ok) { status.textContent = ack.error.message; return; }
      list.textContent = "";
      if (reportedList) reportedList.textContent = "";
      entries.clear();
      ack.queue.forEach(function (data) { add(data, false); });
      (ack.reported || []).forEach(function (data) { add(data, true); });
      // The nodes are new: select again (the same comment if it is still waiting).
      select(selected && entries.has(selected) ? selected : first());
      update();
    });
  });
  socket.on("disconnect", function () { status.textContent = T.reconnecting; });
  socket.on("session.ended", function () { status.textContent = T.session_over; window.location.reload(); });
  socket.on("moderation.queued", function (message) {
    const known = entries.get(message.data.id);
    if (known && known.reported) remove(message.data.id);  // the third report hid it: now it waits here
    add(message.data, false);
    if (!selected) select(activeTab === "queue" ? message.data.id : first());
    update();
    OS.announce(T.queued);
  });
  socket.on("moderation.reported", function (message) {
    const known = entries.get(message.data.id);
    if (known && !known.reported) return;
    add(message.data, true);  // a further report of a listed comment: its count and reasons change in place
    if (!selected && activeTab === "reported") select(message.data.id);
    update();
    OS.announce(T.reported_new);
  });
  socket.on("moderation.decided", function (message) {
    const id = message.data.comment_id;
    if (!entries.has(id)) return;
    const wasSelected = selected === id;
    const next = neighbour(id, 1) || neighbour(id, -1);
    remove(id);
    if (wasSelected) { select(next); OS.announce(OS.format(T.decided_by, { name: message.data.decided_by })); }
  });

  function activeList() { return activeTab === "reported" && reportedList ? reportedList : list; }

  function first() { const n = activeList().querySelector(".queue-entry"); return n ? Number(n.dataset.commentId) : null; }

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

  /** Add an entry to the queue, or (`reported`) to the reported list, where a known one is replaced. */
  function add(data, reported) {
    const known = entries.get(data.id);
    if (known && !reported) return;
    const li = OS.el("li", reported ? "card queue-entry reported-entry" : "card queue-entry");
    li.tabIndex = -1;
    li.dataset.commentId = data.id;
    const meta = OS.el("p", "meta");
    meta.appendChild(document.createTextNode("#" + data.id + " · " + data.item_title + " · " +
      (T["stance_" + data.stance] || data.stance) + " · "));
    meta.appendChild(OS.el("strong", null, data.author));
    if (data.guest) meta.appendChild(OS.el("span", "guest-label", " (" + T.guest + ")"));
    meta.appendChild(document.createTextNode(" · " + OS.format(T.history, { a: data.history.approved, r: data.history.rejected })));
    if (data.status === "hidden") meta.appendChild(OS.el("strong", null, " · " + OS.format(T.hidden_reports, { n: data.report_count })));
    if (reported) meta.appendChild(OS.el("strong", "report-count", " · " + OS.format(T.report_count, { n: data.report_count })));
    li.appendChild(meta);
    const body = OS.el("p", "comment-body");
    if (reported) body.textContent = data.public_body;  // what readers saw and reported
    else renderBody(body, data, []);
    li.appendChild(body);
    if (data.reports && data.reports.length) {
      const reasons = OS.el("ul", "report-reasons");
      reasons.setAttribute("aria-label", T.report_reasons);
      data.reports.forEach(function (r) { reasons.appendChild(OS.el("li", null, r.reason)); });
      li.appendChild(reasons);
    }
    li.addEventListener("click", function () { select(data.id); });
    if (known) known.node.replaceWith(li);
    else if (reported) reportedList.insertBefore(li, later(data.id));
    else list.appendChild(li);
    entries.set(data.id, { data: data, node: li, body: body, redactions: [], reported: !!reported });
    if (known && selected === data.id) mark(li);
  }

  // The first reported entry of a later comment (the list is oldest comment first), or null for the end.
  function later(id) {
    return Array.from(reportedList.children).find(function (n) { return Number(n.dataset.commentId) > id; }) || null;
  }

  function remove(id) {
    const entry = entries.get(id);
    if (entry) entry.node.remove();
    entries.delete(id);
    if (selected === id) selected = null;
    update();
  }

  function update() {
    const waiting = list.querySelectorAll(".queue-entry").length;
    const flagged = reportedList ? reportedList.querySelectorAll(".queue-entry").length : 0;
    document.getElementById("queue-count").textContent = String(waiting);
    document.getElementById("queue-empty").hidden = waiting > 0;
    const counts = { "queue-tab-count": waiting, "reported-count": flagged };
    Object.keys(counts).forEach(function (key) {
      const node = document.getElementById(key);
      if (node) node.textContent = String(counts[key]);
    });
    const empty = document.getElementById("reported-empty");
    if (empty) empty.hidden = flagged > 0;
  }

  function select(id) {
    root.querySelectorAll(".queue-entry.selected").forEach(function (n) { n.classList.remove("selected"); n.removeAttribute("aria-current"); });
    selected = id && entries.has(id) ? id : null;
    rejecting = false;
    note.value = "";
    showButtons(selected ? entries.get(selected).reported : activeTab === "reported");
    if (!selected) return;
    lastSelected[entries.get(selected).reported ? "reported" : "queue"] = selected;
    mark(entries.get(selected).node);
  }

  function mark(node) {
    node.classList.add("selected");
    node.setAttribute("aria-current", "true");
    // Scrolled clear of the decision panel, which stays at the bottom of small screens (scroll-margin).
    node.focus({ preventScroll: true });
    node.scrollIntoView({ block: "nearest" });
  }

  // A reported comment is kept (dismissing its reports) or hidden; a queued one approved or rejected.
  function showButtons(reported) {
    ["approve-button", "redact-button", "reject-button"].forEach(function (id) { document.getElementById(id).hidden = reported; });
    ["keep-button", "hide-button"].forEach(function (id) { const n = document.getElementById(id); if (n) n.hidden = !reported; });
  }

  function showTab(name, focusTab) {
    if (!reportedList || !tabs.length) return;
    activeTab = name;
    tabs.forEach(function (tab) {
      const on = tab.dataset.tab === name;
      tab.setAttribute("aria-selected", on ? "true" : "false");
      tab.tabIndex = on ? 0 : -1;
      document.getElementById(tab.getAttribute("aria-controls")).hidden = !on;
    });
    const remembered = lastSelected[name];
    select(remembered && entries.has(remembered) ? remembered : first());
    if (focusTab) document.getElementById("tab-" + name).focus();
    else OS.announce(document.getElementById("tab-" + name).textContent.replace(/\s+/g, " ").trim());
  }

  tabs.forEach(function (tab) {
    tab.addEventListener("click", function () { showTab(tab.dataset.tab, true); });
    tab.addEventListener("keydown", function (e) {
      if (e.key !== "ArrowLeft" && e.key !== "ArrowRight") return;
      e.preventDefault();
      e.stopPropagation();
      showTab(activeTab === "queue" ? "reported" : "queue", true);
    });
  });

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
        out.textContent = { "comment.approve": T.approved, "comment.reject": T.rejected,
                            "comment.hide": T.hidden_done, "reports.dismiss": T.dismissed }[event];
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
    if (entry.reported) { decide("reports.dismiss", {}); return; }
    decide("comment.approve", entry.redactions.length ? { redactions: entry.redactions } : {});
  }

  function reject() {
    const entry = selected && entries.get(selected);
    decide(entry && entry.reported ? "comment.hide" : "comment.reject", { reason: reason.value });
  }

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
  document.getElementById("keep-button").addEventListener("click", approve);
  document.getElementById("hide-button").addEventListener("click", reject);
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
      case "t": case "T": e.preventDefault(); showTab(activeTab === "queue" ? "reported" : "queue", false); break;
      default: break;
    }
  });
})();
