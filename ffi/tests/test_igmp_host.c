/*
 * C11 tests of the IGMP/MLD host API (mf_igmp_host_*), mostly against the router API:
 *  - a host joins and filters sources, its frames fed to a router give the matching
 *    membership (IGMPv3 and MLDv2); the router's General Query is answered with a
 *    current-state report; a leave makes the router query and then forget the group;
 *  - an IGMPv2 querier puts the host in IGMPv2 compatibility mode (RFC 9776 §7.2.1):
 *    it reports and leaves with IGMPv2 messages, which the router takes as such;
 *  - queries the host must drop are dropped with their reason;
 *  - limits, bad arguments and bad configurations give typed statuses (run under
 *    valgrind and ASan/UBSan by run.sh).
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "test_common.h"

#define NS_PER_MS 1000000ULL
#define NS_PER_S 1000000000ULL

static const uint8_t HOST_MAC[6] = {2, 0, 0, 0, 0, 2};
static const uint8_t ROUTER_MAC[6] = {2, 0, 0, 0, 0, 1};

static mf_ip_addr ip(const char *text) {
    mf_ip_addr a;
    memset(&a, 0, sizeof a);
    if (mf_ip_addr_parse(text, &a) != MF_STATUS_OK) {
        fprintf(stderr, "bad address in the test: %s\n", text);
    }
    return a;
}

static int ip_is(const mf_ip_addr *a, const char *text) {
    mf_ip_addr b = ip(text);
    return ip_eq(a, &b);
}

static mf_igmp_host *new_host(const char *address, uint32_t seed) {
    mf_ip_addr a = ip(address);
    mf_igmp_host_config c;
    mf_igmp_host *h = NULL;
    CHECK_STATUS(mf_igmp_host_config_init(&a, HOST_MAC, &c), MF_STATUS_OK);
    CHECK_STATUS(mf_igmp_host_new(&c, seed, &h, NULL), MF_STATUS_OK);
    return h;
}

static mf_igmp_router *new_router(const char *address) {
    mf_ip_addr a = ip(address);
    mf_igmp_router_config c;
    mf_igmp_router *r = NULL;
    CHECK_STATUS(mf_igmp_router_config_init(&a, &c), MF_STATUS_OK);
    CHECK_STATUS(mf_igmp_router_new(&c, 0, &r, NULL), MF_STATUS_OK);
    return r;
}

/* What the host sent in one poll, fed to the router. */
typedef struct {
    size_t frames;
    mf_igmp_outgoing kinds[16];
} sent_t;

/* Polls the host at `now`, feeds every frame it sent to the router (from the IP
 * header on, as a router's raw socket has it) and checks the router accepted it. */
static sent_t host_to_router(mf_igmp_host *h, mf_igmp_router *r, uint64_t now) {
    sent_t sent;
    memset(&sent, 0, sizeof sent);
    size_t queued = 0;
    CHECK_STATUS(mf_igmp_host_poll(h, now, &queued, NULL), MF_STATUS_OK);
    uint8_t frame[1514];
    size_t n = 0;
    mf_igmp_outgoing info;
    while (mf_igmp_host_next_frame(h, frame, sizeof frame, &n, &info, NULL) == MF_STATUS_OK) {
        CHECK(n == info.frame_len && n > 14);
        /* Ethernet: from the host's MAC to the group's multicast MAC. */
        CHECK(memcmp(frame + 6, HOST_MAC, 6) == 0 && (frame[0] & 1));
        if (sent.frames < 16) {
            sent.kinds[sent.frames] = info;
        }
        sent.frames++;
        mf_igmp_router_result res;
        CHECK_STATUS(mf_igmp_router_receive(r, frame + 14, n - 14, now, &res, NULL), MF_STATUS_OK);
        CHECK(res.drop_reason == MF_IGMP_DROP_NONE);
    }
    CHECK(sent.frames == queued);
    return sent;
}

/* Runs the router's due work at `now` and hands its queries to the host. */
static size_t router_to_host(mf_igmp_router *r, mf_igmp_host *h, uint64_t now, mf_igmp_host_received *last) {
    CHECK_STATUS(mf_igmp_router_poll(r, now), MF_STATUS_OK);
    uint8_t q[MF_IGMP_ROUTER_QUERY_BUF_LEN];
    size_t n = 0, count = 0;
    while (mf_igmp_router_next_query(r, q, sizeof q, &n, NULL) == MF_STATUS_OK) {
        CHECK_STATUS(mf_igmp_host_receive(h, q, n, now, last, NULL), MF_STATUS_OK);
        CHECK(last->kind == MF_IGMP_RECEIVED_QUERY);
        count++;
    }
    mf_igmp_event e;
    while (mf_igmp_router_next_event(r, &e) == MF_STATUS_OK) {
    }
    return count;
}

