# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Game servers: Pterodactyl servers, Crafty servers, AMP instances (modules server and server_info)."""

from __future__ import annotations

from ansible_collections.gameops.panels.plugins.module_utils.kinds import Kind

SERVER = Kind(
    "server",
    options=dict(
        name=dict(type="str"),
        external_id=dict(type="str"),
        match_on=dict(type="str", choices=["name", "external_id"]),
        description=dict(type="str"),
        owner=dict(type="str"),
        egg=dict(type="str"),
        nest=dict(type="str"),
        docker_image=dict(type="str"),
        startup=dict(type="str"),
        environment=dict(type="dict"),
        limits=dict(type="dict", options=dict(
            memory=dict(type="int"),
            swap=dict(type="int"),
            disk=dict(type="int"),
            io=dict(type="int"),
            cpu=dict(type="int"),
            threads=dict(type="str"),
            oom_disabled=dict(type="bool"),
        )),
        feature_limits=dict(type="dict", options=dict(
            databases=dict(type="int"),
            allocations=dict(type="int"),
            backups=dict(type="int"),
        )),
        deployment=dict(type="dict", options=dict(
            locations=dict(type="list", elements="str"),
            node=dict(type="str"),
            dedicated_ip=dict(type="bool", default=False),
            port_range=dict(type="list", elements="str"),
        )),
        allocation=dict(type="dict", options=dict(
            node=dict(type="str"),
            ip=dict(type="str"),
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
        jar=dict(type="dict", options=dict(
            type=dict(type="str"),
            version=dict(type="str"),
            category=dict(type="str"),
        )),
        memory=dict(type="dict", options=dict(
            min=dict(type="float"),
            max=dict(type="float"),
        )),
        accept_eula=dict(type="bool"),
        port=dict(type="int"),
        server_ip=dict(type="str"),
        auto_start=dict(type="bool"),
        auto_start_delay=dict(type="int"),
        crash_detection=dict(type="bool"),
        stop_command=dict(type="str"),
        execution_command=dict(type="str"),
        executable=dict(type="str"),
        log_path=dict(type="str"),
        executable_update_url=dict(type="str"),
        logs_delete_after=dict(type="int"),
        shutdown_timeout=dict(type="int"),
        ignored_exits=dict(type="str"),
        show_status=dict(type="bool"),
        count_players=dict(type="bool"),
        friendly_name=dict(type="str"),
        module=dict(type="str"),
        target=dict(type="str"),
        ports=dict(type="dict"),
        settings=dict(type="dict"),
        instance_running=dict(type="bool"),
        delete_files=dict(type="bool", default=False),
        state=dict(type="str", choices=["present", "absent"], default="present"),
    ),
    task_options=("match_on", "install_timeout", "force", "delete_files", "state"),
    info_options=dict(
        name=dict(type="str"),
        external_id=dict(type="str"),
        owner=dict(type="str"),
        resources=dict(type="bool", default=False),
    ),
)
