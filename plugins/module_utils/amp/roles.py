# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""AMP roles (API.md 6) with tri-state permission nodes per AMP process.

A role's name and id live on the ADS; each AMP process (the ADS and every
instance) keeps its own permission list for the role, where a node is
granted (``Node``), denied (``-Node``) or absent (it inherits from its parent
or a wildcard). Declared nodes are ``allow``/``deny``/``inherit``; each
node whose state differs is written with one SetAMPRolePermission
(``Enabled`` true, false or null) on the process it belongs to, and no
other node is touched.
"""

from __future__ import annotations

from ansible_collections.gameops.panels.plugins.module_utils.amp.checks import PERMISSION_STATES, check_nodes
from ansible_collections.gameops.panels.plugins.module_utils.amp.servers import Instances
from ansible_collections.gameops.panels.plugins.module_utils.errors import MissingReference, ReconcileError
from ansible_collections.gameops.panels.plugins.module_utils.reconcile import Adapter, Unresolved, differs
from ansible_collections.gameops.panels.plugins.module_utils.suggest import closest

ALLOW, DENY, INHERIT = "allow", "deny", "inherit"
STATES = PERMISSION_STATES
ENABLED = {ALLOW: True, DENY: False, INHERIT: None}


def parse_permissions(nodes):
    """AMP's permission list (``Node`` / ``-Node``) -> ``{node: allow|deny}``."""
    out = {}
    for node in nodes or []:
        if node.startswith("-"):
            out[node[1:]] = DENY
        else:
            out[node] = ALLOW
    return out


def known_nodes(tree):
    """``(leaves, groups)`` of a GetPermissionsSpec tree: the nodes a role may hold, and the groups ``X.*`` may name."""
    leaves, groups = set(), set()

    def walk(entries):
        for entry in entries or []:
            if entry.get("Children"):
                groups.add(entry["Node"])
                walk(entry["Children"])
            else:
                leaves.add(entry["Node"])
    walk(tree)
    return leaves, groups


def unknown_nodes(nodes, tree):
    leaves, groups = known_nodes(tree)
    return sorted(node for node in nodes if node != "*" and node not in leaves and not (
        node.endswith(".*") and node[:-2] in groups))


