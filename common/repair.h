/*
 * repair: the repairs after a fight, as both partners' logs make them.
 *
 * Each partner's "repair" log holds two kinds of record:
 *
 *	TIME TAB AUTHOR TAB open TAB TOPIC
 *	TIME TAB AUTHOR TAB step TAB ID TAB WHO TAB STEP TAB WORDS TAB TEXT
 *
 * An open record starts a repair; its record id is the repair's id, and
 * every step of it, in either partner's log, names that id.  WHO is
 * whose words a step holds: the author, or, when the two of them sat at
 * one terminal, the partner, whose words the author's log then keeps.
 * STEP is one of the steps below; WORDS is a list of words (felt: words
 * of the built-in list; hurts: names of old hurts; confirm: "yes" or
 * "corrected"; empty for the others) and TEXT the words themselves.
 *
 * A step may be written again: of one person's records of one step in
 * one repair, the latest counts, "latest" being by timestamp, then
 * author, then record id, a total order that depends only on the
 * records, so that two machines holding the same records agree.
 *
 * A person's part is their own steps: felt, account, hurts, part,
 * apology and next.  heard is what a person heard of the other's
 * account, and confirm the other's answer to it ("yes, that's it", or
 * a correction); neither makes a part.  The reveal rule: a step is
 * shown to the one whose words it holds, and to anyone else once they
 * have a part in the same repair, as ask shows an answer only to those
 * who answered.
 *
 * The same steps are written in a plain-text document, one step a
 * section (repair_doc), which is both the file of "repair -f" and the
 * draft of a repair in progress.
 *
 * A partner's log is untrusted: settling costs O(n log n) in the
 * records fed, whatever they hold.  Nothing here prints or exits;
 * errors come back in a struct herr.
 */
#ifndef HEARTH_REPAIR_H
#define HEARTH_REPAIR_H

#include <stddef.h>

#include "date.h"
#include "paths.h"
#include "record.h"

struct buf;
struct herr;
struct store;

#define REPAIR_DIR		"repair"
#define REPAIR_TOPIC_MAX	200	/* bytes of a topic */
#define REPAIR_WORD_MAX		40	/* bytes of one word or hurt's name */
#define REPAIR_WORDS_MAX	16	/* words in one step */
#define REPAIR_DOC_MAX		(256 * 1024)	/* bytes of a document */

/* The steps, in the order a part is written. */
enum repair_step {
	REPAIR_FELT,		/* what the person felt */
	REPAIR_ACCOUNT,		/* what happened, as they lived it */
	REPAIR_HEARD,		/* what they heard of the other's account */
	REPAIR_CONFIRM,		/* their answer to the other's heard */
	REPAIR_HURTS,		/* the old hurts it touched */
	REPAIR_PART,		/* their own part in it */
	REPAIR_APOLOGY,		/* an apology, if they give one */
	REPAIR_NEXT,		/* one thing they will do differently */
	REPAIR_STEPS
};

/* The fields of a step record. */
#define REPAIR_F_ID	RF_DATA
#define REPAIR_F_WHO	(RF_DATA + 1)
#define REPAIR_F_STEP	(RF_DATA + 2)
#define REPAIR_F_WORDS	(RF_DATA + 3)
#define REPAIR_F_TEXT	(RF_DATA + 4)

/* The name of a step ("felt"), and the step a name is, or -1. */
const char	*repair_step_name(enum repair_step s);
int	repair_step_parse(const char *s, size_t len);
/* Whether s is one of a person's own steps (what makes a part). */
int	repair_step_own(enum repair_step s);

/*
 * The built-in feeling words, in groups: word i (from 0) and the name
 * of its group, or NULL past the last.  repair_feeling_find is the
 * index of s[0..len), compared without regard to ASCII case, or -1.
 */
const char	*repair_feeling(size_t i);
const char	*repair_feeling_group(size_t i);
int	repair_feeling_find(const char *s, size_t len);
/* Old hurts many people carry, offered as names: i from 0, or NULL. */
const char	*repair_hurt_example(size_t i);

/*
 * The WORDS of step s from what a person gave (items separated by
 * commas, blanks around them dropped, empty ones skipped), in their
 * stored form: items separated by ", ", feeling words spelled as the
 * list spells them, a repeated item once.  felt takes only words of
 * the list; hurts takes names of 1 to REPAIR_WORD_MAX bytes of UTF-8
 * without control characters.  -1 when an item is not allowed, with
 * the item in *bad and *badlen and why in *why (a static string);
 * with errno ENOMEM when memory ran out (then *why is NULL).
 */
