# The swap disk (issue 5): the swap area's unit tests on a RAM disk.
# hv/mm/swap.c is plain C shared with the hypervisor.

UNIT_TESTS += test_swap
test_swap_SRCS := tests/unit/test_swap.c hv/mm/swap.c