static uint64_t deadline_of_host(const mf_igmp_host *h) {
    uint64_t t = 0;
    CHECK_STATUS(mf_igmp_host_next_deadline(h, &t), MF_STATUS_OK);
    return t;
}

static bool forwards(const mf_igmp_router *r, const char *group, const char *source) {
    mf_ip_addr g = ip(group), s = ip(source);
    bool f = false;
    CHECK_STATUS(mf_igmp_router_forwards(r, &g, &s, &f), MF_STATUS_OK);
    return f;
}

/* Host and router over simulated time; `v6` picks MLD. */
static void host_and_router(bool v6) {
    const char *asm_group = v6 ? "ff15::1" : "239.1.1.1";
    const char *ssm_group = v6 ? "ff35::1" : "232.1.1.1";
    const char *s1 = v6 ? "2001:db8::1" : "10.1.0.1";
    const char *s2 = v6 ? "2001:db8::2" : "10.1.0.2";
    const char *other = v6 ? "2001:db8::9" : "10.9.9.9";
    mf_igmp_host *h = new_host(v6 ? "fe80::2" : "10.77.0.2", 42);
    mf_igmp_router *r = new_router(v6 ? "fe80::1" : "10.77.0.1");
    mf_igmp_host_received rcv;
    /* The router's startup query: the host has nothing to report yet. */
    CHECK(router_to_host(r, h, 0, &rcv) == 1);
    CHECK(rcv.query_kind == MF_IGMP_QUERY_GENERAL && rcv.version == (v6 ? 2 : 3));
    CHECK(rcv.max_response_ns == 10 * NS_PER_S);
    /* Its answer is due within the Max Resp Time, and says nothing. */
    uint64_t t = deadline_of_host(h);
    CHECK(t <= 10 * NS_PER_S);
    sent_t sent = host_to_router(h, r, t);
    CHECK(sent.frames == 0 && deadline_of_host(h) == MF_IGMP_TIME_NONE);

    /* Socket 1 joins the ASM group, socket 2 wants the SSM group from s1 and s2. */
    uint64_t now = 11 * NS_PER_S;
    mf_ip_addr g = ip(asm_group), gs = ip(ssm_group);
    mf_ip_addr srcs[2] = {ip(s1), ip(s2)};
    bool changed = false;
    CHECK_STATUS(mf_igmp_host_join(h, 1, &g, now, &changed, NULL), MF_STATUS_OK);
    CHECK(changed);
    CHECK_STATUS(mf_igmp_host_join(h, 1, &g, now, &changed, NULL), MF_STATUS_OK);
    CHECK(!changed);
    CHECK_STATUS(mf_igmp_host_listen(h, 2, &gs, MF_IGMP_FILTER_INCLUDE, srcs, 2, now, &changed, NULL), MF_STATUS_OK);
    CHECK(changed);
    mf_igmp_host_group hg;
    CHECK_STATUS(mf_igmp_host_group_state(h, &gs, &hg), MF_STATUS_OK);
    CHECK(hg.mode == MF_IGMP_FILTER_INCLUDE && hg.number_of_sources == 2 && hg.listening);
    /* INCLUDE {} to INCLUDE {s1, s2}: a source-list change (ALLOW), each source to be
     * reported Robustness Variable times. */
    CHECK(hg.pending == MF_IGMP_PENDING_SOURCES && hg.pending_count == 2 && hg.change_due_ns == now);
    CHECK_STATUS(mf_igmp_host_group_state(h, &g, &hg), MF_STATUS_OK);
    CHECK(hg.pending == MF_IGMP_PENDING_FILTER_MODE && hg.pending_count == 2 && hg.mode == MF_IGMP_FILTER_EXCLUDE);
    mf_ip_addr got[4];
    size_t n = 0;
    CHECK_STATUS(mf_igmp_host_sources(h, &gs, got, 4, &n), MF_STATUS_OK);
    CHECK(n == 2 && ip_eq(&got[0], &srcs[0]) && ip_eq(&got[1], &srcs[1]));
    CHECK(deadline_of_host(h) == now);

    /* Both state changes go out at once, packed in one report. */
    sent = host_to_router(h, r, now);
    CHECK(sent.frames == 1 && sent.kinds[0].kind == MF_IGMP_OUTGOING_STATE_CHANGE_REPORT);
    CHECK(sent.kinds[0].records == 2 && ip_is(&sent.kinds[0].destination, v6 ? "ff02::16" : "224.0.0.22"));
    mf_igmp_group rg;
    CHECK_STATUS(mf_igmp_router_group(r, &g, &rg), MF_STATUS_OK);
    CHECK(rg.mode == MF_IGMP_FILTER_EXCLUDE && rg.number_of_sources == 0);
    CHECK_STATUS(mf_igmp_router_group(r, &gs, &rg), MF_STATUS_OK);
    CHECK(rg.mode == MF_IGMP_FILTER_INCLUDE && rg.number_of_sources == 2);
    CHECK(forwards(r, ssm_group, s1) && forwards(r, ssm_group, s2) && !forwards(r, ssm_group, other));
    CHECK(forwards(r, asm_group, other));

    /* The retransmissions (Robustness Variable 2), each group's at its own random
     * time within the Unsolicited Report Interval; then nothing until a query. */
    size_t frames = 0, records = 0;
    while ((t = deadline_of_host(h)) != MF_IGMP_TIME_NONE) {
        CHECK(t > now && t <= now + NS_PER_S);
        sent = host_to_router(h, r, t);
        frames += sent.frames;
        for (size_t i = 0; i < sent.frames && i < 16; i++) {
            CHECK(sent.kinds[i].kind == MF_IGMP_OUTGOING_STATE_CHANGE_REPORT);
            records += sent.kinds[i].records;
        }
    }
    CHECK(records == 2 && frames >= 1 && frames <= 2);
    mf_igmp_host_counters hc;
    CHECK_STATUS(mf_igmp_host_get_counters(h, &hc), MF_STATUS_OK);
    CHECK(hc.reports_sent == 1 + frames && hc.records_sent == 4 && hc.general_queries == 1);

    /* The router's next General Query (startup: QI / 4 after the first) is answered
     * within its Max Resp Time with the current state. */
    uint64_t rt = 0;
    CHECK_STATUS(mf_igmp_router_next_deadline(r, &rt), MF_STATUS_OK);
    CHECK(rt == 31250 * NS_PER_MS);
    CHECK(router_to_host(r, h, rt, &rcv) == 1);
    t = deadline_of_host(h);
    CHECK(t >= rt && t <= rt + 10 * NS_PER_S);
    mf_igmp_host_status st;
    CHECK_STATUS(mf_igmp_host_get_status(h, &st), MF_STATUS_OK);
    CHECK(st.general_response_due_ns == t && st.compat_version == (v6 ? 2 : 3) && st.filters_sources);
    CHECK(st.number_of_groups == 2 && st.number_of_memberships == 2 && st.robustness == 2);
    sent = host_to_router(h, r, t);
    CHECK(sent.frames == 1 && sent.kinds[0].kind == MF_IGMP_OUTGOING_CURRENT_STATE_REPORT);
    CHECK(sent.kinds[0].records == 2);
    now = t;

    /* Socket 1 leaves: TO_IN({}); the router asks Q(G) twice (LMQC), nobody answers,
     * and after LMQT the group is gone. */
    CHECK_STATUS(mf_igmp_host_leave(h, 1, &g, now, &changed, NULL), MF_STATUS_OK);
    CHECK(changed);
    sent = host_to_router(h, r, now);
    CHECK(sent.frames == 1);
    mf_igmp_query q;
    CHECK_STATUS(mf_igmp_router_peek_query(r, &q), MF_STATUS_OK);
    CHECK(q.kind == MF_IGMP_QUERY_GROUP && ip_eq(&q.group, &g) && ip_eq(&q.destination, &g));
    CHECK(q.max_response_ns == NS_PER_S);
    size_t queries = router_to_host(r, h, now, &rcv);
    CHECK(queries == 1 && rcv.query_kind == MF_IGMP_QUERY_GROUP && ip_eq(&rcv.group, &g));
    uint64_t until = now + 3 * NS_PER_S;
    for (;;) {
        uint64_t hd = deadline_of_host(h);
        CHECK_STATUS(mf_igmp_router_next_deadline(r, &rt), MF_STATUS_OK);
        uint64_t next = hd < rt ? hd : rt;
        if (next > until) {
            break;
        }
        if (hd == next) {
            sent = host_to_router(h, r, next);
        }
        if (rt == next) {
            queries += router_to_host(r, h, next, &rcv);
        }
    }
    CHECK(queries == 2);
    CHECK_STATUS(mf_igmp_router_group(r, &g, &rg), MF_STATUS_NOT_FOUND);
    CHECK(!forwards(r, asm_group, other) && forwards(r, ssm_group, s1));
    CHECK_STATUS(mf_igmp_host_group_state(h, &g, &hg), MF_STATUS_NOT_FOUND);
    CHECK_STATUS(mf_igmp_host_sources(h, &g, NULL, 0, &n), MF_STATUS_OK);
    CHECK(n == 0);

    /* Socket 2 closes: the sources are blocked, the router asks about them and forgets
     * them. */
    size_t left = 0;
    now = until;
    CHECK_STATUS(mf_igmp_host_close_socket(h, 2, now, &left), MF_STATUS_OK);
    CHECK(left == 1);
    sent = host_to_router(h, r, now);
    CHECK(sent.frames == 1);
    queries = router_to_host(r, h, now, &rcv);
    CHECK(queries == 1 && rcv.query_kind == MF_IGMP_QUERY_GROUP_AND_SOURCE && rcv.number_of_sources == 2);
    until = now + 3 * NS_PER_S;
    for (;;) {
        uint64_t hd = deadline_of_host(h);
        CHECK_STATUS(mf_igmp_router_next_deadline(r, &rt), MF_STATUS_OK);
        uint64_t next = hd < rt ? hd : rt;
        if (next > until) {
            break;
        }
        if (hd == next) {
            (void)host_to_router(h, r, next);
        }
        if (rt == next) {
            (void)router_to_host(r, h, next, &rcv);
        }
    }
    size_t count = 9;
    CHECK_STATUS(mf_igmp_router_group_count(r, &count), MF_STATUS_OK);
    CHECK(count == 0);
    CHECK_STATUS(mf_igmp_host_group_count(h, &count), MF_STATUS_OK);
    CHECK(count == 0);
    mf_igmp_router_counters rc;
    CHECK_STATUS(mf_igmp_router_get_counters(r, &rc), MF_STATUS_OK);
    CHECK(rc.dropped_total == 0 && rc.v3_reports >= 7);
    mf_igmp_host_free(h);
    mf_igmp_router_free(r);
}

