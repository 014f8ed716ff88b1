/*
 * registry: which tools exist and what they write (see registry.h).
 */
#include <string.h>

#include "checkin.h"
#include "goals.h"
#include "phase.h"
#include "registry.h"
#include "repair.h"
#include "settings.h"

/* ask's ID: a prompt's id, 16 lowercase hexadecimal digits. */
static const char *
prompt_id(const struct record *r)
{
	size_t i;

	if (r->flen[RF_DATA] != 16)
		return "bad prompt id";
	for (i = 0; i < 16; i++)
		if (strchr("0123456789abcdef", r->f[RF_DATA][i]) == NULL ||
		    r->f[RF_DATA][i] == '\0')
			return "bad prompt id";
	return NULL;
}

/* A setting: a known key and a value it may have. */
static const char *
setting(const struct record *r)
{
	char key[32], value[SETTING_MAX + 1];
	size_t n;

	if (r->flen[RF_DATA] >= sizeof(key) ||
	    r->flen[RF_DATA + 1] > SETTING_MAX)
		return "unknown setting";
	memcpy(key, r->f[RF_DATA], r->flen[RF_DATA]);
	key[r->flen[RF_DATA]] = '\0';
	n = record_unescape(value, r->f[RF_DATA + 1], r->flen[RF_DATA + 1]);
	if (n == (size_t)-1)
		return "bad escape";
	value[n] = '\0';
	if (settings_check(key, value) == settings_unknown)
		return "unknown setting";
	return settings_check(key, value) != NULL ? "bad value of a setting" :
	    NULL;
}

/* listen-timer's session: its status and phases as listen-timer writes. */
static const char *
session(const struct record *r)
{
	const char *why = NULL;

	return phase_record_check(r, &why) == -1 ? why : NULL;
}

static const struct record_kind settings_kinds[] = {
	/* KEY VALUE */
	{ "set", 2, "setting", "settings", RF_DATA, setting },
	{ NULL, 0, NULL, NULL, 0, NULL }
};

/*
 * Each kind: its name, its fields after KIND (in the comment), how news
 * of it is told by hearth sync and hearth news, and the field that names
 * it there.
 */
static const struct record_kind ask_kinds[] = {
	/* ID DECK TEXT */
	{ "shown", 3, NULL, NULL, 0, prompt_id },
	{ "star", 3, NULL, NULL, 0, prompt_id },
	{ "skip", 3, NULL, NULL, 0, prompt_id },
	/* ID ANSWER */
	{ "answer", 2, "answer", "answers", 0, prompt_id },
	/* ID ANSWER: replaces the author's answers to the prompt so far */
	{ "edit", 2, "changed answer", "changed answers", 0, prompt_id },
	/* ID: takes them back */
	{ "unanswer", 1, "answer taken back", "answers taken back", 0,
	    prompt_id },
	{ NULL, 0, NULL, NULL, 0, NULL }
};

/* checkin's kinds: scores, a need and ids as checkin_record_check says. */
static const struct record_kind checkin_kinds[] = {
	/* ME CLOSE NEED NOTE */
	{ "checkin", 4, "check-in", "check-ins", 0, checkin_record_check },
	/* ID ME CLOSE NEED NOTE: new values for check-in ID */
	{ "edit", 5, "changed check-in", "changed check-ins", 0,
	    checkin_record_check },
	/* ID: takes back a check-in or an edit */
	{ "undo", 1, NULL, NULL, 0, checkin_record_check },
	{ NULL, 0, NULL, NULL, 0, NULL }
};

/* goals' kinds: their fields as goals_record_check says. */
static const struct record_kind goals_kinds[] = {
	/* TEXT BY EVERY */
	{ "add", 3, "new goal", "new goals", RF_DATA, goals_record_check },
	/* GOAL PCT TEXT */
	{ "note", 3, "note on a goal", "notes on goals", 0,
	    goals_record_check },
	/* GOAL */
	{ "done", 1, "goal reached", "goals reached", 0, goals_record_check },
	/* GOAL WHY */
	{ "drop", 2, "goal dropped", "goals dropped", 0, goals_record_check },
	/* GOAL ID: takes back the note, done or drop ID */
	{ "undo", 2, NULL, NULL, 0, goals_record_check },
	{ NULL, 0, NULL, NULL, 0, NULL }
};

static const struct record_kind gratitude_kinds[] = {
	/* TO TEXT */
	{ "thanks", 2, "gratitude", "gratitudes", 0, NULL },
	{ NULL, 0, NULL, NULL, 0, NULL }
};

static const struct record_kind listen_kinds[] = {
	/* STATUS TOPIC PHASES */
	{ "session", 3, "listening session", "listening sessions", 0,
	    session },
	{ NULL, 0, NULL, NULL, 0, NULL }
};

/* repair's kinds: their fields as repair_record_check says. */
static const struct record_kind repair_kinds[] = {
	/* TOPIC: its record id is the repair's id */
	{ "open", 1, "repair begun", "repairs begun", RF_DATA,
	    repair_record_check },
	/* ID WHO STEP WORDS TEXT */
	{ "step", 5, "step of a repair", "steps of repairs", 0,
	    repair_record_check },
	{ NULL, 0, NULL, NULL, 0, NULL }
};

static const struct record_kind ritual_kinds[] = {
	/* NAME SCHEDULE NOTE */
	{ "define", 3, "new ritual", "new rituals", RF_DATA, NULL },
	/* NAME DATE NOTE, NAME DATE WHY */
	{ "done", 3, "ritual kept", "rituals kept", RF_DATA, NULL },
	{ "skip", 3, "ritual skipped", "rituals skipped", RF_DATA, NULL },
	/* NAME ID */
	{ "undo", 2, NULL, NULL, 0, NULL },
	/* NAME */
	{ "retire", 1, "ritual retired", "rituals retired", RF_DATA, NULL },
	/* NAME: brings back a retired ritual */
	{ "unretire", 1, "ritual brought back", "rituals brought back",
	    RF_DATA, NULL },
	/* NAME FIELD VALUE: a new schedule, note, grace or name */
	{ "edit", 3, "ritual changed", "rituals changed", RF_DATA, NULL },
	/* ID TEXT */
	{ "suggested", 2, NULL, NULL, 0, NULL },
	{ NULL, 0, NULL, NULL, 0, NULL }
};

const struct tooldef registry[] = {
	{ "ask", "ask", "questions that keep you talking", "record",
	    "records", ask_kinds },
	{ "checkin", CHECKIN_DIR, "weekly check-ins on how you are and "
	    "what you need", "check-in", "check-ins", checkin_kinds },
	{ "goals", GOALS_DIR, "shared goals and their progress", "record",
	    "records", goals_kinds },
	{ "gratitude", "gratitude", "a shared log of appreciations", "entry",
	    "entries", gratitude_kinds },
	{ "listen-timer", "listen", "speaker and listener turns, timed",
	    "session", "sessions", listen_kinds },
	{ "repair", REPAIR_DIR, "repairs after a fight, and what you learned",
	    "record", "records", repair_kinds },
	{ "ritual", "ritual", "small rituals of connection, kept over time",
	    "record", "records", ritual_kinds },
	{ "hearth", SETTINGS_DIR, "the couple's settings, shared by sync",
	    "setting", "settings", settings_kinds },
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
