"""A bounded abuse run against recon served by gunicorn on 127.0.0.1 (issue 12's figures).

    python bench/abuse.py [--workers 2] [--logins 30] [--database-url URL]

Starts gunicorn (sync workers) on a free port of 127.0.0.1 with a fresh SQLite file (or the given
database, which must be empty), seeds the demo accounts, then sends probe families, each bounded:
oversized bodies (a declared 100 MB JSON body, a chunked one, a 2 MB page form), login timing for
real and unknown user names, hostile uploads, the daily upload quota, control characters in names,
odd paths, and the security headers of the pages. Prints the requests per family with their
statuses, the number of 5xx answers, the login timing (median of real and unknown names and the
difference), and the resident memory of the worker that was sent the 100 MB body, before and
after (it is refused before it is read). Figures are printed, never asserted. Never run as a test.
"""

from __future__ import annotations

import argparse
import http.client
import io
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
VENV_BIN = Path(sys.executable).parent
MB = 1024 * 1024
PASSWORD = "demo-pass-2026"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Run:
    def __init__(self, port: int):
        self.port = port
        self.statuses: dict[str, Counter] = defaultdict(Counter)

    def request(self, family: str, method: str, path: str, body: bytes | None = None,
                headers: dict | None = None) -> tuple[int, dict, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        data = response.read()
        conn.close()
        self.statuses[family][response.status] += 1
        return response.status, dict(response.getheaders()), data

    def json(self, family: str, path: str, payload, headers=None):
        return self.request(family, "POST", path, json.dumps(payload).encode(),
                            {"Content-Type": "application/json", **(headers or {})})

    def big_body(self, family: str, path: str, size: int, chunked: bool = False) -> tuple[int, float]:
        """Send `size` bytes (declared in Content-Length, or chunked without one) until the server
        answers or closes; (status, seconds)."""
        started = time.perf_counter()
        sock = socket.create_connection(("127.0.0.1", self.port), timeout=30)
        framing = "Transfer-Encoding: chunked" if chunked else f"Content-Length: {size}"
        sock.sendall((f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                      f"{framing}\r\nConnection: close\r\n\r\n").encode())
        piece = b"a" * (64 * 1024)
        chunk = b"%x\r\n" % len(piece) + piece + b"\r\n" if chunked else piece
        sent, answer = 0, b""
        sock.settimeout(0.02)
        try:
            while sent < size and not answer:
                try:
                    answer = sock.recv(65536)
                    break
                except TimeoutError:
                    pass
                sock.sendall(chunk)
                sent += len(piece)
            if chunked and not answer:
                sock.sendall(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass
        sock.settimeout(30)
        try:
            while b"\r\n" not in answer:
                more = sock.recv(65536)
                if not more:
                    break
                answer += more
        except (ConnectionResetError, TimeoutError):
            pass
        sock.close()
        status = int(answer.split()[1]) if answer.startswith(b"HTTP/") else 0
        self.statuses[family][status] += 1
        return status, time.perf_counter() - started


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def workers(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def scripted_pdf() -> bytes:
    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1)")})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def plain_pdf(note: bytes) -> bytes:
    from tests.intake.factories import PDF_BYTES

    return PDF_BYTES + b"%" + note


def multipart(name: str, content: bytes) -> tuple[bytes, str]:
    boundary = "----recon-abuse"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
            f"Content-Type: application/octet-stream\r\n\r\n").encode() + content + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def probes(run: Run, master: int, logins: int) -> dict:
    figures: dict = {}
    # -- bodies: a declared 100 MB JSON body to the token endpoint, refused before it is read
    for _ in range(4):  # warm every worker's token endpoint, so its memory does not grow for that
        run.request("big-body", "POST", "/api/v1/auth/token", b"{}", {"Content-Type": "application/json"})
    before = {pid: rss_kb(pid) for pid in workers(master)}
    status, seconds = run.big_body("big-body", "/api/v1/auth/token", 100 * MB)
    after = {pid: rss_kb(pid) for pid in workers(master)}
    figures["big_body"] = (status, seconds, before, after)
    run.big_body("big-body", "/api/v1/auth/token", 5 * MB, chunked=True)
    run.request("big-body", "POST", "/login", b"username=" + b"x" * (2 * MB),
                {"Content-Type": "application/x-www-form-urlencoded"})
    # -- login timing: real names (wrong password) against unknown names
    real, unknown = [], []
    for i in range(logins):
        for names, username in ((real, ("clerk", "handler", "supervisor")[i % 3]), (unknown, f"nobody{i}")):
            started = time.perf_counter()
            run.json("login-timing", "/api/v1/auth/token", {"username": username, "password": "wrong-pass-1"})
            names.append((time.perf_counter() - started) * 1000)
    figures["login"] = (statistics.median(real), statistics.median(unknown))
    # -- hostile uploads and the daily quota (as the demo applicant)
    _, _, data = run.json("uploads", "/api/v1/auth/token", {"username": "applicant", "password": PASSWORD})
    auth = {"Authorization": f"Bearer {json.loads(data)['token']}"}
    hostile = {"scripted.pdf": scripted_pdf(), "polyglot.pdf": plain_pdf(b"<html><script>alert(1)</script>"),
               "broken.png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "broken.pdf": b"%PDF-1.7\n" + b"x" * 500}
    for name, content in hostile.items():
        body, content_type = multipart(name, content)
        run.request("uploads", "POST", "/api/v1/uploads", body, {"Content-Type": content_type, **auth})
    quota = 0
    for i in range(15):
        body, content_type = multipart(f"证据{i}.pdf", plain_pdf(str(i).encode()))
        status, _, _ = run.request("quota", "POST", "/api/v1/uploads", body, {"Content-Type": content_type, **auth})
        quota += status == 201
    figures["quota_accepted"] = quota
    # -- control characters in a name
    for bad in ("\u202e", "\x1b[31m", "\u200b", "\n# 一、行政复议决定", "\uffff"):
        application = {"channel": "online", "submission_token": os.urandom(8).hex(),
                       "applicant": {"kind": "person", "name": f"张{bad}三", "id_number": "11010519491231002X",
                                     "phone": "13800138000", "address": "合江区人民路 8 号"},
                       "respondent": {"name": "合江区市场监督管理局"},
                       "act": {"title": "行政处罚决定书", "made_on": "2026-10-20", "known_on": "2026-10-22",
                               "informed_of_rights": True},
                       "request": "请求撤销", "facts_and_reasons": "事实不清"}
        run.json("control-characters", "/api/v1/applications", application, auth)
    # -- odd paths and the headers of the pages
    for path in ("/static/../config.py", "/cases/%2e%2e/1", "/lookup?case_no=%1b", "/documents/1.pdf",
                 "/api/v1/cases/..%2f..%2fetc%2fpasswd", "/admin/../../etc/passwd"):
        run.request("paths", "GET", path)
    missing = 0
    for path in ("/", "/login", "/register", "/lookup", "/verify", "/guide", "/no-such-page"):
        _, headers, _ = run.request("headers", "GET", path)
        csp = headers.get("Content-Security-Policy", "")
        missing += not ("frame-ancestors 'none'" in csp and "script-src 'self'" in csp
                        and headers.get("X-Content-Type-Options") == "nosniff" and headers.get("Referrer-Policy"))
    figures["headers_missing"] = missing
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--logins", type=int, default=30, help="login attempts per kind of name")
    parser.add_argument("--database-url")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        env = {**os.environ, "RECON_ENV": "production", "SECRET_KEY": os.urandom(16).hex(),
               "RECON_SECURE_COOKIES": "0", "RECON_SCHEDULER_ENABLED": "0",
               "DATABASE_URL": args.database_url or f"sqlite:///{tmp}/abuse.sqlite3",
               "RECON_STORAGE_DIR": f"{tmp}/files", "RECON_UPLOAD_DAILY_FILES": "10",
               # enough for the timing probe; the real limits are probed by tests/auth
               "RECON_RATELIMIT_LOGIN": "100000 per minute", "RECON_RATELIMIT_PUBLIC": "100000 per minute",
               "RECON_LOGIN_MAX_FAILURES": "100000"}
        flask = [str(VENV_BIN / "flask"), "--app", "wsgi:app"]
        subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
        subprocess.run([*flask, "recon", "seed-demo"], cwd=ROOT, env=env, check=True, capture_output=True)
        server = subprocess.Popen([str(VENV_BIN / "gunicorn"), "-w", str(args.workers), "-b", f"127.0.0.1:{port}",
                                   "--timeout", "60", "wsgi:app"], cwd=ROOT, env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            run = Run(port)
            for _ in range(100):
                try:
                    run.request("startup", "GET", "/")
                    break
                except OSError:
                    time.sleep(0.1)
            figures = probes(run, server.pid, args.logins)
            verify = subprocess.run([*flask, "recon", "audit", "verify"], cwd=ROOT, env=env, capture_output=True,
                                    text=True)
        finally:
            server.terminate()
            server.wait(timeout=30)
    total = sum(sum(c.values()) for c in run.statuses.values())
    server_errors = sum(n for c in run.statuses.values() for status, n in c.items() if status >= 500)
    print(f"gunicorn -w {args.workers} on 127.0.0.1:{port}, database {env['DATABASE_URL'].split('://')[0]}")
    print(f"{total} requests, {server_errors} answered 5xx")
    for family, counts in run.statuses.items():
        print(f"  {family:20} {sum(counts.values()):4} requests  " + ", ".join(
            f"{status}×{n}" for status, n in sorted(counts.items())))
    status, seconds, before, after = figures["big_body"]
    print(f"100 MB JSON body to /api/v1/auth/token: {status} in {seconds * 1000:.0f} ms; worker RSS "
          + ", ".join(f"pid {pid} {before[pid] / 1024:.1f} -> {after.get(pid, 0) / 1024:.1f} MB" for pid in before))
    real, unknown = figures["login"]
    print(f"login (median of {args.logins}): real name {real:.1f} ms, unknown name {unknown:.1f} ms, "
          f"difference {abs(real - unknown):.1f} ms")
    print(f"daily quota 10 files: {figures['quota_accepted']} of 15 uploads accepted")
    print(f"pages without the full security headers: {figures['headers_missing']}")
    print("audit verify: " + (verify.stdout.strip().splitlines()[0] if verify.returncode == 0
                              else verify.stderr.strip().splitlines()[0]))


if __name__ == "__main__":
    main()
