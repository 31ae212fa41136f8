/* Writes the trace (see trace.h) to COM2, through a buffer. */
#include "hv/core/trace.h"

#include "hv/dev/serial.h"
#include "hv/lib/print.h"
#include "hv/lib/string.h"

#define TRACE_BUFFER_BYTES (4u << 20)

/* In the hypervisor image, not in managed memory: the trace must not
 * take machine memory from the experiment. */
static char buffer[TRACE_BUFFER_BYTES];
static size_t used;
static uint64_t stalls;

uint64_t trace_flush(void)
{
	size_t n = used;

	serial_write(SERIAL_COM2, buffer, used);
	serial_drain(SERIAL_COM2);
	used = 0;
	return n;
}

uint64_t trace_stalls(void)
{
	return stalls;
}

static void append(const char *s, size_t n)
{
	if (used + n > sizeof(buffer)) {
		stalls++;
		trace_flush();
	}
	memcpy(buffer + used, s, n);
	used += n;
}

static const char header[] =
	"t_ms,guest,state,free_pages,total_pages,granted_pages,"
	"balloon_target_pages,balloon_pages,swap_target_pages,swapped_pages,"
	"swap_in,swap_out,blocked,guest_avail_pages,guest_ws_pages,"
	"guest_major_faults,guest_lowmem_events,alloc_pages,active_pages,"
	"hv_pages\n";

void trace_header(void)
{
	serial_init(SERIAL_COM2);
	append(header, sizeof(header) - 1);
}

static void trace_row(uint64_t t_ms, const char *state,
		      const struct pmem *pmem, const struct guest *g,
		      const struct policy_guest *p)
{
	bool live = guest_holds_memory(g);
	char row[256];
	int n;

	n = format(row, sizeof(row),
		   "%lu,%s,%s,%lu,%lu,%lu,%lu,%lu,%lu,%lu,%lu,%lu,%d,%lu,%lu,%lu,%lu,%lu,%lu,%lu\n",
		   t_ms, g->name, state, pmem_count(pmem, PMEM_FREE),
		   pmem_total(pmem), live ? g->p2m.mapped_pages : 0,
		   live ? g->balloon_target : 0,
		   live ? g->p2m.ballooned_pages : 0, p->swap_target,
		   live ? g->p2m.swapped_pages : 0, g->swap_in, g->swap_out,
		   g->state == GUEST_RUNNABLE && g->blocked,
		   live ? g->stats.avail : 0, live ? g->stats.working_set : 0,
		   g->stats.major_faults, g->stats.lowmem_events, p->alloc,
		   p->active, pmem_count(pmem, PMEM_HYPERVISOR));
	append(row, (size_t)n < sizeof(row) ? (size_t)n : strlen(row));
}

void trace_rows(uint64_t t_ms, enum mem_state state, const struct pmem *pmem,
		const struct guest *guests, const struct policy_guest *pg,
		unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		trace_row(t_ms, mem_state_name(state), pmem, &guests[i], &pg[i]);
}
