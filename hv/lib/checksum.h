/*
 * CRC-32 (IEEE 802.3, the one zlib, gzip and PNG use) over a buffer. The
 * UEFI loader and the hypervisor both print it for each boot module, so a
 * run shows the modules arrived intact; the host can check the same value
 * with Python's zlib.crc32. Freestanding, shared by hypervisor, loader and
 * host tests.
 */
#ifndef HV_LIB_CHECKSUM_H
#define HV_LIB_CHECKSUM_H

#include <stddef.h>
#include <stdint.h>

uint32_t crc32(const void *data, size_t len);

#endif
