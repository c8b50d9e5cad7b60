/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The tests of parse_tests.inc and regress.inc, in the order they run:
 * PARSE_TEST(name) for each test t_<name>().  Included with PARSE_TEST defined
 * by the runner (test_parse.c; selftests/kunit/parse_kunit.c, where each is a
 * KUnit case of that name).
 */
PARSE_TEST(invite_basic)
PARSE_TEST(compact_lf_folding)
PARSE_TEST(ipv6)
PARSE_TEST(register_lists)
PARSE_TEST(response_200)
PARSE_TEST(bye_and_noclen)
PARSE_TEST(multipart)
PARSE_TEST(multipart_errors)
PARSE_TEST(ice_rtcp)
PARSE_TEST(hold)
PARSE_TEST(cr_only)
PARSE_TEST(16media)
PARSE_TEST(too_many_media)
PARSE_TEST(sdp_misc)
PARSE_TEST(ice_cap)
PARSE_TEST(sdp_prefixes)
PARSE_TEST(start_line_errors)
PARSE_TEST(methods)
PARSE_TEST(header_errors)
PARSE_TEST(via_errors)
PARSE_TEST(quoted_commas)
PARSE_TEST(too_many)
PARSE_TEST(content_length)
PARSE_TEST(frame)
PARSE_TEST(prefixes)
PARSE_TEST(prefixes_loose)
PARSE_TEST(garbage)
PARSE_TEST(numbers)
PARSE_TEST(ip4)
PARSE_TEST(ip6)
PARSE_TEST(host_addr)
PARSE_TEST(strerror)
/* regression tests (regress.inc) */
PARSE_TEST(regress_frame_bare_cr)
PARSE_TEST(regress_via_bad_host_af)
