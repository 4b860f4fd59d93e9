/* ctnames.c - Docker and Podman containers' names from the runtimes'
 * on-disk state (ctnames.h), parsed with jansson. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "sockview/ctnames.h"
#include "sockview/grow.h"

/* One id looked up (or listed by containers.json): its name, or none. */
struct entry {
	char id[SV_CT_ID_MAX + 1];
	uint8_t kind; /* SV_CT_DOCKER, SV_CT_PODMAN; 0: a free slot */
	char *name;   /* NULL: the runtime's state gives none */
};

struct sv_ctnames {
	char *root;
	bool podman_read;
	struct entry *tab; /* open addressing, a power of two, at most half full */
	size_t cap, count;
};

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* containers/storage's drivers, each with a directory of its own, and the
 * lists there: the containers kept, and those made to be removed when
 * they stop (podman run --rm). */
static const char *const podman_drivers[] = { "overlay", "vfs", "btrfs", "zfs" };
static const char *const podman_lists[] = { "containers.json", "volatile-containers.json" };

/* 64 lower-case hex digits, NUL-terminated. */
static bool is_id(const char *s)
{
	size_t i;

	for (i = 0; i < SV_CT_ID_MAX; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return s[i] == '\0';
}

/* A JSON string usable as a name (after skip leading bytes): copied to
 * out. */
static bool take_name(const json_t *v, size_t skip, char out[SV_CT_NAME_MAX + 1])
{
	const char *p = json_string_value(v);
	size_t n = json_string_length(v);

	if (!p || n < skip)
		return false;
	p += skip;
	n -= skip;
	if (n == 0 || n > SV_CT_NAME_MAX || memchr(p, '/', n) || memchr(p, '\0', n))
		return false;
	memcpy(out, p, n);
	out[n] = '\0';
	return true;
}

static json_t *load(const char *buf, size_t len)
{
	json_error_t err;

	return json_loadb(buf, len, JSON_REJECT_DUPLICATES, &err);
}

/* See ctnames.h. */
int sv_ctnames_parse_docker(const char *buf, size_t len, const char *id,
			    char name[SV_CT_NAME_MAX + 1])
{
	json_t *root = load(buf, len), *own, *nm;
	const char *s;
	int ret = -ENOENT;

	if (!root || !json_is_object(root)) {
		json_decref(root);
		return -EINVAL;
	}
	own = json_object_get(root, "ID");
	nm = json_object_get(root, "Name");
	s = json_string_value(nm);
	/* "/web"; a name without the slash is taken as it is */
	if ((!own || (json_is_string(own) && strcmp(json_string_value(own), id) == 0)) &&
	    s && take_name(nm, s[0] == '/', name))
		ret = 0;
	json_decref(root);
	return ret;
}

/* One element of containers.json into *e: false when it names nothing. */
static bool podman_entry(const json_t *o, struct sv_ctname *e)
{
	const json_t *id = json_object_get(o, "id"), *names = json_object_get(o, "names");
	size_t i;

	if (!json_is_string(id) || json_string_length(id) != SV_CT_ID_MAX ||
	    !is_id(json_string_value(id)) || !json_is_array(names))
		return false;
	for (i = 0; i < json_array_size(names); i++)
		if (take_name(json_array_get(names, i), 0, e->name))
			break;
	if (i == json_array_size(names))
		return false;
	memcpy(e->id, json_string_value(id), SV_CT_ID_MAX + 1);
	return true;
}

/* See ctnames.h. */
int sv_ctnames_parse_podman(const char *buf, size_t len, struct sv_ctname **out,
			    size_t *n)
{
	json_t *root = load(buf, len);
	struct sv_ctname *v = NULL;
	size_t cap = 0, count = 0;

	*out = NULL;
	*n = 0;
	if (!root || !json_is_array(root)) {
		json_decref(root);
		return -EINVAL;
	}
	for (size_t i = 0; i < json_array_size(root); i++) {
		struct sv_ctname e;

		if (!podman_entry(json_array_get(root, i), &e))
			continue;
		if (sv_grow((void **)&v, &cap, count + 1, sizeof(*v), 16) < 0) {
			free(v);
			json_decref(root);
			return -ENOMEM;
		}
		v[count++] = e;
	}
	json_decref(root);
	*out = v;
	*n = count;
	return 0;
}

/* See ctnames.h. */
int sv_ctnames_new(const char *root, struct sv_ctnames **out)
{
	struct sv_ctnames *t = calloc(1, sizeof(*t));

	if (!t || !(t->root = strdup(root ? root : ""))) {
		free(t);
		return -ENOMEM;
	}
	*out = t;
	return 0;
}

/* A regular file's bytes, when it has at most cap of them (a larger file,
 * a FIFO, a symbolic link or one that grows while read: none). Returns a
 * malloc'd buffer, or NULL. */
static char *read_capped(const char *path, size_t cap, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY);
	struct stat st;
	char *buf = NULL;
	size_t n = 0, want = 0;
	ssize_t r = 1;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= 0 &&
	    (uint64_t)st.st_size <= cap) {
		want = (size_t)st.st_size;
		buf = malloc(want + 1); /* one byte more: a file that grew */
	}
	while (buf && n <= want && (r = read(fd, buf + n, want + 1 - n)) != 0) {
		if (r < 0 && errno != EINTR)
			break;
		n += r > 0 ? (size_t)r : 0;
	}
	close(fd);
	if (buf && (r != 0 || n > want)) {
		free(buf);
		buf = NULL;
	}
	*len = n;
	return buf;
}

