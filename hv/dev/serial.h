/* 16550 UART: COM1 carries the console, COM2 the trace. */
#ifndef HV_DEV_SERIAL_H
#define HV_DEV_SERIAL_H

#include <stddef.h>
#include <stdint.h>

#define SERIAL_COM1 0x3f8
#define SERIAL_COM2 0x2f8

void serial_init(uint16_t port);
void serial_write(uint16_t port, const char *s, size_t n);
void serial_drain(uint16_t port);

#endif
