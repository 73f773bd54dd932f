/*
 * test_outdir.c - the output folder (p2e_outdir.h), its manifest
 * (p2e_manifest.h) and its plan (p2e_outplan.h): what counts as ours, the
 * refusals, the lock, the completion of a commit that a killed run left
 * half done, an edited file the merchant is told to edit kept, and earlier
 * outputs removed.
 */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include <cmocka.h>

#include "p2e_manifest.h"
#include "p2e_outdir.h"
#include "testutil.h"

static void put(const char *dir, const char *name, const char *text)
{
    char path[1024];
    tu_join(path, sizeof path, dir, name);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    fputs(text, fp);
    assert_int_equal(fclose(fp), 0);
}

static char *slurp(const char *dir, const char *name)
{
    char path[1024];
    tu_join(path, sizeof path, dir, name);
    return tu_read_file(path, NULL);
}

static void test_name_rules(void **state)
{
    (void)state;
    assert_true(p2e_manifest_name_ok("ecom-import.csv"));
    assert_true(p2e_manifest_name_ok("images/cup-1.jpg"));
    assert_false(p2e_manifest_name_ok(""));
    assert_false(p2e_manifest_name_ok("/etc/passwd"));
    assert_false(p2e_manifest_name_ok("../x"));
    assert_false(p2e_manifest_name_ok("images/../../x"));
    assert_false(p2e_manifest_name_ok("images//x"));
    assert_false(p2e_manifest_name_ok("images/"));
    assert_false(p2e_manifest_name_ok("a\nb"));
    assert_false(p2e_manifest_name_ok("."));
}

static void test_parse_and_format(void **state)
{
    (void)state;
    char text[] = "pos2ecom-manifest 1\n"
                  "f 12 1700000000.000000042 ecom-import.csv\n"
                  "d images\n"
                  "f 3 1700000001.900000000 images/a b.jpg\n";
    p2e_manifest m;
    memset(&m, 0, sizeof m);
    assert_int_equal(p2e_manifest_parse(&m, text, strlen(text)), P2E_OK);
    assert_int_equal(m.count, 3);
    const p2e_manifest_item *it = p2e_manifest_find(&m, "ecom-import.csv");
    assert_non_null(it);
    assert_int_equal(it->size, 12);
    assert_int_equal(it->sec, 1700000000);
    assert_int_equal(it->nsec, 42);
    it = p2e_manifest_find(&m, "images/a b.jpg");
    assert_non_null(it);
    assert_int_equal(it->nsec, 900000000);
    char *out;
    size_t len;
    assert_int_equal(p2e_manifest_format(&m, &out, &len), P2E_OK);
    char again[] = "pos2ecom-manifest 1\n"
                   "f 12 1700000000.000000042 ecom-import.csv\n"
                   "d images\n"
                   "f 3 1700000001.900000000 images/a b.jpg\n";
    assert_int_equal(len, strlen(again));
    assert_memory_equal(out, again, len);
    free(out);
    p2e_manifest_free(&m);
}

static void test_parse_rejects_damage(void **state)
{
    (void)state;
    const char *bad[] = {
        "",
        "pos2ecom-manifest 2\n",
        "pos2ecom-manifest 1\nf 12 17.5 x", /* no final newline */
        "pos2ecom-manifest 1\nf twelve 17.5 x\n",
        "pos2ecom-manifest 1\nf 1 17.5 ../x\n",
        "pos2ecom-manifest 1\nq x\n",
        "pos2ecom-manifest 1\nf 1 17.1000000000 x\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char buf[128];
        size_t n = strlen(bad[i]);
        memcpy(buf, bad[i], n + 1);
        p2e_manifest m;
        memset(&m, 0, sizeof m);
        assert_int_not_equal(p2e_manifest_parse(&m, buf, n), P2E_OK);
        p2e_manifest_free(&m);
    }
}

/* Ours while size and time are the recorded ones; a touch or an edit is
 * "changed"; an unrecorded name is "foreign"; a folder is ours only while
 * every entry is. */
