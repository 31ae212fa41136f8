/* Writes the trace (see trace.h) to COM2, through a buffer. */
#include "hv/core/trace.h"

#include "hv/dev/serial.h"
#include "hv/lib/string.h"

#define TRACE_BUFFER_BYTES (4u << 20)

/* In the hypervisor image, not in managed memory: the trace must not
 * take machine memory from the experiment. */
static char buffer[TRACE_BUFFER_BYTES];
static size_t used;
static uint64_t stalls;

void trace_init(void)
{
	serial_init(SERIAL_COM2);
}

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

void trace_append(const char *s, size_t n)
{
	if (used + n > sizeof(buffer)) {
		stalls++;
		trace_flush();
	}
	memcpy(buffer + used, s, n);
	used += n;
}
