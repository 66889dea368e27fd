// Live reload for `digest-site serve`: injected into served HTML only, never into a build.
// Listens to the server on a WebSocket (which, unlike an event stream, holds none of the
// six connections a browser opens to a host: any number of pages can be open): `reload`
// reloads the page, `css` swaps the stylesheets in place, `diagnostics` shows the build
// errors over the page and `fixed` removes them. A lost connection is tried again.
// The socket's address says which version of the site the page is (`?v=`): on connecting,
// the server sends what changed since (so a save published while the page loaded is not
// missed), and a page of a server since restarted reloads.
(() => {
  "use strict";
  const script = document.currentScript;
  // The base path of the page's site (none on the page shown while no site has built).
  const pageBase = script.dataset.base;
  const eventsUrl = new URL(script.dataset.events, location.href);
  eventsUrl.protocol = location.protocol === "https:" ? "wss:" : "ws:";
  const OVERLAY_CSS = `
    :host { all: initial; }
    .backdrop { position: fixed; inset: 0; z-index: 2147483647; overflow: auto;
      background: rgba(24, 24, 27, 0.92); color: #f4f4f5;
      font: 14px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
    .panel { max-width: 60rem; margin: 2rem auto; padding: 1.5rem 2rem;
      border-top: 4px solid #f87171; background: #18181b; }
    h1 { font-size: 1rem; margin: 0 0 1rem; color: #fca5a5; }
    .error { margin: 0 0 1.5rem; }
    .location { color: #93c5fd; }
    .message { font-weight: bold; }
    pre { margin: 0.5rem 0; padding: 0.5rem; background: #27272a; overflow-x: auto; }
    .caret { color: #f87171; }
    .hint { color: #a3e635; }
    button { float: right; font: inherit; color: inherit; background: none; border: 1px solid #52525b;
      cursor: pointer; }
    p.note { color: #a1a1aa; margin: 0; }`;
  let overlayHost = null;

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function hideOverlay() {
    if (overlayHost) {
      overlayHost.remove();
      overlayHost = null;
    }
  }

  function showOverlay(overlay) {
    hideOverlay();
    overlayHost = document.createElement("digest-site-overlay");
    const root = overlayHost.attachShadow({ mode: "open" });
    root.appendChild(element("style", null, OVERLAY_CSS));
    const backdrop = element("div", "backdrop");
    const panel = element("div", "panel");
    const close = element("button", null, "\u00d7");
    close.title = "Hide until the next change";
    close.addEventListener("click", hideOverlay);
    panel.appendChild(close);
    const count = overlay.total;
    panel.appendChild(element("h1", null,
      `The site could not be rebuilt (${count} error${count === 1 ? "" : "s"}); the last good version is shown.`));
    for (const error of overlay.errors) {
      const block = element("div", "error");
      const where = error.line > 0 ? `${error.file}:${error.line}:${error.column}` : error.file;
      block.appendChild(element("div", "location", where));
      block.appendChild(element("div", "message", error.message));
      if (error.line > 0) {
        const pre = element("pre");
        const gutter = `${error.line} | `;
        pre.appendChild(document.createTextNode(gutter + error.source_line + "\n"));
        const pad = " ".repeat(gutter.length + Math.max(0, error.column - 1));
        pre.appendChild(element("span", "caret", pad + "^"));
        block.appendChild(pre);
      }
      if (error.hint) block.appendChild(element("div", "hint", `help: ${error.hint}`));
      panel.appendChild(block);
    }
    const more = count - overlay.errors.length;
    if (more > 0) {
      panel.appendChild(element("p", "note",
        `… and ${more} more error${more === 1 ? "" : "s"}: \`digest-site check\` lists every one.`));
    }
    panel.appendChild(element("p", "note", "Fix the file and save: this page updates by itself."));
    backdrop.appendChild(panel);
    root.appendChild(backdrop);
    document.documentElement.appendChild(overlayHost);
  }

  function swapStylesheets() {
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      const url = new URL(link.href, location.href);
      url.searchParams.set("live", Date.now().toString());
      const next = link.cloneNode();
      next.href = url.href;
      next.addEventListener("load", () => link.remove());
      next.addEventListener("error", () => next.remove());
      link.after(next);
    }
  }

  // A reload names the pages that changed (`null`: all of them): a page reloads when it is
  // one of them, so the edited paper's page comes back before its digest is rendered.
  // Paths are compared decoded: the server may name a page with its base path encoded
  // (`/%E8%AE%BA%E6%96%87/`) and its tag decoded (`/tags/剪枝/`).
  const decoded = (path) => {
    try {
      return decodeURI(path);
    } catch (_) {
      return path;
    }
  };
  const here = () => {
    const path = decoded(location.pathname);
    return path.endsWith("/index.html") ? path.slice(0, -"index.html".length) : path;
  };
  // A change that leaves the page as it is brings it to its version all the same: after a
  // lost connection, the page is sent only what came after.
  const reached = (message) => {
    if (message.version) eventsUrl.searchParams.set("v", message.version);
  };
  // A reload to a site served under another base path (the site's address changed, while
  // serving or before the server was started again) goes to the same page there.
  const reload = (base) => {
    const path = decoded(location.pathname);
    if (base && pageBase && base !== pageBase && path.startsWith(decoded(pageBase))) {
      const rest = path.slice(decoded(pageBase).length);
      location.replace(decoded(base) + rest + location.search + location.hash);
    } else {
      location.reload();
    }
  };
  const handlers = {
    ready() {},
    reload(message) {
      if (message.pages === null || message.pages.some((page) => decoded(page) === here())) {
        reload(message.base);
      } else {
        reached(message);
      }
    },
    css(message) {
      swapStylesheets();
      reached(message);
    },
    diagnostics: (message) => showOverlay(message.overlay),
    fixed: hideOverlay,
  };
  // Tried again while the server is away: soon at first, then every two seconds.
  let retries = 0;
  function connect() {
    const socket = new WebSocket(eventsUrl);
    socket.addEventListener("open", () => {
      retries = 0;
    });
    socket.addEventListener("message", (event) => {
      const message = JSON.parse(event.data);
      const handle = handlers[message.type];
      if (handle) handle(message);
    });
    socket.addEventListener("close", () => {
      setTimeout(connect, Math.min(2000, 250 * 2 ** retries++));
    });
  }
  connect();
})();
