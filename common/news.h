/*
 * news: what the partner added since you last looked.
 *
 * hearth news reads every other author's records of every tool and keeps
 * the ids of those already told in a state file of this machine
 * (${XDG_STATE_HOME:-~/.local/state}/hearth/news-HASH, a hash of the
 * store's path and the reader's name): 64-bit prefixes of record ids,
 * sorted, nothing of what the records say.  So the news is the same
 * whether the records came by hearth sync or were written on a shared
 * computer.  The state file is replaced whole (temp file, rename).
 */
#ifndef HEARTH_NEWS_H
#define HEARTH_NEWS_H

#include "sync.h"

struct herr;
struct store;

/*
 * The records of authors other than self not told before, into rep (as
 * a sync's arrivals: by folder and author, LF-separated lines).  With
 * mark, they count as told from now on.  Malformed lines go to warn (as
 * a store_query's; may be NULL).
 */
int	news_collect(struct store *st, const char *self, int mark,
	    void (*warn)(void *, const char *, size_t, const char *),
	    void *warn_arg, struct sync_report *rep, struct herr *e);

#endif
