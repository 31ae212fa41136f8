/*
 * A GNU make plugin (loaded by the Makefile) so that `make run` and the
 * other launchers end with the run's own status. GNU make ends with 2
 * whatever status a recipe failed with, and a launcher's status is the
 * run's verdict (0 ok, 1 a guest failed, 2 panic, 3 no usable VT-x, 4 bad
 * scenario). $(run-status COMMAND) runs COMMAND through the shell with
 * make's own terminal and, when it fails, ends make with its status at
 * once; make prints nothing after the run's last line.
 */
#include <gnumake.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

int plugin_is_GPL_compatible;

int run_status_gmk_setup(const gmk_floc *floc);

static char *run_status(const char *name, unsigned int argc, char **argv)
{
	int rc;

	(void)name;
	(void)argc;
	fflush(stdout);
	rc = system(argv[0]);
	if (rc == -1) {
		perror("make: run-status");
		exit(127);
	}
	if (WIFSIGNALED(rc))
		exit(128 + WTERMSIG(rc));
	if (WEXITSTATUS(rc) != 0)
		exit(WEXITSTATUS(rc));
	return NULL;
}

int run_status_gmk_setup(const gmk_floc *floc)
{
	(void)floc;
	gmk_add_function("run-status", run_status, 1, 1, GMK_FUNC_DEFAULT);
	return 1;
}
