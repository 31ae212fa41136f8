# The management plane (hv/net, issue 15): lwIP 2.1.3 from Debian's source
# package, fetched into build/lwip at build time (scripts/fetch-lwip.sh,
# never committed), built freestanding with NO_SYS and the raw API; the
# e1000 and PCI drivers; the HTTP server; the dashboard with Debian's
# Chart.js (libjs-chart.js) embedded. Where lwIP cannot be fetched or
# Chart.js is not installed, or with PLANE=off, the hypervisor is built
# with hv/net/net_off.c instead and a scenario's net line only says so.

PLANE ?= auto
LWIP_DIR := $(BUILD)/lwip/lwip-2.1.3
CHART_JS := /usr/share/javascript/chart.js/chart.min.js

NET_BUILT :=
ifneq ($(PLANE),off)
ifneq ($(wildcard $(CHART_JS)),)
NET_BUILT := $(shell scripts/fetch-lwip.sh $(BUILD)/lwip >&2 && echo yes)
else
$(info mk/net.mk: no $(CHART_JS) (make deps-net): the management plane is not built)
endif
endif

# The pure parts: host-tested and fuzzed (tests/unit/test_http.c,
# tests/fuzz/fuzz_http.c) whether or not lwIP is here.
NET_PURE_SRCS := hv/net/http.c hv/net/pages.c hv/net/control_json.c

ifeq ($(NET_BUILT),yes)
LWIPDIR := $(LWIP_DIR)/src
include $(LWIP_DIR)/src/Filelists.mk
LWIP_SRCS := $(COREFILES) $(CORE4FILES) $(LWIPDIR)/netif/ethernet.c
NET_SRCS := hv/net/poll.c $(NET_PURE_SRCS) hv/net/plane.c hv/net/server.c hv/net/link.c \
	hv/net/port.c hv/net/assets.S hv/dev/e1000.c hv/dev/pci.c
NET_INC := -nostdinc -isystem $(shell $(HV_CC) -print-file-name=include) \
	-Ihv/net/include/libc -Ihv/net/include -I$(LWIPDIR)/include
# lwIP's own code is not held to the project's warnings.
LWIP_CFLAGS := $(filter-out -Werror -Wmissing-prototypes -I. -Iinclude,$(HV_CFLAGS)) \
	-w -I. $(NET_INC)
LWIP_OBJS := $(patsubst $(LWIP_DIR)/%.c,$(BUILD)/hv/lwip/%.o,$(LWIP_SRCS))
$(BUILD)/hv/lwip/%.o: $(LWIP_DIR)/%.c hv/net/include/lwipopts.h hv/net/include/arch/cc.h $(BUILD_RULES)
	@mkdir -p $(@D)
	@echo "  CC      $<"
	@$(HV_CC) $(LWIP_CFLAGS) -c $< -o $@
# The plane's own files see lwIP's headers too.
$(BUILD)/hv/hv/net/%.c.o: HV_CFLAGS += $(NET_INC)
$(BUILD)/hv/hv/net/assets.S.o: HV_CFLAGS += -DCHART_JS='"$(CHART_JS)"'
$(BUILD)/hv/hv/net/assets.S.o: $(CHART_JS) hv/net/dashboard.html
else
NET_SRCS := hv/net/poll.c hv/net/net_off.c
LWIP_OBJS :=
endif

NET_OBJS := $(patsubst %,$(BUILD)/hv/%.o,$(NET_SRCS)) $(LWIP_OBJS)
$(BUILD)/ballast.elf: $(NET_OBJS)
-include $(NET_OBJS:.o=.d)

# make run (and run-qemu, run-qemu-iso, run-kvm) give the launcher the
# plane's port when the scenario has a net line; NET_PORT=N picks another
# host port; NET=1 insists on a net line.
SCN_NET_PORT := $(shell sed -n 's/^[[:space:]]*net[[:space:]].*port=\([0-9]*\).*/\1/p' $(SCENARIO) 2>/dev/null | head -n 1)
NET_PORT ?= $(SCN_NET_PORT)
ifeq ($(NET),1)
ifeq ($(NET_PORT),)
$(error NET=1: $(SCENARIO) has no net line; add one like "net port=18080 token=SECRET linger=60s")
endif
endif
export NET_PORT

UNIT_TESTS += test_http test_control
test_http_SRCS := tests/unit/test_http.c $(NET_PURE_SRCS) $(CONTROL_SRCS)
test_control_SRCS := tests/unit/test_control.c hv/net/control_json.c $(CONTROL_SRCS)

# Without lwIP there is no plane to read or steer. The docs quote runs of
# a hypervisor with the plane built in, whose image (and so the raw
# cycle counts the summary prints) a build without it cannot match.
ifneq ($(NET_BUILT),yes)
INTEGRATION_ASIDE += tests/integration/net/check.sh tests/integration/net-control/check.sh \
	tests/integration/docs/check.sh
endif
