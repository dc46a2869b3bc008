"""The rules of accounts: strong passwords (length, not the user name, not common, not the previous one),
user names that cannot impersonate another (ASCII after NFKC, no look-alikes), display names without
invisible control or direction-override characters."""
from __future__ import annotations

import pytest

from app.services.accounts import passwords
from app.services.accounts.users import create_user, update_user
from app.services.errors import InvalidData
from tests.factories import PASSWORD


@pytest.mark.parametrize(("password", "why"), [
    ("ngan-qua", "ít nhất 10 ký tự"),
    ("password12", "quá dễ đoán"),
    ("1234567890", "quá dễ đoán"),
    ("qwertyuiop", "quá dễ đoán"),
    ("matkhau2026", "quá dễ đoán"),
    ("iloveyou12", "quá dễ đoán"),
    ("nguyen.van.an7", "chứa tên đăng nhập"),
    ("NguyenVanAn2026", "chứa tên đăng nhập"),
    ("x" * 201, "dài quá 200"),
])
def test_weak_passwords_are_refused_with_the_reason(db_app, password, why):
    with pytest.raises(InvalidData, match=why):
        passwords.check_password_strength(password, "nguyen.van.an", "Nguyễn Văn An")


@pytest.mark.parametrize("password", [PASSWORD, "mua-thu-ha-noi-2026", "Sông Hồng chảy về xuôi"])
def test_passphrases_are_accepted(db_app, password):
    passwords.check_password_strength(password, "nguyen.van.an", "Nguyễn Văn An")


def test_generated_passwords_pass_the_policy(db_app):
    for _ in range(20):
        passwords.check_password_strength(passwords.generate_password(), "ai.do")


def test_a_new_password_is_neither_the_current_nor_the_previous_one(build):
    clerk = build.clerk
    passwords.set_password(clerk, "mua-thu-ha-noi-2026")
    with pytest.raises(InvalidData, match="khác mật khẩu hiện tại và mật khẩu trước đó"):
        passwords.set_password(clerk, PASSWORD)  # the one before
    with pytest.raises(InvalidData, match="khác mật khẩu hiện tại và mật khẩu trước đó"):
        passwords.set_password(clerk, "mua-thu-ha-noi-2026")  # the current one
    passwords.set_password(clerk, "gio-dong-bac-thang-muoi")
    passwords.set_password(clerk, PASSWORD)  # two changes back is allowed again
    assert clerk.check_password(PASSWORD)


@pytest.mark.parametrize("username", ["admın", "аdmin", "nguyễn.văn", "a b", ".admin", "admin.", "x" * 81, ""])
def test_user_names_are_plain_ascii(build, username):
    with pytest.raises(InvalidData, match="Tên đăng nhập chỉ gồm"):
        create_user(None, username=username, full_name="Ai đó", password=PASSWORD, role="clerk")


def test_full_width_user_names_become_ascii_and_look_alikes_are_refused(build):
    admin = build.admin
    assert admin.username == "admin"
    with pytest.raises(InvalidData, match="đã tồn tại"):
        create_user(None, username="ＡＤＭＩＮ", full_name="Giả mạo", password=PASSWORD, role="clerk")
    for look_alike in ("adm1n", "admln", "adrnin"):
        with pytest.raises(InvalidData, match="dễ nhầm với tài khoản “admin”"):
            create_user(None, username=look_alike, full_name="Giả mạo", password=PASSWORD, role="clerk")
    twin = create_user(None, username="nguyen.van.an", full_name="Nguyễn Văn An", password=PASSWORD, role="clerk")
    with pytest.raises(InvalidData, match="dễ nhầm"):
        create_user(None, username="nguyen_van_an", full_name="Nguyễn Văn An", password=PASSWORD, role="clerk")
    assert twin.username == "nguyen.van.an"


def test_display_names_lose_control_and_direction_override_characters(build):
    user = create_user(None, username="le.thi.hoa", full_name="Lê Thị\x00 Hoa\u202e", password=PASSWORD,
                       role="clerk")
    assert user.full_name == "Lê Thị Hoa"
    update_user(build.admin, user, full_name="\u2067Lê\u2069 Thị Hoa", email=None, role="clerk", agency=None,
                committee=None)
    assert user.full_name == "Lê Thị Hoa"
