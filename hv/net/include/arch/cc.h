/* lwIP's compiler and platform hooks for the freestanding hypervisor. */
#ifndef HV_NET_ARCH_CC_H
#define HV_NET_ARCH_CC_H

#include <stdint.h>

#define LWIP_NO_INTTYPES_H 1
#define LWIP_NO_CTYPE_H 1
#define X8_F "02x"
#define U16_F "u"
#define S16_F "d"
#define X16_F "x"
#define U32_F "u"
#define S32_F "d"
#define X32_F "x"
#define SZT_F "lu"

#define BYTE_ORDER LITTLE_ENDIAN
#define LWIP_PLATFORM_DIAG(x) do { } while (0)
#define LWIP_PLATFORM_ASSERT(x) hv_net_assert(x, __FILE__, __LINE__)
_Noreturn void hv_net_assert(const char *msg, const char *file, int line);

#endif
