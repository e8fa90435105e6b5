/*
 * A minimal check harness for the mediafabric C tests: every CHECK counts one pass or
 * one failure (printed with file and line), and test_summary() prints the closing line
 * "N passed, M failed" and gives the process exit status.
 */
#ifndef MF_TEST_COMMON_H
#define MF_TEST_COMMON_H

#include <stdio.h>
#include <string.h>

#include "mediafabric.h"

static unsigned test_passed;
static unsigned test_failed;

#define CHECK(cond)                                                                     \
    do {                                                                                \
        if (cond) {                                                                     \
            test_passed++;                                                              \
        } else {                                                                        \
            test_failed++;                                                              \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);   \
        }                                                                               \
    } while (0)

/* Checks that an expression returns the wanted mf_status, naming both on failure. */
#define CHECK_STATUS(expr, want)                                                        \
    do {                                                                                \
        mf_status got_ = (expr);                                                        \
        mf_status want_ = (want);                                                       \
        if (got_ == want_) {                                                            \
            test_passed++;                                                              \
        } else {                                                                        \
            test_failed++;                                                              \
            fprintf(stderr, "%s:%d: %s returned %u (%s), expected %u (%s)\n", __FILE__, \
                    __LINE__, #expr, (unsigned)got_, mf_status_str(got_),               \
                    (unsigned)want_, mf_status_str(want_));                             \
        }                                                                               \
    } while (0)

#define CHECK_STR(actual, expected) CHECK(strcmp((actual), (expected)) == 0)
#define CHECK_MEM(a, b, n) CHECK(memcmp((a), (b), (n)) == 0)

/* An IPv4 mf_ip_addr. */
static inline mf_ip_addr ip4(uint8_t a, uint8_t b, uint8_t c, uint8_t d) {
    mf_ip_addr ip;
    memset(&ip, 0, sizeof ip);
    ip.family = MF_IP_FAMILY_V4;
    ip.bytes[0] = a;
    ip.bytes[1] = b;
    ip.bytes[2] = c;
    ip.bytes[3] = d;
    return ip;
}

static inline int ip_eq(const mf_ip_addr *a, const mf_ip_addr *b) {
    return a->family == b->family && memcmp(a->bytes, b->bytes, 16) == 0;
}

/* Field by field: structs have padding, so memcmp on them compares garbage. */
static inline int header_eq(const mf_vxlan_header *a, const mf_vxlan_header *b) {
    return a->vni_valid == b->vni_valid && a->vni == b->vni && a->extension == b->extension &&
           a->gbp.dont_learn == b->gbp.dont_learn && a->gbp.policy_applied == b->gbp.policy_applied &&
           a->gbp.group_policy_id == b->gbp.group_policy_id && a->gpe.version == b->gpe.version &&
           a->gpe.oam == b->gpe.oam && a->gpe.bum == b->gpe.bum &&
           a->gpe.has_next_protocol == b->gpe.has_next_protocol &&
           a->gpe.next_protocol == b->gpe.next_protocol;
}

static inline int test_summary(const char *name) {
    fflush(stderr);
    printf("%s: %u passed, %u failed\n", name, test_passed, test_failed);
    fflush(stdout);
    return test_failed == 0 ? 0 : 1;
}

#endif /* MF_TEST_COMMON_H */
