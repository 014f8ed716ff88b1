/*
 * adopt: entries written under one author name, taken over by another.
 *
 * Before hearth init, a tool writes under the login name (DESIGN's rule
 * of identity); once a name is configured, those entries would show up
 * as a third person after the first sync.  adopt_author rewrites every
 * record of <tool>/<from>.log under the name to: the author field is
 * replaced and nothing else, so times and text stay, and a ritual undo
 * that names an adopted record names it by its new id.  The records go
 * to <tool>/<to>.log through import (idempotent: a record already there
 * is skipped, so a run killed half way can be run again), and only then
 * is <tool>/<from>.log removed, under the folder's lock.
 */
#ifndef HEARTH_ADOPT_H
#define HEARTH_ADOPT_H

#include <stddef.h>

struct herr;
struct store;

/* How many records from's logs hold, in every tool's folder. */
int	adopt_count(struct store *st, const char *from, size_t *n,
	    struct herr *e);

/* Rewrite from's records as to's (see above); *moved counts them. */
int	adopt_author(struct store *st, const char *from, const char *to,
	    size_t *moved, struct herr *e);

#endif
