# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Placeholder: the webhooks routes land in the next commit."""
from __future__ import annotations


def register(router, profile) -> None:  # pylint: disable=unused-argument
    return None
