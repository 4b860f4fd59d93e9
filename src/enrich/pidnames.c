/* pidnames.c - a process's name from its id (procroot/PID/stat), as ss
 * reads it for a netlink port id, cached for one run. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sockview/pidnames.h"

#define SLOTS 64
#define ROOT_MAX 256

struct slot {
	uint32_t pid;
	int8_t known;  /* 0: empty; 1: name; -1: no name */
	char name[SV_PIDNAMES_NAME + 1];
};

struct sv_pidnames {
	char root[ROOT_MAX];
	struct slot slot[SLOTS];
};

/* See pidnames.h. */
int sv_pidnames_new(const char *procroot, struct sv_pidnames **out)
{
	struct sv_pidnames *p;

	if (strlen(procroot) >= ROOT_MAX)
		return -ENAMETOOLONG;
	p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	strcpy(p->root, procroot);
	*out = p;
	return 0;
}

static bool is_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* See pidnames.h. */
int sv_pidnames_parse_stat(const char *text, size_t len, char *name, size_t cap)
{
	size_t i = 0, start, n;

	if (!text || !name || cap == 0)
		return -EINVAL;
	while (i < len && is_space(text[i]))
		i++;
	if (i < len && (text[i] == '+' || text[i] == '-'))
		i++;
	start = i;
	while (i < len && text[i] >= '0' && text[i] <= '9')
		i++;
	if (i == start)
		return -EINVAL;
	while (i < len && is_space(text[i]))
		i++;
	if (i >= len || text[i++] != '(')
		return -EINVAL;
	start = i;
	while (i < len && text[i] != ')')
		i++;
	n = i - start;
	if (n == 0)
		return -EINVAL;
	if (n > SV_PIDNAMES_NAME)
		n = SV_PIDNAMES_NAME;
	if (n > cap - 1)
		n = cap - 1;
	memcpy(name, text + start, n);
	name[n] = '\0';
	return (int)n;
}

/* Read the start of procroot/PID/stat (the name is near it) into s. */
static void lookup(const struct sv_pidnames *p, uint32_t pid, struct slot *s)
{
	char path[ROOT_MAX + 32], buf[512];
	ssize_t n = -1;
	int fd;

	snprintf(path, sizeof(path), "%s/%u/stat", p->root, pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		do
			n = read(fd, buf, sizeof(buf));
		while (n < 0 && errno == EINTR);
		close(fd);
	}
	s->pid = pid;
	s->known = n > 0 && sv_pidnames_parse_stat(buf, (size_t)n, s->name,
						   sizeof(s->name)) > 0 ? 1 : -1;
}

/* See pidnames.h. */
const char *sv_pidnames_get(struct sv_pidnames *p, uint32_t pid)
{
	struct slot *s = &p->slot[pid % SLOTS];

	if (pid == 0)
		return NULL;
	if (!s->known || s->pid != pid)
		lookup(p, pid, s);
	return s->known > 0 ? s->name : NULL;
}

/* See pidnames.h. */
void sv_pidnames_free(struct sv_pidnames *p)
{
	free(p);
}
