"""The deployment as docs/DEPLOY.md builds it: the example environment file (only the database, folders and key
filled in), deploy/kien-nghi-flask for the schema and the first account, and deploy/nginx-kien-nghi.conf (TLS with a
throwaway certificate, only the addresses and ports changed) in front of two gunicorn servers in production mode.
A person signs in over HTTPS (secure cookie, CSRF with its Referer check) and is served by both servers in turn with
the same session; nginx's request id is the one the app logs and returns; the account log records the person's
own address as nginx saw it (TRUSTED_PROXIES=1 in the example), not nginx's nor one forged in X-Forwarded-For.
Skipped without nginx, except on CI."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import requests
import urllib3
from sqlalchemy import create_engine, text

from tests.processes import ROOT, Person, app_server, spawn, wait_for
from tests.smtp_server import free_port

pytestmark = [pytest.mark.slow, pytest.mark.postgres_only]
# The person's own machine: another loopback address than nginx's (127.0.0.1), so the log tells them apart.
CLIENT_ADDRESS = "127.0.0.5"
FORGED = "203.0.113.77"


class FromAddress(requests.adapters.HTTPAdapter):
    """Connections made from one local address, as from another machine."""

    def __init__(self, address: str):
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
HOW_TO = "nginx not found: `apt-get install -y nginx-light` to test the nginx site of docs/DEPLOY.md."


def site(tmp: Path, servers: list[str], http: int, https: int) -> Path:
    """deploy/nginx-kien-nghi.conf with this machine's certificate, log, upstream servers and ports."""
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-keyout", str(tmp / "key.pem"), "-out", str(tmp / "cert.pem")], check=True, capture_output=True)
    text = (ROOT / "deploy" / "nginx-kien-nghi.conf").read_text(encoding="utf-8")
    text = re.sub(r"/etc/letsencrypt/live/[^;]+/fullchain\.pem", str(tmp / "cert.pem"), text)
    text = re.sub(r"/etc/letsencrypt/live/[^;]+/privkey\.pem", str(tmp / "key.pem"), text)
    text = text.replace("/var/log/nginx/kien-nghi.access.log", str(tmp / "access.log"))
    upstream = "".join(f"    server {address} max_fails=3 fail_timeout=10s;\n" for address in servers)
    text = re.sub(r"(    server 10\.0\.0\.\d+:8000 [^\n]*\n)+", upstream, text)
    text = text.replace("listen 80;", f"listen 127.0.0.1:{http};").replace("listen 443 ", f"listen 127.0.0.1:{https} ")
    (tmp / "site.conf").write_text(text, encoding="utf-8")
    temp = "".join(f"  {kind}_temp_path {tmp / kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    main = (f"pid {tmp / 'nginx.pid'};\nerror_log {tmp / 'error.log'};\nevents {{}}\n"
            f"http {{\n{temp}  include {tmp / 'site.conf'};\n}}\n")
    (tmp / "nginx.conf").write_text(main, encoding="utf-8")
    return tmp / "nginx.conf"


def _clean(environ) -> dict[str, str]:
    return {k: v for k, v in environ.items() if k not in ("TEST_DATABASE_URL", "DATABASE_URL", "APP_ENV")}


def environment_file(tmp: Path, url: str) -> Path:
    """deploy/kien-nghi.env.example with this machine's database, folders and a real key: what an operator writes."""
    local = {"DATABASE_URL": url, "UPLOAD_DIR": str(tmp / "shared" / "uploads"),
             "REPORT_DIR": str(tmp / "shared" / "reports"), "INSTANCE_PATH": str(tmp / "instance"),
             "SECRET_KEY": "9f2c" * 16}
    lines = []
    for line in (ROOT / "deploy" / "kien-nghi.env.example").read_text(encoding="utf-8").splitlines():
        name = line.split("=", 1)[0]
        lines.append(f"{name}={local[name]}" if name in local else line)
    path = tmp / "kien-nghi.env"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def read_environment_file(path: Path) -> dict[str, str]:
    """The variables the file sets, read by the shell as deploy/kien-nghi-flask reads it."""
    done = subprocess.run(["bash", "-c", 'set -a; . "$0"; set +a; env -0', str(path)], env={},
                          capture_output=True, check=True)
    pairs = (item.split("=", 1) for item in done.stdout.decode().split("\0") if "=" in item)
    names = {line.split("=", 1)[0] for line in path.read_text(encoding="utf-8").splitlines() if "=" in line
             and not line.startswith("#")}
    return {k: v for k, v in pairs if k in names}


