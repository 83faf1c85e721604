# The two front-door commands: `make run` and `make test`. Both install what they need first.
NQ_LISTEN ?= 127.0.0.1:8080
JOBS ?= $(shell nproc)

.PHONY: run test bootstrap build-release build-debug bench clean format

bootstrap:
	@./scripts/bootstrap.sh

build-release: bootstrap
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS) --target nqtrack

build-debug: bootstrap
	@cmake --preset debug >/dev/null
	@cmake --build --preset debug -j $(JOBS)

run: build-release
	@mkdir -p data
	@test -f data/nqtrack.db || ./build/release/src/cli/nqtrack demo --db data/nqtrack.db
	./build/release/src/cli/nqtrack serve --db data/nqtrack.db --listen $(NQ_LISTEN)

test: build-debug
	@./scripts/run-tests.sh

bench: build-release
	@./bench/run.sh

format:
	@clang-format -i $$(git ls-files 'src/*.cc' 'src/*.h' 'tests/*.cc' 'tests/*.h' 'bench/*.cc')

clean:
	rm -rf build