int	repair_words(enum repair_step s, const char *in, size_t len,
	    struct buf *out, const char **bad, size_t *badlen,
	    const char **why);

/*
 * The next item of a stored WORDS list [*p, end): 1 with *w and *wlen
 * set and *p past it, 0 at the end.
 */
int	repair_words_next(const char **p, const char *end, const char **w,
	    size_t *wlen);

/*
 * NULL when r's fields are those its kind (open or step) must have,
 * else why not: the registry's check of the kinds.
 */
const char	*repair_record_check(const struct record *r);

/* One step that counts. */
struct repair_entry {
	enum repair_step step;
	char		 who[AUTHOR_MAX + 1];	/* whose words */
	char		 by[AUTHOR_MAX + 1];	/* whose log */
	struct hmoment	 when;
	char		 day[11];		/* the date its timestamp shows */
	char		 id[RECORD_ID_LEN + 1];	/* the record's */
	char		 target[RECORD_ID_LEN + 1];	/* the repair's */
	char		*words, *text;		/* unescaped */
};

/* One repair: its open record (when it is here) and its steps. */
struct repair {
	char		 id[RECORD_ID_LEN + 1];
	int		 opened;	/* its open record is here */
	struct hmoment	 when;		/* the open's, else its first step's */
	char		 day[11];
	char		 by[AUTHOR_MAX + 1];	/* who opened it, or "" */
	const char	*topic;		/* "" when none is known */
	/* The steps that count, by person (bytes), then step. */
	struct repair_entry **e;
	size_t		 ne;
};

struct repair_open;

/*
 * The repairs.  Records are fed in any order; after repair_settle,
 * v[0..n) holds every repair, in time order (then by id).
 */
struct repair_set {
	struct repair		*v;
	size_t			 n;
	struct repair_entry	*raw;	/* every step fed */
	size_t			 nraw;
	struct repair_open	*open;	/* every open fed */
	size_t			 nopen;
	struct repair_entry	**keep;	/* the steps that count */
};

#define REPAIR_SET_INIT	{ NULL, 0, NULL, 0, NULL, 0, NULL }

/*
 * Take one record into set; other kinds are ignored (0).  -1 with e
 * set: HX_DATAERR for a record that repair_record_check refuses
 * (nothing kept), HX_IOERR when memory ran out.
 */
int	repair_feed(struct repair_set *set, const struct record *r,
	    struct herr *e);
/* Decide what counts (see above) and make the repairs. */
int	repair_settle(struct repair_set *set, struct herr *e);
/*
 * Feed every record of the store's repair logs to set (st may be NULL:
 * no store yet) and settle it.  Malformed lines go to warn.
 */
int	repair_load(struct repair_set *set, struct store *st,
	    void (*warn)(void *, const char *, size_t, const char *),
	    void *warn_arg, struct herr *e);
void	repair_set_free(struct repair_set *set);

/*
 * The repair whose id begins with prefix, or NULL; *ambiguous is set
 * when more than one does (then NULL too).
 */
const struct repair	*repair_find(const struct repair_set *set,
			    const char *prefix, int *ambiguous);
/* The step of who in r that counts, or NULL. */
const struct repair_entry	*repair_get(const struct repair *r,
				    const char *who, enum repair_step s);
/* Whether who has a part in r: a step of their own that counts. */
int	repair_has_part(const struct repair *r, const char *who);
/*
 * The people of r with a step that counts, sorted, each once: how many
 * (at most max) in who[].
 */
size_t	repair_people(const struct repair *r, const char **who, size_t max);
/* The first person of r other than me, or NULL. */
const char	*repair_other(const struct repair *r, const char *me);

/*
 * The reveal rule: whether viewer may see a step whose words are who's.
 */
int	repair_visible(const struct repair *r, const char *who,
	    const char *viewer);

/* What is waiting for me in r (repair_waiting), as bits. */
#define REPAIR_WAIT_PART	0x1	/* the other wrote a part; I have none */
#define REPAIR_WAIT_HEARD	0x2	/* the other's account, to say back */
#define REPAIR_WAIT_CONFIRM	0x4	/* the other's heard of my account */

/*
 * What me may still write in r, alone: a part when another person has
 * one and me none; a heard once me has a part, the other an account,
 * and me no heard; a confirm when the other's heard of my account
 * came after my latest confirm (or there is none).
 */
unsigned	repair_waiting(const struct repair *r, const char *me);

