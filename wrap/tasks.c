/*
 * Task bookkeeping for the tracer: a hash table from thread id to tcb, and
 * reference-counted process and environment records. Allocation happens
 * only when threads and processes are created, never per syscall.
 */
#include "tasks.h"
#include "../common/util.h"

#include <stdlib.h>
#include <string.h>

#define NBUCKET 4096

static struct gt_tcb *buckets[NBUCKET];

static unsigned hash(pid_t tid)
{
	return (unsigned)tid % NBUCKET;
}

struct gt_tcb *gt_tcb_find(pid_t tid)
{
	struct gt_tcb *t;

	for (t = buckets[hash(tid)]; t; t = t->next)
		if (t->tid == tid)
			return t;
	return NULL;
}

static void link_tcb(struct gt_tcb *t)
{
	unsigned h = hash(t->tid);

	t->next = buckets[h];
	buckets[h] = t;
}

static void unlink_tcb(struct gt_tcb *t)
{
	struct gt_tcb **pp;

	for (pp = &buckets[hash(t->tid)]; *pp; pp = &(*pp)->next)
		if (*pp == t) {
			*pp = t->next;
			return;
		}
}

struct gt_tcb *gt_tcb_new(pid_t tid)
{
	struct gt_tcb *t = gt_xcalloc(1, sizeof(*t));
	t->tid = tid;
	link_tcb(t);
	return t;
}

void gt_tcb_rename(struct gt_tcb *t, pid_t tid)
{
	unlink_tcb(t);
	t->tid = tid;
	link_tcb(t);
}

static void execcap_free(struct gt_execcap *ex)
{
	if (!ex)
		return;
	gt_buf_free(&ex->path);
	gt_buf_free(&ex->argv);
	gt_buf_free(&ex->envp);
	free(ex->cwd);
	free(ex);
}

void gt_env_put(struct gt_env *env)
{
	size_t i;

	if (!env || --env->refs > 0)
		return;
	for (i = 0; i < env->n; i++)
		free(env->vars[i]);
	free(env->vars);
	free(env);
}

static void proc_put(struct gt_proc *p)
{
	if (!p || --p->refs > 0)
		return;
	free(p->cwd);
	free(p->tail);
	gt_env_put(p->env);
	free(p);
}

void gt_tcb_free(struct gt_tcb *t)
{
	unlink_tcb(t);
	proc_put(t->proc);
	execcap_free(t->ex);
	free(t);
}

void gt_tcb_each(void (*fn)(struct gt_tcb *, void *), void *arg)
{
	size_t i;
	struct gt_tcb *t, *next;

	for (i = 0; i < NBUCKET; i++)
		for (t = buckets[i]; t; t = next) {
			next = t->next;
			fn(t, arg);
		}
}

struct gt_proc *gt_proc_new(pid_t pid, const struct gt_proc *parent)
{
	struct gt_proc *p = gt_xcalloc(1, sizeof(*p));
	p->pid = pid;
	memset(p->dns_fds, -1, sizeof(p->dns_fds));
	if (parent) {
		p->ppid = parent->pid;
		if (parent->cwd)
			p->cwd = gt_xstrdup(parent->cwd);
		p->same_view = parent->same_view;
		p->static_image = parent->static_image;
		p->rec_state = parent->rec_state;
		p->env = parent->env;
		if (p->env)
			p->env->refs++;
	}
	return p;
}

void gt_proc_attach(struct gt_tcb *t, struct gt_proc *p)
{
	if (t->proc == p)
		return;
	proc_put(t->proc);
	t->proc = p;
	p->refs++;
}
