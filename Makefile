# loghealth developer entry points. Every target first installs the Debian
# packages it needs (tools/install-deps.sh does nothing when they are there).
#
#   make demo    the main job on the shipped examples
#   make test    every test (unit, conformance, sanitizers)
#   make build   the CLI at bazel-bin/loghealth
#   make install PREFIX=/usr/local   the C library, header, pkg-config, CLI

BAZEL ?= bazel
# CI machines have 2 cores; Bazel's default of one job per core is right.
BAZEL_FLAGS ?=

.PHONY: deps build demo test test-unit test-asan test-tsan test-fuzz fuzz bench install clean

deps:
	@sh tools/install-deps.sh

build: deps
	$(BAZEL) build $(BAZEL_FLAGS) //:loghealth //capi:libloghealth.so

DEMO_OUT := demo-out

demo: build
	@echo "== check-schema examples/schemas (all valid)"
	./bazel-bin/loghealth check-schema examples/schemas
	@echo
	@echo "== check-schema examples/broken_schemas (every problem, with its line)"
	@./bazel-bin/loghealth check-schema examples/broken_schemas || \
	  echo "(exit status $$? -- as expected for a broken schema)"
	@echo
	@echo "== classify examples/logs/app_and_audit.jsonl (two JSON log types on one source)"
	@mkdir -p $(DEMO_OUT)
	./bazel-bin/loghealth classify --schema examples/schemas/webapp.yml \
	  --schema examples/schemas/audit.json --source-id demo-source \
	  --source-label "demo app" --failures $(DEMO_OUT)/failures.jsonl \
	  examples/logs/app_and_audit.jsonl > $(DEMO_OUT)/events.jsonl
	@echo "-- the first events ($(DEMO_OUT)/events.jsonl):"
	@head -n 2 $(DEMO_OUT)/events.jsonl
	@echo "-- every failure, as reason / field / error ($(DEMO_OUT)/failures.jsonl):"
	@python3 tools/show_failures.py $(DEMO_OUT)/failures.jsonl
	@echo
	@echo "== classify examples/logs/nginx_access.log (text: fastmatch)"
	./bazel-bin/loghealth classify --schema examples/schemas/nginx_access.yml \
	  --source-id nginx-edge --failures $(DEMO_OUT)/nginx_failures.jsonl \
	  examples/logs/nginx_access.log > $(DEMO_OUT)/nginx_events.jsonl
	@head -n 1 $(DEMO_OUT)/nginx_events.jsonl
	@python3 tools/show_failures.py $(DEMO_OUT)/nginx_failures.jsonl
	@echo
	@echo "== classify examples/logs/firewall.csv (text: csv)"
	./bazel-bin/loghealth classify --schema examples/schemas/firewall.yml \
	  --source-id firewall --failures $(DEMO_OUT)/firewall_failures.jsonl \
	  examples/logs/firewall.csv > $(DEMO_OUT)/firewall_events.jsonl
	@head -n 1 $(DEMO_OUT)/firewall_events.jsonl
	@python3 tools/show_failures.py $(DEMO_OUT)/firewall_failures.jsonl
	@echo
	@echo "== the panther_monitor database: classify --db, replay --db, loghealth failures"
	@rm -f $(DEMO_OUT)/monitor.db $(DEMO_OUT)/monitor.db-wal $(DEMO_OUT)/monitor.db-shm
	./bazel-bin/loghealth classify --schema examples/schemas --source-id demo-source \
	  --db $(DEMO_OUT)/monitor.db --row-id-seed 1 \
	  examples/logs/app_and_audit.jsonl examples/logs/nginx_access.log > /dev/null
	./bazel-bin/loghealth replay --config examples/health/config.yml \
	  --db $(DEMO_OUT)/monitor.db examples/health/timeline.jsonl > /dev/null
	./bazel-bin/loghealth failures --db $(DEMO_OUT)/monitor.db --limit 4
	sqlite3 -header -column $(DEMO_OUT)/monitor.db \
	  "SELECT system_error_type, status, count(*) AS alerts FROM alerts GROUP BY 1, 2"
	@echo
	@echo "== replay examples/health/timeline.jsonl (System Health: a day of three sources)"
	./bazel-bin/loghealth replay --config examples/health/config.yml \
	  examples/health/timeline.jsonl > $(DEMO_OUT)/health_records.jsonl
	@python3 tools/show_health.py < $(DEMO_OUT)/health_records.jsonl
	@echo
	@echo "== serve examples/health/serve_input.jsonl (real HTTP: Slack down, PagerDuty up)"
	@sh tools/serve_demo.sh $(DEMO_OUT)
	@echo
	@echo "== examples/python/pipeline.py (the Python package over libloghealth.so)"
	PYTHONPATH=python python3 examples/python/pipeline.py \
	  examples/logs/app_and_audit.jsonl $(DEMO_OUT)/python
	@echo
	@echo "== loghealth.dask (a local Dask cluster of 2 workers; Debian's /usr/bin/python3)"
	@rm -rf $(DEMO_OUT)/dask
	PYTHONPATH=python /usr/bin/python3 -m loghealth.dask --local 2 \
	  --schema examples/schemas --source-id src-1 --drop-off-minutes 60 \
	  --block-size 16k --out $(DEMO_OUT)/dask \
	  examples/logs/app_and_audit.jsonl examples/logs/nginx_access.log

