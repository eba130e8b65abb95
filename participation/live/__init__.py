"""The live second session: the event store and its replay, broadcasting after commit, the Socket.IO
namespace `/live`, presence, and the live, moderation and control pages."""
