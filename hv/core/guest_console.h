/*
 * What a kernel guest writes to its serial port, made readable and
 * watched: ANSI terminal sequences (memtest86+ paints a screen on its
 * serial console) are taken out, the text between cursor moves and line
 * ends becomes one console line "[NAME] text", a line the same as the
 * last one at that place on the guest's screen is not printed again, and
 * the text is matched against the scenario's pass-at and fail-at (each
 * a list of alternatives split by '|'). Pure: it prints through printk
 * and touches nothing else, so the host unit tests feed it bytes.
 */
#ifndef HV_CORE_GUEST_CONSOLE_H
#define HV_CORE_GUEST_CONSOLE_H

#include <stdbool.h>
#include <stdint.h>

#define GUEST_CONSOLE_LINE 128
#define GUEST_CONSOLE_TAIL 96
#define GUEST_CONSOLE_SLOTS 64

enum console_verdict {
	CONSOLE_GO_ON,
	CONSOLE_PASS,  /* a pass-at text appeared */
	CONSOLE_FAIL,  /* a fail-at text appeared (checked first) */
};

struct guest_console {
	const char *name, *pass_at, *fail_at;
	uint8_t esc;                /* 0 text, 1 after ESC, 2 in ESC [ */
	unsigned param[2], nparam;  /* ESC [ row ; col */
	unsigned row, col;          /* where the current line started */
	char line[GUEST_CONSOLE_LINE];
	unsigned len;
	char tail[GUEST_CONSOLE_TAIL]; /* the last text, for the watch */
	unsigned tail_pos, tail_len;
	uint32_t shown[GUEST_CONSOLE_SLOTS]; /* hash of the line last shown */
	uint64_t bytes, lines;
	char matched[GUEST_CONSOLE_TAIL]; /* the alternative that ended it */
};

/* name, pass_at and fail_at must outlive c (the guest's scenario line). */
void guest_console_init(struct guest_console *c, const char *name,
			const char *pass_at, const char *fail_at);
enum console_verdict guest_console_put(struct guest_console *c, uint8_t ch);

#endif
