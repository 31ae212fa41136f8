# Sourced by mkiso.sh and run.sh: the L1 machine's clock. Bochs counts
# one TSC tick per instruction whatever its ips, while the CPU model tells
# Linux its TSC runs at 3 GHz; so the L1 kernel is told the TSC's rate
# (tsc_early_khz) and Bochs's devices run at that rate too (BOCHS_IPS):
# one clock for the L1, the L2 and Ballast's guests. 100 MHz: slower and
# every VM exit (tens of thousands of instructions) would take so much
# emulated time that the L2's timer interrupts starve it; faster and the
# firmware's delays cost minutes.
NESTED_TSC_KHZ=${NESTED_TSC_KHZ:-100000}
