/*
 * registry: which tools exist and what they write (see registry.h).
 */
#include <string.h>

#include "registry.h"

/*
 * Each kind: its name, its fields after KIND (in the comment), how news
 * of it is told by hearth sync and hearth news, and the field that names
 * it there.
 */
static const struct record_kind ask_kinds[] = {
	/* ID DECK TEXT */
	{ "shown", 3, NULL, NULL, 0 },
	{ "star", 3, NULL, NULL, 0 },
	{ "skip", 3, NULL, NULL, 0 },
	/* ID ANSWER */
	{ "answer", 2, "answer", "answers", 0 },
	{ NULL, 0, NULL, NULL, 0 }
};

static const struct record_kind gratitude_kinds[] = {
	/* TO TEXT */
	{ "thanks", 2, "gratitude", "gratitudes", 0 },
	{ NULL, 0, NULL, NULL, 0 }
};

static const struct record_kind listen_kinds[] = {
	/* STATUS TOPIC PHASES */
	{ "session", 3, "listening session", "listening sessions", 0 },
	{ NULL, 0, NULL, NULL, 0 }
};

static const struct record_kind ritual_kinds[] = {
	/* NAME SCHEDULE NOTE */
	{ "define", 3, "new ritual", "new rituals", RF_DATA },
	/* NAME DATE NOTE, NAME DATE WHY */
	{ "done", 3, "ritual kept", "rituals kept", RF_DATA },
	{ "skip", 3, "ritual skipped", "rituals skipped", RF_DATA },
	/* NAME ID */
	{ "undo", 2, NULL, NULL, 0 },
	/* NAME */
	{ "retire", 1, "ritual retired", "rituals retired", RF_DATA },
	/* ID TEXT */
	{ "suggested", 2, NULL, NULL, 0 },
	{ NULL, 0, NULL, NULL, 0 }
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
