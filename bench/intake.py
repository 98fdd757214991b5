"""Benchmark of online filing through the API against a bare Flask endpoint.

    python bench/intake.py [--n 40] [--database-url URL]

Each filing is what a mini-program does: POST /api/v1/uploads with a 1 MB PDF, then
POST /api/v1/applications referencing it (case number, parties, snapshot, materials, two
deadlines, timeline, audit, duplicate check and the receipt PDF, in one transaction). The bare
endpoint receives the same 1 MB file and inserts one row into the same database; the
durable-storage bare endpoint also keeps the file as recon does (sha256, atomic write, fsync), the
floor for any endpoint that must not lose an upload. Requests go through the WSGI stack in-process
(Flask's test client), one after another.

Prints filings/s, both bare rates, both ratios (target, issue 11: filings >= 0.25 x the
durable-storage bare endpoint), the receipt PDF's time (median of the N filings' receipts, wall
and CPU; target <= 10 ms) and where a filing's time goes. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask import Flask, request  # noqa: E402
from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, insert  # noqa: E402

from recon import create_app  # noqa: E402
from recon.extensions import db  # noqa: E402

MB = 1024 * 1024


def attachment(i: int) -> bytes:
    """A 1 MB PDF that opens (uploads are read whole): one page and a stream of random bytes."""
    from pypdf import PdfWriter
    from pypdf.generic import NameObject, StreamObject

    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    scan = StreamObject()
    scan.set_data(os.urandom(MB - 1024))
    scan[NameObject("/Subtype")] = NameObject("/XML")  # an opaque payload nothing renders
    page[NameObject("/PieceInfo")] = writer._add_object(scan)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def payload(token: str, upload_id: str, i: int) -> dict:
    return {
        "channel": "online", "submission_token": token,
        "applicant": {"kind": "person", "name": "张三", "id_number": "11010519491231002X",
                      "phone": "13800138000", "address": "合江区人民路 8 号"},
        "respondent": {"name": "合江区市场监督管理局"},
        "act": {"title": "行政处罚决定书", "doc_no": f"合市监罚〔2026〕{i}号", "made_on": "2026-10-20",
                "known_on": "2026-10-22", "informed_of_rights": True},
        "request": "请求撤销行政处罚决定", "facts_and_reasons": "事实不清，证据不足。" * 20,
        "attachments": [upload_id],
    }


class Split:
    """Seconds spent in each part of the filings (each receipt PDF timed inside its application)."""

    def __init__(self) -> None:
        self.upload = self.application = 0.0
        self.cpu = 0.0  # CPU seconds of all the filings (wall time includes waiting for fsync)
        self.receipts: list[float] = []  # wall seconds of each receipt build
        self.receipts_cpu: list[float] = []  # CPU seconds of the same builds

    def watch_receipt(self) -> None:
        from recon.documents import services

        render = services._render

        def timed(kind, ctx, template):
            start, cpu = time.perf_counter(), time.process_time()
            try:
                return render(kind, ctx, template)
            finally:
                if kind.name == "receipt":
                    self.receipts.append(time.perf_counter() - start)
                    self.receipts_cpu.append(time.process_time() - cpu)

        services._render = timed


def bench_filing(url: str, storage_dir: str, n: int, split: Split) -> float:
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url, STORAGE_DIR=storage_dir)
    with app.app_context():
        from flask_migrate import upgrade

        import recon.auth.services as auth

        auth.PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"
        upgrade()
        auth.create_user(db.session, None, "bench", "applicant", "bench-pass-1")
        db.session.commit()
    client = app.test_client()
    token = client.post("/api/v1/auth/token",
                        json={"username": "bench", "password": "bench-pass-1"}).get_json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    files = [attachment(i) for i in range(n + 2)]

    def one(i: int) -> tuple[float, float]:
        start = time.perf_counter()
        up = client.post("/api/v1/uploads", headers=headers, content_type="multipart/form-data",
                         data={"file": (io.BytesIO(files[i]), "evidence.pdf")})
        assert up.status_code == 201, up.get_json()
        uploaded = time.perf_counter()
        filed = client.post("/api/v1/applications", headers=headers,
                            json=payload(uuid.uuid4().hex, up.get_json()["id"], i))
        assert filed.status_code == 201, filed.get_json()
        return uploaded - start, time.perf_counter() - uploaded

    one(n)  # warm-up: fonts, templates, calendar cache
    one(n + 1)
    split.watch_receipt()
    start, cpu = time.perf_counter(), time.process_time()
    for i in range(n):
        upload_s, application_s = one(i)
        split.upload += upload_s
        split.application += application_s
    split.cpu = time.process_time() - cpu
    return n / (time.perf_counter() - start)


def bench_bare(url: str, n: int, storage_dir: str | None = None) -> float:
    """The bare endpoint; with ``storage_dir`` it also keeps the file as recon does (sha256,
    atomic write, fsync), the least any endpoint that must not lose the upload can do."""
    from recon.storage import Storage

    storage = Storage(storage_dir) if storage_dir else None
    engine = create_engine(url)
    table = Table("bench_bare", MetaData(), Column("id", Integer, primary_key=True),
                  Column("name", String(200)), Column("size", Integer))
    table.create(engine, checkfirst=True)
    app = Flask("bare")

    @app.post("/bare")
    def bare():
        upload = request.files["file"]
        size = storage.put_stream(upload.stream).size if storage else len(upload.read())
        with engine.begin() as conn:
            conn.execute(insert(table).values(name=request.form["name"], size=size))
        return {"ok": True}, 201

    client = app.test_client()
    files = [attachment(i) for i in range(n + 1)]
    client.post("/bare", data={"name": "warm", "file": (io.BytesIO(files[n]), "e.pdf")},
                content_type="multipart/form-data")
    start = time.perf_counter()
    for i in range(n):
        response = client.post("/bare", data={"name": "张三", "file": (io.BytesIO(files[i]), "e.pdf")},
                               content_type="multipart/form-data")
        assert response.status_code == 201
    rate = n / (time.perf_counter() - start)
    engine.dispose()
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=40)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{tmp}/bench.sqlite3"
        split = Split()
        filing = bench_filing(url, f"{tmp}/files", args.n, split)
        bare = bench_bare(url, args.n)
        stored = bench_bare(url, args.n, f"{tmp}/bare-files")
    n = args.n
    receipt = statistics.median(split.receipts) * 1000
    receipt_cpu = statistics.median(split.receipts_cpu) * 1000
    print(f"database: {url.split('://')[0]}; {n} filings, 1 MB attachment each")
    print(f"online filing (upload + application):    {filing:8.1f} filings/s ({1000 / filing:6.1f} ms each)")
    print(f"bare endpoint (same upload, 1 row):      {bare:8.1f} requests/s ({1000 / bare:6.1f} ms each)")
    print(f"durable-storage bare (+ sha256, fsync):  {stored:8.1f} requests/s ({1000 / stored:6.1f} ms each)")
    print(f"ratio filing / bare:                     {filing / bare:8.2f}")
    print(f"ratio filing / durable-storage bare:     {filing / stored:8.2f} (target >= 0.25)")
    print(f"receipt PDF, median of {len(split.receipts)}:              {receipt:8.1f} ms wall, "
          f"{receipt_cpu:.1f} ms CPU (target <= 10 ms)")
    print(f"  upload request (parse, type check, sha256, durable write, row, audit): "
          f"{1000 * split.upload / n:6.1f} ms = {split.upload / n * bare:.1f} x bare")
    print(f"  application request: {1000 * split.application / n:6.1f} ms, of which the receipt PDF "
          f"{1000 * sum(split.receipts) / n:6.1f} ms")
    print(f"  CPU of a filing (both requests): {1000 * split.cpu / n:6.1f} ms (target <= 50 ms, i.e. >= 20 "
          f"filings/s a core; README \"Tests and benchmarks\"); on a busy machine the wall times above "
          f"grow with the load, fsync waits do not")


if __name__ == "__main__":
    main()
