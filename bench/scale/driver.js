// Driver: the moderator. Approves the given comments at scheduled times (start_at + k * interval_ms),
// whatever the replies: an approval is never held back until the previous one was acknowledged.
//
//   node bench/scale/driver.js CONFIG.json
//   CONFIG: {"url", "cookie" (the moderator's logged-in session; none for the reference server),
//            "comment_ids": [...], "start_at" (wall ms), "interval_ms", "ack_timeout_ms" (default 10000),
//            "retries" (default 5), "offer_deflate"}
//
// Prints {"type": "ready", "compression"} once connected, then, when every approval has its answer,
// {"type": "done", "sent": {comment id: wall ms}, "scheduled": {...}, "acks": {comment id: {"ok", "code",
// "ms"}}, "retried", "cpu"}. `sent` is the moment the first `comment.approve` of that comment was handed
// to the socket: viewers' latencies are counted from it. An approval without an answer within
// ack_timeout_ms (its process died) is sent again, up to `retries` times, once the socket has
// reconnected through the proxy; `already_decided` then means the first one was committed.
"use strict";

const { io } = require("socket.io-client");
const { now, readConfig, say, CpuWindow, round, clientOptions, negotiated } = require("./common");

const config = readConfig();
const ackTimeout = config.ack_timeout_ms || 10000;
const retries = config.retries === undefined ? 5 : config.retries;
const window = new CpuWindow();
const sent = {};
const scheduled = {};
const acks = {};
let retried = 0;
let answered = 0;

const socket = io(config.url + "/live", clientOptions(config));

function finishIfDone() {
  if (answered < config.comment_ids.length) return;
  say({ type: "done", sent, scheduled, acks, retried, cpu: window.read() });
  socket.close();
  setTimeout(() => process.exit(0), 100);
}

function approve(commentId, attempt) {
  const at = now();
  if (attempt === 0) sent[commentId] = round(at, 2);
  socket.timeout(ackTimeout).emit("comment.approve", { comment_id: commentId }, (err, ack) => {
    if (err) {
      if (attempt < retries) {
        retried += 1;
        approve(commentId, attempt + 1);
        return;
      }
      acks[commentId] = { ok: false, code: "no_ack", ms: null };
    } else {
      const code = ack && ack.ok ? null : (ack && ack.error && ack.error.code) || "no ack";
      acks[commentId] = { ok: Boolean(ack && ack.ok) || code === "already_decided", code,
        ms: round(now() - sent[commentId], 1) };
    }
    answered += 1;
    finishIfDone();
  });
}

socket.once("connect", () => {
  say({ type: "ready", compression: negotiated(socket) });
  const start = Math.max(config.start_at || 0, now() + 50);
  config.comment_ids.forEach((commentId, k) => {
    const at = start + k * config.interval_ms;
    scheduled[commentId] = round(at, 2);
    setTimeout(() => approve(commentId, 0), Math.max(0, at - now()));
  });
  window.mark();
  if (!config.comment_ids.length) finishIfDone();
});
socket.on("connect_error", (error) => {
  if (!socket.active) {
    say({ type: "error", message: `refused: ${error && error.message}` });
    process.exit(1);
  }
});
