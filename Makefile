# Skriptoteket: `make run` starts the whole app, `make test` checks everything.
SHELL := /bin/bash
UV ?= uv
export UV_LINK_MODE ?= copy
# The runner tests talk to a Docker Engine API: podman's service (.ci/container-engine.sh) when
# it runs and DOCKER_HOST is not set.
ifeq ($(DOCKER_HOST),)
ifneq ($(wildcard /run/podman/podman.sock),)
export DOCKER_HOST := unix:///run/podman/podman.sock
endif
endif

.PHONY: help install run sandbox-deps test lint typecheck imports openapi client openapi-check docs pytest bench clean runner-image frontend-test frontend-dev e2e e2e-run compose-test offline-images

help: ## list the targets
	@grep -E '^[a-z0-9-]+:.*##' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-16s %s\n", $$1, $$2}'

install: ## install the Python project (uv) and its locked dependencies
	@command -v $(UV) >/dev/null || python3 -m pip install --quiet uv
	$(UV) sync --frozen

run: install sandbox-deps ## the whole app on http://127.0.0.1:8000 (embedded PostgreSQL when DATABASE_URL is unset)
	$(UV) run skriptoteket up

sandbox-deps: # bubblewrap, the runner without a container engine (docs/runners.md): apt where there is apt
	@command -v bwrap >/dev/null 2>&1 || { \
		SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		if command -v apt-get >/dev/null 2>&1; then \
			echo "installing bubblewrap (tools run in it when no container engine answers)"; \
			$$SUDO apt-get install -y bubblewrap || { $$SUDO apt-get update && $$SUDO apt-get install -y bubblewrap; } \
				|| echo "could not install bubblewrap: run 'sudo apt-get install bubblewrap'"; \
		else \
			echo "bubblewrap is missing: install it (dnf install bubblewrap, pacman -S bubblewrap, zypper install bubblewrap) or start Docker or podman"; \
		fi; }

test: install lint typecheck imports openapi-check runner-image-for-tests pytest frontend-test e2e-run compose-test ## lint, types, import contract, all tests (backend, SPA, end-to-end, compose)

lint: ## ruff lint and format check
	$(UV) run ruff check backend tests migrations runner-image/toolkit deploy
	$(UV) run ruff format --check backend tests migrations runner-image/toolkit deploy

typecheck: ## mypy --strict (the app, and the authors' toolkit on its own)
	$(UV) run mypy
	$(UV) run mypy --strict runner-image/toolkit/skriptoteket_toolkit
	$(UV) run mypy --strict deploy/engine-proxy/engine_proxy.py

imports: ## the layer contract
	$(UV) run lint-imports

openapi: ## regenerate openapi/openapi.json from the app
	$(UV) run skriptoteket openapi

client: openapi ## regenerate the integrators' Python client (openapi/python-client)
	./openapi/generate-client.sh

docs: ## regenerate the reference part of docs/tool-contract.md from the contract's structs
	$(UV) run python -m skriptoteket.contract.reference

openapi-check: ## fail when openapi/openapi.json is stale
	$(UV) run skriptoteket openapi --check

pytest: ## all tests (real PostgreSQL: DATABASE_URL's server, else an embedded one); the slowest listed last
	$(UV) run pytest --durations=15

runner-image: ## build the image tools run in (docker or podman; cached by a hash of runner-image/)
	runner-image/build.sh

runner-image-for-tests: # as runner-image, but outside CI a machine without an engine skips it
	runner-image/build.sh --if-engine

offline-images: ## build compose's base images from Debian packages (no registry needed); prints the settings
	deploy/offline-images.sh

compose-test: ## compose.yaml brought up for real: up --build, sign in, run namnlista, open its XLSX, down -v
	$(UV) run python tests/compose/stack_check.py

frontend-test: ## the SPA: npm ci, generated API types current, vue-tsc, Vitest, production build
	cd frontend && npm ci --no-audit --no-fund
	cd frontend && npm run check:api
	cd frontend && npx vue-tsc --noEmit
	cd frontend && npx vitest run
	cd frontend && npm run build

e2e: ## end-to-end in real Chromium against a live stack (API, worker, real runner); screenshots in frontend/test-results/
	cd frontend && npm ci --no-audit --no-fund && npm run build
	$(MAKE) e2e-run

e2e-run: # the end-to-end tests on the SPA already built (frontend-test builds it); CI=true fails without Chromium
	cd frontend && npm run e2e

frontend-dev: ## Vite dev server on :5173, proxying /api to the API on :8000 (run `make run` too)
	cd frontend && npm run dev

bench: ## every benchmark (tests/bench), then all their figures in one table (not part of make test)
	$(UV) run --group bench python tests/bench/table.py

clean: ## remove local data and caches (the embedded database too)
	rm -rf .data .mypy_cache .ruff_cache
