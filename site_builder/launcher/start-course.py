#!/usr/bin/env python3
"""Start the course on this computer: serve the `course` folder on 127.0.0.1 and open the browser.

Needs only Python 3.7 or newer (the standard library; nothing to install). The site cannot be
opened as a file (file://): the browser needs it served over http, which is all this does.
Nothing leaves the computer: the server listens on 127.0.0.1, which only this computer can reach.

    python3 start-course.py              # then open the printed link if no browser appears
    python3 start-course.py --port 8123  # another port
    python3 start-course.py --no-browser # just print the link

Its HTTP handler is also the one `python -m site_builder serve` and the tests use
(site_builder/serve.py loads this file), so the course is served the same way everywhere.
"""
import argparse
import functools
import http.server
import os
import socket
import sys
import threading
import webbrowser

START_PATH = "notebooks/index.html?path=start_here.ipynb"
FIRST_PORT = 8000
PORTS_TO_TRY = 20  # 8000, 8001, ... keep the address (and the students' saved work) stable
HERE = os.path.dirname(os.path.abspath(__file__))
SITE = os.path.join(HERE, "course")

# Explicit types: a Windows registry entry can map .js to text/plain, which breaks the app.
TYPES = {
    ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".css": "text/css",
    ".json": "application/json", ".wasm": "application/wasm", ".svg": "image/svg+xml",
    ".png": "image/png", ".ico": "image/x-icon", ".woff": "font/woff", ".woff2": "font/woff2",
    ".ttf": "font/ttf", ".whl": "application/octet-stream", ".zip": "application/zip",
    ".ipynb": "application/json", ".md": "text/markdown", ".txt": "text/plain",
}


class Handler(http.server.SimpleHTTPRequestHandler):
    """Serves a site folder (``directory=``) with the types above and ``Cache-Control: no-cache``."""
    extensions_map = dict(http.server.SimpleHTTPRequestHandler.extensions_map, **TYPES)

    def end_headers(self):
        # Always ask the server whether a file changed (a cheap 304 when it did not), so a newer
        # copy of the course is picked up at the next reload.
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, *args):  # a notebook load makes hundreds of requests: stay quiet
        pass


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    # On Windows SO_REUSEADDR would let two servers share a port; elsewhere it only allows a
    # quick restart.
    allow_reuse_address = os.name != "nt"


def make_server(site, port):
    """A server for the folder ``site`` on 127.0.0.1:port (0: any free port); OSError if taken."""
    return Server(("127.0.0.1", port), functools.partial(Handler, directory=str(site)))


def start_server(port):
    """Bind 127.0.0.1:port, or the next free port of the range, or any free port."""
    candidates = [port] if port else list(range(FIRST_PORT, FIRST_PORT + PORTS_TO_TRY)) + [0]
    for p in candidates:
        try:
            return make_server(SITE, p)
        except OSError:
            continue
    raise SystemExit("Port {} is in use. Try another one: --port 8123".format(port))


def main(argv=None):
    ap = argparse.ArgumentParser(description="Serve the course on this computer and open it in the browser.")
    ap.add_argument("--port", type=int, default=0,
                    help="port to use (default: 8000, or the next free one)")
    ap.add_argument("--no-browser", action="store_true", help="do not open a browser; just print the link")
    args = ap.parse_args(argv)

    if not os.path.isfile(os.path.join(SITE, "index.html")):
        print("The 'course' folder is missing next to this file ({}).\n"
              "Unzip the whole archive first, then start this file from the unzipped folder."
              .format(HERE), file=sys.stderr)
        return 1

    server = start_server(args.port)
    port = server.server_address[1]
    url = "http://127.0.0.1:{}/{}".format(port, START_PATH)
    print("\nThe course is running at\n\n    {}\n".format(url), flush=True)
    if port != FIRST_PORT and not args.port:
        print("(Port {} was busy, so this uses port {}. Work saved in the browser belongs to the\n"
              " address: to find earlier work, use the same address as last time.)\n"
              .format(FIRST_PORT, port), flush=True)
    print("Keep this window open while you work. Press Ctrl+C (or close the window) to stop.",
          flush=True)
    if not args.no_browser:
        # In a thread: on some systems webbrowser.open waits for the browser.
        threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    print("\nStopped.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
