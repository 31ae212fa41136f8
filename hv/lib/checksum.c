/*
 * CRC-32, bit by bit: no 1 KiB table to keep in the loader and the
 * hypervisor, and modules of a few hundred KiB take well under a
 * millisecond even under emulation.
 */
#include "hv/lib/checksum.h"

#define CRC32_POLY_REFLECTED 0xedb88320u

uint32_t crc32(const void *data, size_t len)
{
	const uint8_t *p = data;
	uint32_t crc = 0xffffffffu;

	for (size_t i = 0; i < len; i++) {
		crc ^= p[i];
		for (int bit = 0; bit < 8; bit++)
			crc = (crc >> 1) ^ (CRC32_POLY_REFLECTED & -(crc & 1));
	}
	return ~crc;
}
