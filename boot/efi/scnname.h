/*
 * The scenario's module name. The ESP holds the scenario under a fixed
 * name, \ballast\scenario.scn; \ballast\scenario.name holds the path it
 * came from (e.g. "scenarios/default.scn"), which the loader passes as the
 * module's name so the hypervisor's parse errors read file:line:column as
 * they do after GRUB. Pure code, tested on the host.
 */
#ifndef BOOT_EFI_SCNNAME_H
#define BOOT_EFI_SCNNAME_H

#include <stddef.h>

#include "include/ballast/bootinfo.h"

/* Used when \ballast\scenario.name is absent (an ESP made by hand). */
#define SCN_DEFAULT_NAME "scenario.scn"

/* Takes the first line of TEXT (LEN bytes), trailing blanks dropped, into
 * NAME; NULL when it is a usable name, else why not. */
const char *scn_name_parse(const char *text, size_t len,
			   char name[BOOT_NAME_LEN]);

#endif
