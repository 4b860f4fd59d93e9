/* cli_build.c - the tables, families and states the options and state
 * words ask for, resolved as ss resolves them (cli_priv.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "sockview/escape.h"
#include "sockview/state.h"
#include "sockview/tables.h"

#include "cli_priv.h"

/* A word of argv made safe to echo in a message (see escape.h), in buf. */
static const char *esc(const char *word, char *buf, size_t len)
{
	sv_escape_text(buf, len, word, strlen(word));
	return buf;
}

/* Reads "state X" / "exclude X" words at the front of the non-option words,
 * as ss does. Returns how many words it consumed, or -EINVAL. */
int sv_cli_parse_states(int argc, char **argv, uint32_t *states, bool *saw,
			char *err, size_t errlen)
{
	char name[256];
	int i = 0;

	while (i < argc) {
		bool excl;
		uint32_t mask;

		if (strcmp(argv[i], "state") == 0)
			excl = false;
		else if (strcmp(argv[i], "exclude") == 0 || strcmp(argv[i], "excl") == 0)
			excl = true;
		else
			break;
		if (i + 1 >= argc) {
			snprintf(err, errlen, "'%s' needs a state name", argv[i]);
			return -EINVAL;
		}
		if (sv_state_parse(argv[i + 1], &mask) < 0) {
			snprintf(err, errlen, "unknown state '%s' after '%s'",
				 esc(argv[i + 1], name, sizeof(name)),
				 argv[i]);
			return -EINVAL;
		}
		if (!*saw)
			*states = excl ? SV_STATES_ALL : 0;
		*states = excl ? (*states & ~mask) : (*states | mask);
		*saw = true;
		i += 2;
	}
	return i;
}

void sv_cli_table_set(struct sv_cli_build *b, uint32_t mask, bool on)
{
	for (int t = 0; t < SV_TABLE_MAX; t++) {
		if (!(mask & (1u << t)))
			continue;
		if (on) {
			b->states |= sv_tables_get((enum sv_table)t)->default_states;
			b->tables |= 1u << t;
		} else {
			b->tables &= ~(1u << t);
		}
	}
	b->chosen = true;
}

void sv_cli_family_set(struct sv_cli_build *b, int af)
{
	uint32_t tables, states;

	if (sv_tables_family_defaults(af, &tables, &states))
		b->states |= states;
	b->families |= SV_AF(af);
	b->last_af = af;
	b->chosen = true;
}

/* -f WORD: ss's family words. Returns false for another word. */
bool sv_cli_family_word(struct sv_cli_build *b, const char *w)
{
	static const struct { const char *word; int af; } words[] = {
		{ "inet", AF_INET }, { "inet6", AF_INET6 }, { "link", AF_PACKET },
		{ "unix", AF_UNIX }, { "netlink", AF_NETLINK }, { "tipc", AF_TIPC },
		{ "vsock", AF_VSOCK }, { "xdp", 44 /* AF_XDP */ },
	};

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		if (strcmp(w, words[i].word) == 0) {
			sv_cli_family_set(b, words[i].af);
			return true;
		}
	}
	return false;
}

/* -A QUERY[,QUERY...]: ss's table words, each with '!' to leave it out.
 * The first -A starts from no table and, unless -a or -l came before,
 * from the connected states (as ss). Returns false at a word that names no
 * table (b->bad_query holds it). */
bool sv_cli_query_words(struct sv_cli_build *b, const char *arg)
{
	if (!b->saw_query) {
		b->tables = 0;
		b->saw_query = true;
	}
	/* argv stays as it came (ps shows the command line as typed) */
	for (const char *w = arg; ; w++) {
		size_t len = strcspn(w, ",");
		char word[64];
		bool on = *w != '!';
		uint32_t mask = 0;

		snprintf(word, sizeof(word), "%.*s", (int)len, w);
		if (len < sizeof(word))
			mask = sv_tables_query(on ? word : word + 1);
		if (!mask) {
			memcpy(b->bad_query, word, sizeof(word));
			return false;
		}
		sv_cli_table_set(b, mask, on);
		if (!on && !b->tables)
			memcpy(b->emptied_by, word, sizeof(word));
		w += len;
		if (!*w)
			return true;
	}
}

/* The tables, families and states the build asks for, as ss resolves
 * them (its filter_merge_defaults): with nothing asked, every table but
 * TIPC; a table whose families were not asked adds its families; a family
 * none of whose tables were asked adds its tables. -4 and -6 are exclusive
 * when one of them was the last family asked for (ss's preferred family:
 * "-4 -6" lists IPv6). */
void sv_cli_resolve_build(struct sv_cli_build *b, struct sv_opts *o)
{
	uint32_t states = 0;

	if (!b->chosen) {
		sv_cli_table_set(b, sv_tables_query("all"), true);
		b->defaulted = true;
	}
	for (int t = 0; t < SV_TABLE_MAX; t++) {
		uint64_t fams = sv_tables_get((enum sv_table)t)->families;

		if ((b->tables & (1u << t)) && !(b->families & fams))
			b->families |= fams;
	}
	for (int af = 0; af < 64; af++) {
		uint32_t tables;

		if ((b->families & SV_AF(af)) &&
		    sv_tables_family_defaults(af, &tables, &states) &&
		    !(b->tables & tables))
			b->tables |= tables;
	}
	if (b->last_af == AF_INET)
		b->families &= ~SV_AF(AF_INET6);
	else if (b->last_af == AF_INET6)
		b->families &= ~SV_AF(AF_INET);
	o->tables = b->tables;
	o->families = b->families;
	o->preferred_family = b->last_af;
}

