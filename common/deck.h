/*
 * deck: the question and idea decks.
 *
 * A deck is a text file, NAME.deck (hearth-deck(5)):
 *
 *	# a comment
 *	title: Talk
 *	kind: questions
 *	about: What the deck is for and how to use it; several about:
 *	about: lines are joined with a space.
 *	1 What made you laugh today?
 *	3 Is there a worry you carry alone, if you want to share it?
 *
 * Prompt lines are a depth (1 light, 2 personal, 3 deep; for ideas, the
 * effort) and the text.  The decks in common/decks are checked and turned
 * into tables by the build (mkdecks), so a binary holds them ready to
 * use; decks in other folders add to them or replace a deck of the same
 * name.  A prompt's id is a 64-bit FNV-1a hash of its text, so it stays
 * the same across machines, decks and versions while the words do.
 *
 * A deck in the store may come from the partner's machine: every byte is
 * checked, a file and a directory of them are bounded, and a bad deck
 * can be skipped (deck_load_dir's warn) without stopping the others.
 */
#ifndef HEARTH_DECK_H
#define HEARTH_DECK_H

#include <stddef.h>
#include <stdint.h>

struct herr;

#define DECK_NAME_MAX	32
#define DECK_TEXT_MAX	200	/* bytes in a prompt */
#define DECK_ID_LEN	16	/* hex digits */
#define DECK_ID_SHOW	10
#define DECK_ID_MIN	4

enum deck_kind {
	DECK_QUESTIONS,
	DECK_IDEAS
};

struct deck {
	char		 name[DECK_NAME_MAX + 1];
	char		*title;
	char		*about;
	enum deck_kind	 kind;
	char		*source;	/* file name, for messages */
	int		 replaced;	/* a later deck took its name */
	int		 builtin;	/* its strings are the binary's */
	size_t		 count[4];	/* prompts by depth (1 to 3) */
};

struct prompt {
	const char	*text;		/* NUL-terminated */
	size_t		 len;
	uint64_t	 id;
	uint16_t	 deck;		/* index in the set's decks */
	uint8_t		 depth;
};

struct deckset {
	struct deck	*d;
	size_t		 nd;
	struct prompt	*p;
	size_t		 np;
	size_t		 pcap;		/* 0 while p is the built-in table */
	char		**texts;	/* the buffers prompts point into */
	size_t		 ntexts;
};


/* Whether name can name a deck: [a-z0-9-]{1,32}. */
int	deck_name_valid(const char *name);
/*
 * Parse text (len bytes, the contents of file) as deck name and add it to
 * the set, replacing a deck of the same name.  Errors are HX_DATAERR
 * "file:line: reason"; the set is unchanged then.
 */
int	deck_parse(struct deckset *ds, const char *name, const char *file,
	    const char *text, size_t len, struct herr *e);
/*
 * The built-in decks, into an empty set: no parsing, no copying.  It is
 * defined in the decks.c that mkdecks writes, beside the tables.
 */
int	deck_load_builtin(struct deckset *ds, struct herr *e);
/* Use tables of decks and prompts (read only) as an empty set's start. */
int	deck_use_tables(struct deckset *ds, const struct deck *d, size_t nd,
	    const struct prompt *p, size_t np, struct herr *e);
/*
 * What deck_load_dir does with a deck file it cannot use: e says why
 * (HX_DATAERR "file:line: reason", or the file's own error).
 */
typedef void	deck_warn_fn(void *arg, const struct herr *e);
/*
 * Every NAME.deck in dir (a missing dir is no error), in name order.
 * Files are read with a 1 MiB limit each, and a directory gives at most
 * DECK_DIR_FILES of them and DECK_DIR_BYTES in all: its decks may come
 * from the partner's machine.  With warn, a file that cannot be used is
 * handed to warn and skipped, and the rest are read; without, the first
 * one ends the load with its error.  -1 for the directory itself (it
 * cannot be read, too many decks without warn, memory).
 */
#define DECK_DIR_FILES	1000
#define DECK_DIR_BYTES	(16 * 1024 * 1024)
int	deck_load_dir(struct deckset *ds, const char *dir, deck_warn_fn *warn,
	    void *arg, struct herr *e);
/* Read and parse one file (for ask --check); name from its base name. */
int	deck_load_file(struct deckset *ds, const char *path, struct herr *e);
/*
 * Why s[0..len) cannot be the text of a prompt, whatever its length:
 * "NUL byte", "invalid UTF-8" or "control character" (C0, DEL and C1,
 * U+0080 to U+009F); NULL when it can.  ask -f holds the lines of a file
 * to the same rule.
 */
const char	*deck_text_problem(const char *s, size_t len);
/* The deck of that name that is in use, or -1. */
int	deck_find(const struct deckset *ds, const char *name);
/* A prompt's id: FNV-1a over its bytes. */
uint64_t deck_id(const char *text, size_t len);
/* The id in hex: DECK_ID_LEN digits and a NUL. */
void	deck_id_hex(uint64_t id, char buf[DECK_ID_LEN + 1]);
void	deck_free(struct deckset *ds);

#endif
