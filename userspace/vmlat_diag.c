// SPDX-License-Identifier: GPL-2.0
/*
 * Why a file under --root could not be read or parsed, said in one line
 * that names the fix: module not loaded, debugfs not mounted, not root,
 * --root naming something else than vmlat's directory, a file of another
 * ABI version, a file cut short.
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>

#include "vmlat_reader.h"

#define DEBUGFS_MAGIC_NR	0x64626720

/* vmlat_dirname - the directory part of @path */
static char *vmlat_dirname(const char *path, char *out, size_t len)
{
	char *slash;

	snprintf(out, len, "%s", path);
	while (strlen(out) > 1 && out[strlen(out) - 1] == '/')
		out[strlen(out) - 1] = '\0';
	slash = strrchr(out, '/');
	if (!slash)
		snprintf(out, len, ".");
	else if (slash == out)
		out[1] = '\0';
	else
		*slash = '\0';
	return out;
}

/* vmlat_holds_data - does @dir hold any of the files vmlat exports? */
static bool vmlat_holds_data(const char *dir)
{
	const char * const names[] = {
		VMLAT_FILE_SUMMARY, VMLAT_FILE_SOURCES,
		vmlat_hist_file_name(VMLAT_HIST_LATENESS), VMLAT_DIR_PER_CPU,
	};
	char path[4300];
	struct stat st;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (!stat(path, &st))
			return true;
	}
	return false;
}

/*
 * vmlat_no_data - --root names a directory without vmlat's files, e.g.
 * the debugfs mount itself: say what it should name
 */
static void vmlat_no_data(const struct vmlat_params *p)
{
	char sub[4200];

	snprintf(sub, sizeof(sub), "%s/vmlat", p->root);
	if (vmlat_holds_data(sub))
		vmlat_err("%s holds no vmlat data: --root names vmlat's own directory, here --root %s",
			  p->root, sub);
	else
		vmlat_err("%s holds no vmlat data: --root names vmlat's directory in debugfs (default %s)",
			  p->root, VMLAT_DEFAULT_ROOT);
}

/**
 * vmlat_open_failed() - explain why a file under --root could not be read
 * @p: the parameters: --root and --params, and whether they were given
 * @path: the file
 * @err: the errno of the failure
 *
 * The module and debugfs diagnoses need a system to look at: the real
 * one, or a fake one given by both --root and --params. With only --root
 * given the user pointed us at a copy, and the copy is what is wrong.
 *
 * Return: VMLAT_EXIT_FAIL, after the one line that names the fix.
 */
int vmlat_open_failed(const struct vmlat_params *p, const char *path,
		      int err)
{
	char moddir[4096], parent[4096];
	struct statfs sfs;
	struct stat st;

	if (err == EACCES || err == EPERM) {
		vmlat_err("cannot read %s: permission denied: run as root (sudo %s)",
			  path, vmlat_invocation);
	} else if (err != ENOENT && err != ENOTDIR) {
		vmlat_err("cannot read %s: %s", path, strerror(err));
	} else if (stat(p->root, &st) == 0 && !vmlat_holds_data(p->root)) {
		vmlat_no_data(p);
	} else if (stat(p->root, &st) == 0) {
		vmlat_err("%s: no such file: the module and the reader do not match; compare vmlat --version and install matching ones",
			  path);
	} else if (p->root_set && !p->params_set) {
		vmlat_err("%s: no such directory: check --root (default %s)",
			  p->root, VMLAT_DEFAULT_ROOT);
	} else if (stat(vmlat_dirname(p->params, moddir, sizeof(moddir)),
			&st)) {
		vmlat_err("module not loaded (no %s): modprobe vmlat", moddir);
	} else if (statfs(vmlat_dirname(p->root, parent, sizeof(parent)),
			  &sfs) || sfs.f_type != DEBUGFS_MAGIC_NR) {
		vmlat_err("debugfs not mounted at %s: mount -t debugfs none %s",
			  parent, parent);
	} else {
		vmlat_err("%s missing although the module is loaded: modprobe -r vmlat && modprobe vmlat",
			  p->root);
	}
	return VMLAT_EXIT_FAIL;
}

/**
 * vmlat_parse_failed() - say what a file that does not parse means
 * @path: the file
 * @e: the parser's error
 *
 * Return: VMLAT_EXIT_FAIL, after the one line that names the fix.
 */
int vmlat_parse_failed(const char *path, const struct vmlat_perr *e)
{
	switch (e->kind) {
	case VMLAT_PARSE_VERSION:
		vmlat_err("%s: unknown ABI: %s: install the vmlat reader that matches the module (vmlat --version)",
			  path, e->msg);
		break;
	case VMLAT_PARSE_FORMAT:
		vmlat_err("%s: %s: point --root at vmlat's debugfs directory or install the matching reader (vmlat --version)",
			  path, e->msg);
		break;
	case VMLAT_PARSE_TRUNCATED:
		vmlat_err("%s:%d: truncated file: %s: read it again; if it persists, modprobe -r vmlat && modprobe vmlat",
			  path, e->line, e->msg);
		break;
	default:
		vmlat_err("%s:%d: malformed file: %s: read it again; if it persists, modprobe -r vmlat && modprobe vmlat",
			  path, e->line, e->msg);
		break;
	}
	return VMLAT_EXIT_FAIL;
}
