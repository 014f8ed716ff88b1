/*
 * record: one line of a store log.
 *
 *	TIMESTAMP TAB AUTHOR TAB KIND [TAB FIELD]... LF
 *
 * TIMESTAMP is RFC 3339 with the local offset and, as hearth writes it,
 * microseconds, so that two records never have the same bytes.  Text
 * fields escape backslash as \\, TAB as \t, LF as \n and CR as \r; no
 * other escape exists.  A whole line, LF included, is at most RECORD_MAX
 * bytes.  Lines beginning with '#' are comments.  A record's id is the
 * SHA-1 of its bytes (without the LF) in lowercase hex; it is never
 * stored, so it is the same on every machine that holds the record.
 */
#ifndef HEARTH_RECORD_H
#define HEARTH_RECORD_H

#include <stddef.h>

#include "date.h"

struct buf;

#define RECORD_MAX		4096	/* bytes in a line, LF included */
#define RECORD_FIELDS_MAX	16
#define RECORD_ID_LEN		40
#define RECORD_ID_SHOW		10	/* hex digits shown by listings */
#define RECORD_ID_MIN		4	/* shortest prefix accepted */

struct record {
	const char	*line;		/* the bytes, without the LF */
	size_t		 len;
	struct hmoment	 when;
	size_t		 nf;		/* fields, timestamp included */
	const char	*f[RECORD_FIELDS_MAX];	/* still escaped */
	size_t		 flen[RECORD_FIELDS_MAX];
};

/* Field indexes every record has. */
#define RF_TIME		0
#define RF_AUTHOR	1
#define RF_KIND		2
#define RF_DATA		3	/* the first kind-specific field */

/*
 * A kind of record and the number of fields it has after KIND; how news
 * of it is told (one and many, NULL when it is not news), and which
 * field names each one in the news (0 for none).
 */
struct record;

struct record_kind {
	const char	*kind;
	int		 nfields;
	const char	*one, *many;
	int		 named;
	/* NULL, or why the fields of a record of the kind are wrong. */
	const char	*(*check)(const struct record *r);
};

/*
 * Split and check line[0..len) (no LF).  Checks: UTF-8 without NUL, no
 * raw CR, the timestamp, the author name, a kind, known escapes, and,
 * when kinds is not NULL (a tool's table, ended by a NULL kind; see
 * registry.h), that the kind is one of them with its number of fields
 * and that its fields pass the kind's own check.
 * Returns 0, or -1 with a short reason in *why (a static string).
 */
int	record_parse(struct record *r, const char *line, size_t len,
	    const struct record_kind *kinds, const char **why);

/*
 * One line of author's log as every reader takes it: 1 for a record (r
 * filled), 0 for a comment, -1 for a malformed line (*why says why: an
 * empty line, what record_parse finds, or a record by another author).
 */
int	record_read_line(struct record *r, const char *line, size_t len,
	    const struct record_kind *kinds, const char *author,
	    const char **why);

/* Start a record in b (reset first): timestamp, author and kind. */
int	record_begin(struct buf *b, const struct hmoment *when,
	    const char *author, const char *kind);
/* Append TAB and the escaped field. */
int	record_field(struct buf *b, const char *s, size_t len);
/*
 * End the record with LF.  -1 with errno E2BIG (and the record left as
 * it was) when the line would pass RECORD_MAX.
 */
int	record_end(struct buf *b);

/*
 * Unescape s[0..len) into dst (room for len bytes); returns the new
 * length, or (size_t)-1 on an unknown escape or a lone backslash at the
 * end.
 */
size_t	record_unescape(char *dst, const char *s, size_t len);
/* Unescaped field i of r into b (reset first); -1 on ENOMEM. */
int	record_text(const struct record *r, size_t i, struct buf *b);

/* The id of line[0..len): RECORD_ID_LEN hex digits and a NUL. */
void	record_id(const char *line, size_t len, char id[RECORD_ID_LEN + 1]);
/*
 * The order every tool gives records that must agree on two machines
 * whatever order they arrive in: by time, then author, then record id
 * (-1, 0 or 1, as strcmp).
 */
int	record_order(const struct hmoment *aw, const char *aby, const char *aid,
	    const struct hmoment *bw, const char *bby, const char *bid);

/* Whether s[0..len) is a whole id: 40 lowercase hex digits. */
int	record_id_valid(const char *s, size_t len);
/* Whether s is a valid id prefix: RECORD_ID_MIN to 40 lowercase hex digits. */
int	record_id_prefix_valid(const char *s);

#endif
