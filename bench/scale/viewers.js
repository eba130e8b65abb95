// Load generator: `count` anonymous viewers of one meeting, each on a websocket of its own
// (socket.io-client, as the live page connects), offering permessage-deflate as browsers do.
//
//   node bench/scale/viewers.js CONFIG.json
//   CONFIG: {"url", "meeting_id", "count", "start_at" (wall ms: when to begin connecting),
//            "concurrency" (viewers connecting at once, default 250), "join_timeout_ms" (default 40000),
//            "offer_deflate" (default true), "result_file"}
//
// From start_at it connects the viewers, at most `concurrency` at a time, and calls `join` on each; a
// viewer not joined within join_timeout_ms counts as failed. Then it prints
//   {"type": "joined", "joined", "failed", "started_at", "last_join_at", "join_ms": {p50, p99, max},
//    "compression": {"permessage-deflate": n, "none": n}, "connect_errors": {...}, "join_errors": {...},
//    "cpu": CpuWindow}
// and records, for every `comment.approved`, when each viewer first received it (the wall clock, see
// common.js). A viewer that loses its connection reconnects (socket.io-client's own back-off) and joins
// again with `last_event_id`, the last event id up to which it has every event (docs/realtime.md), so
// the server replays what it missed. An event whose id it already holds is dropped, as the protocol
// says (replayed and live events can cross), and counted in `wire_duplicates`; a comment received
// again under another event id (which a client would show twice) is counted in `duplicates`.
// Commands on stdin: `mark` (start the delivery window of the CPU figures), `status` (prints
// {"type": "status", ...}), `stop` (writes result_file, disconnects everyone, prints {"type": "done"}).
"use strict";

const fs = require("fs");
const { io } = require("socket.io-client");
const { now, readConfig, say, onCommands, CpuWindow, round, sleepUntil, clientOptions, negotiated } =
  require("./common");

const config = readConfig();
const concurrency = config.concurrency || 250;
const joinTimeout = config.join_timeout_ms || 40000;
const window = new CpuWindow();

const viewers = [];
const arrivals = {}; // comment id -> [first arrival time of each viewer]
const replayed = {}; // comment id -> how many of those arrivals came in a rejoin's replay
const compression = {};
const connectErrors = {};
const joinErrors = {}; // why a first join failed: the ack's error code, "timeout" or "no ack"
const joinMs = [];
let joined = 0;
let failed = 0;
let wireDuplicates = 0; // events a viewer received again under an id it already held (it drops them)
let duplicates = 0; // comments a viewer received under a second event id (a client would show them twice)
let reconnects = 0;
let rejoined = 0;
let lastJoinAt = 0;
let lastRejoinAt = 0;
let startedAt = 0;
let eventBytes = 0; // the size of one comment.approved event as JSON, to compare with the reference
let windowEvents = 0; // every `event` frame (ephemeral ones too) received since `mark`

function onEvent(viewer, event) {
  windowEvents += 1;
  if (!event || event.id === null || event.id === undefined) return; // ephemeral: not stored, no id
  if (viewer.ids.has(event.id)) {
    wireDuplicates += 1;
    return;
  }
  viewer.ids.add(event.id);
  if (event.id > viewer.lastId) viewer.ahead.add(event.id);
  advance(viewer);
  if (event.type !== "comment.approved") return;
  const at = now();
  const commentId = event.data.comment.id;
  if (!eventBytes) eventBytes = Buffer.byteLength(JSON.stringify(event));
  if (viewer.comments.has(commentId)) {
    duplicates += 1;
    return;
  }
  viewer.comments.add(commentId);
  (arrivals[commentId] = arrivals[commentId] || []).push(round(at, 2));
  if (viewer.rejoining) replayed[commentId] = (replayed[commentId] || 0) + 1;
}

// `lastId`: the id up to which this viewer holds every event (what it passes to `join` again).
function advance(viewer) {
  for (const id of viewer.ahead) if (id <= viewer.lastId) viewer.ahead.delete(id);
  while (viewer.ahead.has(viewer.lastId + 1)) {
    viewer.lastId += 1;
    viewer.ahead.delete(viewer.lastId);
  }
}

