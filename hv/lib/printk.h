/*
 * printk and panic: the hypervisor's messages, a service below every other
 * part, so that the back end, the devices and the core can all report.
 * Where the bytes go and how the machine stops belong to the core's
 * console (hv/core/console.c), which registers them first thing at boot;
 * before that, messages go nowhere and a panic spins. A panic prints what
 * failed and where, then stops the machine.
 */
#ifndef HV_LIB_PRINTK_H
#define HV_LIB_PRINTK_H

struct printk_sink {
	void (*write)(const char *s, unsigned long n);
	void (*stop)(int status); /* does not return */
};

void printk_register(const struct printk_sink *sink);
void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void panic_at(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#define panic(...) panic_at(__FILE__, __LINE__, __VA_ARGS__)

#endif
