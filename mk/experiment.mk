# make experiment: the case study, both ways (scripts/experiment.sh): the
# scaled baseline and contention in Bochs, the full-scale pair in the
# simulator, the case study's figures for each pair (scripts/experiment/
# plot.sh) and a table of each guest's run time, run time less steal,
# peak target, states, swapping, page reads and collections, every number
# from the traces. Results in out/experiment/. A few minutes of wall time,
# outside make test (tests/integration/figures checks the parts on small
# traces). EXPERIMENT_EMULATOR=0 skips the Bochs runs.
.PHONY: experiment
experiment: deps-figures deps-bochs build-all
	@scripts/experiment.sh $(OUT)/experiment

# The simulator/emulator agreement test (issue 12, docs/simulator.md,
# "Agreement with the emulator") runs in make test at the end of the
# case-study test, on its traces; make sim-agree runs it alone (booting
# the pair when the traces are older than the build).
INTEGRATION_ASIDE += tests/integration/sim-agree/check.sh
.PHONY: sim-agree
sim-agree: deps-bochs build-all
	@scripts/run-tests.sh tests/integration/sim-agree/check.sh
