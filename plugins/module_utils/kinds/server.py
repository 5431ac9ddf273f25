# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Game servers: Pterodactyl servers, Crafty servers, AMP instances (modules server and server_info)."""

from __future__ import annotations

from ansible_collections.gameops.panels.plugins.module_utils.kinds import Kind, of_type

SERVER = Kind(
    "server",
    options=dict(
        **of_type("str", "name", "external_id"),
        match_on=dict(type="str", choices=["name", "external_id"]),
        **of_type("str", "description", "owner", "egg", "nest", "docker_image", "startup"),
        environment=dict(type="dict"),
        limits=dict(type="dict", options=dict(
            **of_type("int", "memory", "swap", "disk", "io", "cpu"),
            threads=dict(type="str"),
            oom_disabled=dict(type="bool"),
        )),
        feature_limits=dict(type="dict", options=of_type("int", "databases", "allocations", "backups")),
        deployment=dict(type="dict", options=dict(
            locations=dict(type="list", elements="str"),
            node=dict(type="str"),
            dedicated_ip=dict(type="bool", default=False),
            port_range=dict(type="list", elements="str"),
        )),
        allocation=dict(type="dict", options=dict(
            **of_type("str", "node", "ip"),
            port=dict(type="int"),
            additional=dict(type="list", elements="dict", options=dict(
                ip=dict(type="str"),
                port=dict(type="int"),
            )),
        )),
        suspended=dict(type="bool"),
        power_state=dict(type="str", choices=["started", "stopped", "restarted", "killed"]),
        install_timeout=dict(type="int", default=600),
        force=dict(type="bool", default=False),
        server_type=dict(type="str", choices=["minecraft_java", "minecraft_bedrock"]),
        jar=dict(type="dict", options=of_type("str", "type", "version", "category")),
        memory=dict(type="dict", options=of_type("float", "min", "max")),
        accept_eula=dict(type="bool"),
        port=dict(type="int"),
        server_ip=dict(type="str"),
        auto_start=dict(type="bool"),
        auto_start_delay=dict(type="int"),
        crash_detection=dict(type="bool"),
        **of_type("str", "stop_command", "execution_command", "executable", "log_path", "executable_update_url"),
        logs_delete_after=dict(type="int"),
        shutdown_timeout=dict(type="int"),
        ignored_exits=dict(type="str"),
        **of_type("bool", "show_status", "count_players"),
        **of_type("str", "friendly_name", "module", "target"),
        **of_type("dict", "ports", "settings"),
        instance_running=dict(type="bool"),
        delete_files=dict(type="bool", default=False),
        state=dict(type="str", choices=["present", "absent", "reinstalled"], default="present"),
    ),
    task_options=("match_on", "install_timeout", "force", "delete_files", "state"),
    info_options=dict(
        name=dict(type="str"),
        external_id=dict(type="str"),
        owner=dict(type="str"),
        resources=dict(type="bool", default=False),
    ),
)
