/*
 * The guest's CMOS clock (mc146818.h). Registers 0-9 are the time and
 * date, 0x0a-0x0d the status registers A-D, 0x32 the century (the byte
 * Linux reads when an ACPI FADT names it, and the PC/AT's place for it).
 */
#include "hv/dev/mc146818.h"

enum {
	REG_SECONDS = 0x00,
	REG_MINUTES = 0x02,
	REG_HOURS = 0x04,
	REG_DAY_OF_WEEK = 0x06,
	REG_DAY_OF_MONTH = 0x07,
	REG_MONTH = 0x08,
	REG_YEAR = 0x09,
	REG_A = 0x0a,
	REG_B = 0x0b,
	REG_C = 0x0c,
	REG_D = 0x0d,
	REG_CENTURY = 0x32,
};

/* Thursday 2026-01-01 12:00:00, in BCD. */
#define RTC_FIXED_SECONDS 0x00u
#define RTC_FIXED_MINUTES 0x00u
#define RTC_FIXED_HOURS 0x12u
#define RTC_FIXED_DAY_OF_WEEK 0x05u /* Sunday is 1 */
#define RTC_FIXED_DAY_OF_MONTH 0x01u
#define RTC_FIXED_MONTH 0x01u
#define RTC_FIXED_YEAR 0x26u
#define RTC_FIXED_CENTURY 0x20u

/* A: the 32.768 kHz time base (DV = 010) and the 1024 Hz rate (0110),
 * UIP (bit 7) never set. B: 24-hour mode (bit 1), BCD (DM, bit 2, clear),
 * no interrupt enabled. D: VRT (bit 7), the battery is good. */
#define REG_A_DEFAULT 0x26u
#define REG_A_UIP 0x80u
#define REG_B_24H 0x02u
#define REG_B_FIXED 0x06u /* DM and 24/12 */
#define REG_D_VRT 0x80u

void mc146818_init(struct mc146818 *r)
{
	*r = (struct mc146818){ 0 };
	r->ram[REG_SECONDS] = RTC_FIXED_SECONDS;
	r->ram[REG_MINUTES] = RTC_FIXED_MINUTES;
	r->ram[REG_HOURS] = RTC_FIXED_HOURS;
	r->ram[REG_DAY_OF_WEEK] = RTC_FIXED_DAY_OF_WEEK;
	r->ram[REG_DAY_OF_MONTH] = RTC_FIXED_DAY_OF_MONTH;
	r->ram[REG_MONTH] = RTC_FIXED_MONTH;
	r->ram[REG_YEAR] = RTC_FIXED_YEAR;
	r->ram[REG_A] = REG_A_DEFAULT;
	r->ram[REG_B] = REG_B_24H;
	r->ram[REG_D] = REG_D_VRT;
	r->ram[REG_CENTURY] = RTC_FIXED_CENTURY;
}

bool mc146818_claims(uint16_t port)
{
	return port == MC146818_INDEX || port == MC146818_DATA;
}

/* The index port cannot be read back on a PC: all ones. C reads 0: no
 * interrupt flag is ever set. */
uint8_t mc146818_read(struct mc146818 *r, uint16_t port)
{
	if (port != MC146818_DATA)
		return 0xff;
	if (r->index == REG_C)
		return 0;
	return r->ram[r->index];
}

/* The time stands: writes to it are dropped, as are those to C and D
 * (read-only), to A's UIP bit and to B's data mode and 24-hour bits (the
 * time stays as it is kept); the RAM keeps what is written. */
void mc146818_write(struct mc146818 *r, uint16_t port, uint8_t v)
{
	if (port == MC146818_INDEX) {
		r->index = v & (uint8_t)~MC146818_NMI_MASK;
		r->nmi_masked = v & MC146818_NMI_MASK;
		return;
	}
	if (r->index <= REG_YEAR || r->index == REG_C || r->index == REG_D ||
	    r->index == REG_CENTURY)
		return;
	if (r->index == REG_A)
		v &= (uint8_t)~REG_A_UIP;
	if (r->index == REG_B)
		v = (uint8_t)((v & ~REG_B_FIXED) | REG_B_24H);
	r->ram[r->index] = v;
}
