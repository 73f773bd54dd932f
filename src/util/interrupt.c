#include "p2e_interrupt.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "p2e_fs.h"

static char scratch_path[4096];
static char out_path[4096];
static char also_path[4096];
static volatile sig_atomic_t watching, holding, pending, committed, line_shown;

static void say(const char *s)
{
    ssize_t r = write(STDERR_FILENO, s, strlen(s));
    (void)r; /* nothing to do if standard error is gone */
}

/* Only async-signal-safe calls from here on. */
static void finish(int sig)
{
    if (watching && !committed)
        (void)p2e_fs_remove_tree(scratch_path);
    if (also_path[0])
        (void)p2e_fs_remove_tree(also_path);
    if (line_shown)
        say("\r\033[K"); /* the progress line goes first */
    say("pos2ecom: interrupted");
    if (out_path[0]) {
        say(committed ? "; the new outputs are in place in " : "; nothing was changed in ");
        say(out_path);
    }
    say("\n");
    _exit(128 + sig);
}

static void on_signal(int sig)
{
    if (holding) {
        pending = sig;
        return;
    }
    finish(sig);
}

void p2e_interrupt_line(int shown)
{
    line_shown = shown;
}

void p2e_interrupt_install(void)
{
    static int installed;
    if (installed)
        return;
    installed = 1;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGINT);
    sigaddset(&sa.sa_mask, SIGTERM);
    sigaddset(&sa.sa_mask, SIGHUP);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
}

static void copy_path(char *dst, size_t cap, const char *src)
{
    size_t n = src ? strlen(src) : 0;
    if (n >= cap)
        n = 0; /* too long to hold: left for the next run to remove */
    memcpy(dst, src ? src : "", n);
    dst[n] = '\0';
}

void p2e_interrupt_watch(const char *scratch, const char *out_dir)
{
    holding = 1; /* the buffers change: a signal now waits */
    copy_path(scratch_path, sizeof scratch_path, scratch);
    copy_path(out_path, sizeof out_path, out_dir);
    committed = 0;
    watching = scratch_path[0] != '\0';
    p2e_interrupt_release();
}

void p2e_interrupt_unwatch(int was_committed)
{
    holding = 1;
    committed = was_committed;
    watching = 0;
    p2e_interrupt_release();
}

void p2e_interrupt_hold(void)
{
    holding = 1;
}

void p2e_interrupt_release(void)
{
    holding = 0;
    if (pending)
        finish(pending);
}

void p2e_interrupt_also(const char *path)
{
    holding = 1;
    copy_path(also_path, sizeof also_path, path);
    p2e_interrupt_release();
}