static void test_check_verdicts(void **state)
{
    (void)state;
    char *dir = tu_temp_dir();
    put(dir, "a.csv", "abc");
    char path[1024];
    tu_join(path, sizeof path, dir, "a.csv");
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    char text[512];
    snprintf(text, sizeof text, "pos2ecom-manifest 1\nf 3 %lld.%09ld a.csv\nd images\n",
             (long long)sb.st_mtim.tv_sec, (long)sb.st_mtim.tv_nsec);
    p2e_manifest m;
    memset(&m, 0, sizeof m);
    assert_int_equal(p2e_manifest_parse(&m, text, strlen(text)), P2E_OK);
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    char bad[256];
    assert_int_equal(p2e_manifest_check(&m, fd, "a.csv", bad, sizeof bad), P2E_MANIFEST_OURS);
    assert_int_equal(p2e_manifest_check(&m, fd, "none.csv", bad, sizeof bad), P2E_MANIFEST_ABSENT);
    put(dir, "b.csv", "x");
    assert_int_equal(p2e_manifest_check(&m, fd, "b.csv", bad, sizeof bad), P2E_MANIFEST_FOREIGN);
    assert_string_equal(bad, "b.csv");
    tu_join(path, sizeof path, dir, "images");
    assert_int_equal(mkdir(path, 0777), 0);
    assert_int_equal(p2e_manifest_check(&m, fd, "images", bad, sizeof bad), P2E_MANIFEST_OURS);
    put(path, "mine.jpg", "x");
    assert_int_equal(p2e_manifest_check(&m, fd, "images", bad, sizeof bad), P2E_MANIFEST_FOREIGN);
    assert_string_equal(bad, "images/mine.jpg");
    /* the same bytes, a new time: an edit as far as anyone can tell */
    tu_join(path, sizeof path, dir, "a.csv");
    struct timeval tv[2] = {{1000, 0}, {1000, 0}};
    assert_int_equal(utimes(path, tv), 0);
    assert_int_equal(p2e_manifest_check(&m, fd, "a.csv", bad, sizeof bad), P2E_MANIFEST_CHANGED);
    close(fd);
    p2e_manifest_free(&m);
    tu_remove_tree(dir);
    free(dir);
}

static p2e_outdir *open_ok(const char *dir, const char *const *names, size_t n)
{
    p2e_outdir *od = NULL;
    p2e_err err = {{0}};
    if (p2e_outdir_open(&od, dir, names, n, 0, &err) != P2E_OK)
        fail_msg("p2e_outdir_open: %s", err.msg);
    return od;
}

/* A run writes, commits; a second run replaces; the folder holds the
 * outputs, the manifest, and nothing else. */
static void test_commit_and_replace(void **state)
{
    (void)state;
    char *dir = tu_temp_dir();
    const char *names[] = {"one.csv", "two.csv"};
    for (int run = 0; run < 2; run++) {
        p2e_outdir *od = open_ok(dir, names, 2);
        put(p2e_outdir_stage(od), "one.csv", run ? "new 1" : "old 1");
        put(p2e_outdir_stage(od), "two.csv", run ? "new 2" : "old 2");
        p2e_err err = {{0}};
        assert_int_equal(p2e_outdir_commit(od, names, 2, &err), P2E_OK);
        p2e_outdir_free(od);
    }
    char *t = slurp(dir, "one.csv");
    assert_string_equal(t, "new 1");
    free(t);
    t = slurp(dir, "two.csv");
    assert_string_equal(t, "new 2");
    free(t);
    assert_int_equal(tu_dir_entries(dir), 3); /* and .pos2ecom-manifest */
    tu_remove_tree(dir);
    free(dir);
}

static void test_refusals(void **state)
{
    (void)state;
    char *dir = tu_temp_dir();
    const char *names[] = {"one.csv"};
    put(dir, "one.csv", "the merchant's");
    p2e_outdir *od = NULL;
    p2e_err err = {{0}};
    assert_int_equal(p2e_outdir_open(&od, dir, names, 1, 0, &err), P2E_ERR_CLASH);
    assert_true(tu_contains(err.msg, "one.csv is in the way"));
    p2e_outdir_free(od);
    assert_int_equal(tu_dir_entries(dir), 1); /* nothing made, nothing removed */
    /* a damaged manifest: nothing can be told apart, so nothing is replaced */
    put(dir, ".pos2ecom-manifest", "garbage\n");
    od = NULL;
    assert_int_equal(p2e_outdir_open(&od, dir, names, 1, 0, &err), P2E_ERR_CLASH);
    assert_true(tu_contains(err.msg, "is damaged"));
    p2e_outdir_free(od);
    tu_remove_tree(dir);
    free(dir);
}

