/* Unit tests of the UEFI loader's scenario.name reading (boot/efi/scnname.c). */
#include "boot/efi/scnname.h"
#include "tests/unit/check.h"

#include <string.h>

static const char *parse(const char *text, char name[BOOT_NAME_LEN])
{
	return scn_name_parse(text, strlen(text), name);
}

static void test_first_line(void)
{
	char name[BOOT_NAME_LEN];

	CHECK(parse("scenarios/default.scn\n", name) == NULL);
	CHECK(!strcmp(name, "scenarios/default.scn"));
	CHECK(parse("a.scn \r\nsecond line\n", name) == NULL);
	CHECK(!strcmp(name, "a.scn"));
	CHECK(parse("x.scn", name) == NULL);
	CHECK(!strcmp(name, "x.scn"));
}

static void test_refused(void)
{
	char name[BOOT_NAME_LEN];
	char long_name[BOOT_NAME_LEN + 8];

	memset(long_name, 'a', sizeof(long_name));
	memcpy(long_name + BOOT_NAME_LEN + 3, ".scn", 5);
	CHECK(strstr(parse("\nx.scn\n", name), "empty") != NULL);
	CHECK(strstr(parse("", name), "empty") != NULL);
	CHECK(strstr(parse("scenarios/default.txt\n", name), ".scn") != NULL);
	CHECK(strstr(parse("scn\n", name), ".scn") != NULL);
	CHECK(strstr(parse(long_name, name), "longer") != NULL);
}

int main(void)
{
	static const struct unit_test tests[] = {
		{ "the first line, trailing blanks dropped", test_first_line },
		{ "empty, long and non-.scn names are refused", test_refused },
	};

	return CHECK_RUN("efi_scnname", tests);
}
