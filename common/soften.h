/*
 * soften: the rule engine of soften(1), a linter for harsh words.
 *
 * Rules are plain text (hearth-soften(5)): a rule names a category
 * (criticism, contempt, defensiveness, stonewalling, or frame), one or
 * more patterns over words, conditions on the rest of the sentence, and
 * the three parts of a gentler way to say it ("I feel ... about ... I
 * need ...").  The built-in rules, the .rules files of common/rules, are
 * parsed and indexed at build time by mkrules, which writes them out as the tables
 * of rules.c: soften_load_builtin costs nothing at run time.  A user's
 * rule files add to them, replace them or disable them.
 *
 * All of a rule set lives in flat arrays of plain structs that refer to
 * each other by index (struct sf_vec), so that mkrules can print them
 * as C and a set can point at those tables until a user's file asks for
 * a copy it can grow.
 *
 * Text is read as a stream (soften_scan_feed) and cut into sentences, at
 * most SOFTEN_SENTENCE_MAX bytes each, so memory stays bounded whatever
 * the length of a line.  A sentence becomes word tokens (lower case,
 * contractions expanded: "you're" is "you are", "can't" is "can not")
 * and clause breaks; each word of the rules is interned, and each rule
 * is indexed by the words its patterns begin with, so a token costs one
 * hash lookup and only the rules it could begin are tried.
 *
 * What keeps gentle sentences gentle: words inside quotation marks are
 * not the writer's own (unless the whole sentence is quoted); a frame
 * rule ("I'm not saying", "she always says") takes the rest of its clause
 * out of the reach of the categories it names; a rule's conditions look
 * at the words before and after its match and at whether the sentence
 * is a question.  Of matches that overlap, the one that begins first
 * wins, then the longer.
 *
 * Nothing here prints or exits; findings go to a callback.
 */
#ifndef HEARTH_SOFTEN_H
#define HEARTH_SOFTEN_H

#include <stddef.h>
#include <stdint.h>

struct herr;

enum soften_cat {
	SOFTEN_CRITICISM,
	SOFTEN_CONTEMPT,
	SOFTEN_DEFENSIVENESS,
	SOFTEN_STONEWALLING,
	SOFTEN_FRAME,		/* not a finding: it shields what follows */
	SOFTEN_NCAT
};

#define SOFTEN_ID_MAX		48	/* bytes in a rule's id */
#define SOFTEN_NAME_MAX		32	/* bytes in a class's name */
#define SOFTEN_CLASSES_MAX	64
#define SOFTEN_ELEMS_MAX	16	/* elements in a pattern */
#define SOFTEN_TEXT_MAX		300	/* bytes in feel, about or need */
#define SOFTEN_LINE_MAX		4096	/* bytes in a line of a rule file */
#define SOFTEN_FILE_MAX		(1024 * 1024)
#define SOFTEN_DIR_FILES	1000
#define SOFTEN_DIR_BYTES	(16 * 1024 * 1024)
#define SOFTEN_SENTENCE_MAX	2048	/* bytes of a sentence, then it is cut */
#define SOFTEN_WORD_MAX		48	/* bytes of a word that are kept */
#define SOFTEN_REST_MAX		12	/* words of {rest} in a suggestion */

#define SF_NONE		UINT32_MAX

/*
 * The tables.  Strings are offsets into the set's string pool, each
 * NUL-terminated; offset 0 is the empty string.
 */
struct sf_class {
	uint32_t	name;
	uint32_t	pfirst, pn;	/* its prefix words, in the prefix list */
};

struct sf_member {
	uint32_t	cls;
	uint32_t	text, len;
	uint32_t	gloss;		/* 0: none */
	uint8_t		prefix;		/* text* */
};

/*
 * An interned word: the index, made by soften_compile.  The patterns it
 * begins are in anchors: those whose next word is known come after a
 * look-up of the next word of the text (in nexts), the others always.
 */
struct sf_word {
	uint32_t	text, len, hash;
	uint32_t	afirst, an;	/* patterns to try after it, always */
	uint32_t	nfirst, nn;	/* its nexts, by word */
	uint64_t	classes;	/* bit c: a member of class c */
};

/*
 * The patterns a word begins when the word after it is w, and the one
 * after that w3 (SF_NONE: whatever it is).
 */
struct sf_next {
	uint32_t	w, w3;
	uint32_t	afirst, an;	/* in anchors */
};

enum sf_item_kind {
	SI_WORD,		/* ref: the word */
	SI_CLASS,		/* ref: the class */
	SI_PREFIX		/* text: the beginning of a word */
};

struct sf_item {
	uint32_t	text;		/* as written, for messages */
	uint32_t	ref;
	uint32_t	len;		/* a prefix's */
	uint8_t		kind;
	uint8_t		quoted;		/* only a word in quotation marks */
};

enum sf_elem_kind {
	SE_SET,			/* one word of the items (!: of none) */
	SE_ANY,			/* _: any one word */
	SE_GAP,			/* ..N: up to N words */
	SE_START,		/* ^ */
	SE_END,			/* $ */
	SE_BREAK		/* ,: a clause break */
};

struct sf_elem {
	uint32_t	ifirst, in;
	uint8_t		kind, opt, neg, max;
	uint8_t		quoted;		/* "_: only a word in quotation marks */
};

struct sf_pat {
	uint32_t	rule;
	uint32_t	efirst, en;
	uint32_t	line;		/* in the rule's file */
	uint8_t		anchor;		/* the element its matches begin at */
	uint8_t		quoted;		/* has a quoted item: quotes are wanted */
};