/* Builds an IGMPv2 General Query from 10.77.0.1 as an IP packet. */
static size_t v2_query(uint8_t *out, size_t cap) {
    mf_igmp_spec spec;
    CHECK_STATUS(mf_igmp_spec_init(MF_IGMP_KIND_QUERY_V2, &spec), MF_STATUS_OK);
    mf_ip_addr src = ip("10.77.0.1");
    uint8_t frame[64];
    size_t n = 0;
    CHECK_STATUS(mf_igmp_frame(&spec, ROUTER_MAC, &src, NULL, frame, sizeof frame, &n, NULL), MF_STATUS_OK);
    if (n - 14 > cap) {
        return 0;
    }
    memcpy(out, frame + 14, n - 14);
    return n - 14;
}

static void igmpv2_compatibility(void) {
    mf_igmp_host *h = new_host("10.77.0.2", 7);
    mf_igmp_router *r = new_router("10.77.0.1");
    uint8_t q[64];
    size_t qn = v2_query(q, sizeof q);
    mf_igmp_host_received rcv;
    CHECK_STATUS(mf_igmp_host_receive(h, q, qn, NS_PER_S, &rcv, NULL), MF_STATUS_OK);
    CHECK(rcv.kind == MF_IGMP_RECEIVED_QUERY && rcv.version == 2 && rcv.query_kind == MF_IGMP_QUERY_GENERAL);
    mf_igmp_host_status st;
    CHECK_STATUS(mf_igmp_host_get_status(h, &st), MF_STATUS_OK);
    /* Older Version Querier Present Timeout: RV x QI + QRI = 260 s. */
    CHECK(st.compat_version == 2 && !st.filters_sources);
    CHECK(st.v2_querier_present_ns == NS_PER_S + 260 * NS_PER_S && st.v1_querier_present_ns == MF_IGMP_TIME_NONE);
    mf_ip_addr g = ip("239.3.3.3");
    bool changed = false;
    uint64_t now = 2 * NS_PER_S;
    CHECK_STATUS(mf_igmp_host_join(h, 9, &g, now, &changed, NULL), MF_STATUS_OK);
    sent_t sent = host_to_router(h, r, now);
    CHECK(sent.frames == 1 && sent.kinds[0].kind == MF_IGMP_OUTGOING_OLDER_REPORT && sent.kinds[0].version == 2);
    CHECK(ip_is(&sent.kinds[0].group, "239.3.3.3") && ip_is(&sent.kinds[0].destination, "239.3.3.3"));
    mf_igmp_group rg;
    CHECK_STATUS(mf_igmp_router_group(r, &g, &rg), MF_STATUS_OK);
    CHECK(rg.mode == MF_IGMP_FILTER_EXCLUDE && rg.compatibility_version == 2);
    CHECK(rg.v2_host_present_ns == now + 260 * NS_PER_S);
    mf_igmp_host_group hg;
    CHECK_STATUS(mf_igmp_host_group_state(h, &g, &hg), MF_STATUS_OK);
    CHECK(hg.last_reporter && hg.older_repeats == 0 && hg.older_report_due_ns != MF_IGMP_TIME_NONE);
    /* The repeat, within the older Unsolicited Report Interval (10 s). */
    uint64_t t = deadline_of_host(h);
    CHECK(t > now && t <= now + 10 * NS_PER_S);
    sent = host_to_router(h, r, t);
    CHECK(sent.frames == 1 && sent.kinds[0].kind == MF_IGMP_OUTGOING_OLDER_REPORT);
    /* Leaving: an IGMPv2 Leave Group to 224.0.0.2 (this host reported last). */
    now = t + NS_PER_S;
    CHECK_STATUS(mf_igmp_host_leave(h, 9, &g, now, &changed, NULL), MF_STATUS_OK);
    sent = host_to_router(h, r, now);
    CHECK(sent.frames == 1 && sent.kinds[0].kind == MF_IGMP_OUTGOING_LEAVE);
    CHECK(ip_is(&sent.kinds[0].destination, "224.0.0.2"));
    mf_igmp_router_counters rc;
    CHECK_STATUS(mf_igmp_router_get_counters(r, &rc), MF_STATUS_OK);
    CHECK(rc.v2_reports == 2 && rc.leaves == 1);
    /* Another host's IGMPv2 report suppresses ours (RFC 2236 §3). */
    CHECK_STATUS(mf_igmp_host_join(h, 9, &g, now, &changed, NULL), MF_STATUS_OK);
    mf_igmp_spec rep;
    CHECK_STATUS(mf_igmp_spec_init(MF_IGMP_KIND_V2_REPORT, &rep), MF_STATUS_OK);
    rep.group = g;
    mf_ip_addr other = ip("10.77.0.3");
    uint8_t frame[64];
    size_t n = 0;
    CHECK_STATUS(mf_igmp_frame(&rep, ROUTER_MAC, &other, NULL, frame, sizeof frame, &n, NULL), MF_STATUS_OK);
    CHECK_STATUS(mf_igmp_host_receive(h, frame + 14, n - 14, now, &rcv, NULL), MF_STATUS_OK);
    CHECK(rcv.kind == MF_IGMP_RECEIVED_OLDER_REPORT && rcv.suppressed && ip_eq(&rcv.group, &g));
    mf_igmp_host_counters hc;
    CHECK_STATUS(mf_igmp_host_get_counters(h, &hc), MF_STATUS_OK);
    CHECK(hc.older_reports_suppressed == 1 && hc.leaves_sent == 1 && hc.older_reports_sent == 2);
    CHECK(hc.compat_changes == 1);
    mf_igmp_host_free(h);
    mf_igmp_router_free(r);
}

