// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the steal source choice (module/vmlat_steal_pick.c).
 *
 * A table of cases, one per branch, each with the source, return value
 * and a piece of the reason it must give, written out here from
 * docs/steal.md rather than from the code. Then every combination of
 * facts, against the rules the issue states: auto never shows kcpustat
 * on a KVM guest (where kcpustat is fed exactly when kvm works) nor where
 * the kernel identified no hypervisor, shows it elsewhere only on Xen PV
 * or with steal already accounted, never fails; a forced source is taken
 * or refused, never swapped for another.
 */
#include <errno.h>
#include <string.h>

#include "tap.h"
#include "vmlat_steal_pick.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
/* the reader keeps this much of a reason (userspace/vmlat_parse.h) */
#define READER_REASON_MAX	159

/* facts of a KVM guest whose kernel registered and vmlat mapped the area */
#define KVM_OK	.kvm_leaf = true, .kvm_steal_time = true, .kvm_msr_read = true, \
		.kvm_registered = true, .kvm_mapped = true

struct pick_case {
	const char *name;
	enum vmlat_steal_source wanted;
	struct vmlat_steal_facts f;
	int ret;
	enum vmlat_steal_source source;
	const char *reason;	/* must occur in the reason */
};

static const struct pick_case cases[] = {
	/* forced none and kcpustat: whatever the facts */
	{ "none forced on a working KVM guest", VMLAT_STEAL_NONE,
	  { KVM_OK, .hyper = VMLAT_HYPER_KVM, .steal_accounted = true },
	  0, VMLAT_STEAL_NONE, "forced by steal=none" },
	{ "kcpustat forced on bare metal", VMLAT_STEAL_KCPUSTAT,
	  { .hyper = VMLAT_HYPER_NATIVE },
	  0, VMLAT_STEAL_KCPUSTAT,
	  "forced by steal=kcpustat: counts only the steal the hypervisor reports to the kernel's accounting, at tick granularity" },
	{ "kcpustat forced on KVM without the steal feature", VMLAT_STEAL_KCPUSTAT,
	  { .kvm_leaf = true, .hyper = VMLAT_HYPER_KVM },
	  0, VMLAT_STEAL_KCPUSTAT, "forced by steal=kcpustat" },

	/* forced kvm: taken, or refused with the precise cause */
	{ "kvm forced on a working KVM guest", VMLAT_STEAL_KVM,
	  { KVM_OK, .hyper = VMLAT_HYPER_KVM },
	  0, VMLAT_STEAL_KVM, "KVM steal time area, read at every expiry" },
	{ "kvm forced without a KVM leaf (TCG)", VMLAT_STEAL_KVM,
	  { .hyper = VMLAT_HYPER_NATIVE },
	  -ENODEV, VMLAT_STEAL_NONE, "no KVM CPUID leaf: not a KVM guest" },
	{ "kvm forced on Xen with steal accounted", VMLAT_STEAL_KVM,
	  { .hyper = VMLAT_HYPER_XEN_PV, .steal_accounted = true },
	  -ENODEV, VMLAT_STEAL_NONE, "no KVM CPUID leaf" },
	{ "kvm forced without KVM_FEATURE_STEAL_TIME", VMLAT_STEAL_KVM,
	  { .kvm_leaf = true, .hyper = VMLAT_HYPER_KVM },
	  -ENODEV, VMLAT_STEAL_NONE, "KVM does not offer KVM_FEATURE_STEAL_TIME" },
	{ "kvm forced, MSR unreadable", VMLAT_STEAL_KVM,
	  { .kvm_leaf = true, .kvm_steal_time = true, .hyper = VMLAT_HYPER_KVM },
	  -ENODEV, VMLAT_STEAL_NONE, "MSR_KVM_STEAL_TIME cannot be read" },
	{ "kvm forced, nopv: no area, kernel identified nothing", VMLAT_STEAL_KVM,
	  { .kvm_leaf = true, .kvm_steal_time = true, .kvm_msr_read = true,
	    .hyper = VMLAT_HYPER_NATIVE },
	  -ENODEV, VMLAT_STEAL_NONE, "registered no steal time area on this CPU: it identified no hypervisor (booted with nopv" },
	{ "kvm forced, area not mapped", VMLAT_STEAL_KVM,
	  { .kvm_leaf = true, .kvm_steal_time = true, .kvm_msr_read = true,
	    .kvm_registered = true, .hyper = VMLAT_HYPER_KVM },
	  -ENODEV, VMLAT_STEAL_NONE, "the steal time area cannot be mapped" },

	/* auto on a KVM guest: kvm or none, never kcpustat */
	{ "auto on a working KVM guest", VMLAT_STEAL_AUTO,
	  { KVM_OK, .hyper = VMLAT_HYPER_KVM, .steal_accounted = true },
	  0, VMLAT_STEAL_KVM, "KVM steal time area" },
	{ "auto on KVM without KVM_FEATURE_STEAL_TIME", VMLAT_STEAL_AUTO,
	  { .kvm_leaf = true, .hyper = VMLAT_HYPER_KVM },
	  0, VMLAT_STEAL_NONE, "KVM does not offer KVM_FEATURE_STEAL_TIME" },
	{ "auto on KVM, MSR unreadable, steal accounted", VMLAT_STEAL_AUTO,
	  { .kvm_leaf = true, .kvm_steal_time = true, .hyper = VMLAT_HYPER_KVM,
	    .steal_accounted = true },
	  0, VMLAT_STEAL_NONE, "MSR_KVM_STEAL_TIME cannot be read" },
	{ "auto on KVM booted with nopv", VMLAT_STEAL_AUTO,
	  { .kvm_leaf = true, .kvm_steal_time = true, .kvm_msr_read = true,
	    .hyper = VMLAT_HYPER_NATIVE },
	  0, VMLAT_STEAL_NONE,
	  "the guest kernel registered no steal time area on this CPU: it identified no hypervisor (booted with nopv, or built without CONFIG_KVM_GUEST)" },
	{ "auto on KVM, kernel identified KVM, no area here", VMLAT_STEAL_AUTO,
	  { .kvm_leaf = true, .kvm_steal_time = true, .kvm_msr_read = true,
	    .hyper = VMLAT_HYPER_KVM },
	  0, VMLAT_STEAL_NONE,
	  "the guest kernel registered no steal time area on this CPU" },
	{ "auto on a KVM leaf, kernel identified another hypervisor", VMLAT_STEAL_AUTO,
	  { .kvm_leaf = true, .kvm_steal_time = true, .kvm_msr_read = true,
	    .hyper = VMLAT_HYPER_OTHER, .steal_accounted = true },
	  0, VMLAT_STEAL_NONE,
	  "registered no steal time area on this CPU: it identified another hypervisor, not KVM" },
	{ "auto on KVM, area not mapped", VMLAT_STEAL_AUTO,
	  { .kvm_leaf = true, .kvm_steal_time = true, .kvm_msr_read = true,
	    .kvm_registered = true, .hyper = VMLAT_HYPER_KVM },
	  0, VMLAT_STEAL_NONE, "the steal time area cannot be mapped" },

	/* auto without a KVM leaf */
	{ "auto on bare metal or TCG", VMLAT_STEAL_AUTO,
	  { .hyper = VMLAT_HYPER_NATIVE },
	  0, VMLAT_STEAL_NONE, "no hypervisor steal clock (bare metal, emulator, or booted with nopv)" },
	{ "auto on Xen PV", VMLAT_STEAL_AUTO,
	  { .hyper = VMLAT_HYPER_XEN_PV },
	  0, VMLAT_STEAL_KCPUSTAT, "Xen PV steal clock via the kernel's accounting, tick granularity" },
	{ "auto on Xen HVM with steal accounted", VMLAT_STEAL_AUTO,
	  { .hyper = VMLAT_HYPER_XEN_HVM, .steal_accounted = true },
	  0, VMLAT_STEAL_KCPUSTAT, "Xen HVM steal clock via the kernel's accounting (steal seen on this CPU)" },
	{ "auto on Xen HVM without", VMLAT_STEAL_AUTO,
	  { .hyper = VMLAT_HYPER_XEN_HVM },
	  0, VMLAT_STEAL_NONE, "Xen HVM: no steal accounted on this CPU yet; its steal clock may be off (force steal=kcpustat if it is on)" },
	{ "auto on VMware with steal accounted", VMLAT_STEAL_AUTO,
	  { .hyper = VMLAT_HYPER_VMWARE, .steal_accounted = true },
	  0, VMLAT_STEAL_KCPUSTAT, "VMware steal clock via the kernel's accounting (steal seen on this CPU), tick granularity" },
	{ "auto on VMware without", VMLAT_STEAL_AUTO,
	  { .hyper = VMLAT_HYPER_VMWARE },
	  0, VMLAT_STEAL_NONE, "VMware: no steal accounted on this CPU yet; its steal clock may be off (force steal=kcpustat if it is on)" },
	{ "auto on another hypervisor with steal accounted", VMLAT_STEAL_AUTO,
	  { .hyper = VMLAT_HYPER_OTHER, .steal_accounted = true },
	  0, VMLAT_STEAL_KCPUSTAT, "hypervisor steal clock via the kernel's accounting (steal seen on this CPU)" },
	{ "auto on another hypervisor without", VMLAT_STEAL_AUTO,
	  { .hyper = VMLAT_HYPER_OTHER },
	  0, VMLAT_STEAL_NONE, "force steal=kcpustat if it has one" },
	{ "auto, KVM identified but no KVM leaf: as another", VMLAT_STEAL_AUTO,
	  { .hyper = VMLAT_HYPER_KVM },
	  0, VMLAT_STEAL_NONE, "this hypervisor: no steal accounted" },

	/* not the pick's to choose */
	{ "sim is the caller's", VMLAT_STEAL_SIM,
	  { KVM_OK, .hyper = VMLAT_HYPER_KVM },
	  -EINVAL, VMLAT_STEAL_NONE, "not a steal source" },
};

