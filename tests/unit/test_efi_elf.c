/*
 * Unit tests of the UEFI loader's ELF checks (boot/efi/elf.c): a good
 * image is placed with its .bss zeroed, and each way a file can be broken
 * is refused with its own reason.
 */
#include "boot/efi/elf.h"
#include "tests/unit/check.h"

#include <elf.h>
#include <string.h>

#define TEXT_OFF 0x1000
#define TEXT_LEN 0x100
#define BASE 0x100000ull

/* An image like ballast.elf: a text segment holding the BLSTHV64 record,
 * and a NOBITS .bss segment after it. */
static union {
	Elf64_Ehdr eh;
	unsigned char b[TEXT_OFF + TEXT_LEN];
} img;

static Elf64_Phdr *ph(unsigned i)
{
	return (Elf64_Phdr *)(img.b + sizeof(Elf64_Ehdr)) + i;
}

static void make_image(void)
{
	uint64_t rec[2] = { HV_ENTRY_MAGIC, BASE + 0x40 };

	memset(&img, 0, sizeof(img));
	memcpy(img.eh.e_ident, ELFMAG, SELFMAG);
	img.eh.e_ident[EI_CLASS] = ELFCLASS64;
	img.eh.e_ident[EI_DATA] = ELFDATA2LSB;
	img.eh.e_machine = EM_X86_64;
	img.eh.e_phoff = sizeof(Elf64_Ehdr);
	img.eh.e_phentsize = sizeof(Elf64_Phdr);
	img.eh.e_phnum = 3;
	*ph(0) = (Elf64_Phdr){ .p_type = PT_LOAD, .p_offset = TEXT_OFF,
			       .p_paddr = BASE, .p_filesz = TEXT_LEN,
			       .p_memsz = TEXT_LEN };
	*ph(1) = (Elf64_Phdr){ .p_type = PT_LOAD, .p_paddr = BASE + 0x1000,
			       .p_memsz = 0x1800 };
	*ph(2) = (Elf64_Phdr){ .p_type = PT_GNU_STACK };
	memset(img.b + TEXT_OFF, 0x90, TEXT_LEN);
	memcpy(img.b + TEXT_OFF + 0x18, rec, sizeof(rec));
}

static const char *check(uint64_t size)
{
	struct hv_image hv;

	return elf_check(img.b, size, &hv);
}

static void test_good_image(void)
{
	static unsigned char span[0x3000];
	struct hv_image hv;

	make_image();
	CHECK(elf_check(img.b, sizeof(img), &hv) == NULL);
	CHECK(hv.lo == BASE && hv.hi == BASE + 0x3000);
	CHECK(hv.entry == BASE + 0x40);
	memset(span, 0xcc, sizeof(span));
	elf_place(img.b, &hv, span);
	CHECK(!memcmp(span, img.b + TEXT_OFF, TEXT_LEN));
	CHECK(span[TEXT_LEN] == 0 && span[0x1000] == 0 && span[0x2fff] == 0);
}

static void test_truncated(void)
{
	make_image();
	CHECK(strstr(check(TEXT_OFF + 8), "truncated") != NULL);
	CHECK(strstr(check(sizeof(Elf64_Ehdr) + 8), "truncated") != NULL);
	CHECK(strstr(check(16), "shorter") != NULL);
}

static void test_not_elf(void)
{
	make_image();
	img.b[1] = 'X';
	CHECK(!strcmp(check(sizeof(img)), "not an ELF file"));
	make_image();
	img.eh.e_ident[EI_CLASS] = ELFCLASS32;
	CHECK(!strcmp(check(sizeof(img)), "not a 64-bit x86 ELF file"));
	make_image();
	img.eh.e_machine = EM_386;
	CHECK(!strcmp(check(sizeof(img)), "not a 64-bit x86 ELF file"));
	make_image();
	img.eh.e_phoff = 0x44;
	CHECK(strstr(check(sizeof(img)), "program header") != NULL);
}

static void test_bad_segments(void)
{
	make_image();
	ph(0)->p_filesz = TEXT_LEN + 1;
	CHECK(strstr(check(sizeof(img)), "more bytes in the file") != NULL);
	make_image();
	ph(0)->p_offset = UINT64_MAX - 8;
	CHECK(strstr(check(sizeof(img)), "truncated") != NULL);
	make_image();
	ph(1)->p_paddr = HV_PHYS_LIMIT - 0x1000;
	CHECK(strstr(check(sizeof(img)), "below 4 GiB") != NULL);
	make_image();
	ph(0)->p_type = PT_NOTE;
	ph(1)->p_type = PT_NOTE;
	CHECK(!strcmp(check(sizeof(img)), "no loadable segment"));
}

static void test_entry_record(void)
{
	uint64_t outside[2] = { HV_ENTRY_MAGIC, BASE + 0x5000 };

	make_image();
	memset(img.b + TEXT_OFF + 0x18, 0, 8);
	CHECK(strstr(check(sizeof(img)), "no BLSTHV64 record") != NULL);
	make_image();
	memcpy(img.b + TEXT_OFF + 0x18, outside, sizeof(outside));
	CHECK(strstr(check(sizeof(img)), "outside the loaded segments") != NULL);
}

int main(void)
{
	static const struct unit_test tests[] = {
		{ "a good image is placed, .bss zeroed", test_good_image },
		{ "truncated files are refused", test_truncated },
		{ "files that are not x86-64 ELF are refused", test_not_elf },
		{ "bad segments are refused", test_bad_segments },
		{ "the BLSTHV64 record must exist and point inside", test_entry_record },
	};

	return CHECK_RUN("efi_elf", tests);
}
