/*
 * registry: which tools exist and what they write (see registry.h).
 */
#include <string.h>

#include "registry.h"

static const struct record_kind ask_kinds[] = {
	{ "shown", 3 },		/* ID, DECK, TEXT */
	{ "star", 3 },		/* ID, DECK, TEXT */
	{ "skip", 3 },		/* ID, DECK, TEXT */
	{ "answer", 2 },	/* ID, ANSWER */
	{ NULL, 0 }
};

static const struct record_kind gratitude_kinds[] = {
	{ "thanks", 2 },	/* TO, TEXT */
	{ NULL, 0 }
};

static const struct record_kind listen_kinds[] = {
	{ "session", 3 },	/* STATUS, TOPIC, PHASES */
	{ NULL, 0 }
};

static const struct record_kind ritual_kinds[] = {
	{ "define", 3 },	/* NAME, SCHEDULE, NOTE */
	{ "done", 3 },		/* NAME, DATE, NOTE */
	{ "skip", 3 },		/* NAME, DATE, WHY */
	{ "undo", 2 },		/* NAME, ID */
	{ "retire", 1 },	/* NAME */
	{ "suggested", 2 },	/* ID, TEXT */
	{ NULL, 0 }
};

const struct tooldef registry[] = {
	{ "ask", "ask", "questions that keep you talking", "record",
	    "records", ask_kinds },
	{ "gratitude", "gratitude", "a shared log of appreciations", "entry",
	    "entries", gratitude_kinds },
	{ "listen-timer", "listen", "speaker and listener turns, timed",
	    "session", "sessions", listen_kinds },
	{ "ritual", "ritual", "small rituals of connection, kept over time",
	    "record", "records", ritual_kinds },
};
const size_t registry_len = sizeof(registry) / sizeof(registry[0]);

const struct tooldef *
registry_by_dir(const char *dir)
{
	size_t i;

	for (i = 0; i < registry_len; i++)
		if (strcmp(registry[i].dir, dir) == 0)
			return &registry[i];
	return NULL;
}

const struct record_kind *
registry_kinds(const char *dir)
{
	const struct tooldef *t = registry_by_dir(dir);

	return t != NULL ? t->kinds : NULL;
}