static const char *src_name(enum vmlat_steal_source s)
{
	static const char * const names[] = { "none", "kcpustat", "kvm", "sim", "auto" };

	return s < ARRAY_SIZE(names) ? names[s] : "?";
}

static void test_cases(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct pick_case *c = &cases[i];
		enum vmlat_steal_source src = VMLAT_STEAL_AUTO;
		const char *why = NULL;
		int ret;

		ret = vmlat_steal_pick(c->wanted, &c->f, &src, &why);
		tap_ok(ret == c->ret && src == c->source,
		       "%s: %s, returns %d (got %s, %d)", c->name,
		       src_name(c->source), c->ret, src_name(src), ret);
		tap_ok(why && strstr(why, c->reason),
		       "%s: reason has '%s' (got '%s')", c->name, c->reason,
		       why ? why : "(null)");
	}
}

/*
 * test_nopv - a KVM guest booted with nopv is not called bare metal
 *
 * The kernel then identifies no hypervisor, as on bare metal, but the KVM
 * leaf is still there: the reason must name the KVM cause, and the
 * reason of a kernel that did identify KVM must not blame nopv.
 */
static void test_nopv(void)
{
	const struct vmlat_steal_facts nopv = {
		.kvm_leaf = true, .kvm_steal_time = true, .kvm_msr_read = true,
		.hyper = VMLAT_HYPER_NATIVE,
	};
	struct vmlat_steal_facts pv = nopv;
	enum vmlat_steal_source src;
	const char *why = NULL;

	vmlat_steal_pick(VMLAT_STEAL_AUTO, &nopv, &src, &why);
	tap_ok(why && !strstr(why, "bare metal") && !strstr(why, "emulator") &&
	       strstr(why, "nopv"),
	       "nopv on KVM: neither bare metal nor emulator, nopv named (got '%s')",
	       why ? why : "(null)");
	pv.hyper = VMLAT_HYPER_KVM;
	why = NULL;
	vmlat_steal_pick(VMLAT_STEAL_AUTO, &pv, &src, &why);
	tap_ok(why && !strstr(why, "nopv"),
	       "KVM identified, no area: nopv not blamed (got '%s')",
	       why ? why : "(null)");
}

