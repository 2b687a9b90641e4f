"""A Mimir-style gateway for the tests, from Debian's nginx, started on a free port in a temp
directory: ``/prometheus/...`` and ``/alertmanager/...`` prefixes, 401 without an
``X-Scope-OrgID`` header (or with an unknown one), and each org routed to its own backends,
as Mimir and Cortex gateways do. Traffic only to 127.0.0.1."""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from alerttui.demo.stack import free_port

from .helpers import stop_server


@dataclass(frozen=True)
class TLSFiles:
    cert: Path  # the gateway's certificate chain (PEM)
    key: Path
    client_ca: Path | None = None  # set: clients must present a certificate this CA signed


CONFIG = """\
daemon off;
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log {dir}/access.log;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    # The org (tenant) in X-Scope-OrgID picks the backends; no org, or an unknown one: 401.
    map $http_{org_var} $prometheus {{
        default "";
{prometheus_map}
    }}
    map $http_{org_var} $alertmanager {{
        default "";
{alertmanager_map}
    }}
    server {{
        listen 127.0.0.1:{port}{tls};
{auth_location}
        location /prometheus/ {{
            if ($prometheus = "") {{ return 401 "no org id\\n"; }}
{key_check}
            rewrite ^/prometheus/(.*)$ /$1 break;
            proxy_pass http://$prometheus;
        }}
        location /alertmanager/ {{
            if ($alertmanager = "") {{ return 401 "no org id\\n"; }}
{key_check}
            rewrite ^/alertmanager/(.*)$ /$1 break;
            proxy_pass http://$alertmanager;
        }}
    }}
}}
"""


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if found is None:
        raise RuntimeError("nginx is not installed (scripts/bootstrap.sh installs Debian's nginx)")
    return found


def _hostport(url: str) -> str:
    return urlsplit(url).netloc


def render(port: int, directory: Path, prometheus: Mapping[str, str], alertmanager: Mapping[str, str],
           api_key: str | None = None, auth_url: str | None = None, tls: TLSFiles | None = None,
           org_header: str = "X-Scope-OrgID") -> str:
    def lines(routes: Mapping[str, str]) -> str:
        return "\n".join(f'        "{org}" {_hostport(url)};' for org, url in routes.items())

    key_check = (f'            if ($http_x_api_key != "{api_key}") {{ return 401 "bad api key\\n"; }}'
                 if api_key else "")
    auth_location = ""
    if auth_url:  # OAuth2: every request's bearer token checked by the identity provider
        key_check += "\n            auth_request /_introspect;"
        auth_location = (f"        location = /_introspect {{\n            internal;\n"
                         f"            proxy_pass {auth_url};\n            proxy_pass_request_body off;\n"
                         f'            proxy_set_header Content-Length "";\n        }}')
    listen_tls = ""
    if tls is not None:  # HTTPS, and with client_ca, mutual TLS: no client certificate, no answer
        listen_tls = f" ssl;\n        ssl_certificate {tls.cert};\n        ssl_certificate_key {tls.key}"
        if tls.client_ca:  # (the template's ";" ends the last line)
            listen_tls += f";\n        ssl_client_certificate {tls.client_ca};\n        ssl_verify_client on"
    return CONFIG.format(dir=directory, port=port, prometheus_map=lines(prometheus),
                         alertmanager_map=lines(alertmanager), key_check=key_check, auth_location=auth_location,
                         tls=listen_tls, org_var=org_header.lower().replace("-", "_"))


@contextmanager
def gateway(prometheus: Mapping[str, str], alertmanager: Mapping[str, str],
            api_key: str | None = None, auth_url: str | None = None, tls: TLSFiles | None = None,
            org_header: str = "X-Scope-OrgID") -> Iterator[str]:
    """The gateway's base URL; ``prometheus``/``alertmanager``: org -> backend URL; with
    ``api_key``, also 401 unless ``X-API-Key`` carries it; with ``auth_url``, 401 unless
    that URL (an identity provider's introspection) answers 2xx to the request's headers;
    with ``tls``, HTTPS (mutual with ``tls.client_ca``); ``org_header``: the tenancy header
    (Mimir/Cortex ``X-Scope-OrgID``, Thanos ``THANOS-TENANT``)."""
    directory = Path(tempfile.mkdtemp(prefix="alerttui-gw-"))
    port = free_port()
    conf = directory / "nginx.conf"
    conf.write_text(render(port, directory, prometheus, alertmanager, api_key, auth_url, tls, org_header))
    proc = subprocess.Popen([nginx_binary(), "-p", str(directory), "-e", str(directory / "error.log"), "-c", str(conf)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"{'https' if tls else 'http'}://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                if tls:  # it listens: enough (its answers need a client certificate)
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                urllib.request.urlopen(f"{url}/prometheus/-/ready", timeout=1)
            except urllib.error.HTTPError:
                break  # 401: it answers
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"nginx did not start: {(directory / 'error.log').read_text(errors='replace')}"
                                       if (directory / "error.log").exists() else "nginx did not start") from None
                time.sleep(0.05)
        yield url
    finally:
        stop_server(proc, directory, 5)
