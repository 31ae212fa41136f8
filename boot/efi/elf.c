/*
 * Checking and placing the hypervisor's ELF image. Every offset and size
 * read from the file is checked against the file's length before use, so a
 * truncated or damaged file is refused with a reason instead of loading
 * garbage into low memory.
 */
#include "boot/efi/elf.h"

#include <elf.h>
#include <stddef.h>
#include <string.h> /* memcpy and memset only: libefi has no other */

#define PAGE_SIZE 4096ull

static const Elf64_Phdr *phdr(const uint8_t *file, unsigned i)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)file;

	return (const Elf64_Phdr *)(file + eh->e_phoff + (uint64_t)i * sizeof(Elf64_Phdr));
}

/* A range [off, off + len) lies inside SIZE bytes, without overflow. */
static int inside(uint64_t off, uint64_t len, uint64_t size)
{
	return len <= size && off <= size - len;
}

static const char *check_header(const uint8_t *file, uint64_t size)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)file;

	if (size < sizeof(*eh))
		return "shorter than an ELF header";
	if (eh->e_ident[EI_MAG0] != ELFMAG0 || eh->e_ident[EI_MAG1] != ELFMAG1 ||
	    eh->e_ident[EI_MAG2] != ELFMAG2 || eh->e_ident[EI_MAG3] != ELFMAG3)
		return "not an ELF file";
	if (eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_ident[EI_DATA] != ELFDATA2LSB ||
	    eh->e_machine != EM_X86_64)
		return "not a 64-bit x86 ELF file";
	if (eh->e_phentsize != sizeof(Elf64_Phdr) || eh->e_phoff % 8)
		return "unexpected program header size or alignment";
	if (!inside(eh->e_phoff, (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr), size))
		return "program headers run past the end of the file (truncated?)";
	return NULL;
}

static const char *check_segment(const Elf64_Phdr *ph, uint64_t size)
{
	if (ph->p_filesz > ph->p_memsz)
		return "a segment has more bytes in the file than in memory";
	if (!inside(ph->p_offset, ph->p_filesz, size))
		return "a segment runs past the end of the file (truncated?)";
	if (!inside(ph->p_paddr, ph->p_memsz, HV_PHYS_LIMIT))
		return "a segment does not fit below 4 GiB";
	return NULL;
}

static const char *check_segments(const uint8_t *file, uint64_t size,
				  struct hv_image *img)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)file;

	img->lo = UINT64_MAX;
	img->hi = 0;
	for (unsigned i = 0; i < eh->e_phnum; i++) {
		const Elf64_Phdr *ph = phdr(file, i);
		const char *why;

		if (ph->p_type != PT_LOAD)
			continue;
		why = check_segment(ph, size);
		if (why)
			return why;
		if (ph->p_paddr < img->lo)
			img->lo = ph->p_paddr;
		if (ph->p_paddr + ph->p_memsz > img->hi)
			img->hi = ph->p_paddr + ph->p_memsz;
	}
	if (img->lo >= img->hi)
		return "no loadable segment";
	img->lo &= ~(PAGE_SIZE - 1);
	img->hi = (img->hi + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	return NULL;
}

/* The record is two aligned quadwords; memcpy because the file buffer's
 * alignment is the caller's. */
static const char *find_entry(const uint8_t *file, uint64_t size,
			      struct hv_image *img)
{
	uint64_t end = size < HV_ENTRY_SEARCH ? size : HV_ENTRY_SEARCH;

	for (uint64_t off = 0; off + 16 <= end; off += 8) {
		uint64_t q[2];

		memcpy(q, file + off, sizeof(q));
		if (q[0] != HV_ENTRY_MAGIC)
			continue;
		img->entry = q[1];
		if (img->entry < img->lo || img->entry >= img->hi)
			return "the BLSTHV64 entry lies outside the loaded segments";
		return NULL;
	}
	return "no BLSTHV64 record in the first 32 KiB: not a Ballast hypervisor";
}

const char *elf_check(const uint8_t *file, uint64_t size, struct hv_image *img)
{
	const char *why = check_header(file, size);

	if (!why)
		why = check_segments(file, size, img);
	if (!why)
		why = find_entry(file, size, img);
	return why;
}

void elf_place(const uint8_t *file, const struct hv_image *img, uint8_t *span)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)file;

	memset(span, 0, img->hi - img->lo);
	for (unsigned i = 0; i < eh->e_phnum; i++) {
		const Elf64_Phdr *ph = phdr(file, i);

		if (ph->p_type == PT_LOAD)
			memcpy(span + (ph->p_paddr - img->lo), file + ph->p_offset,
			       ph->p_filesz);
	}
}
