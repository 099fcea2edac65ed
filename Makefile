# gridsearch: the two commands of the quick start (`make run`, `make test`)
# and a few helpers. The build itself is CMake's, in build/.
BUILD    ?= build
CONFIG   ?= configs/digits_svc.json
JOBS     ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=

.PHONY: all deps build run test bench clean

all: build

deps:
	@bash .ci/deps

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

run: build
	$(BUILD)/bin/gridsearch search $(CONFIG)

test: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

bench: build
	@bash bench/run.sh

clean:
	rm -rf $(BUILD)
