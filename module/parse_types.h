/* SPDX-License-Identifier: GPL-2.0 */
/*
 * parse_types.h - the only environment the sipalg parser core depends on.
 *
 * The parser (parse_util.c, parse_sip.c, parse_sdp.c) is plain C shared by the
 * kernel module, the userspace unit tests, the fuzzer and the benchmark.  It
 * uses fixed-width integer types, bool, NULL and memcpy/memset only; every scan
 * is done by its own helpers (parse_int.h) so that the kernel build (whose
 * memchr/memcmp are plain byte loops) and userspace run the same code.
 */
#ifndef SIPALG_PARSE_TYPES_H
#define SIPALG_PARSE_TYPES_H

#ifdef __KERNEL__
#include <linux/stddef.h>
#include <linux/types.h>
#include <linux/string.h>
#else
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <string.h>
#include <sys/cdefs.h>	/* __always_inline (glibc) */

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int32_t s32;
#endif

#endif /* SIPALG_PARSE_TYPES_H */
