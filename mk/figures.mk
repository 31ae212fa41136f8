# make figures SCENARIO=scenarios/X.scn [FROM=RUNNER]: the case study's
# figures from the trace a run left in out/RUNNER/X/ (FROM=bochs, the
# default, after make run; FROM=sim after make sim), as PNG files beside it.
.PHONY: figures
FROM ?= bochs
figures: deps-figures
	@scripts/plot.sh $(OUT)/$(FROM)/$(SCN_NAME)/trace.csv $(OUT)/$(FROM)/$(SCN_NAME)

# make docs: the lines and numbers README.md and docs/ quote from runs,
# made afresh from runs of this build (scripts/docs.sh); the docs test
# fails when a quoted block no longer comes out.
.PHONY: docs
docs: deps-bochs build-all
	@scripts/docs.sh
