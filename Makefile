# The two front-door commands: `make run` and `make test`. Both install what they need first.
NQ_LISTEN ?= 127.0.0.1:8080
JOBS ?= $(shell nproc)

.PHONY: run test fuzz reliability soak bootstrap build-release build-debug web bench clean format deb deb-test

bootstrap:
	@./scripts/bootstrap.sh

# The web UI (web/dist, served by `nqtrack serve`): rebuilt when a source of it changed.
WEB_SOURCES := $(shell find web/src web/public web/index.html web/package.json web/package-lock.json \
                 web/tsconfig.json web/vite.config.ts web/scripts -type f 2>/dev/null)
# A failed build leaves no index.html behind, so the next make builds again.
.DELETE_ON_ERROR:
web/dist/index.html: $(WEB_SOURCES) | bootstrap
	@cd web && npm run build --silent

web: web/dist/index.html

build-release: bootstrap web
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS) --target nqtrack

build-debug: bootstrap web
	@cmake --preset debug >/dev/null
	@cmake --build --preset debug -j $(JOBS)

run: build-release
	@mkdir -p data
	@test -f data/nqtrack.db || ./build/release/src/cli/nqtrack demo --db data/nqtrack.db
	./build/release/src/cli/nqtrack serve --db data/nqtrack.db --listen $(NQ_LISTEN)

test: build-debug
	@./scripts/run-tests.sh

# The Debian package (build/deb/), checked by lintian and systemd-analyze.
deb: bootstrap
	@./scripts/make-deb.sh

# Installs the package on this machine, runs it as its unit does, asks it, stops it, purges it.
deb-test: deb
	@./scripts/deb-test.sh

# Every fuzz target for FUZZ_SECONDS (default 60) each; not part of `make test`, which replays
# the seed corpora only.
fuzz: build-debug
	@./scripts/fuzz.sh

# The full reliability campaign (docs/reliability.md): 200 crash rounds on each store, the fault
# sweep over every I/O call, the disk-full test, a short fuzz of every target, the overload tests;
# prints the figures. Under an hour.
reliability: build-debug
	@./scripts/reliability.sh

# The soak: a mixed workload for SOAK_SECONDS (default 1800) against the release server, its
# memory and open descriptors sampled every 10 s; fails when they grow (docs/reliability.md).
soak: build-release
	@./scripts/soak.sh

bench: build-release
	@./bench/run.sh

format:
	@clang-format -i $$(git ls-files 'src/*.cc' 'src/*.h' 'tests/*.cc' 'tests/*.h' 'bench/*.cc')

clean:
	rm -rf build web/dist
