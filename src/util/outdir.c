#include "p2e_outdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "p2e_fs.h"
#include "p2e_interrupt.h"
#include "p2e_manifest.h"
#include "p2e_outplan.h"

#define MANIFEST ".pos2ecom-manifest"
#define JOURNAL ".pos2ecom-commit"
#define STAGE_PREFIX ".pos2ecom-stage."
#define ASIDE ".replaced"
#define JOURNAL_MAX (1u << 20)

struct p2e_outdir {
    char *dir;        /* as the user gave it: for messages */
    int dirfd;        /* the folder, locked */
    char *stage_name; /* relative to dir */
    char *stage;      /* dir/stage_name */
    p2e_manifest manifest;
    p2e_outname *names; /* what the run writes, what the command could (names borrowed) */
    size_t n;
    long long now;     /* the run's time: dated names */
    p2e_outplan own;   /* the plan, when the caller keeps none */
    p2e_outplan *plan; /* decided at the open, checked again at the commit */
    int kill_at, steps;
    int committed;
};

/* Test builds die here at a chosen step, to prove every step is safe. */
static void step(p2e_outdir *od)
{
#ifdef P2E_FAULT_INJECTION
    if (od->kill_at && ++od->steps == od->kill_at)
        raise(SIGKILL);
#else
    (void)od;
#endif
}

static int sync_dir(int dirfd)
{
    return fsync(dirfd) == 0 || errno == EINVAL || errno == EROFS ? 0 : errno;
}

static int exists_at(int dirfd, const char *rel)
{
    struct stat sb;
    return fstatat(dirfd, rel, &sb, AT_SYMLINK_NOFOLLOW) == 0;
}

static char *join3(const char *a, const char *b, const char *c)
{
    size_t n = strlen(a) + strlen(b) + strlen(c) + 3;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s%s%s", a, b, c[0] ? "/" : "", c);
    return p;
}

/*
 * Remove what the plan dooms: a file only while it has its recorded size
 * and time and no link leads to it (so that nothing the merchant changed or
 * put there since goes, even when an old journal is replayed), a folder
 * only when it is empty.
 * After the commit point nothing can be undone: a removal that fails leaves
 * the file, unrecorded, and the run goes on.
 */
/* Every folder on the way to rel is a folder, not a link to elsewhere
 * (AT_SYMLINK_NOFOLLOW spares only the last component). */
