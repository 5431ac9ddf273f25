# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""server_command on every panel: console commands to a running server, in order, none sent in check mode.

A panel's handler says how to reach the server's console (:meth:`CommandHandler.console`), what state the
server is in when it is not running (:meth:`CommandHandler.not_running`) and how one command is sent
(:meth:`CommandHandler.send_one`); the order of the steps and the check-mode rules are the same everywhere.
"""

from __future__ import annotations

from typing import Any, List, Optional, Sequence

from ansible_collections.gameops.panels.plugins.module_utils.driver import Handler, UnresolvedServer
from ansible_collections.gameops.panels.plugins.module_utils.errors import ReconcileError
from ansible_collections.gameops.panels.plugins.module_utils.kinds.server_command import SERVER_COMMAND

START_HINT = "start it first, for example with gameops.panels.server and power_state: started"


class CommandHandler(Handler):
    """Console commands to a running server (server_command)."""

    options = SERVER_COMMAND.supported("commands", "require_running")

    def __init__(self, ctx):
        self.ctx = ctx

    def send(self, commands: Sequence[str], require_running: bool = True) -> List[str]:
        """Send ``commands`` in order (none in check mode); returns the list sent, or that would be."""
        server = self.ctx.server
        if isinstance(server, UnresolvedServer):  # check mode, the server does not exist yet: nothing to read
            return list(commands)
        if require_running:
            stopped = self.not_running(server)
            if stopped:
                raise ReconcileError("%s; %s" % (stopped, START_HINT), option="commands")
        console = self.console(server)
        if self.ctx.check_mode:
            return list(commands)
        sent: List[str] = []
        for command in commands:
            self.send_one(console, command, sent, commands)
            sent.append(command)
        return sent

    def console(self, server: dict) -> Any:
        """What :meth:`send_one` sends through, for the resolved ``server``."""
        return server

    def not_running(self, server: dict) -> Optional[str]:
        """Why the server takes no command now (``server 'x' is offline``), or None when it runs."""
        raise NotImplementedError

    def send_one(self, console: Any, command: str, sent: List[str], commands: Sequence[str]) -> None:
        """Send one command; ``sent`` are those sent before it, of ``commands``."""
        raise NotImplementedError
