/* Writes the trace (see trace.h) to COM2, through a buffer. */
#include "hv/core/trace.h"

#include "hv/dev/serial.h"
#include "hv/lib/string.h"

#define TRACE_BUFFER_BYTES (4u << 20)

/* In the hypervisor image, not in managed memory: the trace must not
 * take machine memory from the experiment. */
static char buffer[TRACE_BUFFER_BYTES];
static size_t used;
static size_t sent; /* of used, what is on COM2 already */
static uint64_t stalls;

void trace_init(void)
{
	serial_init(SERIAL_COM2);
}

/* What was sent stays in the buffer until it fills, for trace_text. */
uint64_t trace_flush(void)
{
	size_t n = used - sent;

	serial_write(SERIAL_COM2, buffer + sent, n);
	serial_drain(SERIAL_COM2);
	sent = used;
	return n;
}

const char *trace_text(size_t *len)
{
	*len = used;
	return buffer;
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
		used = sent = 0;
	}
	memcpy(buffer + used, s, n);
	used += n;
}
