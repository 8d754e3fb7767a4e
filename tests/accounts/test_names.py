"""People's names as Chinese users write them: family name first, no space."""

import pytest

from backend.accounts.models import User

pytestmark = pytest.mark.django_db


def test_a_chinese_name_is_family_name_first_without_a_space():
    user = User.objects.create(username="wjg", first_name="建国", last_name="王")
    assert user.get_full_name() == "王建国"


def test_a_two_character_family_name_too():
    assert User(username="oy", first_name="晓东", last_name="欧阳").get_full_name() == "欧阳晓东"


def test_a_latin_name_keeps_the_given_name_first():
    assert User(username="js", first_name="John", last_name="Smith").get_full_name() == "John Smith"
