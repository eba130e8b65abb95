/* The live page's "your comments" (live/_own_comments.html): a comment sent from this page joins the list
   as waiting; when a moderator decides on one of the author's comments, the server tells the author's own
   sockets (`comment.decided`, docs/realtime.md) and the entry shows its new status, with the published
   reason of a rejection, and the status line says so. Text goes in with textContent only. */
(function () {
  "use strict";
  const OS = window.OpenSession;
  const live = window.OpenSessionLive;
  const section = document.getElementById("own-comments");
  const root = document.getElementById("live");
  if (!OS || !live || !section || !root) return;
  const T = OS.strings();
  const meetingId = Number(root.dataset.meetingId);
  const list = document.getElementById("own-list");
  const line = document.getElementById("own-status");
  const MESSAGES = { approved: "decided_approved", rejected: "decided_rejected", hidden: "decided_hidden" };

  function itemTitle(itemId) {
    const option = document.querySelector('#live-item option[value="' + Number(itemId) + '"], ' +
                                           '#feed-filter option[value="' + Number(itemId) + '"]');
    return option ? option.textContent : "";
  }

  /** An entry like the server's (comments/_own.html); `body` is left out when this page never had it. */
  function entry(commentId, stance, itemId, body) {
    const li = OS.el("li", "card own-comment");
    li.id = "own-comment-" + Number(commentId);
    li.dataset.commentId = String(Number(commentId));
    const meta = OS.el("p", "meta");
    meta.appendChild(OS.el("span", "badge own-state"));
    meta.appendChild(document.createTextNode(" "));
    const badge = OS.el("span", "badge badge-stance-" + String(stance).replace(/[^a-z_]/g, "") + " own-stance");
    badge.appendChild(OS.el("span", "visually-hidden", T.your_stance + ": "));
    badge.appendChild(document.createTextNode(T["stance_" + stance] || String(stance)));
    meta.appendChild(badge);
    const title = itemTitle(itemId);
    if (title) {
      meta.appendChild(document.createTextNode(" "));
      meta.appendChild(OS.el("span", "comment-item", title));
    }
    li.appendChild(meta);
    if (body) li.appendChild(OS.appendText(OS.el("p", "comment-body"), body));
    return li;
  }

  // The label in this page's language; the server's label (the author's language) for a code it lacks.
  function reasonLabel(data) { return T["reason_" + data.reason] || data.reason_label || String(data.reason); }

  function reasonLine(data) {
    const p = OS.el("p", "own-reason");
    p.appendChild(OS.el("strong", null, T.reason + ":"));
    p.appendChild(document.createTextNode(" "));
    p.appendChild(OS.el("span", "own-reason-label", reasonLabel(data)));
    if (data.note) {
      p.appendChild(document.createTextNode(" — "));
      p.appendChild(OS.el("span", "own-note", String(data.note)));
    }
    p.appendChild(document.createTextNode(" ("));
    const link = OS.el("a", null, T.policy_link);
    link.href = section.dataset.policyUrl + "#reason-" + encodeURIComponent(data.reason);
    p.appendChild(link);
    p.appendChild(document.createTextNode(")"));
    return p;
  }

  function setStatus(li, status, data) {
    const code = String(status).replace(/[^a-z_]/g, "");
    li.dataset.status = code;
    const state = li.querySelector(".own-state");
    state.className = "badge badge-status-" + code + " own-state";
    state.textContent = T["status_" + code] || code;
    const old = li.querySelector(".own-reason");
    if (old) old.remove();
    if (data && data.reason) li.appendChild(reasonLine(data));
  }

  function place(li) {
    list.insertBefore(li, list.firstChild);
    document.getElementById("own-empty").hidden = true;
  }

  function say(message) {
    line.textContent = "";  // a repeated message is announced again
    window.setTimeout(function () { line.textContent = message; }, 50);
  }

  document.addEventListener("comment-sent", function (e) {
    const ack = e.detail.ack, payload = e.detail.payload;
    if (document.getElementById("own-comment-" + Number(ack.comment_id))) return;  // a retried send
    const li = entry(ack.comment_id, payload.stance, payload.item_id, String(payload.body || "").trim());
    setStatus(li, ack.status);
    place(li);
  });

  live.socket.on("comment.decided", function (data) {
    if (!data || data.meeting_id !== meetingId || !MESSAGES[data.status]) return;  // another meeting's
    let li = document.getElementById("own-comment-" + Number(data.comment_id));
    if (!li) {  // sent from another page or device
      li = entry(data.comment_id, data.stance, data.item_id, "");
      place(li);
    }
    setStatus(li, data.status, data);
    const reason = data.reason ? reasonLabel(data) : "";
    const key = data.status === "hidden" && reason ? "decided_hidden_reason" : MESSAGES[data.status];
    say(OS.format(T[key], { reason: reason }));
  });
})();