static int parents_real(int dirfd, const char *rel)
{
    char path[1100];
    snprintf(path, sizeof path, "%s", rel);
    for (char *slash = strchr(path, '/'); slash; slash = strchr(slash + 1, '/')) {
        struct stat sb;
        *slash = '\0';
        int ok = fstatat(dirfd, path, &sb, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(sb.st_mode);
        *slash = '/';
        if (!ok)
            return 0;
    }
    return 1;
}

static void remove_doomed(p2e_outdir *od, const p2e_manifest *doomed)
{
    for (size_t i = 0; i < doomed->count; i++) {
        const p2e_manifest_item *it = &doomed->items[i];
        struct stat sb;
        if (strlen(it->name) >= 1100 || !parents_real(od->dirfd, it->name) ||
            fstatat(od->dirfd, it->name, &sb, AT_SYMLINK_NOFOLLOW) != 0)
            continue; /* removed already */
        if (it->type == 'f' && p2e_manifest_same(it, &sb)) {
            step(od);
            (void)unlinkat(od->dirfd, it->name, 0);
        } else if (it->type == 'd' && S_ISDIR(sb.st_mode)) {
            step(od);
            (void)unlinkat(od->dirfd, it->name, AT_REMOVEDIR); /* not empty: it stays */
        }
    }
    if (doomed->count)
        (void)sync_dir(od->dirfd);
}

/*
 * Move each staged name into the folder, the output it replaces into the
 * staging folder's ASIDE. Every step can be repeated after a crash: a name
 * no longer in the staging folder was moved already.
 */
static p2e_status roll_forward(p2e_outdir *od, const char *stage, char *const *names, size_t n,
                               p2e_err *err)
{
    char *aside = join3(stage, ASIDE, "");
    p2e_status st = aside ? P2E_OK : p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    if (!st && mkdirat(od->dirfd, aside, 0700) != 0 && errno != EEXIST)
        st = p2e_fail(err, P2E_ERR_WRITE, "%s/%s: cannot create: %s", od->dir, aside, strerror(errno));
    for (size_t i = 0; !st && i < n; i++) {
        char *from = join3(stage, names[i], ""), *old = join3(aside, names[i], "");
        if (!from || !old)
            st = p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
        if (!st && exists_at(od->dirfd, from) && exists_at(od->dirfd, names[i])) {
            step(od);
            if (renameat(od->dirfd, names[i], od->dirfd, old) != 0)
                st = p2e_fail(err, P2E_ERR_WRITE, "%s/%s: cannot move it aside: %s", od->dir,
                              names[i], strerror(errno));
        }
        if (!st && exists_at(od->dirfd, from)) {
            step(od);
            if (renameat(od->dirfd, from, od->dirfd, names[i]) != 0)
                st = p2e_fail(err, P2E_ERR_WRITE, "%s/%s: cannot move into place: %s", od->dir,
                              names[i], strerror(errno));
        }
        free(from);
        free(old);
    }
    free(aside);
    int e = st ? 0 : sync_dir(od->dirfd);
    if (e)
        st = p2e_fail(err, P2E_ERR_WRITE, "%s: cannot sync: %s", od->dir, strerror(e));
    return st;
}

/* ---- the journal ---------------------------------------------------------- */

static int stage_name_ok(const char *name)
{
    return !strncmp(name, STAGE_PREFIX, strlen(STAGE_PREFIX)) && !strchr(name, '/') &&
           p2e_manifest_name_ok(name);
}

typedef struct {
    char *text;
    char *stage;
    char **names;
    size_t n;
    p2e_manifest doomed;
} journal;

static void journal_free(journal *j)
{
    free(j->text);
    free(j->names);
    p2e_manifest_free(&j->doomed);
    memset(j, 0, sizeof *j);
}

/* "pos2ecom-commit 2\nstage NAME\nmove NAME\n...remove f SIZE TIME NAME\n
 * remove d NAME\n..." (version 1: moves only) */
static int journal_parse(journal *j, size_t len)
{
    static const char head1[] = "pos2ecom-commit 1\nstage ", head2[] = "pos2ecom-commit 2\nstage ";
    if (len < sizeof head1 || j->text[len - 1] != '\n' ||
        (memcmp(j->text, head1, sizeof head1 - 1) && memcmp(j->text, head2, sizeof head2 - 1)))
        return -1;
    char *p = j->text + sizeof head1 - 1, *end = j->text + len;
    size_t lines = 0;
    for (char *c = p; c < end; c++)
        lines += *c == '\n';
    if (!(j->names = calloc(lines, sizeof *j->names)))
        return -1;
    for (int first = 1; p < end; first = 0) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        *nl = '\0';
        if (memchr(p, '\0', (size_t)(nl - p)))
            return -1;
        if (first)
            j->stage = p;
        else if (!strncmp(p, "move ", 5) && p2e_manifest_name_ok(p + 5) && !strchr(p + 5, '/'))
            j->names[j->n++] = p + 5;
        else if (strncmp(p, "remove ", 7) || p2e_manifest_parse_line(&j->doomed, p + 7))
            return -1;
        p = nl + 1;
    }
    return j->stage ? 0 : -1;
}