enum sf_where {
	SW_PREV,		/* ends where the match begins */
	SW_NEXT,		/* begins where the match ends */
	SW_BEFORE,		/* anywhere before the match */
	SW_AFTER,		/* anywhere after it */
	SW_ANYWHERE,		/* anywhere in the sentence */
	SW_QUESTION		/* the sentence is a question (no pattern) */
};

struct sf_cond {
	uint32_t	pat;		/* SF_NONE for a question */
	uint8_t		unless, where;
};

struct sf_rule {
	uint32_t	id, source, line;
	uint32_t	mfirst, mn;	/* its patterns, in matches */
	uint32_t	cfirst, cn;	/* its conditions */
	uint32_t	feel, about, need;
	uint8_t		cat;
	uint8_t		cancels;	/* a frame: bit c shields category c */
	uint8_t		off;		/* disabled, or replaced by a later one */
};

enum sf_vec_kind {
	SV_STR, SV_CLASS, SV_MEMBER, SV_ITEM, SV_ELEM, SV_PAT, SV_MATCH,
	SV_COND, SV_RULE,
	/* the index */
	SV_WORD, SV_HASH, SV_ANCHOR, SV_PREFIX, SV_NEXT,
	SV_N
};

struct sf_vec {
	void	*p;
	size_t	 n, cap;	/* cap 0: p is a built-in table */
};

struct soften_rules {
	struct sf_vec	v[SV_N];
	size_t		nbuiltin;	/* rules from the built-in tables */
};

/* Element sizes of the vectors, in the order of enum sf_vec_kind. */
extern const size_t	soften_vec_size[SV_N];

/* The category's name ("criticism"), and back: -1 when none. */
const char	*soften_cat_name(int cat);
int	soften_cat_parse(const char *s);

/*
 * Parse text (len bytes, the contents of file) and add its rules and
 * classes to rs; then the set needs soften_compile.  A rule with the id
 * of one already in rs replaces it; "disable ID" turns one off.  Errors
 * are HX_DATAERR "file:line: reason" and leave rs as it was.
 */
int	soften_parse(struct soften_rules *rs, const char *file,
	    const char *text, size_t len, struct herr *e);
/* Read and parse one file (at most SOFTEN_FILE_MAX bytes). */
int	soften_load_file(struct soften_rules *rs, const char *path,
	    struct herr *e);
/*
 * Every NAME.rules file of dir in name order (a missing dir is no
 * error), bounded as ask's decks are.  With warn, a file that cannot be
 * used is handed to it and skipped; without, it ends the load.  Returns
 * how many files were added (then the set needs soften_compile), or -1.
 */
typedef void	soften_warn_fn(void *arg, const struct herr *e);
int	soften_load_dir(struct soften_rules *rs, const char *dir,
	    soften_warn_fn *warn, void *arg, struct herr *e);
/* Build the index that matching needs; 0, or -1 (memory). */
int	soften_compile(struct soften_rules *rs, struct herr *e);
/*
 * The built-in rules, compiled, into an empty set (defined in the rules.c
 * that mkrules writes).
 */
int	soften_load_builtin(struct soften_rules *rs, struct herr *e);
/* Use tables (read only) as an empty set's contents. */
void	soften_use_tables(struct soften_rules *rs, const struct sf_vec *v,
	    size_t nbuiltin);
void	soften_free(struct soften_rules *rs);

/* Read-only views of a set, for listing and for mkrules. */
size_t	soften_nrules(const struct soften_rules *rs);
const struct sf_rule	*soften_rule(const struct soften_rules *rs, size_t i);
const char	*soften_str(const struct soften_rules *rs, uint32_t off);
/* The i-th pattern of rule r (its match lines). */
uint32_t	soften_match(const struct soften_rules *rs, const struct sf_rule *r,
	    size_t i);
/* The rule of that id in use, or NULL. */
const struct sf_rule	*soften_find(const struct soften_rules *rs,
			    const char *id);
/* A pattern written back as text, into buf (at most len bytes). */
void	soften_pattern_text(const struct soften_rules *rs, uint32_t pat,
	    char *buf, size_t len);
/* Counts for --check: rules in use, classes, words of the classes. */
void	soften_counts(const struct soften_rules *rs, size_t *rules,
	    size_t *classes, size_t *words);

/* ---- scanning text ---- */

struct soften_finding {
	size_t		 line, col;	/* from 1; col in characters */
	int		 cat;
	const char	*rule;		/* its id */
	const char	*phrase;	/* as written, not NUL-terminated */
	size_t		 phrase_len;
	const char	*suggestion;	/* NUL-terminated */
	size_t		 suggestion_len;
};

/* Called for each finding, in order; non-zero stops the scan. */
typedef int	soften_found_fn(void *arg, const struct soften_finding *f);

struct soften_scan;

/* A scanner of one input, or NULL (errno ENOMEM). */
struct soften_scan	*soften_scan_new(const struct soften_rules *rs,
			    soften_found_fn *fn, void *arg);
/*
 * The next n bytes of the input.  Returns 0, or the callback's non-zero
 * value (the scan is then over), or -1 (ENOMEM).
 */
int	soften_scan_feed(struct soften_scan *sc, const char *p, size_t n);
/* The end of the input: the last sentence is looked at. */
int	soften_scan_end(struct soften_scan *sc);
void	soften_scan_free(struct soften_scan *sc);
/* A whole text at once: new, feed, end, free.  -1 on ENOMEM. */
int	soften_text(const struct soften_rules *rs, const char *p, size_t n,
	    soften_found_fn *fn, void *arg);

#endif
