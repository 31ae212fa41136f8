/*
 * The hypervisor console (COM1): printk for messages, panic for broken
 * invariants. A panic prints what failed and where, then stops the machine.
 */
#ifndef HV_CORE_CONSOLE_H
#define HV_CORE_CONSOLE_H

void console_init(void);
void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void console_write(const char *s, unsigned long n);
/* Stops the machine once the console's last byte is on the line. */
_Noreturn void console_stop(int status);
_Noreturn void panic_at(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#define panic(...) panic_at(__FILE__, __LINE__, __VA_ARGS__)

#endif
