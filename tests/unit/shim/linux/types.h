/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host stand-in for the kernel's <linux/types.h>, so vmlat's pure files
 * (module/vmlat_hist.c, vmlat_parse.c, vmlat_kst.h) build in unit tests.
 * The uapi half (__u64 and friends) comes from the real header.
 */
#ifndef VMLAT_SHIM_TYPES_H
#define VMLAT_SHIM_TYPES_H

#include_next <linux/types.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int64_t s64;
typedef unsigned __int128 u128;

#endif