# Ends with the line "N passed, N failed, N skipped" over every phase.
test: deps
	@rm -f .test-tally.json
	$(MAKE) --no-print-directory test-unit test-asan test-tsan test-fuzz
	@python3 tools/test_summary.py total

test-unit:
	$(BAZEL) test $(BAZEL_FLAGS) //...
	@python3 tools/test_summary.py record unit 'tests(//...)'

# AddressSanitizer (with LeakSanitizer) and UndefinedBehaviorSanitizer
# together over the unit tests.
test-asan:
	$(BAZEL) test $(BAZEL_FLAGS) --config=asan --config=ubsan \
	  --build_tag_filters=-no_sanitizer --test_tag_filters=-no_sanitizer //tests/...
	@python3 tools/test_summary.py record asan+ubsan \
	  'tests(//tests/...) except attr(tags, no_sanitizer, tests(//tests/...))'

# ThreadSanitizer over the tests where threads share a Classifier and a
# monitor.
test-tsan:
	$(BAZEL) test $(BAZEL_FLAGS) --config=tsan //tests/threads/...
	@python3 tools/test_summary.py record tsan 'tests(//tests/threads/...)'

# libFuzzer targets (clang): every input kept in tests/fuzz/corpus replays
# clean, then each fuzzer makes FUZZ_SMOKE_RUNS seeded runs on top of it
# (deterministic; at most FUZZ_SMOKE_SECONDS).
FUZZERS := fuzz_classify fuzz_schema fuzz_timestamp fuzz_monitor fuzz_capi
FUZZ_SMOKE_SECONDS ?= 60
FUZZ_SMOKE_RUNS ?= 15000
FUZZ_SECONDS ?= 600

test-fuzz:
	$(BAZEL) build $(BAZEL_FLAGS) --config=fuzz $(addprefix //tests/fuzz:,$(FUZZERS)) \
	  //src/... //capi/...
	@FUZZ_RUNS=$(FUZZ_SMOKE_RUNS) sh tools/run_fuzzers.sh $(FUZZ_SMOKE_SECONDS) $(FUZZERS)

# Long runs for local use: new inputs are added to the corpora.
fuzz: deps
	$(BAZEL) build $(BAZEL_FLAGS) --config=fuzz $(addprefix //tests/fuzz:,$(FUZZERS))
	@FUZZ_KEEP=1 sh tools/run_fuzzers.sh $(FUZZ_SECONDS) $(FUZZERS)

# Optimized benchmarks (BENCH_REPETITIONS interleaved repetitions each; the
# tables give the fastest, medians beside, and the target ratios). Ten, so
# that one slow (or fast) spell decides fewer verdicts; bench/README.md has
# how far apart runs land on this machine.
BENCH_REPETITIONS ?= 10
bench: deps
	$(BAZEL) build $(BAZEL_FLAGS) --config=opt //bench:classify_bench //bench:parsers_bench \
	  //bench:monitor_bench //bench:database_bench //capi:libloghealth.so
	@mkdir -p $(DEMO_OUT)
	@for b in classify_bench parsers_bench monitor_bench database_bench; do \
	  echo "== $$b"; \
	  ./bazel-bin/bench/$$b --benchmark_repetitions=$(BENCH_REPETITIONS) --benchmark_enable_random_interleaving=true \
	    --benchmark_format=json > $(DEMO_OUT)/$$b.json || exit 1; \
	  python3 tools/bench_table.py < $(DEMO_OUT)/$$b.json; echo; \
	done
	@echo "== the Python package (bench/python_bench.py)"
	LOGHEALTH_LIBRARY=$(CURDIR)/bazel-bin/capi/libloghealth.so python3 bench/python_bench.py \
	  --native-json $(DEMO_OUT)/classify_bench.json
	@echo
	@echo "== loghealth.dask: lines per second with 1 and 2 local workers"
	LOGHEALTH_LIBRARY=$(CURDIR)/bazel-bin/capi/libloghealth.so \
	  /usr/bin/python3 bench/dask_bench.py

# The C library (with its SONAME), its header and pkg-config file, and the
# CLI, under PREFIX (tools/install.sh). DESTDIR stages it for packaging.
PREFIX ?= /usr/local
install: deps
	$(BAZEL) build $(BAZEL_FLAGS) --config=opt //:loghealth //capi:libloghealth.so.0
	sh tools/install.sh "$(DESTDIR)$(PREFIX)" bazel-bin/capi/libloghealth.so.0 \
	  capi/loghealth.h bazel-bin/loghealth

clean:
	$(BAZEL) clean
	rm -rf $(DEMO_OUT)