static void test_lock(void **state)
{
    (void)state;
    char *dir = tu_temp_dir();
    const char *names[] = {"one.csv"};
    p2e_outdir *first = open_ok(dir, names, 1);
    /* flock locks belong to the open file description: a second open of
     * the folder, as a second run makes, is refused */
    p2e_outdir *second = NULL;
    p2e_err err = {{0}};
    assert_int_equal(p2e_outdir_open(&second, dir, names, 1, 0, &err), P2E_ERR_BUSY);
    assert_true(tu_contains(err.msg, "another pos2ecom run is writing into"));
    p2e_outdir_free(second);
    p2e_outdir_free(first);
    p2e_outdir *third = open_ok(dir, names, 1);
    p2e_outdir_free(third);
    assert_int_equal(tu_dir_entries(dir), 0); /* the staging folders went with them */
    tu_remove_tree(dir);
    free(dir);
}

/* A killed run's state after its commit point, made by hand: journal in
 * place, one output moved in, its predecessor aside, the other still
 * staged. The next open completes it. */
static void test_recovery_rolls_forward(void **state)
{
    (void)state;
    char *dir = tu_temp_dir();
    char path[2200], stage[1100];
    tu_join(stage, sizeof stage, dir, ".pos2ecom-stage.1.abcdef");
    assert_int_equal(mkdir(stage, 0700), 0);
    tu_join(path, sizeof path, stage, ".replaced");
    assert_int_equal(mkdir(path, 0700), 0);
    put(path, "one.csv", "old 1");
    put(dir, "one.csv", "new 1");
    put(dir, "two.csv", "old 2");
    put(stage, "two.csv", "new 2");
    put(stage, ".pos2ecom-manifest", "pos2ecom-manifest 1\n");
    put(dir, ".pos2ecom-commit", "pos2ecom-commit 1\nstage .pos2ecom-stage.1.abcdef\n"
                                 "move one.csv\nmove two.csv\nmove .pos2ecom-manifest\n");
    /* a dead run's staging folder with no journal: removed too */
    tu_join(path, sizeof path, dir, ".pos2ecom-stage.2.zzzzzz");
    assert_int_equal(mkdir(path, 0700), 0);
    put(path, "half.csv", "x");
    p2e_outdir *od = open_ok(dir, NULL, 0);
    p2e_outdir_free(od);
    char *t = slurp(dir, "one.csv");
    assert_string_equal(t, "new 1");
    free(t);
    t = slurp(dir, "two.csv");
    assert_string_equal(t, "new 2");
    free(t);
    t = slurp(dir, ".pos2ecom-manifest");
    assert_string_equal(t, "pos2ecom-manifest 1\n");
    free(t);
    assert_int_equal(tu_dir_entries(dir), 3);
    tu_remove_tree(dir);
    free(dir);
}

static void test_damaged_journal_refused(void **state)
{
    (void)state;
    char *dir = tu_temp_dir();
    /* a journal pointing outside our own naming is never acted on */
    put(dir, ".pos2ecom-commit", "pos2ecom-commit 1\nstage ../elsewhere\nmove x\n");
    put(dir, "x", "keep");
    p2e_outdir *od = NULL;
    p2e_err err = {{0}};
    assert_int_equal(p2e_outdir_open(&od, dir, NULL, 0, 0, &err), P2E_ERR_CLASH);
    assert_true(tu_contains(err.msg, "is damaged"));
    p2e_outdir_free(od);
    char *t = slurp(dir, "x");
    assert_string_equal(t, "keep");
    free(t);
    tu_remove_tree(dir);
    free(dir);
}


/* 1764948600 is 2025-12-05 15:30:00 UTC (date -u -d @1764948600). */
#define EPOCH 1764948600LL

static p2e_outdir *open_plan_ok(const char *dir, const p2e_outname *names, size_t n,
                                p2e_outplan *plan)
{
    p2e_outdir *od = NULL;
    p2e_err err = {{0}};
    if (p2e_outdir_open_plan(&od, dir, names, n, EPOCH, 0, plan, &err) != P2E_OK)
        fail_msg("p2e_outdir_open_plan: %s", err.msg);
    return od;
}

static void commit_ok(p2e_outdir *od, const char *const *names, size_t n)
{
    p2e_err err = {{0}};
    if (p2e_outdir_commit(od, names, n, &err) != P2E_OK)
        fail_msg("p2e_outdir_commit: %s", err.msg);
    p2e_outdir_free(od);
}

