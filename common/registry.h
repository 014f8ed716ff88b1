/*
 * registry: the one table of the toolkit's tools.
 *
 * Each tool that keeps logs in the store has one entry: the command's
 * name, the folder of the store its logs live in, a line that says what
 * it is for (hearth's summary), the words for one and many of its
 * records, and the kinds of record it writes with the number of fields
 * each has after KIND.  The store reader checks records against the
 * kinds of the folder it reads; hearth's summary and doctor walk the
 * table.  Adding a tool means adding its entry here (README.md, "Adding
 * a tool", has the whole checklist).
 */
#ifndef HEARTH_REGISTRY_H
#define HEARTH_REGISTRY_H

#include <stddef.h>

#include "record.h"

struct tooldef {
	const char		*name;	/* the command */
	const char		*dir;	/* its folder in the store */
	const char		*what;	/* what it is for, in a few words */
	const char		*one;	/* one record, as hearth counts it */
	const char		*many;	/* several */
	const struct record_kind *kinds;	/* ends with a NULL kind */
};

/* The tools, in the order hearth lists them, and how many there are. */
extern const struct tooldef	registry[];
extern const size_t		registry_len;

/* The tool whose logs live in folder dir, or NULL. */
const struct tooldef	*registry_by_dir(const char *dir);
/* The kinds of the tool in folder dir, or NULL for a folder no tool has. */
const struct record_kind *registry_kinds(const char *dir);

#endif