/* One turn of a guided repair: whose and which step. */
struct repair_turn {
	const char	*who;
	enum repair_step step;
};

#define REPAIR_TURNS_MAX	(2 * REPAIR_STEPS)

/*
 * The turns of a guided repair into turn[] (room for REPAIR_TURNS_MAX),
 * and how many.  Together (b not NULL), a and b at one terminal, step
 * by step, a first: both say what they felt; a gives an account, b says
 * back what they heard, a confirms; the same the other way round; both
 * name the old hurts; a gives their part and apology, then b; both say
 * what they will do next time.  Alone (b NULL), in r (NULL for a new
 * repair): a's own steps when a has no part in r, else what is waiting
 * for a there (a heard, a confirm).
 */
size_t	repair_plan(const char *a, const char *b, const struct repair *r,
	    struct repair_turn *turn);

/* One old hurt: how many repairs it came up in, and when. */
struct repair_hurt {
	const char	*name;		/* as first written */
	size_t		 len;
	size_t		 count;		/* repairs, each counted once */
	const char	*first, *last;	/* their days */
};

/*
 * The old hurts that viewer may see (the reveal rule), each with the
 * number of repairs it came up in; names are one hurt when they are
 * equal without regard to case (ritual_fold_cmp).  Sorted by name, so
 * that repair_hurt_find can look one up.  *v is to be freed; it points
 * into set.
 */
int	repair_hurts(const struct repair_set *set, const char *viewer,
	    struct repair_hurt **v, size_t *n, struct herr *e);
/* The hurt named name[0..len) in v[0..n) sorted by name, or NULL. */
const struct repair_hurt	*repair_hurt_find(const struct repair_hurt *v,
				    size_t n, const char *name, size_t len);
/*
 * The old hurts of r that viewer may see, each once, in the order they
 * were named: pointers into v[0..n) (sorted by name) in of[], at most
 * max of them; how many.
 */
#define REPAIR_HURTS_OF_MAX	(2 * REPAIR_WORDS_MAX)	/* two people's */
size_t	repair_hurts_of(const struct repair_hurt *v, size_t n,
	    const struct repair *r, const char *viewer,
	    const struct repair_hurt **of, size_t max);
/*
 * Sort v[0..n) for a listing: by count, most first, then by the day
 * it last came up, latest first, then by name.
 */
void	repair_hurts_by_count(struct repair_hurt *v, size_t n);

/* One answer of a document: a section. */
struct repair_answer {
	char		 who[AUTHOR_MAX + 1];
	enum repair_step step;
	char		*words;		/* stored form, maybe "" */
	char		*text;		/* maybe "": skipped when both are */
	size_t		 line;		/* its section's line, or 0 */
};

/*
 * A repair written as a document, one step a section:
 *
 *	[topic]		what it was about (a new repair)
 *	[id]		the repair to add to: an id or a prefix of one
 *	[with]		the partner, when the two write it together
 *	[STEP]		a step of the writer's own
 *	[NAME STEP]	a step of NAME's
 *
 * A section's text is its lines, blank lines at both ends left out.
 * Lines that begin with '#' are left out everywhere.  In felt and hurts,
 * a first line "words: ..." gives the words.  confirm is "yes", or the
 * correction.  An empty section is a step skipped.
 */
struct repair_doc {
	char			 id[RECORD_ID_LEN + 1];	/* "" when new */
	char			*topic;		/* NULL when not given */
	char			 with[AUTHOR_MAX + 1];	/* "" when alone */
	struct repair_answer	*a;
	size_t			 n;
};

#define REPAIR_DOC_INIT	{ "", NULL, "", NULL, 0 }

/*
 * Parse text[0..len) into d (empty; me is whose [STEP] sections are).
 * Errors are HX_DATAERR "name:LINE: why", or HX_IOERR for memory.
 */
int	repair_doc_parse(struct repair_doc *d, const char *text, size_t len,
	    const char *me, const char *name, struct herr *e);
/* Write d as a document that repair_doc_parse reads back the same. */
int	repair_doc_format(const struct repair_doc *d, const char *me,
	    struct buf *b);
/*
 * Give who's step s the words and text given (copies), replacing what
 * it had.  -1 (ENOMEM) when memory ran out.
 */
int	repair_doc_set(struct repair_doc *d, const char *who,
	    enum repair_step s, const char *words, const char *text);
/* The answer of who's step s, or NULL. */
const struct repair_answer	*repair_doc_get(const struct repair_doc *d,
				    const char *who, enum repair_step s);
void	repair_doc_free(struct repair_doc *d);

#endif
