"""Review: an e-mail longer than the login-name column (80) is refused with a Chinese message,
not left to the database (PostgreSQL raises StringDataRightTruncation, a 500)."""

from sqlalchemy import func, select

from recon.auth.models import User
from recon.extensions import db


def test_overlong_email_is_refused(client):
    contact = "a" * 90 + "@example.com"
    response = client.post("/register", data={"display_name": "张三", "contact": contact,
                                              "password": "abc12345", "confirm": "abc12345"})
    assert response.status_code == 422
    assert "不超过 80 个字符" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(User)) == 0