@pytest.mark.timeout(180)
def test_the_nginx_site_serves_two_servers_as_one_over_https(fresh_database_url, tmp_path):
    if not Path(NGINX).exists():
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true: the nginx site test must not skip. " + HOW_TO)
        pytest.skip(HOW_TO)
    urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
    env_file = environment_file(tmp_path, fresh_database_url)
    # The documented door for commands: deploy/kien-nghi-flask reads the environment file as the services do.
    for command in (["init-db"], ["create-user", "--username", "quantri", "--full-name", "Quản trị", "--role",
                                  "admin", "--password", "den-duong-ngo-nho-2026"]):
        done = subprocess.run([str(ROOT / "deploy" / "kien-nghi-flask"), *command], capture_output=True, text=True,
                              timeout=120, env={**_clean(os.environ), "KIEN_NGHI_ENV": str(env_file),
                                                "KIEN_NGHI_VENV": sys.prefix})
        assert done.returncode == 0, done.stderr
    env = {**_clean(os.environ), **read_environment_file(env_file)}
    assert env["APP_ENV"] == "production" and env["COUNCIL_NAME"] == "HĐND THÀNH PHỐ HÀ NỘI"
    processes = []
    try:
        servers = []
        for name in ("web-a", "web-b"):
            process, address = app_server(name, env, tmp_path / "logs", workers=1, threads=2)
            processes.append(process)
            servers.append(address.removeprefix("http://"))
        http, https = free_port(), free_port()
        (tmp_path / "nginx").mkdir()
        conf = site(tmp_path / "nginx", servers, http, https)
        nginx = spawn("nginx", [NGINX, "-c", str(conf), "-g", "daemon off;"], env, tmp_path / "logs")
        processes.append(nginx)
        base = f"https://127.0.0.1:{https}"
        person = Person("quantri", password="den-duong-ngo-nho-2026")
        person.http.trust_env, person.http.verify = False, False
        person.http.headers["Referer"] = f"{base}/auth/login"  # as a browser sends it (CSRF's HTTPS check)

        def up() -> bool:
            try:
                return person.http.get(f"{base}/readyz", timeout=5).status_code == 200
            except requests.RequestException:
                return False

        wait_for(up, 30, [nginx], what="nginx")
        plain = person.http.get(f"http://127.0.0.1:{http}/auth/login", allow_redirects=False, timeout=10)
        assert plain.status_code == 301 and plain.headers["Location"].startswith("https://")

        # From now on the person is outside (the health URLs above answer the inside network only).
        for scheme in ("http://", "https://"):
            person.http.mount(scheme, FromAddress(CLIENT_ADDRESS))
        person.http.headers["X-Forwarded-For"] = FORGED  # nginx appends the address it sees; only that counts
        assert person.attempt(base, "sai-mat-khau-roi").status_code == 200
        signed_in = person.attempt(base, person.password)
        del person.http.headers["X-Forwarded-For"]
        engine = create_engine(fresh_database_url)
        with engine.connect() as conn:
            logged = conn.execute(text("SELECT kind, ip FROM account_event WHERE kind LIKE 'sign_in%' ORDER BY id")).all()
        engine.dispose()
        assert logged == [("sign_in_failed", CLIENT_ADDRESS), ("sign_in", CLIENT_ADDRESS)], logged
        assert signed_in.status_code == 302, signed_in.status_code
        assert "Secure" in signed_in.headers["Set-Cookie"] and "HttpOnly" in signed_in.headers["Set-Cookie"]
        ids = []
        for _ in range(4):
            page = person.http.get(f"{base}/admin/ops/", timeout=30)
            assert page.status_code == 200 and "Vận hành" in page.text
            ids.append(page.headers["X-Request-Id"])
        served = {process.name: [i for i in ids if f'"request_id": "{i}"' in process.output()] for process in processes[:2]}
        assert all(served.values()) and sum(map(len, served.values())) == 4, served  # both servers, one session
        # One id from nginx's log to the app's and back. nginx writes its line after the response has gone out, so
        # on a loaded machine the last line may lag the response by a moment: wait for it rather than race it.
        wait_for(lambda: all(f"request_id={i}" in (tmp_path / "nginx" / "access.log").read_text() for i in ids), 10,
                 [nginx], what="the request ids in nginx's access log")
    finally:
        for process in reversed(processes):
            process.stop()

