# Build / CI entry points for the gameops.panels Ansible collection.
#
#   make venv        create .venv and install requirements-dev.txt (idempotent)
#   make collection  expose the repo at build/collections/ansible_collections/gameops/panels
#   make demo        playbooks/demo.yml against a simulator: --check plan (zero writes), then twice for real (the
#                    second run changed=0, zero writes); PANEL=pterodactyl (default), crafty or amp
#   make test        every stage side by side: unit, sanity, lint, molecule, docs, package (tools/test.sh; what
#                    .ci/run and CI execute; one log per stage in build/test-logs/)
#   make unit | molecule | sanity | lint | docs | package   run one stage (make sanity SANITY_ARGS='--test pep8')
#   make docs-site   HTML docs built by antsibull-docs + Sphinx into build/docs-site (fails on any warning or broken
#                    link; in make test, tests/integration/test_docs_site.py builds it)
#   make package     build the tarball; ansible-builder introspect + create on it
#   make bench       the collection's cost next to Ansible's, a plain requests script's and its engine's (CPU,
#                    wall time, requests; per task; per panel type against the request floor; at 100 to 10,000
#                    users: bench_cost.py), then requests and wall time of converges against the simulator
#                    (N=1000), a no-op Crafty apply against its request floor, and the apply vs
#                    single-object-task benchmark (see tests/benchmarks/)
#   make test-real-crafty  the Crafty playbook tests against a real Crafty Controller (GAMEOPS_REAL_CRAFTY_URL,
#                    GAMEOPS_REAL_CRAFTY_PASSWORD or _PASSWORD_FILE; see tests/integration/crafty_panel.py)
#   make soak        the fault-injection series (tests/faults): converge 100 times under seeded 10% faults per panel
#                    (RUNS=, SEED=, RATE=; RUNS=2 is the short series); report in build/soak; not part of make test
#   make dist        build the collection tarball into build/dist
#   make clean       remove build outputs (keeps .venv); make distclean also drops .venv

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := $(CURDIR)/.venv
STAMP := $(VENV)/.stamp
COLLECTIONS_DIR := $(CURDIR)/build/collections
COLLECTION_LINK := $(COLLECTIONS_DIR)/ansible_collections/gameops/panels

# Everything below runs with the project venv first on PATH.
export PATH := $(VENV)/bin:$(PATH)
export VIRTUAL_ENV := $(VENV)
export ANSIBLE_COLLECTIONS_PATH := $(COLLECTIONS_DIR)
export ANSIBLE_NOCOLOR := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1
# No .pyc litter in the tree (the sanity copy is taken from it).
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help venv collection demo test unit molecule sanity lint docs docs-site package dist clean distclean bench soak \
	test-real-crafty

help:
	@sed -n 's/^#   //p' $(firstword $(MAKEFILE_LIST))

venv: $(STAMP)

# Re-install only when a requirements file is newer than the stamp.
$(STAMP): requirements.txt requirements-dev.txt
	@if [ ! -x "$(VENV)/bin/python" ]; then \
		echo ">> creating $(VENV) with $$($(PYTHON) --version)"; \
		$(PYTHON) -m venv "$(VENV)"; \
	fi
	"$(VENV)/bin/python" -m pip install --quiet --upgrade pip
	"$(VENV)/bin/python" -m pip install --quiet -r requirements-dev.txt
	@touch "$@"

# A symlink is enough for ansible-playbook / ansible-doc / ansible-lint;
# ansible-test gets a real copy from tools/sanity.sh.
collection:
	@mkdir -p "$(dir $(COLLECTION_LINK))"
	@if [ ! -L "$(COLLECTION_LINK)" ] || [ "$$(readlink "$(COLLECTION_LINK)")" != "$(CURDIR)" ]; then \
		rm -rf "$(COLLECTION_LINK)"; \
		ln -s "$(CURDIR)" "$(COLLECTION_LINK)"; \
		echo ">> $(COLLECTION_LINK) -> $(CURDIR)"; \
	fi

demo: venv collection
	tools/demo.sh $(or $(PANEL),pterodactyl)

# The stages share nothing they write, so tools/test.sh runs them side by side (TEST_JOBS at once).
test: venv collection
	tools/test.sh

# Four workers on two cores: much of a test's time is spent waiting (on simulators, polls, retries), and the
# other workers use it. Each worker takes whole files (several share a simulator between their tests), the
# integration tests first (tests/conftest.py). The fault-injection series is `make soak`.
unit: venv collection
	python -m pytest tests -q -n $(or $(PYTEST_WORKERS),4) --dist loadfile --durations=15 \
		--ignore-glob='tests/faults/test_soak_*.py'

# The panel_config role's scenario: simulators started by prepare, converge, idempotence, verify.
molecule: venv collection
	cd roles/panel_config && NO_COLOR=1 molecule test

# e.g. make sanity SANITY_ARGS="--test pep8 --test validate-modules"
sanity: venv
	tools/sanity.sh -- $(SANITY_ARGS)

lint: venv collection
	ansible-lint

docs: venv collection
	tools/docs.sh

docs-site: venv collection
	python tools/docs_site.py

package: venv
	tools/package.sh

dist: venv
	@mkdir -p build/dist
	ansible-galaxy collection build --force --output-path build/dist .

clean:
	rm -rf build tests/output .pytest_cache .ansible .cache
	find . -path ./.venv -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean
	rm -rf "$(VENV)"

bench: venv collection
	python tests/benchmarks/bench_cost.py
	python tests/benchmarks/bench_pterodactyl.py $(or $(N),1000)
	python tests/benchmarks/bench_crafty.py
	python tests/benchmarks/bench_apply.py

test-real-crafty: venv collection
	@if [ -z "$${GAMEOPS_REAL_CRAFTY_URL:-}" ]; then \
		echo "make test-real-crafty: set GAMEOPS_REAL_CRAFTY_URL (https://127.0.0.1:<port>) and GAMEOPS_REAL_CRAFTY_PASSWORD"; \
		echo "(or GAMEOPS_REAL_CRAFTY_PASSWORD_FILE) of a scratch Crafty on this machine (how to run one: real-panels/crafty.md of the shared notes)"; \
		exit 2; \
	fi
	python -m pytest tests/integration -m real_crafty -p no:cacheprovider -q -rs

soak: venv collection
	GAMEOPS_SOAK_RUNS=$(or $(RUNS),100) GAMEOPS_SOAK_SEED=$(or $(SEED),1011) GAMEOPS_SOAK_RATE=$(or $(RATE),0.10) \
		python -m pytest tests/faults -q -s -p no:cacheprovider
