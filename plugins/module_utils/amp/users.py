# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""AMP users (ADS, API.md 5): account flags, e-mail, password and role membership.

UpdateUserInfo replaces the four flags and the e-mail address at once, so
an update is built from the user's current values with the declared ones
applied. Role membership is kept by role name and written one
SetAMPUserRoleMembership per role that joins or leaves.
"""

from __future__ import annotations

from ansible_collections.gameops.panels.plugins.module_utils.errors import MissingReference, ReconcileError
from ansible_collections.gameops.panels.plugins.module_utils.reconcile import Adapter, Unresolved
from ansible_collections.gameops.panels.plugins.module_utils.suggest import unknown

INFO_FIELDS = ("email", "enabled", "must_change_password", "password_expires", "cannot_change_password")


class Roles:
    """Role names <-> ids, read once per run (Core/GetRoleIds)."""

    def __init__(self, client):
        self.client = client
        self._by_id = None
        self._planned = set()
        #: the roles are apply's (every role the run leaves): one not among them is missing in check mode too
        self._certain = False

    def know(self, roles):
        """Take apply's list of every role as the run leaves it (``ctx.objects['role']``) instead of reading the
        ids again; a role a check-mode run only plans has no id yet, and resolves to None."""
        self._by_id = dict((r["id"], r["name"]) for r in roles if r.get("id") is not None)
        self._planned = set(r["name"] for r in roles if r.get("id") is None)
        self._certain = True

    def by_id(self):
        if self._by_id is None:
            self._by_id = dict(self.client.get_role_ids())
        return self._by_id

    def names(self, role_ids):
        known = self.by_id()
        return sorted(known.get(role_id, role_id) for role_id in role_ids or [])

    def role_id(self, name, option="roles"):
        matches = [role_id for role_id, role_name in self.by_id().items() if role_name == name]
        if not matches and name in self._planned:
            return None
        if not matches:
            raise MissingReference(unknown("AMP role", name, list(self.by_id().values()) + sorted(self._planned)),
                                   option=option, kind="role", ref=name, certain=self._certain)
        return matches[0]


class UserAdapter(Adapter):
    """AMP users, keyed on the username."""

    kind = "user"
    key = "username"
    write_only = frozenset(["password"])
    # CreateUser takes only a name; the password is a ResetUserPassword of its own
    write_only_in_create = False
    unordered = frozenset(["roles"])

    def __init__(self, client):
        self.client = client
        self.roles = Roles(client)
        self._lookups = []
        #: normalised username -> UserInfo as this run leaves it: read once (GetAllAMPUserInfo lists every user,
        #: there is no narrower list), then kept up to date with what this adapter writes
        self._known = None

    def normalize_key(self, value):
        # AMP usernames are case-blind at login
        return None if value is None else str(value).lower()

    def narrow(self, keys):
        self._lookups = [k for k in keys if k is not None]

    def canonical(self, user):
        return {
            "id": user["ID"],
            "username": user["Name"],
            "email": user.get("EmailAddress") or "",
            "enabled": not user.get("Disabled"),
            "must_change_password": bool(user.get("MustChangePassword")),
            "password_expires": bool(user.get("PasswordExpires")),
            "cannot_change_password": bool(user.get("CannotChangePassword")),
            "roles": self.roles.names(user.get("Roles")),
            "two_factor": bool(user.get("IsTwoFactorEnabled")),
            "super_user": bool(user.get("IsSuperUser")),
            "ldap": bool(user.get("IsLDAPUser")),
            "last_login": user.get("LastLogin"),
        }

    def list(self):
        users = self.client.get_all_users()
        self._known = dict((self.normalize_key(u["Name"]), u) for u in users)
        return [self.canonical(u) for u in users]

    def refresh(self):
        self._known = None

    def prepare(self, desired):
        if "roles" in desired:
            roles = sorted(set(desired["roles"]))
            # a role an earlier task of the play creates is planned as unresolved in check mode
            resolved = self.resolve(lambda: [self.roles.role_id(name) for name in roles])
            desired["roles"] = resolved if isinstance(resolved, Unresolved) else roles
        if "email" in desired and desired["email"] and "@" not in desired["email"]:
            raise ReconcileError("must be an e-mail address, got %r" % desired["email"], option="email")
        return desired

    def _info(self, username, user):
        self.client.update_user_info(username, disabled=not user.get("enabled", True),
                                     password_expires=user.get("password_expires", False),
                                     cannot_change_password=user.get("cannot_change_password", False),
                                     must_change_password=user.get("must_change_password", False),
                                     email=user.get("email") or "")

    def _user_info(self, username):
        """The UserInfo of ``username`` as this run leaves it: from the one list of the run, else read alone."""
        key = self.normalize_key(username)
        if self._known is None:
            self._known = dict((self.normalize_key(u["Name"]), u) for u in self.client.get_all_users())
        if key not in self._known:
            user = self.client.get_user_info(username)
            if not user or self.normalize_key(user.get("Name")) != key:
                raise ReconcileError("AMP does not list user %r after writing it" % username)
            self._known[key] = user
        return self._known[key]

    def _wrote(self, username, **fields):
        """What AMP accepted, kept in the run's copy of the user (nothing is read again)."""
        user = dict(self._user_info(username), **fields)
        self._known[self.normalize_key(username)] = user
        return user

    def _info_written(self, username, user):
        self._info(username, user)
        self._wrote(username, Disabled=not user.get("enabled", True),
                    PasswordExpires=bool(user.get("password_expires", False)),
                    CannotChangePassword=bool(user.get("cannot_change_password", False)),
                    MustChangePassword=bool(user.get("must_change_password", False)),
                    EmailAddress=user.get("email") or "")

    def _membership(self, username, user_id, name, is_member):
        role_id = self.roles.role_id(name)
        self.client.set_user_role_membership(user_id, role_id, is_member)
        roles = [r for r in self._user_info(username).get("Roles") or [] if r != role_id]
        self._wrote(username, Roles=roles + [role_id] if is_member else roles)

    def create(self, desired):
        username = desired["username"]
        user_id = self.client.create_user(username)
        if self._known is not None:
            # a user of that name the run's list lacks is new: read it alone (its flags as AMP made them)
            self._known.pop(self.normalize_key(username), None)
        if desired.get("password"):
            self.client.reset_user_password(username, desired["password"])
        if any(field in desired for field in INFO_FIELDS):
            # the flags AMP gave the new user stay as they are unless declared
            declared = dict((field, desired[field]) for field in INFO_FIELDS if field in desired)
            self._info_written(username, dict(self.canonical(self._user_info(username)), **declared))
        for name in desired.get("roles") or []:
            self._membership(username, user_id, name, True)
        return self.canonical(self._user_info(username))

    def update(self, current, desired, changed):
        username = current["username"]
        if "password" in changed:
            self.client.reset_user_password(username, desired["password"])
        if any(field in changed for field in INFO_FIELDS):
            self._info_written(username, desired)
        if "roles" in changed:
            have, want = set(current["roles"]), set(desired["roles"])
            for name in sorted(want - have):
                self._membership(username, current["id"], name, True)
            for name in sorted(have - want):
                self._membership(username, current["id"], name, False)
        return self.canonical(self._user_info(username))

    def delete(self, current):
        if self.normalize_key(current["username"]) == self.normalize_key(self.client.username):
            # purge would otherwise lock the run (and the operator) out
            raise ReconcileError("AMP user %r is the account this task logs in as (panel_username) and is not "
                                 "deleted; declare it, or log in as another account" % current["username"],
                                 option="username")
        self.client.delete_user(current["username"])
        if self._known is not None:
            self._known.pop(self.normalize_key(current["username"]), None)

    def info(self, **filters):
        users = self.list()
        wanted = filters.get("username")
        if wanted is not None:
            users = [u for u in users if self.normalize_key(u["username"]) == self.normalize_key(wanted)]
        if filters.get("email") is not None:
            users = [u for u in users if u["email"].lower() == filters["email"].lower()]
        return users
