/*
 * export: the whole store as JSON Lines, and back again.
 *
 * hearth export writes every record of every folder in the registry
 * (both partners, the couple's settings too) as one JSON object a line:
 *
 *	{"tool":"gratitude","author":"ana","time":"2026-11-25T21:03:11.000000+01:00",
 *	 "kind":"thanks","fields":["ben","the soup"]}
 *
 * tool is the folder, time the stored timestamp text exactly as it
 * stands, and fields the unescaped values of the fields after KIND, in
 * order.  Escaping a record's fields again gives back its bytes, so the
 * record, and its id, come back unchanged from an import.
 *
 * hearth import reads such lines back.  The parser takes exactly these
 * objects: five members (in any order, each once), string values with
 * every JSON escape (\uXXXX and surrogate pairs too) and an array of
 * strings; JSON white space between tokens; nothing else.  A known
 * folder, a kind of that folder with its number of fields, a valid
 * author name and timestamp, a record of at most RECORD_MAX bytes that
 * the store reader would accept as it is: anything less and the line is
 * malformed.  The whole input is checked before anything is stored, so
 * a file with one malformed line stores nothing.
 *
 * Importing is idempotent: a record whose exact bytes are already in its
 * author's log, or earlier in the input, is skipped.  The records of
 * each log are appended under the folder's lock, sorted by time (ties in
 * input order), verbatim and never stamped: the log stays one run when
 * they all come after what it holds, and the reader merges the runs
 * exactly when they do not.  Existing lines are never moved (a log is
 * append-only, and sync refuses a rewritten line of one's own log).
 * Each log's batch reaches it whole or not at all; the logs are written
 * one after another, so a failure partway (a lock held too long) leaves
 * the logs before it imported, and importing the same file again
 * finishes the job.
 */
#ifndef HEARTH_EXPORT_H
#define HEARTH_EXPORT_H

#include <stddef.h>

#include "buf.h"
#include "date.h"
#include "record.h"

struct herr;
struct store;
struct tooldef;

/* The warn callback of a store_query: file, line, why. */
typedef void	(*export_warn_fn)(void *arg, const char *file, size_t line,
		    const char *why);

/* Append the JSON line (LF included) of record r of folder dir to b. */
int	export_record(struct buf *b, const char *dir, const struct record *r);

/*
 * Call emit once for each record of the store, with its JSON line (LF
 * included): the registry's folders in order, each folder's records in
 * time order (as the store reader merges them).  The store is streamed:
 * memory stays bounded whatever its size.  emit returns 0, or -1 with
 * errno set to stop (HX_IOERR "output: ...").  Malformed lines of the
 * store are skipped; export_store_warn hands each one to warn first.
 */
int	export_store(struct store *st,
	    int (*emit)(void *arg, const char *line, size_t len), void *arg,
	    struct herr *e);
int	export_store_warn(struct store *st,
	    int (*emit)(void *arg, const char *line, size_t len), void *arg,
	    export_warn_fn warn, void *warn_arg, struct herr *e);

/* Length of the longest reason import_parse gives. */
#define IMPORT_WHY_MAX	160

/* One line of an export, parsed and rebuilt as a store record. */
struct import_rec {
	const struct tooldef *tool;	/* its folder's entry */
	struct hmoment	 when;
	size_t		 aoff, alen;	/* the author, in line */
	struct buf	 line;		/* the record, LF included */
};

#define IMPORT_REC_INIT	{ NULL, { 0, 0 }, 0, 0, BUF_INIT }

/*
 * Parse one line (no LF) of an export into r.  0, or -1 with the reason
 * in why (IMPORT_WHY_MAX bytes, any value it quotes made safe for a
 * terminal).  r->line is reused from call to call.
 */
int	import_parse(struct import_rec *r, const char *line, size_t len,
	    char why[IMPORT_WHY_MAX]);
void	import_rec_free(struct import_rec *r);

/*
 * Check every line of data[0..len) and hand each malformed one to warn
 * (name, line number, why); the number of malformed lines.
 */
size_t	import_check(const char *name, const char *data, size_t len,
	    export_warn_fn warn, void *arg);

/*
 * Import data[0..len), an export read from name (for messages), into
 * st.  Nothing is stored when a line is malformed: HX_DATAERR
 * "name:line: why" for the first one, with how many more there are.
 * *added counts the records appended, *skipped those already there or
 * repeated in the input; both count what was done also when an error
 * stops the import partway.
 */
int	import_buf(struct store *st, const char *name, const char *data,
	    size_t len, size_t *added, size_t *skipped, struct herr *e);

/*
 * Read fd to its end and import_buf what it holds (HX_IOERR "name: ..."
 * when it cannot be read).  With warn, every malformed line is handed
 * to it first, and then HX_DATAERR says how many there were.
 */
int	import_fd(struct store *st, const char *name, int fd,
	    export_warn_fn warn, void *warn_arg, size_t *added,
	    size_t *skipped, struct herr *e);

#endif
