// The reference server: Node `socket.io` 4 doing the bare broadcast of the live protocol's
// `comment.approved`, nothing else (no accounts, no database, no rate limits). The benchmark runs the
// same viewers and the same driver against it in the same command as against Open Session, and
// reports Open Session's p99 as a ratio of this one's.
//
//   node bench/scale/reference.js CONFIG.json
//   CONFIG: {"host" (default 127.0.0.1), "port", "meeting_id", "body" (the comment text broadcast),
//            "author"}
//
// Namespace /live: `join` {meeting_id} puts the socket in the meeting's room and answers as Open
// Session does (docs/realtime.md); `comment.approve` {comment_id} gives the event the next id and
// sends {"id", "type": "comment.approved", "meeting_id", "at", "data": {"comment": {...}}} to the room,
// then acknowledges. permessage-deflate is left at the server's default (declined), as Open Session
// declines it unless SOCKETIO_WEBSOCKET_COMPRESSION=1. Prints {"type": "listening", "port"}; the
// command `stats` on stdin prints {"type": "stats", "cpu", "sockets"}.
"use strict";

const http = require("http");
const { Server } = require("socket.io");
const { readConfig, say, onCommands, CpuWindow } = require("./common");

const config = readConfig();
const window = new CpuWindow();
const httpServer = http.createServer();
const server = new Server(httpServer, { serveClient: false, maxHttpBufferSize: 128 * 1024 });
const live = server.of("/live");
let lastEventId = 0;

function room(meetingId) {
  return `meeting:${meetingId}`;
}

function comment(commentId) {
  return {
    id: commentId, item_id: 1, anchor: null, author: config.author || "시민 1", guest: false, stance: "support",
    phase: "before", body: config.body || "의견", agree_count: 0, disagree_count: 0, pass_count: 0,
    created_at: new Date().toISOString(), replies: [],
  };
}

live.on("connection", (socket) => {
  socket.on("join", (payload, ack) => {
    if (typeof ack !== "function") return;
    const meetingId = payload && payload.meeting_id;
    socket.join(room(meetingId));
    const members = live.adapter.rooms.get(room(meetingId));
    ack({ ok: true, meeting_id: meetingId, session: "published", current_item_id: null, spotlight_comment_id: null,
      last_event_id: lastEventId, viewers: members ? members.size : 0, replayed: 0 });
  });
  socket.on("comment.approve", (payload, ack) => {
    const commentId = payload && payload.comment_id;
    lastEventId += 1;
    live.to(room(config.meeting_id)).emit("event", {
      id: lastEventId, type: "comment.approved", meeting_id: config.meeting_id, at: new Date().toISOString(),
      data: { comment: comment(commentId) },
    });
    if (typeof ack === "function") ack({ ok: true, comment_id: commentId, status: "approved" });
  });
});

onCommands({
  stats: () => {
    say({ type: "stats", cpu: window.read(), sockets: live.sockets.size });
    window.mark();
  },
  stop: () => process.exit(0),
});

httpServer.listen(config.port, config.host || "127.0.0.1", () => say({ type: "listening", port: config.port }));
