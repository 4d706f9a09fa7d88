/* progress.c: the progress line of index on a terminal (run.c's for an
 * update, build.c's for a full build, whose workers share their counts). */
#include "config.h"

#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cfsearch.h"

/* The terminal's width (for a line that must not wrap: \r only goes back
 * to the start of the last row). */
static unsigned
progress_columns(void)
{
	struct winsize ws;
	const char *env = getenv("COLUMNS");

	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	if (env && atoi(env) > 0)
		return (unsigned)atoi(env);
	return 80;
}

/* "[DONE/TOTAL files (P%) | DONE files], N new, N updated, R files/s[, T
 * left]", on the progress line of stderr (a terminal); final: the last
 * time (it says the end, the summary replaces it). */
void
progress_show(struct run *r, const struct run_tally *t, uint64_t total, int final)
{
	double now = now_seconds();
	if (!r->o->progress || (!final && now - r->last_progress < 0.2))
		return;
	r->last_progress = now;
	double el = now - r->start - r->waited;
	double rate = el > 0 ? t->files / el : 0;
	char done[32], all[32], added[32], updated[32];
	struct buf b;

	fmt_count(done, sizeof done, t->files);
	fmt_count(all, sizeof all, total);
	fmt_count(added, sizeof added, t->added);
	fmt_count(updated, sizeof updated, t->updated);
	buf_init(&b);
	if (total >= t->files && total > 0)
		buf_printf(&b, "%s/%s files (%llu%%)", done, all,
			   (unsigned long long)(t->files * 100 / total));
	else
		buf_printf(&b, "%s files", done);
	char per[32];
	fmt_count(per, sizeof per, (uint64_t)(rate + 0.5));
	buf_printf(&b, ", %s new, %s updated, %s files/s", added, updated, per);
	if (!final && total > t->files && rate > 0) {
		double left = (double)(total - t->files) / rate;
		if (left < 90)
			buf_printf(&b, ", %.0f s left", left);
		else
			buf_printf(&b, ", %.0f min left", left / 60);
	}
	unsigned cols = progress_columns();
	if (b.len >= cols)
		b.len = cols - 1;   /* ASCII: a byte a column */
	fputs("\r\033[K", stderr);
	fwrite(b.s, 1, b.len, stderr);
	fflush(stderr);
	buf_free(&b);
}