/* facts - the @bits-th combination of facts, over @hyper */
static struct vmlat_steal_facts facts(unsigned int bits, enum vmlat_hyper hyper)
{
	return (struct vmlat_steal_facts){
		.kvm_leaf = bits & 1,
		.kvm_steal_time = bits & 2,
		.kvm_msr_read = bits & 4,
		.kvm_registered = bits & 8,
		.kvm_mapped = bits & 16,
		.steal_accounted = bits & 32,
		.hyper = hyper,
	};
}

/* the area works: every KVM fact, in order, is true */
static bool kvm_works(const struct vmlat_steal_facts *f)
{
	return f->kvm_leaf && f->kvm_steal_time && f->kvm_msr_read &&
	       f->kvm_registered && f->kvm_mapped;
}

/* check_reason - count a missing reason, keep the longest */
static void check_reason(const char *why, unsigned int *bad, size_t *longest)
{
	if (!why || !*why) {
		(*bad)++;
		return;
	}
	if (strlen(why) > *longest)
		*longest = strlen(why);
}

static void test_all_facts(void)
{
	unsigned int bits, h, bad_auto = 0, bad_kvm = 0, bad_forced = 0;
	unsigned int bad_reason = 0, n = 0;
	size_t longest = 0;

	for (h = 0; h < VMLAT_HYPER_COUNT; h++) {
		for (bits = 0; bits < 64; bits++) {
			struct vmlat_steal_facts f = facts(bits, h);
			enum vmlat_steal_source src;
			const char *why;
			bool fed_known;
			int ret;

			n++;
			/*
			 * auto: never fails; kcpustat exactly where the
			 * accounting is known fed: an identified hypervisor
			 * other than KVM, and Xen PV or steal seen
			 */
			why = NULL;
			ret = vmlat_steal_pick(VMLAT_STEAL_AUTO, &f, &src, &why);
			fed_known = !f.kvm_leaf && h != VMLAT_HYPER_NATIVE &&
				    (h == VMLAT_HYPER_XEN_PV || f.steal_accounted);
			if (ret ||
			    (kvm_works(&f) && src != VMLAT_STEAL_KVM) ||
			    (!kvm_works(&f) && src == VMLAT_STEAL_KVM) ||
			    (src == VMLAT_STEAL_KCPUSTAT) != fed_known) {
				bad_auto++;
				tap_diag("auto: hyper %u facts %#x gave %s, %d",
					 h, bits, src_name(src), ret);
			}
			check_reason(why, &bad_reason, &longest);

			/* forced kvm: taken exactly when it works */
			why = NULL;
			ret = vmlat_steal_pick(VMLAT_STEAL_KVM, &f, &src, &why);
			if (kvm_works(&f) ? ret || src != VMLAT_STEAL_KVM :
					    ret != -ENODEV || src != VMLAT_STEAL_NONE) {
				bad_kvm++;
				tap_diag("kvm: hyper %u facts %#x gave %s, %d",
					 h, bits, src_name(src), ret);
			}
			check_reason(why, &bad_reason, &longest);

			/* forced none and kcpustat: as asked */
			why = NULL;
			ret = vmlat_steal_pick(VMLAT_STEAL_NONE, &f, &src, &why);
			bad_forced += ret || src != VMLAT_STEAL_NONE;
			check_reason(why, &bad_reason, &longest);
			why = NULL;
			ret = vmlat_steal_pick(VMLAT_STEAL_KCPUSTAT, &f, &src, &why);
			bad_forced += ret || src != VMLAT_STEAL_KCPUSTAT;
			check_reason(why, &bad_reason, &longest);
		}
	}
	tap_ok(!bad_auto, "auto over %u fact sets: kvm exactly when it works; kcpustat exactly without a KVM leaf, under a hypervisor, on Xen PV or with steal accounted; never an error (%u wrong)",
	       n, bad_auto);
	tap_ok(!bad_kvm, "steal=kvm over %u fact sets: kvm when it works, else none and -ENODEV (%u wrong)",
	       n, bad_kvm);
	tap_ok(!bad_forced, "steal=none and steal=kcpustat over %u fact sets: as forced (%u wrong)",
	       n, bad_forced);
	tap_ok(!bad_reason, "every choice has a reason (%u without)", bad_reason);
	tap_ok(longest <= READER_REASON_MAX,
	       "every reason fits the reader's %u characters (longest %zu)",
	       READER_REASON_MAX, longest);
}

int main(void)
{
	tap_header();
	test_cases();
	test_nopv();
	test_all_facts();
	return tap_finish();
}
