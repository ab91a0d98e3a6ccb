// qpi-executor-guard COMMAND [ARG...]: runs COMMAND as qpid's executor and kills it, with
// its whole process group, as soon as qpid is gone, even when qpid was killed with SIGKILL
// and could not stop it.
//
// qpid cannot ask the kernel for this itself: PR_SET_PDEATHSIG fires when the *thread* that
// forked the child ends, and qpid's threads come and go with its thread pool. This guard is
// single-threaded, so the executor's PR_SET_PDEATHSIG is tied to the guard's life, and the
// guard watches its own parent: when qpid dies the guard is reparented, notices within
// POLL_MS, and kills its process group (qpid made it the group leader).
//
// The guard ends the way the executor ended (same exit status, same signal), so qpid's
// reports of an executor's death stay true.
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { POLL_MS = 200 };

static void end_like(int status) {
    if (WIFEXITED(status)) exit(WEXITSTATUS(status));
    int sig = WTERMSIG(status);
    signal(sig, SIG_DFL);
    sigset_t only;
    sigemptyset(&only);
    sigaddset(&only, sig);
    sigprocmask(SIG_UNBLOCK, &only, NULL);
    raise(sig);
    exit(128 + sig);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: qpi-executor-guard COMMAND [ARG...]\n"
                        "runs COMMAND and kills it when the parent process (qpid) dies\n");
        return 2;
    }
    pid_t qpid = getppid();
    pid_t guard = getpid();

    // SIGCHLD is blocked and taken with sigtimedwait, so a child's exit wakes the guard at once.
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, NULL);

    pid_t child = fork();
    if (child < 0) {
        fprintf(stderr, "qpi-executor-guard: cannot fork: %s\n", strerror(errno));
        return 126;
    }
    if (child == 0) {
        sigprocmask(SIG_UNBLOCK, &chld, NULL);
        if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != guard) _exit(126);
        execvp(argv[1], argv + 1);
        fprintf(stderr, "qpi-executor-guard: cannot run %s: %s\n", argv[1], strerror(errno));
        _exit(errno == ENOENT ? 127 : 126);
    }

    struct timespec poll = {.tv_sec = 0, .tv_nsec = POLL_MS * 1000000L};
    for (;;) {
        int status;
        pid_t ended = waitpid(child, &status, WNOHANG);
        if (ended == child) end_like(status);
        if (ended < 0 && errno != EINTR) {
            fprintf(stderr, "qpi-executor-guard: cannot wait for %s: %s\n", argv[1], strerror(errno));
            return 126;
        }
        if (getppid() != qpid) {
            // qpid is gone: end the executor and everything it started, then the guard.
            kill(0, SIGKILL);
            return 137;
        }
        sigtimedwait(&chld, NULL, &poll);
    }
}
