/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The names both sides of the ABI print and parse (docs/abi.md): the
 * formats and their version, the histogram kinds and their files, the
 * steal sources. The module prints them, the tracepoint maps its source
 * field to them, the reader parses them: each is written here only.
 */
#ifndef VMLAT_NAMES_H
#define VMLAT_NAMES_H

#include "vmlat_abi_types.h"

/* the first line of each file: "# FORMAT VERSION ..." */
#define VMLAT_ABI_VERSION	"v1"
#define VMLAT_FMT_HIST		"vmlat-hist"
#define VMLAT_FMT_SUMMARY	"vmlat-summary"
#define VMLAT_FMT_SOURCES	"vmlat-steal-source"

enum vmlat_hist_kind {
	VMLAT_HIST_LATENESS,
	VMLAT_HIST_STEAL,
	VMLAT_HIST_RESIDUAL,
	VMLAT_NR_HISTS,
};

/*
 * Values are ABI: the tracepoint's source field carries them, and
 * vmlat_trace.h names them with TRACE_DEFINE_ENUM.
 */
enum vmlat_steal_source {
	VMLAT_STEAL_NONE = 0,
	VMLAT_STEAL_KCPUSTAT = 1,
	VMLAT_STEAL_KVM = 2,
	VMLAT_STEAL_SIM = 3,
	VMLAT_STEAL_AUTO,	/* the knob's default; never a CPU's source */
	VMLAT_NR_STEAL,
};

/*
 * The sources' names: the names table (vmlat_names.c) and the
 * tracepoint's __print_symbolic() table (vmlat_trace.h) are made of these.
 */
#define VMLAT_STEAL_NAME_NONE		"none"
#define VMLAT_STEAL_NAME_KCPUSTAT	"kcpustat"
#define VMLAT_STEAL_NAME_KVM		"kvm"
#define VMLAT_STEAL_NAME_SIM		"sim"
#define VMLAT_STEAL_NAME_AUTO		"auto"

/* cpu=all's steal_source when the CPUs' sources differ */
#define VMLAT_STEAL_MIXED	"mixed"

const char *vmlat_hist_kind_name(unsigned int kind);
const char *vmlat_hist_file_name(unsigned int kind);
const char *vmlat_steal_name(unsigned int src);
int vmlat_hist_kind_parse(const char *s, size_t len);
int vmlat_steal_name_parse(const char *s, size_t len);

#endif /* VMLAT_NAMES_H */
