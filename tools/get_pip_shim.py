#!/usr/bin/env python
"""Offline stand-in for ansible-test's cached ``get-pip.py``.

ansible-test bootstraps pip in each virtual environment it creates by running
``get-pip-<version>.py`` downloaded from a host that is not reachable from our
CI machines.  It uses a cached copy when one exists at
``~/.ansible/test/cache/get_pip_<version>.py``; tools/sanity.sh installs this
file there.

Invoked as ``python get_pip_X_Y.py [pip options] [packages] --no-setuptools
--no-wheel`` (possibly through runpy), it:

1. runs ``python -m ensurepip --upgrade`` in a subprocess (running ensurepip
   in-process would disable pip's configuration, and with it the certificate
   and index settings of this machine), then
2. runs ``python -m pip install <the same arguments>`` in another subprocess,
   minus the get-pip-only flags ``--no-setuptools`` / ``--no-wheel``.

With ``--no-setuptools`` it removes the setuptools that ensurepip brings along,
as get-pip.py would not have installed it.
"""

import subprocess
import sys

GET_PIP_ONLY_FLAGS = frozenset(("--no-setuptools", "--no-wheel", "--no-pip"))


def main(argv=None):
    args = list(sys.argv[1:] if argv is None else argv)
    pip_args = [arg for arg in args if arg not in GET_PIP_ONLY_FLAGS]

    # ensurepip's progress goes to stdout; errors still reach stderr.
    rc = subprocess.call(
        [sys.executable, "-m", "ensurepip", "--upgrade", "--default-pip"],
        stdout=subprocess.DEVNULL,
    )
    if rc != 0:
        return rc

    # Python 3.11's ensurepip also installs setuptools; get-pip.py --no-setuptools would not.
    if "--no-setuptools" in args:
        subprocess.call(
            [sys.executable, "-m", "pip", "uninstall", "--yes", "--quiet", "setuptools"],
            stderr=subprocess.DEVNULL,
        )

    # Nothing but options left (e.g. "--disable-pip-version-check"): ensurepip was enough.
    if not any(not arg.startswith("-") for arg in pip_args):
        return 0

    return subprocess.call([sys.executable, "-m", "pip", "install", "--quiet"] + pip_args)


if __name__ == "__main__":
    sys.exit(main())
