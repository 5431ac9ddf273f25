# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Start a panel simulator in the foreground and print the ``export GAMEOPS_...`` lines that use it.

From the collection's root (a clone, or where ``ansible-galaxy`` installed it)::

    python3 tests/simulators pterodactyl

``python3 -m tests.simulators pterodactyl`` does the same.
"""
from __future__ import annotations

import os
import sys

if not __package__:
    # run as a directory (python3 tests/simulators): make ``tests`` importable from the collection root
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

from tests.simulators.launcher import main  # noqa: E402  pylint: disable=wrong-import-position

if __name__ == "__main__":
    sys.exit(main())
