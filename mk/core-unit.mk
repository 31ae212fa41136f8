# Host unit tests of the machine page allocator and the EPT builder.
UNIT_TESTS += test_pmem
test_pmem_SRCS := tests/unit/test_pmem.c hv/mm/pmem.c
