# make figures SCENARIO=scenarios/X.scn: the case study's figures from the
# trace a run left in out/X/ (make run or make sim first), as PNG files.
.PHONY: figures
figures: deps
	@scripts/plot.sh $(OUT)/$(SCN_NAME)/trace.csv $(OUT)/$(SCN_NAME)

INTEGRATION_TESTS += tests/integration/figures.sh
