"""The staff inbox page (消息) and the header badge's count."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from recon.auth.decorators import role_required
from recon.auth.roles import STAFF_ROLES
from recon.clock import now_utc
from recon.extensions import db
from recon.i18n import gettext, ngettext
from recon.notifications import services
from recon.urls import safe_next

bp = Blueprint("notifications", __name__)

CASE_PAGE = "cases.show"  # url_for(CASE_PAGE, case_id=...), when the cases feature has it


@bp.app_context_processor
def inbox_badge():
    """``inbox_unread()`` for the staff layout's header badge (counted only where it is shown)."""

    def inbox_unread() -> int:
        if not (current_user.is_authenticated and current_user.is_staff):
            return 0
        return services.unread_count(db.session, current_user.id)

    return {"inbox_unread": inbox_unread, "inbox_badge_cap": services.BADGE_CAP}


@bp.get("/inbox")
@role_required(*STAFF_ROLES)
def inbox():
    unread_only = request.args.get("unread") == "1"
    before = request.args.get("before", type=int)
    page = services.inbox_page(db.session, current_user.id, before=before, unread_only=unread_only)
    case_page = CASE_PAGE if CASE_PAGE in current_app.view_functions else None
    return render_template("notifications/inbox.html", page=page, unread_only=unread_only,
                           before=before, case_page=case_page,
                           unread=services.unread_count(db.session, current_user.id))


def _back():
    return redirect(safe_next(request.form.get("next")) or url_for(".inbox"))


@bp.post("/inbox/<int:notification_id>/read")
@role_required(*STAFF_ROLES)
def mark_read(notification_id: int):
    services.mark_read(db.session, current_user, notification_id, now_utc())
    db.session.commit()
    flash(gettext("已标为已读"), "success")
    return _back()


@bp.post("/inbox/read-all")
@role_required(*STAFF_ROLES)
def mark_all_read():
    count = services.mark_all_read(db.session, current_user, now_utc())
    db.session.commit()
    flash(ngettext("已将 %(num)d 条消息标为已读", "已将 %(num)d 条消息标为已读", count) if count
          else gettext("没有未读消息"), "success")
    return _back()