static size_t slot(const struct sv_ctnames *t, uint8_t kind, const char *id)
{
	uint64_t h = 0xcbf29ce484222325ull ^ kind;
	size_t i;

	for (const char *p = id; *p; p++)
		h = (h ^ (unsigned char)*p) * 0x100000001b3ull;
	i = (size_t)(h ^ h >> 32) & (t->cap - 1);
	while (t->tab[i].kind && (t->tab[i].kind != kind || strcmp(t->tab[i].id, id) != 0))
		i = (i + 1) & (t->cap - 1);
	return i;
}

/* Keep id's name (NULL: none); the first one kept stays. Returns 0 or
 * -ENOMEM. */
static int add(struct sv_ctnames *t, uint8_t kind, const char *id, const char *name)
{
	struct entry *e;

	if ((t->count + 1) * 2 > t->cap) {
		struct entry *old = t->tab;
		size_t oldcap = t->cap;

		t->tab = calloc(oldcap ? oldcap * 2 : 64, sizeof(*t->tab));
		if (!t->tab) {
			t->tab = old;
			return -ENOMEM;
		}
		t->cap = oldcap ? oldcap * 2 : 64;
		for (size_t i = 0; i < oldcap; i++)
			if (old[i].kind)
				t->tab[slot(t, old[i].kind, old[i].id)] = old[i];
		free(old);
	}
	e = &t->tab[slot(t, kind, id)];
	if (e->kind)
		return 0;
	if (name && !(e->name = strdup(name)))
		return -ENOMEM;
	e->kind = kind;
	memcpy(e->id, id, SV_CT_ID_MAX + 1);
	t->count++;
	return 0;
}

/* Docker: the container's own config.v2.json. Out of memory: no name. */
static void read_docker(struct sv_ctnames *t, const char *id)
{
	char path[4096], name[SV_CT_NAME_MAX + 1];
	size_t len = 0;
	char *buf = NULL;
	bool ok = false;
	int n = snprintf(path, sizeof(path), "%s" SV_CTNAMES_DOCKER "/%s/config.v2.json",
			 t->root, id);

	if (n > 0 && (size_t)n < sizeof(path))
		buf = read_capped(path, SV_CTNAMES_DOCKER_CAP, &len);
	if (buf)
		ok = sv_ctnames_parse_docker(buf, len, id, name) == 0;
	free(buf);
	(void)add(t, SV_CT_DOCKER, id, ok ? name : NULL);
}

/* One containers.json: its entries kept. Out of memory: some of them. */
static void read_podman_file(struct sv_ctnames *t, const char *path)
{
	struct sv_ctname *v = NULL;
	size_t len = 0, nv = 0;
	char *buf = read_capped(path, SV_CTNAMES_PODMAN_CAP, &len);

	if (buf && sv_ctnames_parse_podman(buf, len, &v, &nv) == 0)
		for (size_t i = 0; i < nv; i++)
			if (add(t, SV_CT_PODMAN, v[i].id, v[i].name) < 0)
				break;
	free(v);
	free(buf);
}

/* Podman: every driver's lists, once; the first name found for an id
 * stays. */
static void read_podman(struct sv_ctnames *t)
{
	t->podman_read = true;
	for (size_t d = 0; d < ARRAY_LEN(podman_drivers); d++)
		for (size_t f = 0; f < ARRAY_LEN(podman_lists); f++) {
			char path[4096];
			int n = snprintf(path, sizeof(path), "%s" SV_CTNAMES_PODMAN "/%s-containers/%s",
					 t->root, podman_drivers[d], podman_lists[f]);

			if (n > 0 && (size_t)n < sizeof(path))
				read_podman_file(t, path);
		}
}

/* See ctnames.h. */
const char *sv_ctnames_find(struct sv_ctnames *t, enum sv_container_kind kind,
			    const char *id)
{
	const struct entry *e;

	if (!t || !id || (kind != SV_CT_DOCKER && kind != SV_CT_PODMAN) || !is_id(id))
		return NULL;
	if (kind == SV_CT_PODMAN && !t->podman_read)
		read_podman(t);
	if (t->cap) {
		e = &t->tab[slot(t, (uint8_t)kind, id)];
		if (e->kind)
			return e->name;
	}
	if (kind == SV_CT_PODMAN) /* containers.json does not list it */
		return NULL;
	read_docker(t, id);
	if (!t->cap)
		return NULL;
	e = &t->tab[slot(t, (uint8_t)kind, id)];
	return e->kind ? e->name : NULL;
}

/* See ctnames.h. */
void sv_ctnames_free(struct sv_ctnames *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->cap; i++)
		free(t->tab[i].name);
	free(t->tab);
	free(t->root);
	free(t);
}
