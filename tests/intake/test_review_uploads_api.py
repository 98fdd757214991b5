"""Review: POST /api/v1/uploads checks the material item (the column is 40 characters; an unknown
item used to be stored as is) before anything lands on disk."""

import io
from pathlib import Path

import pytest
from sqlalchemy import func, select

from recon.extensions import db
from recon.intake.models import Upload
from tests.intake.factories import PDF_BYTES, token_for


def _files(app) -> list[Path]:
    root = Path(app.config["STORAGE_DIR"])
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.parametrize("item", ["bogus", "x" * 100])
def test_unknown_item_is_refused_in_chinese(app, client, users, item):
    headers = token_for(client, "applicant")
    response = client.post("/api/v1/uploads", headers=headers, content_type="multipart/form-data",
                           data={"file": (io.BytesIO(PDF_BYTES), "证据.pdf"), "item": item})
    assert response.status_code == 422, response.get_json()
    assert "item" in response.get_json()["errors"]
    assert db.session.scalar(select(func.count()).select_from(Upload)) == 0
    assert _files(app) == []


def test_known_item_is_kept(client, users):
    headers = token_for(client, "applicant")
    response = client.post("/api/v1/uploads", headers=headers, content_type="multipart/form-data",
                           data={"file": (io.BytesIO(PDF_BYTES), "授权委托书.pdf"), "item": "power_of_attorney"})
    assert response.status_code == 201
    assert db.session.get(Upload, response.get_json()["id"]).item == "power_of_attorney"