static p2e_status journal_read(const p2e_outdir *od, journal *j, p2e_err *err)
{
    memset(j, 0, sizeof *j);
    int fd = openat(od->dirfd, JOURNAL, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT ? P2E_OK
                               : p2e_fail(err, P2E_ERR_READ, "%s/%s: %s", od->dir, JOURNAL, strerror(errno));
    struct stat sb;
    size_t len = 0, got = 0;
    int bad = fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size > JOURNAL_MAX;
    if (!bad) {
        len = (size_t)sb.st_size;
        bad = !(j->text = malloc(len + 1));
    }
    if (!bad)
        bad = p2e_fs_read_full(fd, j->text, len, &got) || got != len;
    close(fd);
    if (!bad)
        j->text[len] = '\0';
    if (bad || journal_parse(j, len) != 0 || !j->stage || !stage_name_ok(j->stage)) {
        journal_free(j);
        return p2e_fail(err, P2E_ERR_CLASH,
                        "%s/%s is damaged: it should record an unfinished commit of pos2ecom; "
                        "look at it, then remove it and run again",
                        od->dir, JOURNAL);
    }
    return P2E_OK;
}

/* An earlier run was killed after its commit point: finish its work. */
static p2e_status recover(p2e_outdir *od, p2e_err *err)
{
    journal j;
    p2e_status st = journal_read(od, &j, err);
    if (st || !j.text)
        return st;
    if (exists_at(od->dirfd, j.stage))
        st = roll_forward(od, j.stage, j.names, j.n, err);
    if (!st)
        remove_doomed(od, &j.doomed);
    if (!st && unlinkat(od->dirfd, JOURNAL, 0) != 0)
        st = p2e_fail(err, P2E_ERR_WRITE, "%s/%s: cannot remove: %s", od->dir, JOURNAL, strerror(errno));
    journal_free(&j);
    return st;
}

/* With the lock held no other run is alive here: every staging folder
 * left is a dead run's. Only folders of our own naming are touched. */
static void remove_stale_stages(p2e_outdir *od)
{
    int fd = openat(od->dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (!d) {
        if (fd >= 0)
            close(fd);
        return;
    }
    struct dirent *de;
    while ((de = readdir(d))) {
        struct stat sb;
        if (!stage_name_ok(de->d_name) || fstatat(od->dirfd, de->d_name, &sb, AT_SYMLINK_NOFOLLOW) ||
            !S_ISDIR(sb.st_mode))
            continue;
        char *path = p2e_fs_join(od->dir, de->d_name);
        if (path)
            (void)p2e_fs_remove_tree(path);
        free(path);
    }
    closedir(d);
}

/* ---- open ------------------------------------------------------------------ */

static p2e_status lock_dir(p2e_outdir *od, p2e_err *err)
{
    if (flock(od->dirfd, LOCK_EX | LOCK_NB) == 0)
        return P2E_OK;
    if (errno == EWOULDBLOCK)
        return p2e_fail(err, P2E_ERR_BUSY,
                        "another pos2ecom run is writing into %s; wait for it to finish, or write "
                        "into another folder with -o",
                        od->dir);
    /* a file system without locks (some network mounts): go on unlocked */
    return P2E_OK;
}

static p2e_status make_stage(p2e_outdir *od, p2e_err *err)
{
    char name[64];
    snprintf(name, sizeof name, STAGE_PREFIX "%ld.XXXXXX", (long)getpid());
    od->stage = p2e_fs_join(od->dir, name);
    if (!od->stage)
        return p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    /* a signal between making the folder and watching it would leave the
     * folder behind: it waits until the watch is set (which acts on it) */
    p2e_interrupt_hold();
    if (!mkdtemp(od->stage)) {
        int e = errno;
        p2e_interrupt_release();
        return p2e_fail(err, P2E_ERR_WRITE, "%s: cannot create a folder in it: %s", od->dir,
                        strerror(e));
    }
    od->stage_name = od->stage + strlen(od->stage) - strlen(name); /* dir may end in '/' */
    p2e_interrupt_watch(od->stage, od->dir);
    return P2E_OK;
}

static p2e_status plan_or_refuse(p2e_outdir *od, p2e_outplan *plan, p2e_err *err);

static p2e_status read_manifest(p2e_outdir *od, p2e_err *err)
{
    p2e_status mst = p2e_manifest_read(&od->manifest, od->dirfd, MANIFEST);
    if (mst == P2E_ERR_NOMEM)
        return p2e_fail(err, mst, "out of memory");
    if (mst)
        return p2e_fail(err, P2E_ERR_CLASH,
                        "%s/%s is damaged, so pos2ecom cannot tell its own outputs from your "
                        "files; write into another folder with -o",
                        od->dir, MANIFEST);
    return P2E_OK;
}

static p2e_outdir *new_outdir(const char *dir, const p2e_outname *names, size_t n,
                              long long now, p2e_outplan *plan)
{
    p2e_outdir *od = calloc(1, sizeof *od);
    if (!od)
        return NULL;
    od->dirfd = -1;
    od->now = now;
    od->plan = plan ? plan : &od->own;
    memset(od->plan, 0, sizeof *od->plan);
    od->n = n;
    od->dir = strdup(dir);
    od->names = malloc((n ? n : 1) * sizeof *od->names);
    if (!od->dir || !od->names) {
        p2e_outdir_free(od);
        return NULL;
    }
    if (n)
        memcpy(od->names, names, n * sizeof *names);
    return od;
}

p2e_status p2e_outdir_open_plan(p2e_outdir **out, const char *dir, const p2e_outname *names,
                                size_t n, long long now, int kill_at_step, p2e_outplan *plan,
                                p2e_err *err)
{
    p2e_outdir *od = new_outdir(dir, names, n, now, plan);
    *out = od;
    if (!od)
        return p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    od->kill_at = kill_at_step;
    p2e_status st = p2e_fs_mkdir_p(dir, err);
    if (!st && (od->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
        st = p2e_fail(err, P2E_ERR_WRITE, "%s: cannot open the folder: %s", dir, strerror(errno));
    if (!st)
        st = lock_dir(od, err);
    if (!st)
        st = recover(od, err);
    if (!st)
        remove_stale_stages(od);
    if (!st)
        st = read_manifest(od, err);
    if (!st)
        st = plan_or_refuse(od, od->plan, err);
    if (!st)
        st = make_stage(od, err);
    return st;
}

p2e_status p2e_outdir_open(p2e_outdir **out, const char *dir, const char *const *names, size_t n,
                           int kill_at_step, p2e_err *err)
{
    p2e_outname *list = calloc(n ? n : 1, sizeof *list);
    if (!list) {
        *out = NULL;
        return p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < n; i++)
        list[i] = (p2e_outname){names[i], 1, 0};
    p2e_status st = p2e_outdir_open_plan(out, dir, list, n, 0, kill_at_step, NULL, err);
    free(list);
    return st;
}

/* A dry run: what a run would keep and remove, from the folder as it is.
 * Nothing is locked or written; a folder that cannot be read, a damaged
 * manifest or a name in the way give an empty plan (the real run says). */
p2e_status p2e_outdir_preview(const char *dir, const p2e_outname *names, size_t n, long long now,
                              p2e_outplan *plan)
{
    memset(plan, 0, sizeof *plan);
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return P2E_OK;
    p2e_manifest m;
    p2e_status st = p2e_manifest_read(&m, fd, MANIFEST);
    if (!st) {
        char bad[8];
        int verdict;
        st = p2e_outplan_make(plan, fd, &m, names, n, now, bad, sizeof bad, &verdict);
        p2e_manifest_free(&m);
    }
    close(fd);
    return st == P2E_ERR_NOMEM ? st : P2E_OK;
}

const char *p2e_outdir_stage(const p2e_outdir *od)
{
    return od->stage;
}

/* ---- check ----------------------------------------------------------------- */

/* The plan for the folder as it is now; P2E_ERR_CLASH when one of the
 * names the run writes is in the way (and is not kept). */
static p2e_status plan_or_refuse(p2e_outdir *od, p2e_outplan *plan, p2e_err *err)
{
    char bad[1100];
    int v;
    p2e_status st = p2e_outplan_make(plan, od->dirfd, &od->manifest, od->names, od->n, od->now,
                                     bad, sizeof bad, &v);
    if (st == P2E_ERR_NOMEM)
        return p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    if (st && v == P2E_MANIFEST_FOREIGN)
        return p2e_fail(err, P2E_ERR_CLASH,
                        "%s/%s is in the way: pos2ecom did not write it, so it will not "
                        "replace it; move it out of %s, or write into another folder with -o",
                        od->dir, bad, od->dir);
    if (st)
        return p2e_fail(err, P2E_ERR_CLASH,
                        "%s/%s was changed after pos2ecom wrote it; so that your changes are "
                        "not lost it is not replaced: move it out of %s, or write into "
                        "another folder with -o",
                        od->dir, bad, od->dir);
    return P2E_OK;
}

/* Just before the commit: the folder must still be as the plan found it
 * (the summary already says what the commit keeps and removes). */
static p2e_status plan_again(p2e_outdir *od, p2e_err *err)
{
    p2e_outplan now;
    p2e_status st = plan_or_refuse(od, &now, err);
    if (!st && !p2e_outplan_same(&now, od->plan))
        st = p2e_fail(err, P2E_ERR_CLASH,
                      "files in %s changed while pos2ecom was running, so what it would keep and "
                      "remove there changed too; nothing was changed: run it again",
                      od->dir);
    p2e_outplan_free(&now);
    return st;
}

/* ---- commit ---------------------------------------------------------------- */

static p2e_status sync_tree(p2e_outdir *od, const char *path, p2e_err *err)
{
    struct stat sb;
    if (lstat(path, &sb) != 0)
        return p2e_fail(err, P2E_ERR_WRITE, "%s: %s", path, strerror(errno));
    if (S_ISDIR(sb.st_mode)) {
        DIR *d = opendir(path);
        struct dirent *de;
        p2e_status st = d ? P2E_OK : p2e_fail(err, P2E_ERR_WRITE, "%s: %s", path, strerror(errno));
        while (!st && (de = readdir(d))) {
            if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
                continue;
            char *child = p2e_fs_join(path, de->d_name);
            st = child ? sync_tree(od, child, err) : p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
            free(child);
        }
        if (d)
            closedir(d);
        if (st)
            return st;
    }
    int e = p2e_fs_sync_path(path);
    return e ? p2e_fail(err, P2E_ERR_WRITE, "%s: cannot sync: %s", path, strerror(e)) : P2E_OK;
}

static int in_names(const char *const *names, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(names[i], name))
            return 1;
    return 0;
}

/* What the folder will hold: the staged outputs, and the earlier outputs
 * this run leaves (still unchanged, so still ours): not those the plan
 * removes, nor those it keeps (changed: the merchant's now). */
static p2e_status new_manifest(p2e_outdir *od, const char *const *names, size_t n, p2e_manifest *m,
                               p2e_err *err)
{
    p2e_status st = P2E_OK;
    for (size_t i = 0; !st && i < n; i++) {
        char *path = join3(od->stage_name, names[i], "");
        st = path ? p2e_manifest_record(m, od->dirfd, path, names[i]) : P2E_ERR_NOMEM;
        free(path);
    }
    for (size_t i = 0; !st && i < od->manifest.count; i++) {
        const p2e_manifest_item *it = &od->manifest.items[i];
        char bad[1100];
        if (p2e_manifest_is_top(it) && !in_names(names, n, it->name) &&
            !p2e_manifest_find(&od->plan->doomed, it->name) &&
            p2e_manifest_check(&od->manifest, od->dirfd, it->name, bad, sizeof bad) == P2E_MANIFEST_OURS)
            st = p2e_manifest_keep(m, &od->manifest, it->name);
    }
    return st ? p2e_fail(err, st == P2E_ERR_NOMEM ? st : P2E_ERR_WRITE,
                         "%s: cannot record the outputs in %s", od->dir, MANIFEST)
              : P2E_OK;
}

/* Write text as the staged file `name` (exclusively created, synced). */
static p2e_status put_staged(p2e_outdir *od, const char *name, const char *text, size_t len,
                             p2e_err *err)
{
    char *path = join3(od->stage_name, name, "");
    if (!path)
        return p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    int fd = openat(od->dirfd, path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    int e = fd < 0 ? errno : p2e_fs_write_full(fd, text, len);
    if (!e && fsync(fd) != 0)
        e = errno;
    if (fd >= 0 && close(fd) != 0 && !e)
        e = errno;
    free(path);
    return e ? p2e_fail(err, P2E_ERR_WRITE, "%s/%s: cannot write: %s", od->stage, name, strerror(e))
             : P2E_OK;
}

static p2e_status write_manifest(p2e_outdir *od, const char *const *names, size_t n, p2e_err *err)
{
    p2e_manifest m = {0};
    char *text = NULL;
    size_t len = 0;
    p2e_status st = new_manifest(od, names, n, &m, err);
    if (!st && p2e_manifest_format(&m, &text, &len))
        st = p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    if (!st)
        st = put_staged(od, MANIFEST, text, len, err);
    free(text);
    p2e_manifest_free(&m);
    return st;
}

static p2e_status write_journal(p2e_outdir *od, char *const *moves, size_t n, p2e_err *err)
{
    const p2e_manifest *doomed = &od->plan->doomed;
    size_t cap = 64 + strlen(od->stage_name);
    for (size_t i = 0; i < n; i++)
        cap += strlen(moves[i]) + 8;
    for (size_t i = 0; i < doomed->count; i++)
        cap += strlen(doomed->items[i].name) + 80;
    char *text = malloc(cap);
    if (!text)
        return p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    size_t at = (size_t)snprintf(text, cap, "pos2ecom-commit 2\nstage %s\n", od->stage_name);
    for (size_t i = 0; i < n; i++)
        at += (size_t)snprintf(text + at, cap - at, "move %s\n", moves[i]);
    for (size_t i = 0; i < doomed->count; i++) {
        const p2e_manifest_item *it = &doomed->items[i];
        if (it->type == 'd')
            at += (size_t)snprintf(text + at, cap - at, "remove d %s\n", it->name);
        else
            at += (size_t)snprintf(text + at, cap - at, "remove f %llu %lld.%09ld %s\n", it->size,
                                   it->sec, it->nsec, it->name);
    }
    p2e_status st = put_staged(od, JOURNAL, text, at, err);
    free(text);
    return st;
}

/* The commit point, then the moves and the removals; signals wait
 * meanwhile. */
static p2e_status switch_over(p2e_outdir *od, char *const *moves, size_t n, p2e_err *err)
{
    char *staged = join3(od->stage_name, JOURNAL, "");
    if (!staged)
        return p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    p2e_interrupt_hold();
    step(od);
    p2e_status st = P2E_OK;
    int e = sync_dir(od->dirfd);
    if (!e && renameat(od->dirfd, staged, od->dirfd, JOURNAL) != 0)
        e = errno;
    if (!e)
        e = sync_dir(od->dirfd);
    if (e)
        st = p2e_fail(err, P2E_ERR_WRITE, "%s: cannot commit: %s", od->dir, strerror(e));
    free(staged);
    if (!st)
        st = roll_forward(od, od->stage_name, moves, n, err);
    if (!st)
        remove_doomed(od, &od->plan->doomed);
    if (!st) {
        step(od);
        if (unlinkat(od->dirfd, JOURNAL, 0) != 0 || sync_dir(od->dirfd) != 0)
            st = p2e_fail(err, P2E_ERR_WRITE, "%s/%s: cannot remove: %s", od->dir, JOURNAL,
                          strerror(errno));
    }
    od->committed = !st || exists_at(od->dirfd, JOURNAL);
    if (!st) {
        step(od);
        (void)p2e_fs_remove_tree(od->stage);
    }
    if (st && od->committed) /* say what the next run will do */
        snprintf(err->msg + strlen(err->msg), sizeof err->msg - strlen(err->msg),
                 "; the next pos2ecom run into %s finishes this commit", od->dir);
    p2e_interrupt_unwatch(od->committed);
    return st;
}

/* A staged file whose name stands kept in the folder takes its dated name
 * in the staging folder (before the commit point: undone with the folder
 * if the run fails); finals[i] is the name names[i] gets. */
static p2e_status take_dated(p2e_outdir *od, const char *const *names, size_t n,
                             const char **finals, p2e_err *err)
{
    p2e_status st = P2E_OK;
    for (size_t i = 0; !st && i < n; i++) {
        finals[i] = p2e_outplan_final(od->plan, names[i]);
        if (finals[i] == names[i])
            continue;
        char *from = join3(od->stage_name, names[i], ""), *to = join3(od->stage_name, finals[i], "");
        if (!from || !to)
            st = p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
        else if (renameat(od->dirfd, from, od->dirfd, to) != 0)
            st = p2e_fail(err, P2E_ERR_WRITE, "%s/%s: cannot rename: %s", od->stage, names[i],
                          strerror(errno));
        free(from);
        free(to);
    }
    return st;
}

p2e_status p2e_outdir_commit(p2e_outdir *od, const char *const *names, size_t n, p2e_err *err)
{
    p2e_status st = P2E_OK;
    for (size_t i = 0; !st && i < n; i++) {
        char *path = join3(od->stage, names[i], "");
        st = path ? sync_tree(od, path, err) : p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
        free(path);
    }
    /* the manifest moves last: until it does, the old one stands */
    const char **moves = st ? NULL : calloc(n + 1, sizeof *moves);
    if (!st && !moves)
        st = p2e_fail(err, P2E_ERR_NOMEM, "out of memory");
    if (!st)
        st = take_dated(od, names, n, moves, err);
    if (!st)
        st = write_manifest(od, moves, n, err);
    if (!st)
        st = plan_again(od, err); /* nothing new in the way, nothing else to remove */
    if (!st) {
        moves[n] = MANIFEST;
        st = write_journal(od, (char *const *)moves, n + 1, err);
    }
    if (!st)
        st = switch_over(od, (char *const *)moves, n + 1, err);
    free(moves);
    return st;
}

void p2e_outdir_free(p2e_outdir *od)
{
    if (!od)
        return;
    if (od->stage && !od->committed) {
        (void)p2e_fs_remove_tree(od->stage);
        p2e_interrupt_unwatch(0);
    }
    if (od->dirfd >= 0)
        close(od->dirfd); /* drops the lock */
    p2e_manifest_free(&od->manifest);
    p2e_outplan_free(&od->own);
    free(od->names);
    free(od->stage);
    free(od->dir);
    free(od);
}
