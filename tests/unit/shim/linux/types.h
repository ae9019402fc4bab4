/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host stand-in for the kernel's <linux/types.h>, so vmlat's pure files
 * (abi/vmlat_hist.c, abi/vmlat_grammar.c, module/vmlat_kst.h) build in
 * unit tests.
 * The uapi half (__u64 and friends) comes from the real header.
 */
#ifndef VMLAT_SHIM_TYPES_H
#define VMLAT_SHIM_TYPES_H

#include_next <linux/types.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* the kernel's own types (u64 is unsigned long long), as abi/ has them */
typedef unsigned char u8;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef long long s64;
typedef unsigned __int128 u128;

#endif
