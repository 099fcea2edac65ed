# gridsearch: the two commands of the quick start (`make run`, `make test`)
# and a few helpers. The build itself is CMake's, in build/.
BUILD    ?= build
CONFIG   ?= configs/digits_svc.json
JOBS     ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=
# warnings are errors in CI (.ci/run sets CI); locally they are only shown
WERROR   ?= $(if $(CI),ON,OFF)

FUZZ_SECONDS ?= 30
# one clang build with -fsanitize=address,undefined and libFuzzer's coverage
# serves both test-asan and fuzz
SAN_BUILD ?= build-san

.PHONY: all deps build run test check san-build test-asan fuzz test-slurm test-slurm-long bench clean

all: build

deps:
	@bash .ci/deps

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DGS_WERROR=$(WERROR) $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

run: build
	$(BUILD)/bin/gridsearch search $(CONFIG)

# every test: the CTest suite, the same suite under ASan+UBSan, the fuzzers'
# smoke runs and the real-Slurm test
test: check test-asan fuzz test-slurm

# the CTest suite (unit, integration, MPI, goldens, valgrind) in build/
check: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# the sanitizer build (clang: -fsanitize=address,undefined, plus libFuzzer's
# coverage hooks, so the fuzzers come from the same build)
san-build: deps
	@bash .ci/deps clang libclang-rt-14-dev
	@CC=clang cmake -S . -B $(SAN_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGS_FUZZ=ON -DGS_WERROR=$(WERROR) $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(SAN_BUILD) -j $(JOBS)

# the CTest suite under the sanitizers, less the tests labelled slow (pi(10^9),
# the slow prime suite: arithmetic that check has already run) and scenario
# (the multi-process signal, hang and rank-death scenarios: minutes of waiting
# on timeouts that check has run; their memory paths, the farm protocol, the
# journal and resume, run here in unit_farm_protocol, unit_journal, resume)
#
# OPENBLAS_NUM_THREADS=1: OpenBLAS starts no thread pool when a test binary
# loads it. LeakSanitizer (clang 14, glibc 2.36) otherwise reports a leak of
# a pool thread still starting when a short unit test exits: its
# pthread_getattr_np scratch (152 bytes, unit_error, make test beside
# stress-ng --cpu 2, 2026-12-02). gridsearch itself sets the same value.
test-asan: san-build
	@cd $(SAN_BUILD) && OPENBLAS_NUM_THREADS=1 ctest --output-on-failure -j $(JOBS) -LE 'slow|scenario'

# libFuzzer: the harnesses side by side, FUZZ_SECONDS of wall time
fuzz: san-build
	@bash tests/fuzz/run.sh $(SAN_BUILD) $(FUZZ_SECONDS)

# needs root (it runs munged, slurmctld and slurmd); as another user it says
# SKIP (exit 77) and make goes on
test-slurm: build
	@bash tests/slurm/run.sh $(BUILD)/bin $(CURDIR); rc=$$?; \
	  if [ $$rc -eq 77 ]; then echo "make: the Slurm test was skipped (not root)"; else exit $$rc; fi

# the long self-requeue scenario (issue 17): a search needing about four
# 2-minute jobs, submitted once, on one node and on two (about 15-25 min);
# not part of `make test` (its 10-minute budget); .ci/run runs it after
test-slurm-long: build
	@bash tests/slurm/run.sh $(BUILD)/bin $(CURDIR) --long; rc=$$?; \
	  if [ $$rc -eq 77 ]; then echo "make: the long Slurm test was skipped (not root)"; else exit $$rc; fi

bench: build
	@bash bench/run.sh

clean:
	rm -rf $(BUILD) $(SAN_BUILD) build-asan build-fuzz
