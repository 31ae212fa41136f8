/*
 * The devices and MSRs of a guest booted through the Linux boot protocol
 * (memtest86+, a Linux kernel), which probes a PC's: the PIT with port
 * 0x61, COM1, the keyboard controller, the 8259 pair and the CMOS clock,
 * PCI configuration space (absent: all ones), the temperature MSRs. Their
 * interrupts are in guest_irq.h. An unknown port reads all ones and an
 * unknown MSR reads 0; each is counted, not a reason to stop the guest.
 * None of it reaches hardware: every port and MSR access of a guest exits
 * (unconditional I/O exiting, no MSR bitmap), and these models answer it.
 * Guest stubs keep their stricter rules (exit.c): no devices, and an MSR
 * access stops them.
 */
#ifndef HV_CORE_GUEST_DEV_H
#define HV_CORE_GUEST_DEV_H

#include "hv/core/guest_console.h"
#include "hv/core/guest_msr.h"
#include "hv/dev/acpi_pm.h"
#include "hv/dev/i8042.h"
#include "hv/dev/i8254.h"
#include "hv/dev/i8259.h"
#include "hv/dev/mc146818.h"
#include "hv/dev/ns16550.h"

struct guest;
struct vm_exit;

struct guest_dev {
	struct i8254 pit;
	struct i8259_pair pic;
	struct ns16550 uart;
	struct i8042 kbc;
	struct mc146818 rtc;
	struct acpi_pm pm;
	struct guest_console console;
	uint64_t epoch;            /* the run's clock when the guest started */
	struct guest_msrs msrs;
	uint64_t pit_seen;         /* PIT tick IRQ 0 was last brought up to */
	uint64_t pit_edges;        /* IRQ 0 edges raised */
	uint64_t irqs_acked;       /* INTAs: vectors injected */
	uint64_t irq_vectors[16];  /* of those, per line (by the 8259's base) */
	uint64_t unknown_ports;
	uint32_t last_unknown_port;
};

void guest_dev_init(struct guest *g, const char *pass_at, const char *fail_at);
/* A port access: answered (false), or the guest ended (true): its serial
 * output said it passed or failed, or it used string I/O. */
bool guest_dev_io(struct guest *g, const struct vm_exit *e);
/* A device model drives 8259 input LINE (0-15) to LEVEL: virtio-mmio's
 * line 5 is high while its InterruptStatus is non-zero. */
void guest_dev_irq_line(struct guest *g, unsigned line, bool level);
/* Called by the core before each entry of a kernel guest: brings the
 * interrupt sources up to the guest's own clock and, when the 8259 has an
 * unmasked request and the vCPU none pending, acknowledges it (INTA) and
 * injects its vector. */
void guest_dev_before_entry(struct guest *g);
/* Its counters for the summary. */
void guest_dev_summary(const struct guest *g);

#endif