static void host_drops(void) {
    mf_igmp_host *h = new_host("10.77.0.2", 1);
    uint8_t q[64];
    size_t n = v2_query(q, sizeof q);
    mf_igmp_host_received rcv;
    /* TTL 2 (the header checksum is not what a host checks first: fix it anyway). */
    q[8] = 2;
    uint32_t s = 0;
    q[10] = q[11] = 0;
    for (size_t i = 0; i < 24; i += 2) {
        s += (uint32_t)(q[i] << 8 | q[i + 1]);
    }
    while (s >> 16) {
        s = (s & 0xffff) + (s >> 16);
    }
    q[10] = (uint8_t)(~s >> 8);
    q[11] = (uint8_t)~s;
    CHECK_STATUS(mf_igmp_host_receive(h, q, n, 0, &rcv, NULL), MF_STATUS_OK);
    CHECK(rcv.kind == MF_IGMP_RECEIVED_DROPPED && rcv.drop_reason == MF_IGMP_DROP_BAD_TTL);
    n = v2_query(q, sizeof q);
    q[26] ^= 0xff;
    CHECK_STATUS(mf_igmp_host_receive(h, q, n, 0, &rcv, NULL), MF_STATUS_OK);
    CHECK(rcv.kind == MF_IGMP_RECEIVED_DROPPED && rcv.drop_reason == MF_IGMP_DROP_BAD_CHECKSUM);
    CHECK_STATUS(mf_igmp_host_receive(h, q, 7, 0, &rcv, NULL), MF_STATUS_OK);
    CHECK(rcv.kind == MF_IGMP_RECEIVED_DROPPED && rcv.drop_reason == MF_IGMP_DROP_MALFORMED);
    mf_igmp_host_counters hc;
    CHECK_STATUS(mf_igmp_host_get_counters(h, &hc), MF_STATUS_OK);
    CHECK(hc.dropped_hop_limit == 1 && hc.dropped_checksum == 1 && hc.dropped_malformed == 1);
    mf_igmp_host_free(h);

    /* MLD: a query from a global address (RFC 9777 §5.1.14). */
    h = new_host("fe80::2", 1);
    mf_mld_spec spec;
    CHECK_STATUS(mf_mld_spec_init(MF_MLD_KIND_QUERY_V2, &spec), MF_STATUS_OK);
    mf_ip_addr global = ip("2001:db8::1");
    uint8_t frame[128];
    CHECK_STATUS(mf_mld_frame(&spec, ROUTER_MAC, &global, NULL, frame, sizeof frame, &n, NULL), MF_STATUS_OK);
    CHECK_STATUS(mf_igmp_host_receive(h, frame + 14, n - 14, 0, &rcv, NULL), MF_STATUS_OK);
    CHECK(rcv.kind == MF_IGMP_RECEIVED_DROPPED && rcv.drop_reason == MF_IGMP_DROP_BAD_SOURCE);
    /* An MLDv1 query puts an MLD host in MLDv1 mode. */
    CHECK_STATUS(mf_mld_spec_init(MF_MLD_KIND_QUERY_V1, &spec), MF_STATUS_OK);
    mf_ip_addr ll = ip("fe80::1");
    CHECK_STATUS(mf_mld_frame(&spec, ROUTER_MAC, &ll, NULL, frame, sizeof frame, &n, NULL), MF_STATUS_OK);
    CHECK_STATUS(mf_igmp_host_receive(h, frame + 14, n - 14, 0, &rcv, NULL), MF_STATUS_OK);
    CHECK(rcv.kind == MF_IGMP_RECEIVED_QUERY && rcv.version == 1);
    mf_igmp_host_status st;
    CHECK_STATUS(mf_igmp_host_get_status(h, &st), MF_STATUS_OK);
    CHECK(st.compat_version == 1 && !st.filters_sources);
    mf_igmp_host_free(h);
}