static void test_dated_names(void **state)
{
    (void)state;
    assert_true(p2e_outplan_is_dated("manual-fields-20251205-153000.csv", "manual-fields.csv"));
    assert_true(p2e_outplan_is_dated("manual-fields-20251205-153000-2.csv", "manual-fields.csv"));
    assert_true(p2e_outplan_is_dated("manual-fields-20251205-153000-999.xlsx", "manual-fields.xlsx"));
    assert_false(p2e_outplan_is_dated("manual-fields-20251205-153000.xlsx", "manual-fields.csv"));
    assert_false(p2e_outplan_is_dated("manual-fields-2025125-153000.csv", "manual-fields.csv"));
    assert_false(p2e_outplan_is_dated("manual-fields-20251205-153000-0.csv", "manual-fields.csv"));
    assert_false(p2e_outplan_is_dated("manual-fields-20251205-153000-1000.csv", "manual-fields.csv"));
    assert_false(p2e_outplan_is_dated("manual-fields-20251205-153000.csv.bak", "manual-fields.csv"));
    assert_false(p2e_outplan_is_dated("manual-fields.csv", "manual-fields.csv"));
    assert_false(p2e_outplan_is_dated("my-manual-fields-20251205-153000.csv", "manual-fields.csv"));
}

/* An editable output edited since: kept as it is, the new one beside it
 * under the run's dated name, the kept one no longer recorded. */
static void test_edited_editable_kept(void **state)
{
    (void)state;
    char *dir = tu_temp_dir();
    p2e_outname names[] = {{"manual.csv", 1, 1}, {"other.csv", 1, 0}};
    const char *files[] = {"manual.csv", "other.csv"};
    p2e_outplan plan;
    p2e_outdir *od = open_plan_ok(dir, names, 2, &plan);
    assert_int_equal(plan.nkept, 0);
    put(p2e_outdir_stage(od), "manual.csv", "first");
    put(p2e_outdir_stage(od), "other.csv", "first");
    commit_ok(od, files, 2);
    p2e_outplan_free(&plan);
    put(dir, "manual.csv", "filled in by hand");
    od = open_plan_ok(dir, names, 2, &plan);
    assert_int_equal(plan.nkept, 1);
    assert_string_equal(plan.kept[0].name, "manual.csv");
    assert_string_equal(plan.kept[0].dated, "manual-20251205-153000.csv");
    assert_int_equal(plan.kept[0].why, P2E_KEPT_EDITED);
    assert_string_equal(p2e_outplan_final(&plan, "manual.csv"), "manual-20251205-153000.csv");
    put(p2e_outdir_stage(od), "manual.csv", "second");
    put(p2e_outdir_stage(od), "other.csv", "second");
    commit_ok(od, files, 2);
    p2e_outplan_free(&plan);
    char *t = slurp(dir, "manual.csv");
    assert_string_equal(t, "filled in by hand");
    free(t);
    t = slurp(dir, "manual-20251205-153000.csv");
    assert_string_equal(t, "second");
    free(t);
    t = slurp(dir, ".pos2ecom-manifest");
    assert_false(tu_contains(t, " manual.csv\n"));
    assert_true(tu_contains(t, " manual-20251205-153000.csv\n"));
    free(t);
    /* an edited output that is not editable is still in the way */
    put(dir, "other.csv", "mine");
    od = NULL;
    p2e_err err = {{0}};
    assert_int_equal(p2e_outdir_open_plan(&od, dir, names, 2, EPOCH, 0, &plan, &err), P2E_ERR_CLASH);
    assert_true(tu_contains(err.msg, "other.csv was changed after pos2ecom wrote it"));
    p2e_outdir_free(od);
    p2e_outplan_free(&plan);
    tu_remove_tree(dir);
    free(dir);
}

/* Run 1 writes a.csv b.csv c.csv d.csv and sub/; run 2 writes a.csv only,
 * and its command could write b.csv, c.csv and sub (not d.csv: another
 * command's). b.csv goes; c.csv, edited, stays, unrecorded; of sub/ only
 * our file goes, the merchant's stays with the folder; d.csv stays,
 * recorded. */
