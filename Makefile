# Sautikit numbers platform. `make run` starts everything; `make test` runs every test.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PROTO_FILES := $(shell find protos -name '*.proto' | sort)

.PHONY: help install run test test-fast lint format protos protos-check protos-release sdk sdk-check typecheck bench lock deploy-check clean

help:
	@echo "make run       start PostgreSQL, NATS, the five services (inventory, wallet,"
	@echo "               credentials, routing, notifications), the gateway and an SMTP sink"
	@echo "make test      run unit, integration and end-to-end tests (throwaway servers)"
	@echo "make lint      ruff, buf lint, buf breaking (vs protos/releases), generated-code drift (protos, SDK), deploy-check"
	@echo "make deploy-check  render the Kubernetes overlays and validate them offline; hadolint"
	@echo "make protos    regenerate Python code (and sautikit/descriptors.binpb) from protos/"
	@echo "make protos-release  record the protos as released (buf breaking checks against it)"
	@echo "make sdk       regenerate the Python SDK (clients/python) from the gateway's OpenAPI document"
	@echo "make bench     run the benchmarks under bench/"

install: $(STAMP)

# A fresh machine only needs Python 3.11: everything else comes from pinned wheels.
$(STAMP): pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip==25.3
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

run: $(STAMP)
	exec $(PY) -m devstack.run

# One test process per core (each starts its own throwaway PostgreSQL and NATS); a test file
# stays in one process so its module fixtures start once. TEST_WORKERS=0 runs in this process.
TEST_WORKERS ?= auto
test: $(STAMP)
	$(PY) -m pytest -q -p no:cacheprovider -n $(TEST_WORKERS) --dist loadfile

test-fast: $(STAMP)
	$(PY) -m pytest -q -p no:cacheprovider -n $(TEST_WORKERS) --dist loadfile -m "not e2e"

# sautikit/descriptors.binpb keeps the comments, which the generated modules drop: server
# reflection serves it so grpcurl and generated clients see the documentation.
DESCRIPTOR_FLAGS := --include_imports --include_source_info
protos: $(STAMP)
	$(PY) -m grpc_tools.protoc -Iprotos --python_out=. --pyi_out=. --grpc_python_out=. $(PROTO_FILES)
	$(PY) -m grpc_tools.protoc -Iprotos $(DESCRIPTOR_FLAGS) --descriptor_set_out=sautikit/descriptors.binpb $(PROTO_FILES)
	find sautikit -type d ! -name __pycache__ -exec touch {}/__init__.py \;

# Fails when the committed generated code differs from what the protos produce.
protos-check: $(STAMP)
	rm -rf $(VENV)/protos-check && mkdir -p $(VENV)/protos-check
	$(PY) -m grpc_tools.protoc -Iprotos --python_out=$(VENV)/protos-check --pyi_out=$(VENV)/protos-check --grpc_python_out=$(VENV)/protos-check $(PROTO_FILES)
	$(PY) -m grpc_tools.protoc -Iprotos $(DESCRIPTOR_FLAGS) --descriptor_set_out=$(VENV)/protos-check/sautikit/descriptors.binpb $(PROTO_FILES)
	diff -r -x __pycache__ -x '__init__.py' -x py.typed $(VENV)/protos-check/sautikit sautikit || (echo "generated code drifted from protos/: run make protos" && exit 1)

# The SDK's generated package is what the pinned openapi-python-client makes of the document
# the gateway serves (dumped from the app object, no server); sdk-check fails on drift.
sdk: $(STAMP)
	$(PY) -m devstack.sdk

sdk-check: $(STAMP)
	$(PY) -m devstack.sdk --check

# The protos as last released: `buf breaking` compares against this committed image, so a
# clean clone checks the same thing. Record a new one only when releasing (make protos-release).
PROTO_RELEASE := protos/releases/v1.binpb

lint: $(STAMP) protos-check sdk-check typecheck deploy-check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/buf lint
	$(VENV)/bin/buf breaking --against $(PROTO_RELEASE)

protos-release: $(STAMP)
	$(VENV)/bin/buf build --exclude-source-info -o $(PROTO_RELEASE)

# Offline: kubectl kustomize renders deploy/k8s/overlays/{dev,prod}, every object is validated
# strictly, then the platform's own rules (devstack/deploy_check); hadolint lints the Dockerfile.
deploy-check: $(STAMP)
	$(VENV)/bin/hadolint deploy/Dockerfile
	$(PY) -m devstack.deploy_check

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

typecheck: $(STAMP)
	$(VENV)/bin/mypy services gateway platform_common operator_cli devstack
	$(VENV)/bin/mypy clients/python/sautikit_sdk

bench: $(STAMP)
	$(PY) -m bench.run_all

# Regenerates requirements.lock from pyproject.toml in a scratch venv.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet --upgrade pip==25.3
	.lock-venv/bin/pip install --quiet ".[dev]"
	.lock-venv/bin/pip freeze --exclude sautikit-numbers > requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) .data