static void limits_and_arguments(void) {
    mf_igmp_host *h = new_host("10.77.0.2", 3);
    mf_error err;
    bool changed = false;
    mf_ip_addr g = ip("239.1.1.1"), v6 = ip("ff15::1"), unicast = ip("10.0.0.1");
    CHECK_STATUS(mf_igmp_host_join(h, 1, &unicast, 0, &changed, &err), MF_STATUS_INVALID_ARGUMENT);
    CHECK_STR(err.field, "group");
    CHECK_STATUS(mf_igmp_host_join(h, 1, &v6, 0, &changed, &err), MF_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(mf_igmp_host_listen(h, 1, &g, 0, NULL, 0, 0, &changed, &err), MF_STATUS_INVALID_ARGUMENT);
    CHECK_STR(err.field, "mode");
    mf_ip_addr many[MF_IGMP_HOST_MAX_SOURCES + 1];
    for (unsigned i = 0; i < MF_IGMP_HOST_MAX_SOURCES + 1; i++) {
        many[i] = ip4(10, 2, (uint8_t)(i / 256), (uint8_t)(i % 256));
    }
    CHECK_STATUS(mf_igmp_host_listen(h, 1, &g, MF_IGMP_FILTER_EXCLUDE, many, MF_IGMP_HOST_MAX_SOURCES + 1, 0,
                                     &changed, &err),
                 MF_STATUS_TABLE_FULL);
    CHECK(err.max == MF_IGMP_HOST_MAX_SOURCES);
    CHECK_STATUS(mf_igmp_host_listen(h, 1, &g, MF_IGMP_FILTER_EXCLUDE, many, MF_IGMP_HOST_MAX_SOURCES, 0, &changed,
                                     &err),
                 MF_STATUS_OK);
    CHECK(changed);
    /* The INCLUDE lists of a group together stay within the limit too. */
    CHECK_STATUS(mf_igmp_host_listen(h, 2, &g, MF_IGMP_FILTER_INCLUDE, many + 1, MF_IGMP_HOST_MAX_SOURCES, 0,
                                     &changed, &err),
                 MF_STATUS_OK);
    CHECK_STATUS(mf_igmp_host_listen(h, 3, &g, MF_IGMP_FILTER_INCLUDE, many, 1, 0, &changed, &err),
                 MF_STATUS_TABLE_FULL);
    CHECK_STATUS(mf_igmp_host_listen(h, 1, &g, MF_IGMP_FILTER_EXCLUDE, NULL, 1, 0, &changed, &err),
                 MF_STATUS_NULL_POINTER);
    /* Memberships: MF_IGMP_HOST_MAX_MEMBERSHIPS in all. */
    mf_status last = MF_STATUS_OK;
    unsigned joined = 2;
    for (unsigned s = 10; last == MF_STATUS_OK && s < 10 + MF_IGMP_HOST_MAX_MEMBERSHIPS; s++) {
        last = mf_igmp_host_join(h, s, &g, 0, &changed, &err);
        joined += last == MF_STATUS_OK;
    }
    CHECK(last == MF_STATUS_TABLE_FULL && joined == MF_IGMP_HOST_MAX_MEMBERSHIPS);
    CHECK_STR(err.field, "socket memberships");
    /* Frames: a small buffer keeps the frame queued. */
    size_t queued = 0, n = 0;
    CHECK_STATUS(mf_igmp_host_poll(h, 0, &queued, NULL), MF_STATUS_OK);
    CHECK(queued >= 1);
    mf_igmp_outgoing info;
    CHECK_STATUS(mf_igmp_host_peek_frame(h, &info), MF_STATUS_OK);
    uint8_t small[16], frame[1514];
    CHECK_STATUS(mf_igmp_host_next_frame(h, small, sizeof small, &n, &info, &err), MF_STATUS_BUFFER_TOO_SMALL);
    CHECK(n == info.frame_len && err.needed == n);
    for (size_t i = 0; i < queued; i++) {
        CHECK_STATUS(mf_igmp_host_next_frame(h, frame, sizeof frame, &n, &info, NULL), MF_STATUS_OK);
    }
    CHECK_STATUS(mf_igmp_host_next_frame(h, frame, sizeof frame, &n, &info, NULL), MF_STATUS_END);
    CHECK_STATUS(mf_igmp_host_peek_frame(h, &info), MF_STATUS_END);
    size_t left = 0;
    CHECK_STATUS(mf_igmp_host_close_socket(h, 1234, 0, &left), MF_STATUS_OK);
    CHECK(left == 0);

    /* NULL everywhere. */
    mf_igmp_host_received rcv;
    uint64_t t;
    CHECK_STATUS(mf_igmp_host_join(NULL, 1, &g, 0, &changed, &err), MF_STATUS_NULL_POINTER);
    CHECK_STR(err.field, "host");
    CHECK_STATUS(mf_igmp_host_join(h, 1, NULL, 0, &changed, &err), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_igmp_host_join(h, 1, &g, 0, NULL, &err), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_igmp_host_leave(h, 1, &g, 0, NULL, &err), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_igmp_host_receive(h, NULL, 4, 0, &rcv, &err), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_igmp_host_receive(h, frame, 4, 0, NULL, &err), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_igmp_host_poll(h, 0, NULL, &err), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_igmp_host_next_frame(h, frame, sizeof frame, &n, NULL, &err), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_igmp_host_next_deadline(h, NULL), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_igmp_host_next_deadline(NULL, &t), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_igmp_host_close_socket(h, 1, 0, NULL), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_igmp_host_group_state(h, &g, NULL), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_igmp_host_group_at(h, 0, NULL), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_igmp_host_group_count(h, NULL), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_igmp_host_sources(h, &g, NULL, 0, NULL), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_igmp_host_get_status(h, NULL), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_igmp_host_get_counters(h, NULL), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_igmp_host_get_config(h, NULL), MF_STATUS_NULL_POINTER);
    mf_igmp_host_group hg;
    CHECK_STATUS(mf_igmp_host_group_at(h, 0, &hg), MF_STATUS_OK);
    CHECK(ip_eq(&hg.group, &g) && hg.mode == MF_IGMP_FILTER_EXCLUDE);
    CHECK_STATUS(mf_igmp_host_group_at(h, 1, &hg), MF_STATUS_NOT_FOUND);
    mf_igmp_host_free(NULL);
    mf_igmp_host_free(h);

    /* Configurations. */
    mf_ip_addr me = ip("10.77.0.2");
    mf_igmp_host_config c, back;
    mf_igmp_host *out = NULL;
    CHECK_STATUS(mf_igmp_host_config_init(&me, NULL, &c), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_igmp_host_config_init(&me, HOST_MAC, &c), MF_STATUS_OK);
    CHECK(c.robustness == 2 && c.mtu == 1500 && c.unsolicited_report_interval_ns == NS_PER_S);
    CHECK(c.leave_policy == MF_IGMP_LEAVE_IF_LAST_REPORTER && c.older_include == MF_IGMP_OLDER_INCLUDE_IGNORE);
    c.robustness = 0;
    CHECK_STATUS(mf_igmp_host_new(&c, 1, &out, &err), MF_STATUS_INVALID_ARGUMENT);
    CHECK_STR(err.field, "robustness");
    c.robustness = 3;
    c.mtu = 70000;
    CHECK_STATUS(mf_igmp_host_new(&c, 1, &out, &err), MF_STATUS_INVALID_ARGUMENT);
    CHECK_STR(err.field, "mtu");
    c.mtu = 1500;
    c.leave_policy = 2;
    CHECK_STATUS(mf_igmp_host_new(&c, 1, &out, &err), MF_STATUS_INVALID_ARGUMENT);
    CHECK_STR(err.field, "config.leave_policy");
    c.leave_policy = MF_IGMP_LEAVE_ALWAYS;
    c.older_include = 9;
    CHECK_STATUS(mf_igmp_host_new(&c, 1, &out, &err), MF_STATUS_INVALID_ARGUMENT);
    c.older_include = MF_IGMP_OLDER_INCLUDE_REPORT_AS_JOIN;
    c.src_ip.family = 0;
    CHECK_STATUS(mf_igmp_host_new(&c, 1, &out, &err), MF_STATUS_INVALID_ARGUMENT);
    CHECK(out == NULL);
    c.src_ip = me;
    CHECK_STATUS(mf_igmp_host_new(&c, 1, NULL, &err), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_igmp_host_new(&c, 1, &out, &err), MF_STATUS_OK);
    CHECK_STATUS(mf_igmp_host_get_config(out, &back), MF_STATUS_OK);
    CHECK(back.robustness == 3 && back.leave_policy == MF_IGMP_LEAVE_ALWAYS && ip_eq(&back.src_ip, &me));
    CHECK(back.older_include == MF_IGMP_OLDER_INCLUDE_REPORT_AS_JOIN && memcmp(back.src_mac, HOST_MAC, 6) == 0);
    mf_igmp_host_free(out);
    /* MLD needs a link-local source; 0.0.0.0 is fine for IGMP (RFC 9776 §4.2.13). */
    me = ip("0.0.0.0");
    CHECK_STATUS(mf_igmp_host_config_init(&me, HOST_MAC, &c), MF_STATUS_OK);
    CHECK_STATUS(mf_igmp_host_new(&c, 1, &out, &err), MF_STATUS_OK);
    mf_igmp_host_free(out);
}

int main(void) {
    host_and_router(false);
    host_and_router(true);
    igmpv2_compatibility();
    host_drops();
    limits_and_arguments();
    return test_summary("test_igmp_host");
}
