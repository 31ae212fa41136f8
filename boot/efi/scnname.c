/*
 * Reading \ballast\scenario.name. The hypervisor finds the scenario by the
 * suffix ".scn", so a name without it is refused here, where the user can
 * still be told which file to fix. Plain loops: libefi has no memchr or
 * memcmp.
 */
#include "boot/efi/scnname.h"

#include <string.h>

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static size_t first_line_length(const char *text, size_t len)
{
	size_t n = 0;

	while (n < len && text[n] != '\n')
		n++;
	while (n && is_blank(text[n - 1]))
		n--;
	return n;
}

static int ends_with_scn(const char *s, size_t n)
{
	return n >= 4 && s[n - 4] == '.' && s[n - 3] == 's' && s[n - 2] == 'c' &&
	       s[n - 1] == 'n';
}

const char *scn_name_parse(const char *text, size_t len,
			   char name[BOOT_NAME_LEN])
{
	size_t n = first_line_length(text, len);

	if (!n)
		return "the first line is empty";
	if (n >= BOOT_NAME_LEN)
		return "the name is longer than 63 characters";
	if (!ends_with_scn(text, n))
		return "the name does not end in .scn";
	memcpy(name, text, n);
	name[n] = '\0';
	return NULL;
}
