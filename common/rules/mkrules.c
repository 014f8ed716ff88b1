/*
 * mkrules: check soften's rules and write them as C tables (rules.c).
 *
 * Run by the build on the .rules files of common/rules.  They are parsed
 * with every check of soften --check and compiled into the index that
 * matching uses, so a bad rule stops the build with FILE:LINE: reason,
 * and the binary carries the rules ready to use: soften spends nothing
 * on them at run time.  Within the built-in files, an id may be used
 * once and nothing may be disabled.
 */
#include <err.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "herr.h"
#include "soften.h"

/* The string pool as one C literal, a line at a time. */
static void
pool(const struct sf_vec *v)
{
	const unsigned char *s = v->p;
	size_t i;

	printf("static const char v_str[] =\n\t\"");
	for (i = 0; i < v->n; i++) {
		if (s[i] == '\0')
			printf(i + 1 < v->n ? "\\000\"\n\t\"" : "\\000");
		else if (s[i] == '\\' || s[i] == '"' || s[i] == '?')
			printf("\\%c", s[i]);
		else
			putchar(s[i]);
	}
	printf("\";\n\n");
}

static void
u32s(const char *name, const struct sf_vec *v)
{
	const uint32_t *u = v->p;
	size_t i;

	printf("static const uint32_t %s[] = {", name);
	for (i = 0; i < v->n; i++)
		printf("%s%" PRIu32 ",", i % 10 ? " " : "\n\t", u[i]);
	printf("\n};\n\n");
}

static void
structs(const struct soften_rules *rs, int k)
{
	static const char *const names[SV_N] = { "str", "class", "member",
	    "item", "elem", "pat", "match", "cond", "rule", "word", "hash",
	    "anchor", "prefix", "next" };
	const struct sf_vec *v = &rs->v[k];
	size_t i;

	if (k == SV_STR) {
		pool(v);
		return;
	}
	if (k == SV_MATCH || k == SV_HASH || k == SV_ANCHOR ||
	    k == SV_PREFIX) {
		u32s(k == SV_MATCH ? "v_match" : k == SV_HASH ? "v_hash" :
		    k == SV_ANCHOR ? "v_anchor" : "v_prefix", v);
		return;
	}
	printf("static const struct sf_%s v_%s[] = {\n", names[k], names[k]);
	for (i = 0; i < v->n; i++) {
		const void *e = (const char *)v->p + i * soften_vec_size[k];
		const struct sf_class *c = e;
		const struct sf_member *m = e;
		const struct sf_item *it = e;
		const struct sf_elem *el = e;
		const struct sf_pat *pt = e;
		const struct sf_cond *cd = e;
		const struct sf_rule *r = e;
		const struct sf_word *w = e;
		const struct sf_next *nx = e;

		switch (k) {
		case SV_CLASS:
			printf("\t{ %u, %u, %u },\n", c->name, c->pfirst, c->pn);
			break;
		case SV_MEMBER:
			printf("\t{ %u, %u, %u, %u, %u },\n", m->cls, m->text,
			    m->len, m->gloss, m->prefix);
			break;
		case SV_ITEM:
			printf("\t{ %u, %u, %u, %u, %u },\n", it->text,
			    it->ref, it->len, it->kind, it->quoted);
			break;
		case SV_ELEM:
			printf("\t{ %u, %u, %u, %u, %u, %u, %u },\n",
			    el->ifirst, el->in, el->kind, el->opt, el->neg,
			    el->max, el->quoted);
			break;
		case SV_PAT:
			printf("\t{ %u, %u, %u, %u, %u, %u },\n", pt->rule,
			    pt->efirst, pt->en, pt->line, pt->anchor,
			    pt->quoted);
			break;
		case SV_COND:
			printf("\t{ %u, %u, %u },\n", cd->pat, cd->unless,
			    cd->where);
			break;
		case SV_RULE:
			printf("\t{ %u, %u, %u, %u, %u, %u, %u, %u, %u, %u, "
			    "%u, %u, %u },\n", r->id, r->source, r->line,
			    r->mfirst, r->mn, r->cfirst, r->cn, r->feel,
			    r->about, r->need, r->cat, r->cancels, r->off);
			break;
		case SV_WORD:
			printf("\t{ %u, %u, %uU, %u, %u, %u, %u, 0x%" PRIx64
			    "ULL },\n", w->text, w->len, w->hash, w->afirst,
			    w->an, w->nfirst, w->nn, w->classes);
			break;
		case SV_NEXT:
			printf("\t{ %u, %uU, %u, %u },\n", nx->w, nx->w3,
			    nx->afirst, nx->an);
			break;
		}
	}
	printf("};\n\n");
}

int
main(int argc, char *argv[])
{
	static const char *const names[SV_N] = { "v_str", "v_class",
	    "v_member", "v_item", "v_elem", "v_pat", "v_match", "v_cond",
	    "v_rule", "v_word", "v_hash", "v_anchor", "v_prefix", "v_next" };
	struct soften_rules rs;
	struct herr e;
	size_t i;
	int a, k;

	memset(&rs, 0, sizeof(rs));
	for (a = 1; a < argc; a++)
		if (soften_load_file(&rs, argv[a], &e) == -1)
			errx(1, "%s", e.msg);
	for (i = 0; i < soften_nrules(&rs); i++)
		if (soften_rule(&rs, i)->off)
			errx(1, "%s:%u: rule %s: the built-in rules neither "
			    "replace nor disable one another",
			    soften_str(&rs, soften_rule(&rs, i)->source),
			    soften_rule(&rs, i)->line,
			    soften_str(&rs, soften_rule(&rs, i)->id));
	if (soften_compile(&rs, &e) == -1)
		errx(1, "%s", e.msg);
	printf("/* Made from the rules by mkrules: do not edit. */\n"
	    "#include <stddef.h>\n#include <stdint.h>\n\n"
	    "#include \"herr.h\"\n#include \"soften.h\"\n\n");
	for (k = 0; k < SV_N; k++)
		if (rs.v[k].n > 0)
			structs(&rs, k);
	printf("static const struct sf_vec tables[SV_N] = {\n");
	for (k = 0; k < SV_N; k++)
		if (rs.v[k].n > 0)
			printf("\t{ (void *)%s, %zu, 0 },\n", names[k],
			    rs.v[k].n);
		else
			printf("\t{ NULL, 0, 0 },\n");
	printf("};\n\nint\nsoften_load_builtin(struct soften_rules *rs, "
	    "struct herr *e)\n{\n\tsoften_use_tables(rs, tables, %zu);\n"
	    "\treturn 0;\n}\n", soften_nrules(&rs));
	soften_free(&rs);
	if (fflush(stdout) == EOF || ferror(stdout))
		err(1, "stdout");
	return 0;
}
