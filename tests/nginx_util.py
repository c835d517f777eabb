"""A real nginx (Debian's package) on a loopback port, serving a built site with the
configuration the build wrote for it (``_nginx-headers.conf``, output/serverconfig.py).

The tests include the snippet exactly as a deployment would: inside a ``server {}`` whose
``root`` holds the site at its published path. nginx runs in the foreground from a private
folder (its own pid, logs and temporary files), and stops with the test session.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from guidelines.output import serverconfig

NGINX = os.environ.get("NGINX") or shutil.which("nginx") or "/usr/sbin/nginx"
MIME_TYPES = Path("/etc/nginx/mime.types")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def config(home: Path, root: Path, port: int, snippet: Path | None) -> str:
    """A whole nginx.conf: one server on 127.0.0.1:port whose root is ``root``."""
    temp = " ".join(f"{kind}_temp_path {home / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi",
                                                                     "scgi"))
    user = "user root;\n" if os.geteuid() == 0 else ""  # the worker must read the site as we do
    # Without the build's snippet (a test's own pages): plain files, modules with their type.
    include = (f"include {snippet};" if snippet else
               r"location / { location ~ \.mjs$ { types { } default_type text/javascript; } }")
    return (f"{user}worker_processes 1;\npid {home / 'nginx.pid'};\nerror_log {home / 'error.log'} warn;\n"
            f"events {{ worker_connections 128; }}\n"
            f"http {{\n  include {MIME_TYPES};\n  default_type application/octet-stream;\n  access_log off;\n"
            f"  {temp}\n"
            f"  server {{\n    listen 127.0.0.1:{port};\n    server_name localhost;\n    root {root};\n"
            f"    {include}\n  }}\n}}\n")


def check_config(conf: Path) -> subprocess.CompletedProcess[str]:
    """``nginx -t`` on a configuration file."""
    return subprocess.run([NGINX, "-t", "-q", "-p", str(conf.parent), "-c", str(conf)],
                          capture_output=True, text=True, check=False)


@contextmanager
def nginx(root: Path, home: Path, *, snippet: Path | None = None, port: int | None = None) -> Iterator[str]:
    """Serve ``root`` (with ``snippet`` included) until the block ends; yields ``http://127.0.0.1:PORT``."""
    if not Path(NGINX).is_file():
        raise RuntimeError(f"no nginx at {NGINX}: apt-get install -y nginx (or set $NGINX)")
    port = port or free_port()
    home.mkdir(parents=True, exist_ok=True)
    conf = home / "nginx.conf"
    conf.write_text(config(home, root, port, snippet), encoding="utf-8")
    tested = check_config(conf)
    if tested.returncode:
        raise RuntimeError(f"nginx -t refused {conf}:\n{tested.stderr}")
    process = subprocess.Popen([NGINX, "-p", str(home), "-c", str(conf), "-g", "daemon off;"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        _wait_for(port, process, home)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.send_signal(signal.SIGQUIT)  # graceful: finish the requests under way
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_for(port: int, process: subprocess.Popen[str], home: Path, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log = home / "error.log"
            said = (process.stderr.read() if process.stderr else "") + (
                log.read_text(encoding="utf-8", errors="replace") if log.exists() else "")
            raise RuntimeError(f"nginx stopped at start ({process.returncode}):\n{said}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.02)
    raise RuntimeError(f"nginx did not listen on 127.0.0.1:{port} within {timeout} s")


def snippet_of(site: Path) -> Path | None:
    """The site's own nginx snippet, when the build wrote one."""
    path = site / serverconfig.NGINX_FILE
    return path if path.is_file() else None