function join(viewer) {
  const payload = { meeting_id: config.meeting_id };
  if (viewer.joined) {
    payload.last_event_id = viewer.lastId;
    viewer.rejoining = true;
  }
  viewer.socket.timeout(joinTimeout).emit("join", payload, (err, ack) => {
    viewer.rejoining = false;
    if (err || !ack || !ack.ok) {
      viewer.joinError = err ? "timeout" : (ack && ack.error && ack.error.code) || "no ack";
      if (!viewer.joined) {
        joinErrors[viewer.joinError] = (joinErrors[viewer.joinError] || 0) + 1;
        viewer.finish(false);
      }
      return;
    }
    if (!viewer.joined) {
      viewer.lastId = Math.max(viewer.lastId, ack.last_event_id || 0);
      advance(viewer);
      viewer.finish(true);
    } else {
      rejoined += 1;
      lastRejoinAt = now();
    }
  });
}

function startViewer(index) {
  return new Promise((resolve) => {
    const began = now();
    const socket = io(config.url + "/live", clientOptions(config));
    const viewer = { index, socket, joined: false, done: false, lastId: 0, ahead: new Set(), ids: new Set(),
      comments: new Set(), rejoining: false };
    viewer.finish = (ok) => {
      if (viewer.done) return;
      viewer.done = true;
      clearTimeout(timer);
      if (ok) {
        viewer.joined = true;
        joined += 1;
        lastJoinAt = now();
        joinMs.push(lastJoinAt - began);
      } else {
        failed += 1;
        socket.close();
      }
      resolve();
    };
    const timer = setTimeout(() => {
      if (!viewer.done) joinErrors.timeout = (joinErrors.timeout || 0) + 1;
      viewer.finish(false);
    }, joinTimeout);
    socket.on("event", (event) => onEvent(viewer, event));
    socket.on("connect", () => {
      if (!viewer.everConnected) {
        viewer.everConnected = true;
        const kind = negotiated(socket);
        compression[kind] = (compression[kind] || 0) + 1;
      } else {
        reconnects += 1;
      }
      join(viewer);
    });
    socket.on("connect_error", (error) => {
      const key = (error && error.data && error.data.code) || (error && error.message) || "error";
      connectErrors[key] = (connectErrors[key] || 0) + 1;
    });
    socket.on("disconnect", (reason) => {
      // A disconnect decided by the server is not retried by socket.io-client: a viewer would reload.
      if (reason === "io server disconnect" && viewer.joined && !stopping) socket.connect();
    });
    viewers.push(viewer);
  });
}

function percentile(values, q) {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))], 1);
}

let stopping = false;

async function main() {
  await sleepUntil(config.start_at || now());
  startedAt = now();
  window.mark();
  let next = 0;
  const workers = [];
  for (let w = 0; w < Math.min(concurrency, config.count); w += 1) {
    workers.push((async () => {
      while (next < config.count) await startViewer(next++);
    })());
  }
  await Promise.all(workers);
  say({ type: "joined", joined, failed, started_at: round(startedAt, 2), last_join_at: round(lastJoinAt, 2),
    join_ms: { p50: percentile(joinMs, 0.5), p99: percentile(joinMs, 0.99), max: percentile(joinMs, 1) },
    compression, connect_errors: connectErrors, join_errors: joinErrors, cpu: window.read() });
  window.mark();
}

function delivered() {
  let total = 0;
  for (const list of Object.values(arrivals)) total += list.length;
  return total;
}

onCommands({
  mark: () => {
    window.mark();
    windowEvents = 0;
  },
  status: () => say({ type: "status", joined, failed, connected: viewers.filter((v) => v.socket.connected).length,
    delivered: delivered(), reconnects, rejoined, last_rejoin_at: round(lastRejoinAt, 2) }),
  stop: () => {
    stopping = true;
    const cpu = window.read();
    fs.writeFileSync(config.result_file, JSON.stringify({
      joined, failed, arrivals, replayed, duplicates, wire_duplicates: wireDuplicates, reconnects, rejoined,
      last_rejoin_at: round(lastRejoinAt, 2), window_events: windowEvents,
      connected: viewers.filter((v) => v.socket.connected).length, event_bytes: eventBytes, cpu,
    }));
    for (const viewer of viewers) viewer.socket.close();
    say({ type: "done", file: config.result_file });
    setTimeout(() => process.exit(0), 200);
  },
});

main().catch((error) => {
  say({ type: "error", message: String(error && error.stack || error) });
  process.exit(1);
});
