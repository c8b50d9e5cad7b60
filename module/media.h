/* SPDX-License-Identifier: GPL-2.0 */
/*
 * media.h - SDP offer/answer: which media pinholes a message asks for and
 * which SDP bytes NAT must change.
 */
#ifndef SIPALG_MEDIA_H
#define SIPALG_MEDIA_H

#include "sipalg.h"

void sipalg_media_sdp(struct sipalg_ctx *c);

#endif /* SIPALG_MEDIA_H */
