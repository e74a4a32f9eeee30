"""Each role × each action × each newspaper: the one permission rule (``newsroom.roles``)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError

from broadsheet.newsroom import roles
from broadsheet.newsroom.models import RoleGrant
from broadsheet.newsroom.roles import Role

ACTIONS = ("view", "edit", "publish", "upload", "manage")
# person -> the actions allowed on (paper A, paper B of the same publisher, another publisher's)
EXPECTED = {
    "site_admin": (set(ACTIONS), set(ACTIONS), set(ACTIONS)),
    "superuser": (set(ACTIONS), set(ACTIONS), set(ACTIONS)),
    "publisher_admin": (set(ACTIONS), set(ACTIONS), set()),
    "editor_a": ({"view", "edit", "publish", "upload"}, set(), set()),
    "reviewer_a": ({"view"}, set(), set()),
    "nobody": (set(), set(), set()),
}


@pytest.mark.parametrize("person", EXPECTED)
def test_each_role_may_do_exactly_its_actions_on_each_paper(papers, person):
    user = papers.people[person]
    for action in ACTIONS:
        for paper, allowed in zip(_three(papers), EXPECTED[person], strict=True):
            assert roles.can(user, action, paper) == (action in allowed), (action, paper.slug)
            if action in allowed:
                roles.require(user, action, paper)
            else:
                with pytest.raises(PermissionDenied):
                    roles.require(user, action, paper)


@pytest.mark.parametrize("person", EXPECTED)
def test_newspapers_for_lists_the_same_papers_as_can(papers, person):
    user = papers.people[person]
    for action in ACTIONS:
        allowed = zip(_three(papers), EXPECTED[person], strict=True)
        expected = {p.slug for p, actions in allowed if action in actions}
        found = roles.newspapers_for(user, action).values_list("slug", flat=True)
        assert set(found) == expected, action


def _three(papers):
    return (papers.paper_a, papers.paper_b, papers.other)


def test_a_stranger_and_an_inactive_editor_may_do_nothing(papers):
    editor = papers.people["editor_a"]
    editor.is_active = False
    editor.save()
    for user in (AnonymousUser(), None, editor):
        assert not roles.newspapers_for(user, "view").exists()
        with pytest.raises(PermissionDenied):
            roles.require(user, "view", papers.paper_a)


def test_an_unknown_action_is_an_error_not_a_refusal(papers):
    with pytest.raises(ValueError, match="unknown newsroom action"):
        roles.can(papers.people["site_admin"], "delete", papers.paper_a)


def test_a_publisher_admin_gets_a_paper_the_publisher_adds_later(papers):
    from broadsheet.editions.models import Newspaper

    later = Newspaper.objects.create(
        slug="zhoubao", name="周报", publisher=papers.paper_a.publisher
    )
    assert roles.can(papers.people["publisher_admin"], "manage", later)
    assert not roles.can(papers.people["editor_a"], "view", later)


def test_a_grant_must_name_the_scope_its_role_needs(papers):
    user = papers.people["nobody"]
    with pytest.raises(IntegrityError):
        RoleGrant.objects.create(user=user, role=Role.EDITOR)  # an editor of no paper
