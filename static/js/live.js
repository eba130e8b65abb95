/* The live page: follows the meeting's events in order, without gaps or repeats, across reconnects.
   Events carry per-meeting ids without gaps; the page keeps the last id it applied, ignores older ones,
   holds early ones until the gap fills, and rejoins with its last id after a reconnect. */
(function () {
  "use strict";
  const OS = window.OpenSession;
  const root = document.getElementById("live");
  if (!root || !window.io) return;
  const T = OS.strings();
  const meetingId = Number(root.dataset.meetingId);
  const authenticated = root.dataset.authenticated === "true";
  const mayVote = root.dataset.mayVote === "true";  // a citizen, or a guest where the meeting allows guests
  const CHOICES = ["agree", "disagree", "pass"];
  const userId = root.dataset.userId;
  const feed = document.getElementById("feed");
  const filter = document.getElementById("feed-filter");
  let lastId = Number(root.dataset.lastEventId || 0);
  let currentItemId = Number(root.dataset.currentItemId || 0) || null;
  const held = new Map();
  let gapTimer = null;

  const socket = window.io("/live", { transports: ["websocket", "polling"] });
  const status = document.getElementById("connection-status");

  function setStatus(text) { if (status) { status.hidden = false; status.textContent = "· " + text; } }
  setStatus(T.connecting);
  startCountdown();

  // Before part 2: how long until it starts, in whole minutes (the server's time is in data-starts-at,
  // read on every tick: a postponement moves it).
  function startCountdown() {
    tickCountdown();
    window.setInterval(tickCountdown, 30000);
  }

  function tickCountdown() {
    const notice = document.getElementById("session-notice");
    const out = document.getElementById("countdown");
    const startsAt = notice && Date.parse(notice.dataset.startsAt || "");
    if (!out) return;
    if (!startsAt || notice.dataset.state !== "published") { out.textContent = ""; return; }
    const minutes = Math.max(0, Math.round((startsAt - Date.now()) / 60000));
    out.textContent = minutes > 0 ? OS.format(T.starts_in, { h: Math.floor(minutes / 60), m: minutes % 60 }) : T.starting;
  }

  // The schedule notice above the session notice (postponed, cancelled): a bold headline, then the change.
  function showSchedule(headline, text, cancelled) {
    const node = document.getElementById("schedule-notice");
    if (!node) return;
    node.textContent = "";
    node.appendChild(OS.el("strong", null, headline));
    node.appendChild(document.createTextNode(" " + text));
    node.classList.toggle("schedule-cancelled", cancelled);
    node.hidden = false;
  }

  socket.on("connect", function () {
    setStatus(T.connected);
    OS.call(socket, "join", { meeting_id: meetingId, last_event_id: lastId }).then(function (ack) {
      if (!ack.ok) { setStatus(ack.error.message); return; }
      setViewers(ack.viewers);
    });
  });
  socket.on("disconnect", function () { setStatus(T.reconnecting); });
  // Logged out (or the password changed) elsewhere: this page's session is over; show it as it is now.
  socket.on("session.ended", function () { setStatus(T.session_over); window.location.reload(); });
  socket.on("event", receive);

  function receive(event) {
    if (event.id === null || event.id === undefined) { apply(event); return; }  // ephemeral
    if (event.id <= lastId) return;                                               // already applied
    if (event.id > lastId + 1) {                                                  // early: hold it
      held.set(event.id, event);
      if (!gapTimer) gapTimer = window.setTimeout(resync, 2000);
      return;
    }
    apply(event);
    lastId = event.id;
    while (held.has(lastId + 1)) {
      const next = held.get(lastId + 1);
      held.delete(lastId + 1);
      apply(next);
      lastId = next.id;
    }
    for (const id of held.keys()) if (id <= lastId) held.delete(id);
    if (held.size === 0 && gapTimer) { window.clearTimeout(gapTimer); gapTimer = null; }
  }

  function resync() {
    gapTimer = null;
    if (held.size) OS.call(socket, "join", { meeting_id: meetingId, last_event_id: lastId });
  }

  const handlers = {
    "comment.approved": function (data) {
      if (data.withdrawn) return;  // hidden later; its comment.hidden follows in the replay
      const comment = data.comment;
      const existing = document.getElementById("comment-" + comment.id);
      const node = renderComment(comment);
      if (existing) existing.replaceWith(node); else feed.appendChild(node);
      applyFilter();
      document.getElementById("feed-empty").hidden = true;
      if (!node.hidden) OS.announce(OS.format(T.new_comment, { author: comment.former ? T.former_participant : comment.author }));
    },
    "comment.hidden": function (data) {
      const node = document.getElementById("comment-" + data.comment_id);
      if (node) node.remove();
    },
    "comment.votes": function (data) {
      const node = document.getElementById("comment-" + data.comment_id);
      if (node) setVoteCounts(node, data);
    },
    // Stored before votes had three choices; replayed from the history.
    "comment.agreed": function (data) {
      const node = document.getElementById("comment-" + data.comment_id);
      if (node) setVoteCounts(node, { agree: data.count });
    },
    "reply.posted": function (data) {
      const node = document.getElementById("comment-" + data.reply.comment_id);
      if (!node) return;
      node.querySelector(".replies").appendChild(renderReply(data.reply));
      OS.announce(OS.format(T.new_reply, { author: data.reply.author }));
    },
    "item.current": function (data) {
      currentItemId = data.item_id;
      document.querySelectorAll("#agenda-list li").forEach(function (li) {
        const now = Number(li.dataset.itemId) === data.item_id;
        li.classList.toggle("current", now);
        if (now) li.setAttribute("aria-current", "step"); else li.removeAttribute("aria-current");
      });
      const select = document.getElementById("live-item");
      if (select && !select.dataset.touched) select.value = String(data.item_id);
      applyFilter();
      OS.announce(OS.format(T.now_discussing, { title: data.title }));
    },
    "comment.spotlight": function (data) {
      document.querySelectorAll("#feed .spotlight").forEach(function (n) { n.classList.remove("spotlight"); });
      const node = data.comment_id && document.getElementById("comment-" + data.comment_id);
      if (node) { node.classList.add("spotlight"); OS.announce(T.spotlight); }
    },
    "session.state": function (data) {
      const badge = document.querySelector("#session-state .badge");
      if (badge) { badge.className = "badge badge-" + data.session; badge.textContent = T["state_" + data.session] || data.session; }
      const start = document.getElementById("control-start");
      const end = document.getElementById("control-end");
      if (start) start.disabled = data.session !== "published";
      if (end) end.disabled = data.session !== "live";
      const notice = document.getElementById("session-notice");
      if (notice) {
        notice.dataset.state = data.session;
        if (data.session === "live") notice.textContent = "";
        if (data.session === "closed" || data.session === "record_final") notice.textContent = T.session_ended;
        if (data.session === "cancelled") notice.textContent = T.no_session;
      }
      if (data.session === "cancelled") {
        showSchedule(T.cancelled, OS.format(T.cancelled_on, { when: moment(data.cancelled_at, true), reason: data.reason || "" }), true);
        const compose = document.getElementById("live-comment-form");
        if (compose) compose.hidden = true;  // a cancelled meeting takes no comments
      }
      OS.announce(T["state_" + data.session] || data.session);
    },
    "meeting.rescheduled": function (data) {
      const text = OS.format(T.postponed_from_to, { old: moment(data.previous_starts_at, true),
                                                    new: moment(data.starts_at, true), reason: data.reason });
      showSchedule(T.postponed, text, false);
      const notice = document.getElementById("session-notice");
      if (notice && data.part2_starts_at) {
        notice.dataset.startsAt = data.part2_starts_at;
        if (notice.dataset.state === "published") {
          notice.textContent = OS.format(T.part2_starts, { when: moment(data.part2_starts_at, true) }) + " ";
          const countdown = OS.el("span");
          countdown.id = "countdown";
          notice.appendChild(countdown);
        }
        tickCountdown();
      }
      OS.announce(T.postponed + " " + text);
    },
    "viewers.count": function (data) { setViewers(data.count); },
    "figures.changed": function (data) { OS.showFigures(data); }
  };

  function apply(event) {
    const handler = handlers[event.type];
    if (handler) handler(event.data || {});
  }

  function setViewers(count) {
    const node = document.getElementById("viewer-count");
    if (node && typeof count === "number") node.textContent = OS.format(T.watching, { n: count });
  }

  /** Write the counts of `counts` ({agree, disagree, pass}, any of them) into the comment's counts. */
  function setVoteCounts(node, counts) {
    CHOICES.forEach(function (choice) {
      const span = node.querySelector('.vote-count[data-choice="' + choice + '"]');
      if (span && typeof counts[choice] === "number") {
        span.dataset.count = counts[choice];
        span.textContent = OS.format(T["count_" + choice], { n: counts[choice] });
      }
    });
  }

  function renderVoteCounts() {
    const out = OS.el("span", "vote-counts");
    CHOICES.forEach(function (choice, index) {
      if (index) out.appendChild(document.createTextNode(" · "));
      const span = OS.el("span", "vote-count");
      span.dataset.choice = choice;
      out.appendChild(span);
    });
    return out;
  }

  function renderReply(reply) {
    const li = OS.el("li", "reply");
    const meta = OS.el("p", "meta");
    meta.appendChild(OS.el("strong", null, T.official_reply));
    meta.appendChild(document.createTextNode(" · " + reply.author));
    li.appendChild(meta);
    li.appendChild(OS.appendText(OS.el("p"), reply.body));
    return li;
  }

  // The clock time of a moment in the site's zone and the page's language, as the server writes it.
  function clock(iso) { return moment(iso, false); }

  // A moment in the site's zone and the page's language: the clock time, with the date when `withDate`.
  function moment(iso, withDate) {
    const lang = document.documentElement.lang || "ko";
    const options = { hour: "numeric", minute: "2-digit", timeZone: root.dataset.timeZone || "Asia/Seoul",
                      hour12: lang === "ko" };
    if (withDate) Object.assign(options, { year: "numeric", month: "short", day: "numeric", weekday: "short" });
    try { return new Date(iso).toLocaleString(lang === "ko" ? "ko-KR" : "en-GB", options); }
    catch (e) { return ""; }
  }

  function renderComment(comment) {
    const li = OS.el("li", "comment card");
    li.id = "comment-" + comment.id;
    li.dataset.commentId = comment.id;
    li.dataset.itemId = comment.item_id;
    const meta = OS.el("p", "meta");
    const number = OS.el("a", "comment-number", "#" + comment.id);
    number.href = "#comment-" + Number(comment.id);
    meta.appendChild(number);
    meta.appendChild(document.createTextNode(" "));
    const time = OS.el("time", null, clock(comment.created_at));
    time.dateTime = String(comment.created_at).replace(/\.\d+/, "").replace("+00:00", "Z");
    meta.appendChild(time);
    meta.appendChild(document.createTextNode(" "));
    // A deleted account's comment: the stored event names it by the neutral label, shown in the page's language.
    meta.appendChild(OS.el("strong", "comment-author", comment.former ? T.former_participant : comment.author));
    if (comment.guest) meta.appendChild(OS.el("span", "guest-label", " (" + T.guest + ")"));
    meta.appendChild(document.createTextNode(" "));
    meta.appendChild(OS.el("span", "badge badge-stance-" + comment.stance, T["stance_" + comment.stance] || comment.stance));
    const option = filter && filter.querySelector('option[value="' + Number(comment.item_id) + '"]');
    if (option) meta.appendChild(OS.el("span", "comment-item", " " + option.textContent));
    li.appendChild(meta);
    li.appendChild(OS.appendText(OS.el("p", "comment-body"), comment.body));
    const actions = OS.el("p", "comment-actions");
    actions.appendChild(renderVoteCounts());
    li.appendChild(actions);
    // Comments stored before votes had three choices carry agree_count only.
    setVoteCounts(li, { agree: comment.agree_count || 0, disagree: comment.disagree_count || 0,
                        pass: comment.pass_count || 0 });
    const replies = OS.el("ul", "replies");
    (comment.replies || []).forEach(function (r) { replies.appendChild(renderReply(r)); });
    li.appendChild(replies);
    decorate(li);
    return li;
  }

  /** The buttons a comment gets for this user: agree, disagree, pass (voters); spotlight (secretary);
      reply (member); report (logged-in users, through report.js's dialog). */
  function decorate(li) {
    const id = Number(li.dataset.commentId);
    const actions = li.querySelector(".comment-actions");
    const author = li.querySelector(".comment-author").textContent;
    // The author's own comment (listed in "your comments"): nobody votes on or reports their own words.
    const own = Boolean(document.getElementById("own-comment-" + id));
    function add(label, onClick) {
      const button = OS.el("button", "button-secondary", label);
      button.type = "button";
      button.appendChild(OS.el("span", "visually-hidden", " — " + author));
      button.addEventListener("click", function () { onClick(button); });
      actions.appendChild(document.createTextNode(" "));
      actions.appendChild(button);
      return button;
    }
    if (mayVote && !own) {
      const group = OS.el("span", "vote-buttons");
      group.setAttribute("role", "group");
      group.setAttribute("aria-label", OS.format(T.your_vote, { id: id }));
      CHOICES.forEach(function (choice) {
        const button = OS.el("button", "button-secondary vote-button vote-" + choice, T["vote_" + choice]);
        button.type = "button";
        button.dataset.choice = choice;
        button.setAttribute("aria-pressed", String(li.dataset.vote === choice));
        button.appendChild(OS.el("span", "visually-hidden", " — " + author));
        button.addEventListener("click", function () { vote(li, id, choice); });
        group.appendChild(button);
      });
      actions.appendChild(document.createTextNode(" "));
      actions.appendChild(group);
    }
    if (root.dataset.secretary === "true") add(T.spotlight_button, function () { control("session.spotlight", { comment_id: id }); });
    if (root.dataset.member === "true") {
      add(T.reply_button, function () {
        document.getElementById("reply-comment").value = String(id);
        document.getElementById("reply-body").focus();
      });
    }
    if (authenticated && !own) {
      const reported = li.dataset.reported === "true";
      const report = add(reported ? T.report_done : T.report_button, function (b) {
        if (window.OpenSessionReport) window.OpenSessionReport.open(id, author, b);
      });
      report.classList.add("report-button");
      report.setAttribute("aria-haspopup", "dialog");
      report.disabled = reported;
    }
  }

  function vote(li, commentId, choice) {
    // One call at a time per comment; the buttons stay enabled so that the focus stays where it is.
    if (li.dataset.voting) return;
    li.dataset.voting = "true";
    const buttons = li.querySelectorAll(".vote-button");
    OS.call(socket, "comment.vote", { comment_id: commentId, choice: choice }).then(function (ack) {
      delete li.dataset.voting;
      if (!ack.ok) { OS.announce(ack.error.message); return; }
      li.dataset.vote = ack.choice;
      buttons.forEach(function (b) { b.setAttribute("aria-pressed", String(b.dataset.choice === ack.choice)); });
      setVoteCounts(li, ack);
      OS.announce(T.vote_saved);
    });
  }

  function applyFilter() {
    const choice = filter ? filter.value : "all";
    feed.querySelectorAll("li.comment").forEach(function (li) {
      const item = Number(li.dataset.itemId);
      li.hidden = choice === "current" ? (currentItemId !== null && item !== currentItemId)
        : choice !== "all" && item !== Number(choice);
    });
  }
  if (filter) filter.addEventListener("change", applyFilter);
  applyFilter();

  // Buttons for the comments the server rendered.
  feed.querySelectorAll("li.comment").forEach(decorate);

  // The comment box: sent over the socket; a lost acknowledgement is retried with the same client key.
  const form = document.getElementById("live-comment-form");
  if (form) {
    const select = document.getElementById("live-item");
    if (select) select.addEventListener("change", function () { select.dataset.touched = "1"; });
    const compose = document.getElementById("compose-status");
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      const data = new FormData(form);
      const payload = {
        item_id: Number(data.get("item_id")), body: String(data.get("body") || ""),
        stance: data.get("stance"), client_key: String(data.get("client_key"))
      };
      if (data.has("nickname")) payload.nickname = String(data.get("nickname") || "");
      // The consent box a first comment shows (comments/_consent.html), ticked: sent with the comment.
      if (data.get("consent")) { payload.consent = true; payload.consent_version = String(data.get("consent_version")); }
      compose.textContent = T.sending;
      send(payload, 3);
    });

    function send(payload, triesLeft) {
      OS.call(socket, "comment.submit", payload).then(function (ack) {
        if (ack.ok) {
          compose.textContent = T.sent;
          // "Your comments" (own-comments.js) lists it as waiting.
          form.dispatchEvent(new CustomEvent("comment-sent", { bubbles: true, detail: { ack: ack, payload: payload } }));
          form.querySelector("[name=body]").value = "";
          form.querySelector("[name=client_key]").value = OS.newKey();
          const question = document.getElementById("consent-question");  // agreed now: not asked again
          if (question && payload.consent) question.remove();
        } else if (ack.error.code === "timeout" && triesLeft > 1) {
          send(payload, triesLeft - 1);
        } else if (ack.error.code === "consent_required" && window.OpenSessionConsent) {
          // Not agreed yet (or to an older text): ask in a dialog (consent.js); agreed, the same comment
          // (the same client key) goes again with the consent, else nothing is sent.
          compose.textContent = ack.error.message;
          window.OpenSessionConsent.ask(ack.error, form.querySelector("[type=submit]")).then(function (version) {
            if (!version) { compose.textContent = T.consent_not_sent; return; }
            compose.textContent = T.sending;
            send(Object.assign({}, payload, { consent: true, consent_version: version }), 3);
          });
        } else {
          compose.textContent = ack.error.message || T.not_sent;
        }
      });
    }
  }

  // Committee members: official replies.
  const replyForm = document.getElementById("reply-form");
  if (replyForm) {
    replyForm.addEventListener("submit", function (e) {
      e.preventDefault();
      const out = document.getElementById("reply-status");
      OS.call(socket, "reply.post", {
        comment_id: Number(document.getElementById("reply-comment").value),
        body: document.getElementById("reply-body").value
      }).then(function (ack) {
        out.textContent = ack.ok ? T.reply_posted : ack.error.message;
        if (ack.ok) document.getElementById("reply-body").value = "";
      });
    });
  }

  // The secretary's controls.
  function control(event, payload) {
    const out = document.getElementById("control-status");
    OS.call(socket, event, Object.assign({ meeting_id: meetingId }, payload)).then(function (ack) {
      out.textContent = ack.ok ? T.done : ack.error.message;
    });
  }
  const bind = function (id, fn) { const n = document.getElementById(id); if (n) n.addEventListener("click", fn); };
  bind("control-start", function () { control("session.start", {}); });
  bind("control-end", function () { if (window.confirm(T.confirm_end)) control("session.end", {}); });
  bind("control-spotlight", function () {
    control("session.spotlight", { comment_id: Number(document.getElementById("spotlight-id").value) || null });
  });
  bind("control-clear-spotlight", function () { control("session.spotlight", { comment_id: null }); });
  document.querySelectorAll(".control-advance").forEach(function (button) {
    button.addEventListener("click", function () { control("session.advance", { item_id: Number(button.dataset.itemId) }); });
  });

  window.OpenSessionLive = { lastEventId: function () { return lastId; }, socket: socket };
})();