static void test_earlier_outputs_removed(void **state)
{
    (void)state;
    char *dir = tu_temp_dir();
    const char *first[] = {"a.csv", "b.csv", "c.csv", "d.csv", "sub"};
    p2e_outdir *od = open_ok(dir, first, 5);
    for (int i = 0; i < 4; i++)
        put(p2e_outdir_stage(od), first[i], "old");
    char path[1100];
    tu_join(path, sizeof path, p2e_outdir_stage(od), "sub");
    assert_int_equal(mkdir(path, 0777), 0);
    put(path, "x.jpg", "ours");
    commit_ok(od, first, 5);
    put(dir, "c.csv", "edited");
    tu_join(path, sizeof path, dir, "sub");
    put(path, "mine.jpg", "the merchant's");
    p2e_outname names[] = {{"a.csv", 1, 0}, {"b.csv", 0, 0}, {"c.csv", 0, 0}, {"sub", 0, 0}};
    p2e_outplan plan;
    od = open_plan_ok(dir, names, 4, &plan);
    assert_int_equal(plan.nremoved, 2);
    assert_string_equal(plan.removed[0], "b.csv");
    assert_string_equal(plan.removed[1], "sub/x.jpg");
    assert_int_equal(plan.nkept, 2);
    assert_string_equal(plan.kept[0].name, "c.csv");
    assert_int_equal(plan.kept[0].why, P2E_KEPT_CHANGED);
    assert_string_equal(plan.kept[1].name, "sub/mine.jpg");
    assert_int_equal(plan.kept[1].why, P2E_KEPT_IN_FOLDER);
    put(p2e_outdir_stage(od), "a.csv", "new");
    commit_ok(od, first, 1);
    p2e_outplan_free(&plan);
    tu_join(path, sizeof path, dir, "b.csv");
    assert_false(tu_exists(path));
    tu_join(path, sizeof path, dir, "sub/x.jpg");
    assert_false(tu_exists(path));
    char *t = slurp(dir, "c.csv");
    assert_string_equal(t, "edited");
    free(t);
    t = slurp(dir, "sub/mine.jpg");
    assert_string_equal(t, "the merchant's");
    free(t);
    t = slurp(dir, "d.csv");
    assert_string_equal(t, "old");
    free(t);
    t = slurp(dir, ".pos2ecom-manifest");
    assert_true(tu_contains(t, " a.csv\n") && tu_contains(t, " d.csv\n"));
    assert_false(tu_contains(t, "b.csv") || tu_contains(t, "c.csv") || tu_contains(t, "sub"));
    free(t);
    tu_remove_tree(dir);
    free(dir);
}

static void test_whole_folder_removed(void **state)
{
    (void)state;
    char *dir = tu_temp_dir();
    const char *first[] = {"a.csv", "images"};
    p2e_outdir *od = open_ok(dir, first, 2);
    put(p2e_outdir_stage(od), "a.csv", "old");
    char path[1100];
    tu_join(path, sizeof path, p2e_outdir_stage(od), "images");
    assert_int_equal(mkdir(path, 0777), 0);
    put(path, "x.jpg", "ours");
    put(path, "y.jpg", "ours too");
    commit_ok(od, first, 2);
    p2e_outname names[] = {{"a.csv", 1, 0}, {"images", 0, 0}};
    p2e_outplan plan;
    od = open_plan_ok(dir, names, 2, &plan);
    assert_int_equal(plan.nremoved, 1);
    assert_string_equal(plan.removed[0], "images/");
    assert_int_equal(plan.nkept, 0);
    put(p2e_outdir_stage(od), "a.csv", "new");
    commit_ok(od, first, 1);
    p2e_outplan_free(&plan);
    assert_int_equal(tu_dir_entries(dir), 2); /* a.csv, the manifest */
    tu_remove_tree(dir);
    free(dir);
}

/* A journal's removals are carried out by the next run: a file only while
 * it has the recorded size and time, a folder only when empty. */