class RoleAdapter(Adapter):
    """AMP roles, keyed on the name, with the ADS's and declared instances' permission nodes."""

    kind = "role"
    key = "name"

    def __init__(self, client, planned_instances=(), instances_certain=False):
        self.client = client
        self.instances = Instances(client)
        #: instances a check-mode apply only plans: nothing to read or check in them yet
        self.planned_instances = frozenset(planned_instances)
        #: apply knows every instance the run leaves: one neither listed nor planned is missing in check mode too
        self.instances_certain = instances_certain
        self._apis = {}
        self._read = {}

    def canonical(self, role):
        return {
            "id": role["ID"],
            "name": role["Name"],
            "description": role.get("Description") or "",
            "permissions": parse_permissions(role.get("Permissions")),
            "members": sorted(m.get("Name") if isinstance(m, dict) else str(m) for m in role.get("Members") or []),
            "is_default": bool(role.get("IsDefault")),
            "hidden": bool(role.get("Hidden")),
            "disable_edits": bool(role.get("DisableEdits")),
            "common": bool(role.get("IsCommonRole")),
        }

    def list(self):
        return [self.canonical(r) for r in self.client.get_role_data()]

    @staticmethod
    def builtin(role):
        """AMP's own roles (Default, Super Admins): made by AMP, never deleted, so never unmanaged in a plan."""
        return bool(role.get("is_default") or role.get("disable_edits"))

    def prepare(self, desired):
        check_nodes(desired.get("permissions"), "permissions")
        instances = desired.get("instance_permissions") or {}
        for ref, nodes in instances.items():
            check_nodes(nodes, "instance_permissions.%s" % ref)
        # resolve (and reach) every named instance before any write; one an earlier task of the play creates is
        # planned as unresolved in check mode
        resolved = self.resolve(lambda: [self._api(ref) for ref in instances])
        if isinstance(resolved, Unresolved):
            desired["instance_permissions"] = resolved
        return desired

    @staticmethod
    def _check_known(api, nodes, option):
        """Every declared node must be one the process offers (its GetPermissionsSpec), checked before any write."""
        if not nodes or api is None:
            return
        tree = api.get_permissions_spec()
        unknown = unknown_nodes(nodes, tree)
        if unknown:
            leaves, _groups = known_nodes(tree)
            hints = []
            for node in unknown:
                near = closest(node, sorted(leaves))
                hints.append("%s (did you mean %s?)" % (node, near) if near else node)
            raise ReconcileError("%s has no permission node %s" % (api.label, ", ".join(hints)), option=option)

    def _api(self, ref):
        """The API of instance ``ref``; None for an instance this check-mode run only plans."""
        if ref in self.planned_instances:
            return None
        if ref not in self._apis:
            try:
                target, summary = self.instances.resolve(ref, option="instance_permissions")
            except MissingReference as exc:
                exc.certain = self.instances_certain
                raise
            self._apis[ref] = self.instances.api(target, summary, option="instance_permissions")
        return self._apis[ref]

    def complete(self, current, desired):
        current = dict(current)
        instances = desired.get("instance_permissions")
        if self.exact_grants and isinstance(instances, dict):
            # a document's role is complete: nodes it does not declare are inherit, in the ADS and in every
            # instance that can be asked (one whose AMP process runs), named or not
            desired["permissions"] = complete_nodes(desired.get("permissions"), current["permissions"])
            for name in self._running_instances():
                if name not in instances and self._permissions_in(name, current["id"]):
                    instances[name] = {}
            for ref in instances:
                instances[ref] = complete_nodes(instances[ref], self._permissions_in(ref, current["id"]))
        current["permissions"] = with_inherit(current["permissions"], desired.get("permissions"))
        if isinstance(instances, dict):
            current["instance_permissions"] = dict(
                (ref, with_inherit(self._permissions_in(ref, current["id"]), nodes)) for ref, nodes in instances.items())
        return current

    def _running_instances(self):
        return [s["InstanceName"] for _t, s in self.instances.all()
                if s.get("Module") != "ADS" and s.get("Running") and s["InstanceName"] not in self.planned_instances]

    def _permissions_in(self, ref, role_id):
        """The role's explicit nodes in instance ``ref`` (read once per run)."""
        api = self._api(ref)
        if api is None:
            return {}  # an instance apply only plans
        if (ref, role_id) not in self._read:
            self._read[(ref, role_id)] = parse_permissions(api.get_role_permissions(role_id))
        return self._read[(ref, role_id)]

    def refresh(self):
        self._read = {}

    def exported(self, role):
        """A listed role with its permissions in every instance whose AMP process runs (those that grant or deny
        a node); a stopped instance cannot be asked."""
        out = dict(role)
        granted = {}
        for target, summary in self.instances.all():
            if summary.get("Module") == "ADS" or not summary.get("Running"):
                continue
            nodes = parse_permissions(self.instances.api(target, summary).get_role_permissions(role["id"]))
            if nodes:
                granted[summary["InstanceName"]] = nodes
        if granted:
            out["instance_permissions"] = granted
        return out

    def validate(self, desired, current):
        if current is not None and current["disable_edits"] and self._edits(desired, current):
            raise ReconcileError("AMP role %r is protected from edits (a built-in role)" % current["name"],
                                 option="permissions")
        # every node that is going to be written must be one the process knows (read only when there is one)
        have = current or {}
        self._check_known(self.client, to_write(have.get("permissions"), desired.get("permissions")), "permissions")
        instances = desired.get("instance_permissions")
        if isinstance(instances, dict):
            for ref, nodes in instances.items():
                written = to_write((have.get("instance_permissions") or {}).get(ref), nodes)
                self._check_known(self._api(ref), written, "instance_permissions.%s" % ref)

    def _edits(self, desired, current):
        """Whether ``desired`` changes ``current``'s permissions where they can be read (an instance apply only
        plans cannot be asked yet)."""
        if "permissions" in desired and differs(desired["permissions"], current.get("permissions")):
            return True
        instances = desired.get("instance_permissions")
        if not isinstance(instances, dict):
            return False
        have = current.get("instance_permissions") or {}
        return any(differs(nodes, have.get(ref)) for ref, nodes in instances.items() if ref not in self.planned_instances)

    # -- writes ---------------------------------------------------------------------------

    def _write(self, api, role_id, have, want):
        """Write the nodes of ``want`` whose state differs from ``have``; return the nodes the role then holds
        (``{node: allow|deny}``, as AMP lists them: an inherited node is not held)."""
        self._read = {}
        held = dict((node, state) for node, state in have.items() if state != INHERIT)
        for node in sorted(want):
            if want[node] != have.get(node, INHERIT):
                api.set_role_permission(role_id, node, ENABLED[want[node]])
            if want[node] == INHERIT:
                held.pop(node, None)
            else:
                held[node] = want[node]
        return held

    def create(self, desired):
        role_id = self.client.create_role(desired["name"])
        # a new role may come with AMP's own defaults: compare with what it really holds
        self._write(self.client, role_id, parse_permissions(self.client.get_role_permissions(role_id)),
                    desired.get("permissions") or {})
        instances = {}
        for ref, nodes in (desired.get("instance_permissions") or {}).items():
            api = self._api(ref)
            instances[ref] = self._write(api, role_id, parse_permissions(api.get_role_permissions(role_id)), nodes)
        # the new role read alone (its flags and the ADS nodes as AMP made them), not the whole list again
        role = self.client.get_role(role_id)
        if not role:
            raise ReconcileError("AMP does not list role %r after creating it" % desired["name"])
        return self._result(self.canonical(role), instances)

    def update(self, current, desired, changed):
        role = dict((k, v) for k, v in current.items() if k != "instance_permissions")
        role["permissions"] = dict((node, state) for node, state in current["permissions"].items() if state != INHERIT)
        if "permissions" in changed:
            role["permissions"] = self._write(self.client, current["id"], current["permissions"], desired["permissions"])
        instances = dict((ref, dict((node, state) for node, state in nodes.items() if state != INHERIT))
                         for ref, nodes in (current.get("instance_permissions") or {}).items())
        if "instance_permissions" in changed:
            for ref, nodes in desired["instance_permissions"].items():
                instances[ref] = self._write(self._api(ref), current["id"],
                                             current["instance_permissions"].get(ref, {}), nodes)
        # what AMP accepted, as a read would show it: nothing is read again
        return self._result(role, instances)

    @staticmethod
    def _result(role, instances):
        if instances:
            role["instance_permissions"] = instances
        return role

    def delete(self, current):
        if current["is_default"] or current["disable_edits"]:
            raise ReconcileError("AMP role %r is a built-in role and cannot be deleted" % current["name"], option="name")
        self.client.delete_role(current["id"])

    def info(self, name=None):
        return [r for r in self.list() if name is None or r["name"] == name]


def to_write(current, declared):
    """The declared nodes whose state differs from ``current`` (None: a role that does not exist yet)."""
    current = current or {}
    return [node for node, state in (declared or {}).items() if state != current.get(node, INHERIT)]


def complete_nodes(declared, explicit):
    """``declared`` with ``inherit`` for every node of ``explicit`` it leaves out: the whole set of a role's nodes."""
    out = dict(declared or {})
    for node in explicit or {}:
        out.setdefault(node, INHERIT)
    return out


def with_inherit(explicit, declared):
    """``explicit`` plus ``inherit`` for every declared node that has no entry."""
    out = dict(explicit)
    for node in declared or {}:
        out.setdefault(node, INHERIT)
    return out
