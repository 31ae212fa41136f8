# make figures SCENARIO=scenarios/X.scn [FROM=RUNNER]: the case study's
# figures from the trace a run left in out/RUNNER/X/ (FROM=bochs, the
# default, after make run; FROM=sim after make sim), as PNG files beside it.
.PHONY: figures
FROM ?= bochs
figures: deps-figures
	@scripts/plot.sh $(OUT)/$(FROM)/$(SCN_NAME)/trace.csv $(OUT)/$(FROM)/$(SCN_NAME)

INTEGRATION_TESTS += tests/integration/figures.sh