static void test_recovery_removes(void **state)
{
    (void)state;
    char *dir = tu_temp_dir();
    char path[2200], stage[1100], journal[4096], *t;
    tu_join(stage, sizeof stage, dir, ".pos2ecom-stage.1.abcdef");
    assert_int_equal(mkdir(stage, 0700), 0);
    put(stage, ".pos2ecom-manifest", "pos2ecom-manifest 1\n");
    put(dir, "old.csv", "abc");
    put(dir, "changed.csv", "abcd");
    tu_join(path, sizeof path, dir, "empty");
    assert_int_equal(mkdir(path, 0777), 0);
    tu_join(path, sizeof path, dir, "full");
    assert_int_equal(mkdir(path, 0777), 0);
    put(path, "mine.jpg", "x");
    struct stat sb;
    tu_join(path, sizeof path, dir, "old.csv");
    assert_int_equal(stat(path, &sb), 0);
    snprintf(journal, sizeof journal,
             "pos2ecom-commit 2\nstage .pos2ecom-stage.1.abcdef\nmove .pos2ecom-manifest\n"
             "remove f 3 %lld.%09ld old.csv\nremove f 3 %lld.%09ld changed.csv\n"
             "remove d empty\nremove d full\n",
             (long long)sb.st_mtim.tv_sec, (long)sb.st_mtim.tv_nsec, (long long)sb.st_mtim.tv_sec,
             (long)sb.st_mtim.tv_nsec);
    /* a link put where a recorded folder was leads elsewhere: the file
     * there has the recorded size and time, and is not removed */
    tu_join(path, sizeof path, dir, "real");
    assert_int_equal(mkdir(path, 0777), 0);
    put(path, "old.csv", "xyz");
    tu_join(path, sizeof path, dir, "real/old.csv");
    struct timespec ts[2] = {sb.st_mtim, sb.st_mtim};
    assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
    tu_join(path, sizeof path, dir, "link");
    assert_int_equal(symlink("real", path), 0);
    size_t at = strlen(journal);
    snprintf(journal + at, sizeof journal - at, "remove f 3 %lld.%09ld link/old.csv\n",
             (long long)sb.st_mtim.tv_sec, (long)sb.st_mtim.tv_nsec);
    put(dir, ".pos2ecom-commit", journal);
    p2e_outdir *od = open_ok(dir, NULL, 0);
    p2e_outdir_free(od);
    t = slurp(dir, "real/old.csv");
    assert_string_equal(t, "xyz");
    free(t);
    tu_join(path, sizeof path, dir, "old.csv");
    assert_false(tu_exists(path));
    tu_join(path, sizeof path, dir, "empty");
    assert_false(tu_exists(path));
    t = slurp(dir, "changed.csv");
    assert_string_equal(t, "abcd");
    free(t);
    t = slurp(dir, "full/mine.jpg");
    assert_string_equal(t, "x");
    free(t);
    assert_int_equal(tu_dir_entries(dir), 5); /* changed.csv, full, real, link, the manifest */
    tu_remove_tree(dir);
    free(dir);
}

/* The summary is written before the commit: a folder changed in between,
 * so that the commit would keep or remove something else, stops the run
 * with nothing changed. */
static void test_plan_changed_before_commit(void **state)
{
    (void)state;
    char *dir = tu_temp_dir();
    const char *first[] = {"a.csv", "b.csv"};
    p2e_outdir *od = open_ok(dir, first, 2);
    put(p2e_outdir_stage(od), "a.csv", "old");
    put(p2e_outdir_stage(od), "b.csv", "old");
    commit_ok(od, first, 2);
    p2e_outname names[] = {{"a.csv", 1, 0}, {"b.csv", 0, 0}};
    p2e_outplan plan;
    od = open_plan_ok(dir, names, 2, &plan);
    assert_int_equal(plan.nremoved, 1); /* b.csv, as the summary says */
    put(p2e_outdir_stage(od), "a.csv", "new");
    put(dir, "b.csv", "edited meanwhile");
    p2e_err err = {{0}};
    assert_int_equal(p2e_outdir_commit(od, first, 1, &err), P2E_ERR_CLASH);
    assert_true(tu_contains(err.msg, "changed while pos2ecom was running"));
    p2e_outdir_free(od);
    p2e_outplan_free(&plan);
    char *t = slurp(dir, "a.csv");
    assert_string_equal(t, "old");
    free(t);
    t = slurp(dir, "b.csv");
    assert_string_equal(t, "edited meanwhile");
    free(t);
    assert_int_equal(tu_dir_entries(dir), 3);
    tu_remove_tree(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_name_rules),
        cmocka_unit_test(test_parse_and_format),
        cmocka_unit_test(test_parse_rejects_damage),
        cmocka_unit_test(test_check_verdicts),
        cmocka_unit_test(test_commit_and_replace),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_lock),
        cmocka_unit_test(test_recovery_rolls_forward),
        cmocka_unit_test(test_damaged_journal_refused),
        cmocka_unit_test(test_dated_names),
        cmocka_unit_test(test_edited_editable_kept),
        cmocka_unit_test(test_earlier_outputs_removed),
        cmocka_unit_test(test_whole_folder_removed),
        cmocka_unit_test(test_recovery_removes),
        cmocka_unit_test(test_plan_changed_before_commit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
