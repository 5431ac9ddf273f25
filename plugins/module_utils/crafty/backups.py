# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Crafty backup configurations of one server (API.md 12.1-12.5), and running or restoring a backup (12.7)."""

from __future__ import annotations

from ansible_collections.gameops.panels.plugins.module_utils.backups import BackupRun
from ansible_collections.gameops.panels.plugins.module_utils.crafty.client import columns, comma_set
from ansible_collections.gameops.panels.plugins.module_utils.errors import ReconcileError
from ansible_collections.gameops.panels.plugins.module_utils.reconcile import CREATE, Adapter, Reconciler

# canonical field -> Crafty field
FIELD_NAMES = {"name": "backup_name", "location": "backup_location", "ignored": "excluded_dirs"}
FIELDS = ("name", "location", "max_backups", "compress", "shutdown", "before", "after", "ignored", "backup_type")
STATES = ("present", "absent", "taken", "restored")


#: quirk 15: excluded_dirs goes in as an array and comes back as one comma-joined string (or null)
parse_ignored = comma_set


class BackupConfigAdapter(Adapter):
    kind = "backup"
    key = "name"
    unordered = frozenset(["ignored"])

    def __init__(self, client, server):
        self.client = client
        self.server = server
        self._listed = None

    @staticmethod
    def canonical(config):
        out = {"id": config["backup_id"], "default": bool(config.get("default"))}
        out.update(columns(config, FIELDS, FIELD_NAMES))
        out["ignored"] = parse_ignored(config.get("excluded_dirs"))
        return out

    def list(self):
        if self.server.get("id") is None:  # a server a check-mode run only plans has no configurations yet
            self._listed = []
            return []
        # quirk 4: a bare dict keyed by backup_id; the client turns it into a list
        self._listed = [self.canonical(c) for c in self.client.list_backups(self.server["id"],
                                                                            label=self.server["label"])]
        return self._listed

    def defaults(self, desired):
        """A superuser's new configuration without a location goes where the server's default one keeps its
        archives: Crafty itself stores an empty location for it, and then writes the archives into its own
        working directory (it fills the location in only for other users)."""
        if desired.get("location") is None and self.client.me().get("superuser"):
            listed = self._listed if self._listed is not None else self.list()  # apply hands a new server's []
            home = [c.get("location") for c in listed if c.get("default") and c.get("location")]
            if home:
                return dict(desired, location=home[0])
        return desired

    def prepare(self, desired):
        if "ignored" in desired:
            desired["ignored"] = parse_ignored(desired["ignored"])
        return desired

    def validate(self, desired, current):
        if "backup_type" in desired:
            self.client.version.require("backup_type", option="backup_type")
        if "location" in desired and (current is None or current.get("location") != desired["location"]):
            if not self.client.me().get("superuser"):
                # the non-superuser schema forbids it (quirk 10); Crafty picks the location itself then
                raise ReconcileError("Crafty lets only a superuser set a backup location (the account %r is not one)"
                                     % self.client.me().get("username"), option="location")

    def _body(self, fields, desired):
        return dict((FIELD_NAMES.get(f, f), desired[f]) for f in fields if f in desired)

    def create(self, desired):
        self.client.create_backup(self.server["id"], self._body(FIELDS, desired), label=self.server["label"])
        # quirk 15: no id comes back; list the configurations and take the one of this name
        found = [c for c in self.list() if c["name"] == desired["name"]]
        if len(found) != 1:
            raise ReconcileError("Crafty created backup configuration %r but lists %d of that name"
                                 % (desired["name"], len(found)), option="name")
        return found[0]

    def update(self, current, desired, changed):
        self.client.update_backup(self.server["id"], current["id"], self._body(changed, desired),
                                  label=self.server["label"])
        return desired

    def delete(self, current):
        self.client.delete_backup(self.server["id"], current["id"], label=self.server["label"])


def exported_configs(configs, server):
    """Configurations as the backup module takes them, and notes on what was left out.

    A location in this server's own backup folder (every configuration Crafty or the module makes without one)
    is left out, so a new server gets its own; another location naming this server's id is left out with a note.
    """
    home = [c.get("location") for c in configs if c.get("default")]
    out, notes = [], []
    for config in configs:
        config = dict((k, v) for k, v in config.items() if k not in ("id", "default"))
        location = config.get("location")
        if location in home or location == "":
            config.pop("location", None)
        elif location and len(str(server.get("id") or "")) >= 8 and str(server["id"]) in location:
            config.pop("location")
            notes.append("location of backup configuration %r (%s) names this server's own folder; left out"
                         % (config["name"], location))
        out.append(config)
    return out, notes


class BackupTask:
    """The backup module on Crafty: one named configuration, and what to do with it."""

    def __init__(self, client, server, check_mode=False):
        self.client = client
        self.server = server
        self.check_mode = check_mode
        self.adapter = BackupConfigAdapter(client, server)

    def run(self, name=None, state="present", archive=None, in_place=None, **fields):
        self.client.version.require("backup_configs", option="name")
        if in_place is not None:
            self.client.version.require("restore_in_place", option="in_place")
        engine = Reconciler(self.adapter, check_mode=self.check_mode)
        if state == "absent":
            plan = engine.plan(absent=[name])
            for change in plan.changes:
                # quirk 15: the default configuration cannot be deleted (Crafty answers 405 NOT_ALLOWED)
                if change.current.get("default"):
                    raise ReconcileError("%r is the default backup configuration of server %s, which Crafty does not "
                                         "delete" % (name, self.server["label"]), option="name")
        else:
            desired = dict((f, fields.get(f)) for f in FIELDS if f != "name")
            plan = engine.plan(desired=[dict(desired, name=name)])
            if state == "restored" and plan.changes[0].action == CREATE:
                raise ReconcileError("server %s has no backup configuration named %r to restore from"
                                     % (self.server["label"], name), option="name")
        engine.apply(plan)
        action = {"taken": "backup", "restored": "restore"}.get(state)
        run = BackupRun(plan, action, name, {"archive": {"before": None, "after": archive}}
                        if action == "restore" else None)
        if state != "absent":
            config = plan.changes[0].result
            run.returned["backup"] = config
            if action and not self.check_mode:
                self._act(action, config, archive, in_place)
        return run

    def undeclared(self, declared):
        """Names of the server's configurations none of ``declared`` (apply's entries) names: unmanaged ones.

        The default configuration is not one: Crafty makes it with every server and never deletes it.
        """
        if not self.client.version.has("backup_configs"):
            return []
        names = set(entry.get("name") for entry in declared)
        listed = self.adapter._listed if self.adapter._listed is not None else self.adapter.list()
        return [config["name"] for config in listed if config["name"] not in names and not config.get("default")]

    def _act(self, action, config, archive, in_place):
        if action == "backup":
            self.client.run_backup(self.server["id"], config["id"], label=self.server["label"])
        else:
            self.client.restore_backup(self.server["id"], config["id"], archive, in_place=in_place,
                                       label=self.server["label"])

    def info(self, name=None, download_url=False):  # pylint: disable=unused-argument
        return [c for c in self.adapter.list() if name is None or c["name"] == name]

    def info_summary(self, backups, **filters):  # pylint: disable=unused-argument
        """Crafty has no backup count or limit to report."""
        return {}
