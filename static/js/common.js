/* Open Session: helpers shared by the live page and the moderation queue. No framework, no innerHTML
   for user text: every comment is written with textContent, and links are built element by element. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  const URL_PATTERN = /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/g;

  /** Append `text` to `parent` as text, with line breaks kept and http(s) URLs as nofollow links. */
  function appendText(parent, text) {
    String(text).split("\n").forEach(function (line, index) {
      if (index > 0) parent.appendChild(document.createElement("br"));
      let last = 0;
      line.replace(URL_PATTERN, function (url, offset) {
        parent.appendChild(document.createTextNode(line.slice(last, offset)));
        const link = document.createElement("a");
        link.href = url;
        link.rel = "nofollow noopener";
        link.textContent = url;
        parent.appendChild(link);
        last = offset + url.length;
        return url;
      });
      parent.appendChild(document.createTextNode(line.slice(last)));
    });
    return parent;
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  /** The translated UI strings the template put in <script type="application/json" id="i18n">. */
  function strings() {
    const node = document.getElementById("i18n");
    return node ? JSON.parse(node.textContent) : {};
  }

  function format(template, values) {
    return String(template).replace(/%\((\w+)\)s/g, function (_, key) { return values[key]; });
  }

  /** A polite announcement for screen readers (the region is aria-live="polite"). */
  function announce(message) {
    const region = document.getElementById("announcer");
    if (!region) return;
    region.textContent = "";
    window.setTimeout(function () { region.textContent = message; }, 50);
  }

  /** Bytes of the event as socket.io-client puts it on the wire (JSON, UTF-8). */
  function messageBytes(event, payload) {
    return new TextEncoder().encode(JSON.stringify([event, payload])).length;
  }

  /** Emit with an acknowledgement; resolves with the ack, or {ok:false, error:{code:"timeout"}}.
      A message over the server's limit (data-max-message-bytes on #i18n) is not sent at all: the server
      would answer `too_large`, and far beyond the limit the transport would drop the connection. */
  function call(socket, event, payload, timeoutMs) {
    const T = strings();
    const node = document.getElementById("i18n");
    const limit = node ? Number(node.dataset.maxMessageBytes || 0) : 0;
    if (limit && messageBytes(event, payload) > limit) {
      return Promise.resolve({ ok: false, error: { code: "too_large", message: T.too_large || "" } });
    }
    return new Promise(function (resolve) {
      socket.timeout(timeoutMs || 10000).emit(event, payload, function (err, ack) {
        resolve(err ? { ok: false, error: { code: "timeout", message: T.no_answer || "" } } : ack);
      });
    });
  }

  /** Write the moderation figures (the `figures.changed` data) into every [data-figures] list of the page. */
  function showFigures(data) {
    const T = strings();
    document.querySelectorAll("[data-figures] [data-figure]").forEach(function (node) {
      const name = node.dataset.figure;
      if (name === "reasons") {
        const parts = Object.keys(data.rejected_by_reason || {}).map(function (code) {
          return (T["reason_" + code] || code) + " " + data.rejected_by_reason[code];
        });
        node.textContent = parts.length ? "(" + parts.join(", ") + ")" : "";
      } else if (name in data) {
        node.textContent = String(data[name]);
      }
    });
  }

  function newKey() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    return Date.now().toString(36) + Math.random().toString(36).slice(2);
  }

  window.OpenSession = { appendText: appendText, el: el, strings: strings, format: format,
                         announce: announce, call: call, newKey: newKey, showFigures: showFigures };
})();
