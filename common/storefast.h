/*
 * storefast: reading only the part of a tool's logs that an answer needs,
 * when that gives exactly what reading them in full gives.
 *
 * A fast path reads a log only when the run cache (storeread.c) says it
 * is clean: every line whole, each a record of the log's author or a
 * comment, in fewer than 128 runs.  Reading such logs in full reports no
 * malformed line, so a fast path that skips lines skips no warning; a
 * log with a malformed line, a torn tail or too many runs is read in
 * full by the caller, which then reports every line as before.  Each
 * function below returns 0, having done nothing, when it cannot answer
 * (a log that is not clean, a query it does not take, HEARTH_SLOW set
 * and not empty, an error that the full read will report properly):
 * the caller then reads in full, with the same query.  Logs are read
 * without a lock, as the full read does; each is read as it was when
 * its size was taken.  The queries' needle is not taken.
 */
#ifndef HEARTH_STOREFAST_H
#define HEARTH_STOREFAST_H

#include <stddef.h>

#include "date.h"
#include "store.h"

struct buf;
struct herr;
struct record;

/* A record wanted (1) or not (0), for the fast paths to filter with. */
typedef int	(*store_want_fn)(void *arg, const struct record *r);

/*
 * One record drawn uniformly among those of q for which want() returns
 * 1, without reading the logs: a byte offset drawn at random across them
 * all, the line that holds it kept with a chance inversely proportional
 * to its length (every record then has the same chance), tried at most
 * STORE_PICK_TRIES times.  1 with the line (no LF) in out; 0 when it
 * found none (no such record, or no luck): the caller reads in full.
 * q's since and until are not taken.  Every draw goes through hrand.
 */
#define STORE_PICK_TRIES	256

int	store_fast_pick(struct store *st, const struct store_query *q,
	    store_want_fn want, void *arg, struct buf *out);

/*
 * The last n records of q (as many as there are, when fewer) for which
 * want() returns 1, handed to emit in time order, as the full read would
 * hand them: each run read backwards from its end, until n records later
 * than the rest are known.  1 when done, 0 when not started (n over
 * STORE_TAIL_MAX, or a log not clean), -1 when emit, or a read after the
 * first emit, failed (e set).
 */
#define STORE_TAIL_MAX	16384

int	store_fast_tail(struct store *st, const struct store_query *q,
	    size_t n, store_want_fn want,
	    int (*emit)(void *arg, const struct record *r, struct herr *e),
	    void *arg, struct herr *e);

/*
 * The records of q at or after q->since (until is not taken), counted by
 * author and by the date their timestamp is written with, its first ten
 * bytes (YYYY-MM-DD): count() gets each author's counts day by day, in
 * the order of the log.  No record is parsed but for its time near the
 * since bound.  1 when done, 0 when not started (count never called),
 * -1 on a read error after counting began (e set).
 */
int	store_fast_days(struct store *st, const struct store_query *q,
	    void (*count)(void *arg, const char *author, const char *day,
	    size_t n), void *arg, struct herr *e);

/*
 * A reader (store_read_next, store_read_close) of the records of q whose
 * timestamp is written with one of dates[0..n) (YYYY-MM-DD, ascending),
 * in time order: for each group of nearby dates, every run is sought by
 * binary search to a day before the first, and read until a line dated
 * three days after the last.  q's since and until are not taken.  1 with
 * *rd set; 0 (no reader) when the caller must read in full and filter.
 */
int	store_fast_dates(struct store_reader **rd, struct store *st,
	    const struct store_query *q, const char (*dates)[11], size_t n);

/*
 * What reading one log in full would find, as the run cache counted it
 * when it scanned the log (for hearth's summary): the records it gives,
 * the malformed lines it reports, and the latest record (of equal
 * times, the last in the file): its time and its date as written.
 */
struct store_logcount {
	const char	*author;
	size_t		 records;
	size_t		 malformed;
	struct hmoment	 latest;	/* when records > 0 */
	char		 latest_day[11];	/* YYYY-MM-DD, or "" */
};

/*
 * The counts of each log of q->tool (q->author's only, when set), in
 * the full read's order of logs: count() is called once a log.  Unlike
 * the other fast paths, a log with malformed lines is taken (they are
 * counted); a torn tail, too many runs, a since or an until, or
 * HEARTH_SLOW give 0, and count() is not called.  Of the logs' latest
 * records, the full read gives last the one of the latest time, of
 * equal times the one of the last log.
 */
int	store_fast_counts(struct store *st, const struct store_query *q,
	    void (*count)(void *arg, const struct store_logcount *c),
	    void *arg);

#endif
