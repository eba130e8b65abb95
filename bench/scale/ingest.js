// Ingest generator: logged-in citizens submitting comments over the live socket, each waiting for its
// acknowledgement before the next (a closed loop: the figure is what the server sustains).
//
//   node bench/scale/ingest.js CONFIG.json
//   CONFIG: {"url", "cookies": ["session=...", ...] (one logged-in citizen each), "item_id",
//            "per_citizen" (comments each; 0: until `stop`), "tag" (client keys are TAG-citizen-n),
//            "pause_ms" (between one ack and the next submit, default 0), "ack_timeout_ms" (default
//            15000), "retries" (default 5), "offer_deflate"}
//
// Connects every citizen, prints {"type": "ready", "connected", "failed"}; on the command `go` they all
// submit at once. A first comment answered `consent_required` is sent again with the consent, as the
// live page does after the person agrees (counted in `consents`, not as an error). A call without an
// answer within ack_timeout_ms (the connection went away) is sent again with the same client_key once
// reconnected (idempotent: the same comment, never a second one), up to `retries` times, then counted
// in `cut`. When every citizen is done (or on `stop`) it prints {"type": "done", "acked": {client key:
// comment id}, "errors": {code: n}, "cut", "retried", "consents", "seconds", "per_s", "ack_ms", "cpu"}.
"use strict";

const { io } = require("socket.io-client");
const { now, readConfig, say, onCommands, CpuWindow, round, clientOptions } = require("./common");

const config = readConfig();
const ackTimeout = config.ack_timeout_ms || 15000;
const retries = config.retries === undefined ? 5 : config.retries;
const STANCES = ["support", "oppose", "concern", "question", "suggestion"];
const FILLER = " 규모 시험: 이 안건에 대한 시민의 의견입니다. 교통과 주거, 예산의 우선순위를 다시 살펴 주십시오.";
const window = new CpuWindow();

const acked = {};
const errors = {};
const ackMs = [];
let cut = 0;
let retried = 0;
let consents = 0;
let firstSentAt = 0;
let lastAckAt = 0;
let stopping = false;
let finished = false;

function call(socket, event, payload) {
  return new Promise((resolve) => {
    socket.timeout(ackTimeout).emit(event, payload, (err, ack) => resolve(err ? null : ack));
  });
}

async function submitOne(socket, citizen, n) {
  const key = `${config.tag}-${citizen}-${n}`;
  const payload = { item_id: config.item_id, body: `의견 ${key}${FILLER}`, stance: STANCES[n % STANCES.length],
    client_key: key };
  const began = now();
  if (!firstSentAt) firstSentAt = began;
  for (let attempt = 0; attempt <= retries; attempt += 1) {
    let ack = await call(socket, "comment.submit", payload);
    if (ack && !ack.ok && ack.error && ack.error.code === "consent_required") {
      consents += 1;
      ack = await call(socket, "comment.submit", { ...payload, consent: true, consent_version: ack.error.version });
    }
    if (ack === null) {
      retried += 1;
      continue;
    }
    lastAckAt = now();
    if (ack.ok) {
      acked[key] = ack.comment_id;
      ackMs.push(lastAckAt - began);
    } else {
      const code = (ack.error && ack.error.code) || "unknown";
      errors[code] = (errors[code] || 0) + 1;
    }
    return;
  }
  cut += 1;
}

async function citizenLoop(socket, citizen) {
  for (let n = 0; config.per_citizen === 0 || n < config.per_citizen; n += 1) {
    if (stopping) return;
    await submitOne(socket, citizen, n);
    if (config.pause_ms) await new Promise((resolve) => setTimeout(resolve, config.pause_ms));
  }
}

function percentile(values, q) {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))], 1);
}

function report(sockets) {
  if (finished) return;
  finished = true;
  const seconds = Math.max(1e-3, (lastAckAt - firstSentAt) / 1000);
  const count = Object.keys(acked).length;
  say({ type: "done", acked, errors, cut, retried, consents, seconds: round(seconds, 3),
    per_s: round(count / seconds, 1),
    ack_ms: { p50: percentile(ackMs, 0.5), p99: percentile(ackMs, 0.99), max: percentile(ackMs, 1) },
    cpu: window.read() });
  for (const socket of sockets) socket.close();
  setTimeout(() => process.exit(0), 200);
}

async function main() {
  const sockets = config.cookies.map((cookie) => io(config.url + "/live", clientOptions({ ...config, cookie })));
  const connected = await Promise.all(sockets.map((socket) => new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), 40000);
    socket.once("connect", () => { clearTimeout(timer); resolve(true); });
  })));
  const ready = sockets.filter((_, i) => connected[i]);
  say({ type: "ready", connected: ready.length, failed: sockets.length - ready.length });
  let loops = null;
  onCommands({
    go: () => {
      window.mark();
      loops = Promise.all(ready.map((socket, i) => citizenLoop(socket, i))).then(() => report(sockets));
    },
    stop: () => {
      stopping = true;
      if (loops === null) report(sockets);
    },
  });
}

main().catch((error) => {
  say({ type: "error", message: String(error && error.stack || error) });
  process.exit(1);
});
