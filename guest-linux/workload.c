/*
 * The Linux guest's workload (run by guest-linux/init): holds MB mebibytes
 * of anonymous memory filled with a pattern that depends on each word's
 * address and the round, checks all of it every PERIOD seconds, rewrites
 * it for the next round and prints the guest's own /proc/meminfo MemTotal
 * and MemFree, so the serial console shows the balloon driver taking
 * memory away (MemTotal falls) while the data stays intact. ROUNDS 0 runs
 * forever. A mismatch is printed and ends it with status 1.
 * Usage: workload MB PERIOD ROUNDS
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static uint64_t pattern(const uint64_t *p, unsigned round)
{
	uint64_t x = (uint64_t)(uintptr_t)p * 0x9e3779b97f4a7c15ull + round;

	return x ^ (x >> 29);
}

static void fill(uint64_t *mem, size_t words, unsigned round)
{
	for (size_t i = 0; i < words; i++)
		mem[i] = pattern(&mem[i], round);
}

static int verify(const uint64_t *mem, size_t words, unsigned round)
{
	for (size_t i = 0; i < words; i++) {
		if (mem[i] != pattern(&mem[i], round)) {
			printf("workload: ERROR word %zu round %u: %016llx\n", i, round,
			       (unsigned long long)mem[i]);
			return -1;
		}
	}
	return 0;
}

/* meminfo KEY: KEY's value in kB from /proc/meminfo, -1 if missing. */
static long meminfo(const char *key)
{
	char line[128];
	long value = -1;
	size_t n = strlen(key);
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, key, n) == 0 && line[n] == ':') {
			value = strtol(line + n + 1, NULL, 10);
			break;
		}
	}
	fclose(f);
	return value;
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: workload MB PERIOD ROUNDS\n");
		return 2;
	}
	size_t bytes = strtoul(argv[1], NULL, 0) << 20;
	unsigned period = strtoul(argv[2], NULL, 0);
	unsigned rounds = strtoul(argv[3], NULL, 0);
	uint64_t *mem = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (mem == MAP_FAILED) {
		printf("workload: ERROR cannot map %zu bytes\n", bytes);
		return 1;
	}
	size_t words = bytes / sizeof(*mem);
	fill(mem, words, 0);
	for (unsigned round = 1; rounds == 0 || round <= rounds; round++) {
		sleep(period);
		if (verify(mem, words, round - 1))
			return 1;
		fill(mem, words, round);
		printf("workload: round %u ok MemTotal: %ld kB MemFree: %ld kB\n", round,
		       meminfo("MemTotal"), meminfo("MemFree"));
	}
	printf("workload: done\n");
	return 0;
}
