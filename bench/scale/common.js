// Shared by the scale-out benchmark's Node scripts (bench/scale/*.js, driven by bench/scale_out.py).
//
// Every script takes one argument, the path of a JSON configuration file, speaks JSON lines on stdout
// (one object per line, each with a "type") and reads commands, one per line, on stdin. Times are
// milliseconds on the wall clock (`now()`: performance.timeOrigin + performance.now(), the same clock in
// every process of the machine), so that a send time recorded by the driver and an arrival time
// recorded by a viewer process can be subtracted.
"use strict";

const fs = require("fs");
const readline = require("readline");
const { performance, monitorEventLoopDelay } = require("perf_hooks");

function now() {
  return performance.timeOrigin + performance.now();
}

function readConfig() {
  if (process.argv.length < 3) {
    console.error(`usage: node ${process.argv[1]} CONFIG.json`);
    process.exit(2);
  }
  return JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
}

function say(message) {
  process.stdout.write(JSON.stringify(message) + "\n");
}

// Commands on stdin: `handlers[name]()` for each line; end of stdin (the orchestrator died) ends the script.
function onCommands(handlers) {
  const lines = readline.createInterface({ input: process.stdin });
  lines.on("line", (line) => {
    const name = line.trim();
    if (!name) return;
    const handler = handlers[name];
    if (handler) handler();
    else say({ type: "error", message: `unknown command ${name}` });
  });
  lines.on("close", () => process.exit(0));
}

// What this process spent on CPU between `mark()` calls, as a share of one core (Node runs the
// load on one thread: a share near 1 means the generator, not the server, set the pace), and how late
// its event loop ran timers (p99 of the delay, ms), which delays every arrival timestamp it takes.
class CpuWindow {
  constructor() {
    this.loop = monitorEventLoopDelay({ resolution: 10 });
    this.loop.enable();
    this.mark();
  }

  mark() {
    this.cpu = process.cpuUsage();
    this.wall = now();
    this.loop.reset();
  }

  read() {
    const used = process.cpuUsage(this.cpu);
    const cpuS = (used.user + used.system) / 1e6;
    const wallS = Math.max(1e-3, (now() - this.wall) / 1000);
    return {
      cpu_s: round(cpuS, 3), wall_s: round(wallS, 3), share: round(cpuS / wallS, 3),
      loop_delay_p99_ms: round(this.loop.percentile(99) / 1e6, 1),
      rss_mb: round(process.memoryUsage().rss / 2 ** 20, 1),
    };
  }
}

function round(value, digits) {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

function sleepUntil(at) {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, at - now())));
}

// The socket.io-client options every script uses: one connection per client (`forceNew`: no
// multiplexing of several clients on one Manager), websocket straight away as the live page tries
// first, and permessage-deflate offered as a browser offers it (engine.io-client's default threshold).
function clientOptions(config, extra = {}) {
  const options = {
    forceNew: true,
    transports: ["websocket"],
    perMessageDeflate: config.offer_deflate === false ? false : { threshold: 1024 },
    reconnection: true,
    reconnectionDelay: 500,
    reconnectionDelayMax: 5000,
    timeout: config.connect_timeout_ms || 40000,
    ...extra,
  };
  if (config.cookie) options.extraHeaders = { Cookie: config.cookie };
  return options;
}

// The extension the server accepted on this client's websocket ("permessage-deflate", or "none").
function negotiated(socket) {
  const transport = socket.io && socket.io.engine && socket.io.engine.transport;
  const ws = transport && transport.ws;
  if (!ws || typeof ws.extensions !== "string") return "unknown";
  return ws.extensions || "none";
}

module.exports = { now, readConfig, say, onCommands, CpuWindow, round, sleepUntil, clientOptions, negotiated };
