from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length

from recon.auth.roles import STAFF_ROLES, Role
from recon.fields import ChoiceSelectField, ReadableText, stripped
from recon.i18n import lazy_gettext


def _role_choices(roles) -> list[SelectChoice]:
    """No role is chosen until the admin picks one (a default would decide what the account may
    see)."""
    return [SelectChoice("", lazy_gettext("请选择角色")),
            *(SelectChoice(r.value, lazy_gettext(r.label)) for r in Role if r in roles)]


class LoginForm(ReadableText, FlaskForm):
    username = StringField(lazy_gettext("用户名（手机号码或电子邮箱）"),
                           validators=[DataRequired(lazy_gettext("请填写用户名"))])
    password = PasswordField(lazy_gettext("密码"), validators=[DataRequired(lazy_gettext("请填写密码"))])


class RegisterForm(ReadableText, FlaskForm):
    display_name = StringField(lazy_gettext("姓名或单位名称"),
                               validators=[DataRequired(lazy_gettext("请填写您的姓名或单位名称")),
                                           Length(max=80, message=lazy_gettext("不超过 80 个字"))])
    contact = StringField(lazy_gettext("手机号码或电子邮箱"),
                          validators=[DataRequired(lazy_gettext("请填写手机号码或电子邮箱地址"))])
    password = PasswordField(lazy_gettext("设置密码"), validators=[DataRequired(lazy_gettext("请设置密码"))])
    confirm = PasswordField(lazy_gettext("再次输入密码"),
                            validators=[DataRequired(lazy_gettext("请再次输入密码")),
                                        EqualTo("password", message=lazy_gettext("两次输入的密码不一致"))])


class CreateUserForm(ReadableText, FlaskForm):
    username = StringField(lazy_gettext("用户名"),
                           validators=[DataRequired(lazy_gettext("请填写用户名")), Length(max=80)])
    display_name = StringField(lazy_gettext("姓名"),
                               validators=[DataRequired(lazy_gettext("请填写姓名")), Length(max=80)])
    role = ChoiceSelectField(lazy_gettext("角色"), choices=_role_choices(Role),
                             validators=[DataRequired(lazy_gettext("请选择角色"))])
    password = PasswordField(lazy_gettext("初始密码"),
                             validators=[DataRequired(lazy_gettext("请设置初始密码"))])


class RoleForm(ReadableText, FlaskForm):
    role = ChoiceSelectField(lazy_gettext("新角色"), choices=_role_choices(STAFF_ROLES),
                             validators=[DataRequired(lazy_gettext("请选择角色"))])


class FormerUnitForm(ReadableText, FlaskForm):
    former_unit = StringField(lazy_gettext("原工作单位"), filters=[stripped],
                              validators=[Length(max=200, message=lazy_gettext("不超过 200 个字"))])


class ResetPasswordForm(ReadableText, FlaskForm):
    password = PasswordField(lazy_gettext("新密码"), validators=[DataRequired(lazy_gettext("请设置新密码"))])


class ChangePasswordForm(ReadableText, FlaskForm):
    current_password = PasswordField(lazy_gettext("当前密码"),
                                     validators=[DataRequired(lazy_gettext("请填写当前密码"))])
    new_password = PasswordField(lazy_gettext("新密码"), validators=[DataRequired(lazy_gettext("请设置新密码"))])
    confirm = PasswordField(lazy_gettext("再次输入新密码"),
                            validators=[DataRequired(lazy_gettext("请再次输入新密码")),
                                        EqualTo("new_password", message=lazy_gettext("两次输入的新密码不一致"))])
