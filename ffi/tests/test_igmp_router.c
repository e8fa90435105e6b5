/*
 * C11 tests of the IGMP/MLD router API (mf_igmp_router_*):
 *  - a router fed every frame the Linux kernel sent in the shared captures
 *    (igmp_frames.h, at the capture's own times) ends with the membership the capture
 *    implies, sends exactly the group-specific and group-and-source-specific queries
 *    RFC 9776 §6.6.3 asks for, and every query it writes reads back as a valid packet;
 *  - the MLDv2 capture: the SSM join without sources is ignored, the ASM group is joined
 *    and left;
 *  - querier election between two routers (RFC 9776 §6.6.2) and failover after the
 *    Other Querier Present Interval;
 *  - every drop reason the router has is reachable from C and returns its code, with
 *    the parse error for malformed packets;
 *  - the group and source limits give their events, the queues and buffers behave;
 *  - bad arguments (NULL, wrong family, unknown values) and mutated packets give typed
 *    statuses, never a crash (run under valgrind and ASan/UBSan by run.sh).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "igmp_frames.h"
#include "test_common.h"

#define IGMP_FRAME_COUNT 12
#define MLD_FRAME_COUNT 6
#define NS_PER_US 1000ULL
#define NS_PER_S 1000000000ULL
/* The replays start 100 s after the router, past its startup queries. */
#define BASE_NS (100ULL * NS_PER_S)

/* tshark's frame.time_relative of each frame of the captures, in microseconds. */
static const uint64_t igmp_times_us[IGMP_FRAME_COUNT] = {
    0, 88031, 400024, 700015, 908060, 1000008, 1300014, 1700027, 1940038, 2104088, 2504064, 3480084,
};
static const uint64_t mld_times_us[MLD_FRAME_COUNT] = {0, 399987, 799971, 1376138, 3304034, 3560062};

static const uint8_t MAC[6] = {2, 0, 0, 0, 0, 1};

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

static mf_igmp_router *new_router(const char *address) {
    mf_ip_addr a = ip(address);
    mf_igmp_router_config c;
    mf_igmp_router *r = NULL;
    CHECK_STATUS(mf_igmp_router_config_init(&a, &c), MF_STATUS_OK);
    CHECK_STATUS(mf_igmp_router_new(&c, 0, &r, NULL), MF_STATUS_OK);
    return r;
}

/* A query the router sent, read back from the packet it wrote. */
typedef struct {
    uint64_t at_ns;
    mf_igmp_query_kind kind;
    mf_ip_addr group;
    size_t n_sources;
    mf_ip_addr sources[8];
    bool s_flag;
} sent_query;

typedef struct {
    sent_query queries[64];
    size_t n_queries;
    mf_igmp_event events[64];
    size_t n_events;
} log_t;

/* Takes every queued query and event; each query is written as a packet and read back
 * with the message API: TTL / hop limit 1, Router Alert, right checksum, our source. */
static void drain(mf_igmp_router *r, uint64_t now, const mf_ip_addr *me, log_t *log) {
    mf_igmp_query q;
    while (mf_igmp_router_peek_query(r, &q) == MF_STATUS_OK) {
        uint8_t buf[MF_IGMP_ROUTER_QUERY_BUF_LEN];
        size_t n = 0;
        CHECK_STATUS(mf_igmp_router_next_query(r, buf, sizeof buf, &n, NULL), MF_STATUS_OK);
        CHECK(n == q.packet_len);
        sent_query s;
        memset(&s, 0, sizeof s);
        s.at_ns = now;
        s.kind = q.kind;
        s.group = q.group;
        s.s_flag = q.s_flag;
        if (me->family == MF_IP_FAMILY_V4) {
            mf_igmp_packet p;
            CHECK_STATUS(mf_igmp_parse_packet(buf, n, 0, &p, NULL), MF_STATUS_OK);
            CHECK(p.ttl == 1 && p.router_alert && p.message.checksum_valid);
            CHECK(ip_eq(&p.src, me) && ip_eq(&p.dst, &q.destination));
            CHECK(p.message.kind == MF_IGMP_KIND_QUERY_V3 && p.message.s_flag == q.s_flag);
            CHECK(p.message.number_of_sources == q.number_of_sources);
            CHECK_STATUS(mf_igmp_sources(buf, n, p.message.sources_offset, p.message.number_of_sources,
                                         s.sources, 8, &s.n_sources),
                         MF_STATUS_OK);
        } else {
            mf_mld_packet p;
            CHECK_STATUS(mf_mld_parse_packet(buf, n, 0, &p, NULL), MF_STATUS_OK);
            CHECK(p.hop_limit == 1 && p.router_alert && p.checksum_valid);
            CHECK(ip_eq(&p.src, me) && ip_eq(&p.dst, &q.destination));
            CHECK(p.message.kind == MF_MLD_KIND_QUERY_V2);
            CHECK_STATUS(mf_mld_sources(buf, n, p.message.sources_offset, p.message.number_of_sources,
                                        s.sources, 8, &s.n_sources),
                         MF_STATUS_OK);
        }
        if (log->n_queries < 64) {
            log->queries[log->n_queries++] = s;
        }
    }
    uint8_t none[4];
    size_t n = 7;
    CHECK_STATUS(mf_igmp_router_next_query(r, none, sizeof none, &n, NULL), MF_STATUS_END);
    CHECK(n == 7);
    mf_igmp_event e;
    while (mf_igmp_router_next_event(r, &e) == MF_STATUS_OK) {
        if (log->n_events < 64) {
            log->events[log->n_events++] = e;
        }
    }
}

/* Polls at every deadline up to `until`. */
static void run_until(mf_igmp_router *r, uint64_t until, const mf_ip_addr *me, log_t *log) {
    uint64_t d = 0;
    while (mf_igmp_router_next_deadline(r, &d) == MF_STATUS_OK && d != MF_IGMP_TIME_NONE && d <= until) {
        CHECK_STATUS(mf_igmp_router_poll(r, d), MF_STATUS_OK);
        drain(r, d, me, log);
    }
}

static void replay(mf_igmp_router *r, const uint8_t *const *frames, const size_t *lens,
                   const uint64_t *times_us, size_t n, const mf_ip_addr *me, log_t *log) {
    for (size_t i = 0; i < n; i++) {
        uint64_t now = BASE_NS + times_us[i] * NS_PER_US;
        run_until(r, now, me, log);
        mf_igmp_router_result res;
        CHECK_STATUS(mf_igmp_router_receive(r, frames[i] + 14, lens[i] - 14, now, &res, NULL), MF_STATUS_OK);
        CHECK(res.accepted == MF_IGMP_ACCEPTED_REPORT_V3 && res.drop_reason == MF_IGMP_DROP_NONE);
        CHECK(res.version == (me->family == MF_IP_FAMILY_V4 ? 3 : 2));
        drain(r, now, me, log);
    }
}

static int has_event(const log_t *log, mf_igmp_event_kind kind, const char *group, const char *source) {
    for (size_t i = 0; i < log->n_events; i++) {
        const mf_igmp_event *e = &log->events[i];
        if (e->kind == kind && ip_is(&e->group, group) &&
            (source ? e->has_source && ip_is(&e->source, source) : !e->has_source)) {
            return 1;
        }
    }
    return 0;
}

static int source_is(const mf_igmp_router *r, const char *group, const char *source, bool forwarding) {
    mf_ip_addr g = ip(group), s = ip(source);
    bool f = !forwarding;
    return mf_igmp_router_forwards(r, &g, &s, &f) == MF_STATUS_OK && f == forwarding;
}

static void test_igmp_capture(void) {
    mf_ip_addr me = ip("10.77.0.1");
    mf_igmp_router *r = new_router("10.77.0.1");
    log_t *log = calloc(1, sizeof *log);
    /* Startup: two General Queries (RV), 31.25 s apart (QI / 4), then every 125 s. */
    run_until(r, BASE_NS - 1, &me, log);
    CHECK(log->n_queries == 2 && log->queries[0].at_ns == 0 && log->queries[1].at_ns == 31250000000ULL);
    CHECK(log->queries[0].kind == MF_IGMP_QUERY_GENERAL && ip_is(&log->queries[0].group, "0.0.0.0"));
    log->n_queries = 0;

    /* Up to frame 6 the host joined 239.1.1.1 for any source and 232.5.5.5 from
     * 10.1.0.1, .2 and .3. */
    replay(r, igmp_frames, igmp_frame_lens, igmp_times_us, 6, &me, log);
    size_t count = 0;
    CHECK_STATUS(mf_igmp_router_group_count(r, &count), MF_STATUS_OK);
    CHECK(count == 2);
    mf_igmp_group g;
    mf_ip_addr g239 = ip("239.1.1.1"), g232 = ip("232.5.5.5");
    CHECK_STATUS(mf_igmp_router_group(r, &g239, &g), MF_STATUS_OK);
    CHECK(g.mode == MF_IGMP_FILTER_EXCLUDE && g.number_of_sources == 0 && g.compatibility_version == 3);
    /* GMI = 2 x 125 s + 2 x 10 s after the last report (frame 2). */
    CHECK(g.group_timer_ns == BASE_NS + 88031 * NS_PER_US + 270 * NS_PER_S);
    CHECK_STATUS(mf_igmp_router_group(r, &g232, &g), MF_STATUS_OK);
    CHECK(g.mode == MF_IGMP_FILTER_INCLUDE && g.number_of_sources == 3 && g.group_timer_ns == MF_IGMP_TIME_NONE);
    mf_igmp_source srcs[4];
    size_t n = 0;
    CHECK_STATUS(mf_igmp_router_sources(r, &g232, srcs, 4, &n), MF_STATUS_OK);
    CHECK(n == 3);
    for (size_t i = 0; i < n; i++) {
        CHECK(srcs[i].forwarding && srcs[i].expires_ns != MF_IGMP_TIME_NONE);
    }
    CHECK_STATUS(mf_igmp_router_sources(r, &g232, srcs, 2, &n), MF_STATUS_BUFFER_TOO_SMALL);
    CHECK(n == 3);
    CHECK_STATUS(mf_igmp_router_sources(r, &g232, NULL, 0, &n), MF_STATUS_BUFFER_TOO_SMALL);
    CHECK(source_is(r, "232.5.5.5", "10.1.0.2", true) && !source_is(r, "232.5.5.5", "10.1.0.9", true));
    CHECK(source_is(r, "239.1.1.1", "10.9.9.9", true));
    CHECK(has_event(log, MF_IGMP_EVENT_FORWARD, "239.1.1.1", NULL));
    CHECK(has_event(log, MF_IGMP_EVENT_FORWARD, "232.5.5.5", "10.1.0.3"));

    /* The rest: .2 dropped, 10.9.9.9 blocked on 239.1.1.1, 239.1.1.1 left, .1 and .3
     * dropped; then 5 s for the last member queries to run out. */
    replay(r, igmp_frames + 6, igmp_frame_lens + 6, igmp_times_us + 6, IGMP_FRAME_COUNT - 6, &me, log);
    run_until(r, BASE_NS + 5 * NS_PER_S, &me, log);
    CHECK_STATUS(mf_igmp_router_group_count(r, &count), MF_STATUS_OK);
    CHECK(count == 0);
    CHECK_STATUS(mf_igmp_router_group(r, &g239, &g), MF_STATUS_NOT_FOUND);
    CHECK_STATUS(mf_igmp_router_group_at(r, 0, &g), MF_STATUS_NOT_FOUND);
    CHECK(has_event(log, MF_IGMP_EVENT_STOP_FORWARDING, "232.5.5.5", "10.1.0.2"));
    CHECK(has_event(log, MF_IGMP_EVENT_STOP_FORWARDING, "239.1.1.1", NULL));
    CHECK(!source_is(r, "239.1.1.1", "10.9.9.9", true));

    /* The specific queries, as RFC 9776 §6.6.3 has them: Q(G,S) for each BLOCK, Q(G)
     * for the leave, LMQC = 2 times LMQI = 1 s apart, merged with retransmissions
     * already pending for the group. */
    static const struct {
        uint64_t rel_us;
        const char *group;
        size_t n;
        const char *sources[2];
    } want[] = {
        {1300014, "232.5.5.5", 1, {"10.1.0.2"}},
        {1700027, "239.1.1.1", 1, {"10.9.9.9"}},
        {2300014, "232.5.5.5", 1, {"10.1.0.2"}},
        {2504064, "232.5.5.5", 2, {"10.1.0.1", "10.1.0.3"}},
        {2700027, "239.1.1.1", 0, {0}},
        {2700027, "239.1.1.1", 1, {"10.9.9.9"}},
        {3504064, "232.5.5.5", 2, {"10.1.0.1", "10.1.0.3"}},
        {3700027, "239.1.1.1", 0, {0}},
    };
    size_t specific = 0;
    for (size_t i = 0; i < log->n_queries; i++) {
        const sent_query *q = &log->queries[i];
        if (q->kind == MF_IGMP_QUERY_GENERAL) {
            continue;
        }
        if (specific < sizeof want / sizeof want[0]) {
            CHECK(q->at_ns == BASE_NS + want[specific].rel_us * NS_PER_US);
            CHECK(ip_is(&q->group, want[specific].group));
            CHECK(q->n_sources == want[specific].n && !q->s_flag);
            CHECK(q->kind == (want[specific].n ? MF_IGMP_QUERY_GROUP_AND_SOURCE : MF_IGMP_QUERY_GROUP));
            for (size_t s = 0; s < q->n_sources && s < 2; s++) {
                CHECK(ip_is(&q->sources[s], want[specific].sources[s]));
            }
        }
        specific++;
    }
    CHECK(specific == sizeof want / sizeof want[0]);

    mf_igmp_router_counters c;
    CHECK_STATUS(mf_igmp_router_get_counters(r, &c), MF_STATUS_OK);
    CHECK(c.received == IGMP_FRAME_COUNT && c.accepted == IGMP_FRAME_COUNT && c.dropped_total == 0);
    CHECK(c.v3_reports == IGMP_FRAME_COUNT && c.group_queries_sent == 2 && c.source_queries_sent == 6);
    CHECK(c.general_queries_sent == 2 && c.events_lost == 0 && c.queries_lost == 0);
    size_t ev = 1, qu = 1;
    CHECK_STATUS(mf_igmp_router_pending(r, &ev, &qu), MF_STATUS_OK);
    CHECK(ev == 0 && qu == 0);
    free(log);
    mf_igmp_router_free(r);
}

static void test_mld_capture(void) {
    mf_ip_addr me = ip("fe80::1");
    mf_igmp_router *r = new_router("fe80::1");
    log_t *log = calloc(1, sizeof *log);
    run_until(r, BASE_NS - 1, &me, log);
    CHECK(log->n_queries == 2 && ip_is(&log->queries[0].group, "::"));
    log->n_queries = 0;
    replay(r, mld_frames, mld_frame_lens, mld_times_us, MLD_FRAME_COUNT, &me, log);
    run_until(r, BASE_NS + 5 * NS_PER_S, &me, log);
    mf_igmp_group g;
    mf_ip_addr ssm = ip("ff3e::8000:1"), asm_group = ip("ff15::1234");
    /* An SSM-aware router ignores the kernel's TO_EX({}) for an SSM group. */
    CHECK_STATUS(mf_igmp_router_group(r, &ssm, &g), MF_STATUS_NOT_FOUND);
    CHECK_STATUS(mf_igmp_router_group(r, &asm_group, &g), MF_STATUS_NOT_FOUND);
    CHECK(has_event(log, MF_IGMP_EVENT_FORWARD, "ff15::1234", NULL));
    CHECK(has_event(log, MF_IGMP_EVENT_STOP_FORWARDING, "ff15::1234", NULL));
    size_t specific = 0;
    for (size_t i = 0; i < log->n_queries; i++) {
        if (ip_is(&log->queries[i].group, "ff15::1234")) {
            CHECK(log->queries[i].kind == MF_IGMP_QUERY_GROUP);
            specific++;
        }
    }
    CHECK(specific == 2);
    mf_igmp_router_counters c;
    CHECK_STATUS(mf_igmp_router_get_counters(r, &c), MF_STATUS_OK);
    CHECK(c.dropped_total == 0 && c.records_ignored >= 1);
    free(log);
    mf_igmp_router_free(r);

    /* A router that is not SSM-aware takes the SSM join. */
    mf_igmp_router_config cfg;
    CHECK_STATUS(mf_igmp_router_config_init(&me, &cfg), MF_STATUS_OK);
    cfg.ssm_aware = false;
    CHECK_STATUS(mf_igmp_router_new(&cfg, 0, &r, NULL), MF_STATUS_OK);
    mf_igmp_router_result res;
    CHECK_STATUS(mf_igmp_router_receive(r, mld_frames[0] + 14, mld_frame_lens[0] - 14, 5, &res, NULL),
                 MF_STATUS_OK);
    CHECK_STATUS(mf_igmp_router_group(r, &ssm, &g), MF_STATUS_OK);
    CHECK(g.mode == MF_IGMP_FILTER_EXCLUDE && g.compatibility_version == 2);
    mf_igmp_router_config back;
    CHECK_STATUS(mf_igmp_router_get_config(r, &back), MF_STATUS_OK);
    CHECK(!back.ssm_aware && back.version == 2 && ip_eq(&back.address, &me));
    mf_igmp_router_free(r);
}

/* Takes the router's queued General Query as a packet. */
static size_t take_query(mf_igmp_router *r, uint8_t *buf, size_t cap) {
    size_t n = 0;
    CHECK_STATUS(mf_igmp_router_next_query(r, buf, cap, &n, NULL), MF_STATUS_OK);
    return n;
}

static void test_querier_election(void) {
    mf_igmp_router *a = new_router("10.77.0.1");
    mf_igmp_router *b = new_router("10.77.0.2");
    mf_igmp_querier qa, qb;
    CHECK_STATUS(mf_igmp_router_querier(b, &qb), MF_STATUS_OK);
    CHECK(qb.is_us && qb.has_address && ip_is(&qb.address, "10.77.0.2") && qb.next_general_query_ns == 0);
    CHECK(qb.startup_queries_left == 2);
    CHECK_STATUS(mf_igmp_router_poll(a, 0), MF_STATUS_OK);
    CHECK_STATUS(mf_igmp_router_poll(b, 0), MF_STATUS_OK);
    uint8_t qa_pkt[MF_IGMP_ROUTER_QUERY_BUF_LEN], qb_pkt[MF_IGMP_ROUTER_QUERY_BUF_LEN];
    size_t na = take_query(a, qa_pkt, sizeof qa_pkt), nb = take_query(b, qb_pkt, sizeof qb_pkt);
    mf_igmp_router_result res;
    /* b hears a's query: a has the lower address, b stops querying. */
    CHECK_STATUS(mf_igmp_router_receive(b, qa_pkt, na, 1000, &res, NULL), MF_STATUS_OK);
    CHECK(res.accepted == MF_IGMP_ACCEPTED_QUERY && res.query_kind == MF_IGMP_QUERY_GENERAL);
    CHECK(res.querier_changed && ip_is(&res.from, "10.77.0.1") && res.version == 3);
    CHECK_STATUS(mf_igmp_router_querier(b, &qb), MF_STATUS_OK);
    CHECK(!qb.is_us && ip_is(&qb.address, "10.77.0.1") && qb.next_general_query_ns == MF_IGMP_TIME_NONE);
    /* Other Querier Present Interval: RV x QI + QRI / 2 = 255 s. */
    CHECK(qb.other_querier_present_ns == 1000 + 255 * NS_PER_S);
    /* a hears b's query: a stays querier. */
    CHECK_STATUS(mf_igmp_router_receive(a, qb_pkt, nb, 1000, &res, NULL), MF_STATUS_OK);
    CHECK(res.accepted == MF_IGMP_ACCEPTED_QUERY && !res.querier_changed);
    CHECK_STATUS(mf_igmp_router_querier(a, &qa), MF_STATUS_OK);
    CHECK(qa.is_us && ip_is(&qa.address, "10.77.0.1"));
    /* a's own query looped back is dropped. */
    CHECK_STATUS(mf_igmp_router_receive(a, qa_pkt, na, 1000, &res, NULL), MF_STATUS_OK);
    CHECK(res.drop_reason == MF_IGMP_DROP_OWN_QUERY && res.accepted == MF_IGMP_ACCEPTED_NONE);
    /* b sends nothing while a queries. */
    uint64_t t = 0;
    size_t ev, qu;
    CHECK_STATUS(mf_igmp_router_poll(b, 200 * NS_PER_S), MF_STATUS_OK);
    CHECK_STATUS(mf_igmp_router_pending(b, &ev, &qu), MF_STATUS_OK);
    CHECK(qu == 0);
    /* a goes silent: when the timer runs out, b takes over and queries at once. */
    CHECK_STATUS(mf_igmp_router_next_deadline(b, &t), MF_STATUS_OK);
    CHECK(t == 1000 + 255 * NS_PER_S);
    CHECK_STATUS(mf_igmp_router_poll(b, t), MF_STATUS_OK);
    CHECK_STATUS(mf_igmp_router_querier(b, &qb), MF_STATUS_OK);
    CHECK(qb.is_us && ip_is(&qb.address, "10.77.0.2") && qb.other_querier_present_ns == MF_IGMP_TIME_NONE);
    mf_igmp_query q;
    CHECK_STATUS(mf_igmp_router_peek_query(b, &q), MF_STATUS_OK);
    CHECK(q.kind == MF_IGMP_QUERY_GENERAL && ip_is(&q.destination, "224.0.0.1"));
    CHECK(q.max_response_ns == 10 * NS_PER_S && q.qrv == 2 && q.qqic == 125);
    mf_igmp_router_counters c;
    CHECK_STATUS(mf_igmp_router_get_counters(b, &c), MF_STATUS_OK);
    CHECK(c.became_querier == 2 && c.lost_querier == 1 && c.general_queries_received == 1);
    CHECK_STATUS(mf_igmp_router_get_counters(a, &c), MF_STATUS_OK);
    CHECK(c.became_querier == 1 && c.lost_querier == 0 && c.dropped[MF_IGMP_DROP_OWN_QUERY] == 1);
    /* The query as an Ethernet frame: to 01:00:5e:00:00:01 from our MAC. */
    uint8_t frame[MF_IGMP_ROUTER_QUERY_BUF_LEN];
    size_t n = 0;
    CHECK_STATUS(mf_igmp_router_next_query_frame(b, MAC, frame, 20, &n, NULL), MF_STATUS_BUFFER_TOO_SMALL);
    CHECK(n == q.packet_len + 14);
    CHECK_STATUS(mf_igmp_router_next_query_frame(b, MAC, frame, sizeof frame, &n, NULL), MF_STATUS_OK);
    static const uint8_t dst_mac[6] = {0x01, 0x00, 0x5e, 0x00, 0x00, 0x01};
    CHECK(n == q.packet_len + 14 && memcmp(frame, dst_mac, 6) == 0 && memcmp(frame + 6, MAC, 6) == 0);
    mf_igmp_packet p;
    CHECK_STATUS(mf_igmp_parse_packet(frame, n, 14, &p, NULL), MF_STATUS_OK);
    CHECK(ip_is(&p.src, "10.77.0.2") && p.message.kind == MF_IGMP_KIND_QUERY_V3);
    mf_igmp_router_free(a);
    mf_igmp_router_free(b);

    /* A router that may not be querier never queries, and follows whoever does. */
    mf_ip_addr me = ip("10.77.0.3");
    mf_igmp_router_config cfg;
    CHECK_STATUS(mf_igmp_router_config_init(&me, &cfg), MF_STATUS_OK);
    cfg.querier = false;
    CHECK_STATUS(mf_igmp_router_new(&cfg, 0, &a, NULL), MF_STATUS_OK);
    CHECK_STATUS(mf_igmp_router_querier(a, &qa), MF_STATUS_OK);
    CHECK(!qa.is_us && !qa.has_address);
    CHECK_STATUS(mf_igmp_router_next_deadline(a, &t), MF_STATUS_OK);
    CHECK(t == MF_IGMP_TIME_NONE);
    CHECK_STATUS(mf_igmp_router_receive(a, qb_pkt, nb, 5, &res, NULL), MF_STATUS_OK);
    CHECK_STATUS(mf_igmp_router_querier(a, &qa), MF_STATUS_OK);
    CHECK(!qa.is_us && qa.has_address && ip_is(&qa.address, "10.77.0.2"));
    mf_igmp_router_free(a);
}

/* RFC 1071 checksum of `n` bytes (n even). */
static uint16_t inet_sum(const uint8_t *b, size_t n) {
    uint32_t s = 0;
    for (size_t i = 0; i + 1 < n; i += 2) {
        s += (uint32_t)(b[i] << 8 | b[i + 1]);
    }
    while (s >> 16) {
        s = (s & 0xffff) + (s >> 16);
    }
    return (uint16_t)~s;
}

static void fix_ipv4_checksum(uint8_t *p) {
    size_t ihl = (size_t)(p[0] & 0x0f) * 4;
    p[10] = p[11] = 0;
    uint16_t c = inet_sum(p, ihl);
    p[10] = (uint8_t)(c >> 8);
    p[11] = (uint8_t)c;
}

static void fix_igmp_checksum(uint8_t *p, size_t n) {
    size_t ihl = (size_t)(p[0] & 0x0f) * 4;
    p[ihl + 2] = p[ihl + 3] = 0;
    uint16_t c = inet_sum(p + ihl, n - ihl);
    p[ihl + 2] = (uint8_t)(c >> 8);
    p[ihl + 3] = (uint8_t)c;
}

/* An IGMP message of `kind` about `group`, as an IPv4 packet from `src` to `dst`
 * (NULL: the RFC's) with Router Alert and TTL 1, into `out`; returns its length. */
static size_t igmp_packet(mf_igmp_kind kind, const char *group, const char *src, const char *dst, uint8_t *out,
                          size_t cap) {
    mf_igmp_spec spec;
    CHECK_STATUS(mf_igmp_spec_init(kind, &spec), MF_STATUS_OK);
    spec.group = ip(group);
    mf_ip_addr s = ip(src), d = dst ? ip(dst) : ip("0.0.0.0");
    uint8_t frame[256];
    size_t n = 0;
    CHECK_STATUS(mf_igmp_frame(&spec, MAC, &s, dst ? &d : NULL, frame, sizeof frame, &n, NULL), MF_STATUS_OK);
    if (n < 14 || n - 14 > cap) {
        return 0;
    }
    memcpy(out, frame + 14, n - 14);
    return n - 14;
}

static mf_igmp_drop_reason receive_drop(mf_igmp_router *r, const uint8_t *p, size_t n, mf_igmp_router_result *res) {
    CHECK_STATUS(mf_igmp_router_receive(r, p, n, 1000, res, NULL), MF_STATUS_OK);
    CHECK((res->accepted == MF_IGMP_ACCEPTED_NONE) == (res->drop_reason != MF_IGMP_DROP_NONE));
    return res->drop_reason;
}

static void test_drop_reasons(void) {
    mf_igmp_router *r = new_router("10.77.0.1");
    mf_igmp_router_result res;
    uint8_t p[256];
    size_t n;
    unsigned want[MF_IGMP_DROP_REASON_COUNT] = {0};

    /* Malformed: an IPv4 header cut short; the detail says where. */
    n = igmp_packet(MF_IGMP_KIND_V2_REPORT, "239.1.1.1", "10.77.0.2", NULL, p, sizeof p);
    CHECK(receive_drop(r, p, 10, &res) == MF_IGMP_DROP_MALFORMED);
    CHECK(res.has_detail && res.detail.status == MF_STATUS_TRUNCATED && res.detail.layer == MF_LAYER_IPV4);
    want[MF_IGMP_DROP_MALFORMED]++;
    /* A 9-byte query (RFC 9776 §7.1: neither v1/v2 nor v3). */
    n = igmp_packet(MF_IGMP_KIND_QUERY_V2, "0.0.0.0", "10.77.0.9", NULL, p, sizeof p);
    {
        uint8_t q[64];
        memcpy(q, p, n);
        q[n] = 0;
        q[3] = (uint8_t)(n + 1); /* Total Length */
        fix_ipv4_checksum(q);
        fix_igmp_checksum(q, n + 1);
        CHECK(receive_drop(r, q, n + 1, &res) == MF_IGMP_DROP_MALFORMED);
        CHECK(res.has_detail && res.detail.layer == MF_LAYER_IGMP);
        want[MF_IGMP_DROP_MALFORMED]++;
    }
    /* Not IGMP: protocol 17. */
    n = igmp_packet(MF_IGMP_KIND_V2_REPORT, "239.1.1.1", "10.77.0.2", NULL, p, sizeof p);
    p[9] = 17;
    fix_ipv4_checksum(p);
    CHECK(receive_drop(r, p, n, &res) == MF_IGMP_DROP_NOT_IGMP);
    CHECK(res.has_detail && res.detail.layer == MF_LAYER_IPV4);
    want[MF_IGMP_DROP_NOT_IGMP]++;
    /* An IGMP type that is not IGMP's (0x13, DVMRP-era). */
    n = igmp_packet(MF_IGMP_KIND_V2_REPORT, "239.1.1.1", "10.77.0.2", NULL, p, sizeof p);
    p[24] = 0x13;
    fix_igmp_checksum(p, n);
    CHECK(receive_drop(r, p, n, &res) == MF_IGMP_DROP_UNKNOWN_TYPE);
    want[MF_IGMP_DROP_UNKNOWN_TYPE]++;
    /* A wrong IGMP checksum: the detail has both values. */
    n = igmp_packet(MF_IGMP_KIND_V2_REPORT, "239.1.1.1", "10.77.0.2", NULL, p, sizeof p);
    p[26] ^= 0x55;
    CHECK(receive_drop(r, p, n, &res) == MF_IGMP_DROP_BAD_CHECKSUM);
    CHECK(res.has_detail && res.detail.status == MF_STATUS_CHECKSUM && res.detail.found != res.detail.computed);
    CHECK(res.detail.layer == MF_LAYER_IGMP && res.detail.has_offset && res.detail.offset == 26);
    want[MF_IGMP_DROP_BAD_CHECKSUM]++;
    /* A wrong IPv4 header checksum. */
    n = igmp_packet(MF_IGMP_KIND_V2_REPORT, "239.1.1.1", "10.77.0.2", NULL, p, sizeof p);
    p[10] ^= 1;
    CHECK(receive_drop(r, p, n, &res) == MF_IGMP_DROP_BAD_CHECKSUM);
    CHECK(res.has_detail && res.detail.layer == MF_LAYER_IPV4 && res.detail.offset == 10);
    want[MF_IGMP_DROP_BAD_CHECKSUM]++;
    /* TTL 2. */
    n = igmp_packet(MF_IGMP_KIND_V2_REPORT, "239.1.1.1", "10.77.0.2", NULL, p, sizeof p);
    p[8] = 2;
    fix_ipv4_checksum(p);
    CHECK(receive_drop(r, p, n, &res) == MF_IGMP_DROP_BAD_TTL && !res.has_detail);
    want[MF_IGMP_DROP_BAD_TTL]++;
    /* No Router Alert: the same report with a 20-byte header. */
    n = igmp_packet(MF_IGMP_KIND_V2_REPORT, "239.1.1.1", "10.77.0.2", NULL, p, sizeof p);
    {
        uint8_t q[64];
        memcpy(q, p, 20);
        memcpy(q + 20, p + 24, n - 24);
        q[0] = 0x45;
        q[3] = (uint8_t)(n - 4);
        fix_ipv4_checksum(q);
        CHECK(receive_drop(r, q, n - 4, &res) == MF_IGMP_DROP_NO_ROUTER_ALERT);
        want[MF_IGMP_DROP_NO_ROUTER_ALERT]++;
    }
    /* A query from 0.0.0.0. */
    n = igmp_packet(MF_IGMP_KIND_QUERY_V3, "0.0.0.0", "0.0.0.0", NULL, p, sizeof p);
    CHECK(receive_drop(r, p, n, &res) == MF_IGMP_DROP_BAD_SOURCE);
    want[MF_IGMP_DROP_BAD_SOURCE]++;
    /* A report to a unicast address that is not ours. */
    n = igmp_packet(MF_IGMP_KIND_V2_REPORT, "239.1.1.1", "10.77.0.2", "10.77.0.9", p, sizeof p);
    CHECK(receive_drop(r, p, n, &res) == MF_IGMP_DROP_WRONG_DESTINATION);
    want[MF_IGMP_DROP_WRONG_DESTINATION]++;
    /* A report for the all-systems group. */
    n = igmp_packet(MF_IGMP_KIND_V2_REPORT, "224.0.0.1", "10.77.0.2", NULL, p, sizeof p);
    CHECK(receive_drop(r, p, n, &res) == MF_IGMP_DROP_INVALID_GROUP);
    want[MF_IGMP_DROP_INVALID_GROUP]++;
    /* An IGMPv2 report for an SSM group (RFC 9776 §7.3.2). */
    n = igmp_packet(MF_IGMP_KIND_V2_REPORT, "232.1.1.1", "10.77.0.2", NULL, p, sizeof p);
    CHECK(receive_drop(r, p, n, &res) == MF_IGMP_DROP_SSM_OLDER_VERSION);
    want[MF_IGMP_DROP_SSM_OLDER_VERSION]++;
    /* Our own query. */
    n = igmp_packet(MF_IGMP_KIND_QUERY_V3, "0.0.0.0", "10.77.0.1", NULL, p, sizeof p);
    CHECK(receive_drop(r, p, n, &res) == MF_IGMP_DROP_OWN_QUERY);
    want[MF_IGMP_DROP_OWN_QUERY]++;
    /* An accepted IGMPv2 report and leave, for contrast. */
    n = igmp_packet(MF_IGMP_KIND_V2_REPORT, "239.1.1.1", "10.77.0.2", NULL, p, sizeof p);
    CHECK(receive_drop(r, p, n, &res) == MF_IGMP_DROP_NONE);
    CHECK(res.accepted == MF_IGMP_ACCEPTED_REPORT && res.version == 2 && ip_is(&res.group, "239.1.1.1"));
    n = igmp_packet(MF_IGMP_KIND_V2_LEAVE, "239.1.1.1", "10.77.0.2", NULL, p, sizeof p);
    CHECK(receive_drop(r, p, n, &res) == MF_IGMP_DROP_NONE);
    CHECK(res.accepted == MF_IGMP_ACCEPTED_LEAVE && ip_is(&res.from, "10.77.0.2"));
    /* Every counter agrees with what was seen. */
    mf_igmp_router_counters c;
    CHECK_STATUS(mf_igmp_router_get_counters(r, &c), MF_STATUS_OK);
    unsigned total = 0;
    for (size_t i = 0; i < MF_IGMP_DROP_REASON_COUNT; i++) {
        CHECK(c.dropped[i] == want[i]);
        total += want[i];
    }
    CHECK(c.dropped_total == total && c.accepted == 2 && c.received == total + 2);
    CHECK(c.v2_reports == 1 && c.leaves == 1);
    mf_igmp_router_free(r);

    /* Off-link: a router on 10.77.0.0/24 and a report from 10.78.0.2. */
    mf_ip_addr me = ip("10.77.0.1");
    mf_igmp_router_config cfg;
    CHECK_STATUS(mf_igmp_router_config_init(&me, &cfg), MF_STATUS_OK);
    cfg.has_prefix_len = true;
    cfg.prefix_len = 24;
    CHECK_STATUS(mf_igmp_router_new(&cfg, 0, &r, NULL), MF_STATUS_OK);
    n = igmp_packet(MF_IGMP_KIND_V2_REPORT, "239.1.1.1", "10.78.0.2", NULL, p, sizeof p);
    CHECK(receive_drop(r, p, n, &res) == MF_IGMP_DROP_OFF_LINK);
    n = igmp_packet(MF_IGMP_KIND_V2_REPORT, "239.1.1.1", "10.77.0.200", NULL, p, sizeof p);
    CHECK(receive_drop(r, p, n, &res) == MF_IGMP_DROP_NONE);
    mf_igmp_router_free(r);

    /* An IGMPv2 router does not know IGMPv3 reports. */
    CHECK_STATUS(mf_igmp_router_config_init(&me, &cfg), MF_STATUS_OK);
    cfg.version = 2;
    CHECK_STATUS(mf_igmp_router_new(&cfg, 0, &r, NULL), MF_STATUS_OK);
    CHECK(receive_drop(r, igmp_frames[0] + 14, igmp_frame_lens[0] - 14, &res) == MF_IGMP_DROP_UNSUPPORTED_VERSION);
    /* Its queries are IGMPv2 queries. */
    CHECK_STATUS(mf_igmp_router_poll(r, 0), MF_STATUS_OK);
    mf_igmp_query q;
    CHECK_STATUS(mf_igmp_router_peek_query(r, &q), MF_STATUS_OK);
    CHECK(q.version == 2 && q.packet_len == 24 + 8);
    mf_igmp_router_free(r);

    /* An IGMPv1 router ignores leaves (RFC 9776 §7.3.1). */
    cfg.version = 1;
    CHECK_STATUS(mf_igmp_router_new(&cfg, 0, &r, NULL), MF_STATUS_OK);
    n = igmp_packet(MF_IGMP_KIND_V2_LEAVE, "239.1.1.1", "10.77.0.2", NULL, p, sizeof p);
    CHECK(receive_drop(r, p, n, &res) == MF_IGMP_DROP_IGNORED_BY_COMPATIBILITY);
    mf_igmp_router_free(r);

    /* MLD: a report from a global address, a report with hop limit 2. */
    r = new_router("fe80::1");
    mf_mld_spec ms;
    CHECK_STATUS(mf_mld_spec_init(MF_MLD_KIND_V1_REPORT, &ms), MF_STATUS_OK);
    ms.group = ip("ff15::1");
    mf_ip_addr global = ip("2001:db8::2"), ll = ip("fe80::2");
    uint8_t frame[256];
    CHECK_STATUS(mf_mld_frame(&ms, MAC, &global, NULL, frame, sizeof frame, &n, NULL), MF_STATUS_OK);
    CHECK(receive_drop(r, frame + 14, n - 14, &res) == MF_IGMP_DROP_BAD_SOURCE);
    CHECK_STATUS(mf_mld_frame(&ms, MAC, &ll, NULL, frame, sizeof frame, &n, NULL), MF_STATUS_OK);
    frame[14 + 7] = 2;
    CHECK(receive_drop(r, frame + 14, n - 14, &res) == MF_IGMP_DROP_BAD_TTL);
    frame[14 + 7] = 1;
    CHECK(receive_drop(r, frame + 14, n - 14, &res) == MF_IGMP_DROP_NONE);
    CHECK(res.accepted == MF_IGMP_ACCEPTED_REPORT && res.version == 1 && ip_is(&res.from, "fe80::2"));
    /* An IPv4 packet to an MLD router is malformed for it. */
    CHECK(receive_drop(r, igmp_frames[0] + 14, igmp_frame_lens[0] - 14, &res) == MF_IGMP_DROP_MALFORMED);
    CHECK(res.has_detail && res.detail.layer == MF_LAYER_IPV6);
    mf_igmp_router_free(r);

    /* Names. */
    CHECK_STR(mf_igmp_drop_reason_str(MF_IGMP_DROP_BAD_CHECKSUM), "bad-checksum");
    CHECK_STR(mf_igmp_drop_reason_str(MF_IGMP_DROP_IGNORED_BY_COMPATIBILITY), "ignored-by-compatibility");
    CHECK_STR(mf_igmp_drop_reason_str(MF_IGMP_DROP_NONE), "none");
    CHECK_STR(mf_igmp_drop_reason_str(99), "unknown drop reason");
}

static void test_limits(void) {
    mf_igmp_router *r = new_router("10.77.0.1");
    mf_igmp_router_result res;
    uint8_t p[64];
    char group[32];
    /* One IGMPv2 report per group: the table holds MF_IGMP_ROUTER_MAX_GROUPS. */
    for (unsigned i = 0; i <= MF_IGMP_ROUTER_MAX_GROUPS; i++) {
        snprintf(group, sizeof group, "239.2.%u.%u", i / 256, i % 256);
        size_t n = igmp_packet(MF_IGMP_KIND_V2_REPORT, group, "10.77.0.2", NULL, p, sizeof p);
        CHECK_STATUS(mf_igmp_router_receive(r, p, n, 1000, &res, NULL), MF_STATUS_OK);
    }
    size_t count = 0, ev = 0, qu = 0;
    CHECK_STATUS(mf_igmp_router_group_count(r, &count), MF_STATUS_OK);
    CHECK(count == MF_IGMP_ROUTER_MAX_GROUPS);
    CHECK_STATUS(mf_igmp_router_pending(r, &ev, &qu), MF_STATUS_OK);
    CHECK(ev == MF_IGMP_ROUTER_MAX_GROUPS + 1);
    mf_igmp_event e;
    for (size_t i = 0; i < MF_IGMP_ROUTER_MAX_GROUPS; i++) {
        CHECK_STATUS(mf_igmp_router_next_event(r, &e), MF_STATUS_OK);
    }
    CHECK_STATUS(mf_igmp_router_next_event(r, &e), MF_STATUS_OK);
    CHECK(e.kind == MF_IGMP_EVENT_GROUP_LIMIT && ip_is(&e.group, "239.2.4.0") && !e.has_source);
    CHECK_STATUS(mf_igmp_router_next_event(r, &e), MF_STATUS_END);
    mf_igmp_group g;
    CHECK_STATUS(mf_igmp_router_group_at(r, MF_IGMP_ROUTER_MAX_GROUPS - 1, &g), MF_STATUS_OK);
    CHECK_STATUS(mf_igmp_router_group_at(r, MF_IGMP_ROUTER_MAX_GROUPS, &g), MF_STATUS_NOT_FOUND);
    mf_igmp_router_counters c;
    CHECK_STATUS(mf_igmp_router_get_counters(r, &c), MF_STATUS_OK);
    CHECK(c.group_limit == 1);
    mf_igmp_router_free(r);

    /* ALLOW with MF_IGMP_ROUTER_MAX_SOURCES + 1 sources: the last one does not fit. */
    r = new_router("10.77.0.1");
    mf_ip_addr srcs[MF_IGMP_ROUTER_MAX_SOURCES + 1];
    for (unsigned i = 0; i < MF_IGMP_ROUTER_MAX_SOURCES + 1; i++) {
        srcs[i] = ip4(10, 1, 0, (uint8_t)(i + 1));
    }
    mf_group_record_spec rec = {MF_RECORD_TYPE_ALLOW_NEW_SOURCES, ip("232.1.1.1"), srcs,
                                MF_IGMP_ROUTER_MAX_SOURCES + 1, NULL, 0};
    mf_igmp_spec spec;
    CHECK_STATUS(mf_igmp_spec_init(MF_IGMP_KIND_V3_REPORT, &spec), MF_STATUS_OK);
    spec.records = &rec;
    spec.number_of_records = 1;
    mf_ip_addr host = ip("10.77.0.2");
    uint8_t frame[600];
    size_t n = 0;
    CHECK_STATUS(mf_igmp_frame(&spec, MAC, &host, NULL, frame, sizeof frame, &n, NULL), MF_STATUS_OK);
    CHECK_STATUS(mf_igmp_router_receive(r, frame + 14, n - 14, 1000, &res, NULL), MF_STATUS_OK);
    CHECK(res.accepted == MF_IGMP_ACCEPTED_REPORT_V3 && res.records_applied == 1);
    unsigned forward = 0, limit = 0;
    while (mf_igmp_router_next_event(r, &e) == MF_STATUS_OK) {
        forward += e.kind == MF_IGMP_EVENT_FORWARD && e.has_source;
        if (e.kind == MF_IGMP_EVENT_SOURCE_LIMIT) {
            limit++;
            CHECK(ip_is(&e.source, "10.1.0.65") && ip_is(&e.group, "232.1.1.1"));
        }
    }
    CHECK(forward == MF_IGMP_ROUTER_MAX_SOURCES && limit == 1);
    mf_igmp_router_free(r);
}

static void test_bad_arguments(void) {
    mf_igmp_router *r = new_router("10.77.0.1");
    mf_igmp_router_config cfg;
    mf_igmp_router_result res;
    mf_error err;
    mf_ip_addr me = ip("10.77.0.1"), v6 = ip("fe80::1"), g = ip("239.1.1.1");
    uint8_t buf[64];
    size_t n = 0;
    uint64_t t = 0;
    bool f = false;

    CHECK_STATUS(mf_igmp_router_config_init(NULL, &cfg), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_igmp_router_config_init(&me, NULL), MF_STATUS_NULL_POINTER);
    mf_ip_addr bad_family = me;
    bad_family.family = 5;
    CHECK_STATUS(mf_igmp_router_config_init(&bad_family, &cfg), MF_STATUS_INVALID_ARGUMENT);

    /* Every configuration check, with the field named. */
    mf_igmp_router *out = NULL;
    CHECK_STATUS(mf_igmp_router_config_init(&me, &cfg), MF_STATUS_OK);
    cfg.version = 0;
    CHECK_STATUS(mf_igmp_router_new(&cfg, 0, &out, &err), MF_STATUS_INVALID_ARGUMENT);
    CHECK_STR(err.field, "config.version");
    CHECK(out == NULL);
    cfg.version = 3;
    cfg.timers.query_response_interval_ns = cfg.timers.query_interval_ns;
    CHECK_STATUS(mf_igmp_router_new(&cfg, 0, &out, &err), MF_STATUS_OUT_OF_RANGE);
    CHECK_STR(err.field, "Query Response Interval");
    CHECK_STATUS(mf_igmp_router_config_init(&me, &cfg), MF_STATUS_OK);
    cfg.timers.last_member_query_interval_ns = 0;
    CHECK_STATUS(mf_igmp_router_new(&cfg, 0, &out, &err), MF_STATUS_OUT_OF_RANGE);
    CHECK_STATUS(mf_igmp_router_config_init(&me, &cfg), MF_STATUS_OK);
    cfg.has_prefix_len = true;
    cfg.prefix_len = 33;
    CHECK_STATUS(mf_igmp_router_new(&cfg, 0, &out, &err), MF_STATUS_OUT_OF_RANGE);
    CHECK_STR(err.field, "config.prefix_len");
    CHECK(err.found == 33 && err.max == 32);
    CHECK_STATUS(mf_igmp_router_config_init(&me, &cfg), MF_STATUS_OK);
    cfg.mtu = 39;
    CHECK_STATUS(mf_igmp_router_new(&cfg, 0, &out, &err), MF_STATUS_OUT_OF_RANGE);
    CHECK_STR(err.field, "mtu");
    CHECK_STATUS(mf_igmp_router_config_init(&me, &cfg), MF_STATUS_OK);
    cfg.address = ip("224.0.0.5");
    CHECK_STATUS(mf_igmp_router_new(&cfg, 0, &out, &err), MF_STATUS_INVALID_ARGUMENT);
    CHECK_STR(err.field, "address");
    CHECK_STATUS(mf_igmp_router_config_init(&v6, &cfg), MF_STATUS_OK);
    CHECK(cfg.version == 2);
    cfg.version = 3;
    CHECK_STATUS(mf_igmp_router_new(&cfg, 0, &out, &err), MF_STATUS_INVALID_ARGUMENT);
    cfg.version = 2;
    cfg.address = ip("2001:db8::1");
    CHECK_STATUS(mf_igmp_router_new(&cfg, 0, &out, &err), MF_STATUS_INVALID_ARGUMENT);
    cfg.address.family = 0;
    CHECK_STATUS(mf_igmp_router_new(&cfg, 0, &out, &err), MF_STATUS_INVALID_ARGUMENT);
    CHECK_STR(err.field, "config.address");
    CHECK(out == NULL);
    CHECK_STATUS(mf_igmp_router_new(NULL, 0, &out, &err), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_igmp_router_new(&cfg, 0, NULL, &err), MF_STATUS_NULL_POINTER);

    /* NULL everywhere. */
    CHECK_STATUS(mf_igmp_router_receive(NULL, buf, 8, 0, &res, &err), MF_STATUS_NULL_POINTER);
    CHECK_STR(err.field, "router");
    CHECK_STATUS(mf_igmp_router_receive(r, NULL, 8, 0, &res, &err), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_igmp_router_receive(r, buf, 8, 0, NULL, &err), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_igmp_router_receive(r, buf, (size_t)-1, 0, &res, &err), MF_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(mf_igmp_router_poll(NULL, 0), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_igmp_router_next_deadline(NULL, &t), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_igmp_router_next_deadline(r, NULL), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_igmp_router_next_event(r, NULL), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_igmp_router_peek_query(r, NULL), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_igmp_router_next_query(r, NULL, 8, &n, NULL), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_igmp_router_next_query(r, buf, 8, NULL, NULL), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_igmp_router_next_query_frame(r, NULL, buf, 8, &n, NULL), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_igmp_router_pending(r, NULL, &n), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_igmp_router_querier(r, NULL), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_igmp_router_get_counters(NULL, NULL), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_igmp_router_get_config(r, NULL), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_igmp_router_timers(r, NULL), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_igmp_router_group_count(r, NULL), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_igmp_router_group_at(r, 0, NULL), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_igmp_router_group(r, NULL, NULL), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_igmp_router_sources(r, &g, NULL, 0, NULL), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_igmp_router_forwards(r, &g, NULL, &f), MF_STATUS_NULL_POINTER);
    mf_igmp_router_free(NULL);

    /* Addresses of the other family. */
    mf_igmp_group gr;
    CHECK_STATUS(mf_igmp_router_group(r, &v6, &gr), MF_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(mf_igmp_router_forwards(r, &g, &v6, &f), MF_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(mf_igmp_router_sources(r, &v6, NULL, 0, &n), MF_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(mf_igmp_router_sources(r, &g, NULL, 0, &n), MF_STATUS_NOT_FOUND);

    /* The timers in use are the configured ones until a querier says otherwise. */
    mf_igmp_timers tm;
    CHECK_STATUS(mf_igmp_router_timers(r, &tm), MF_STATUS_OK);
    CHECK(tm.robustness == 2 && tm.query_interval_ns == 125 * NS_PER_S && tm.query_response_interval_ns == 10 * NS_PER_S);
    CHECK(tm.last_member_query_interval_ns == NS_PER_S);
    mf_igmp_router_free(r);
}

/* Every frame of the capture, cut at every length and with bytes changed: the router
 * always answers with a status and a result, and counts every packet. */
static void test_mutations(void) {
    mf_igmp_router *r = new_router("10.77.0.1");
    mf_igmp_router *r6 = new_router("fe80::1");
    mf_igmp_router_result res;
    uint64_t fed = 0, fed6 = 0, accepted = 0, dropped = 0;
    uint8_t p[256];
    uint32_t x = 0x2545F491u;
    for (size_t f = 0; f < IGMP_FRAME_COUNT + MLD_FRAME_COUNT; f++) {
        int v4 = f < IGMP_FRAME_COUNT;
        const uint8_t *src = v4 ? igmp_frames[f] + 14 : mld_frames[f - IGMP_FRAME_COUNT] + 14;
        size_t len = (v4 ? igmp_frame_lens[f] : mld_frame_lens[f - IGMP_FRAME_COUNT]) - 14;
        mf_igmp_router *target = v4 ? r : r6;
        for (size_t cut = 0; cut <= len; cut++) {
            CHECK_STATUS(mf_igmp_router_receive(target, src, cut, fed * 1000, &res, NULL), MF_STATUS_OK);
            *(v4 ? &fed : &fed6) += 1;
        }
        for (unsigned round = 0; round < 200; round++) {
            memcpy(p, src, len);
            for (unsigned k = 0; k < 1 + round % 4; k++) {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                p[x % len] ^= (uint8_t)(x >> 8);
            }
            mf_status s = mf_igmp_router_receive(target, p, len, fed * 1000, &res, NULL);
            CHECK(s == MF_STATUS_OK);
            *(v4 ? &fed : &fed6) += 1;
            if (res.drop_reason == MF_IGMP_DROP_NONE) {
                accepted++;
            } else {
                dropped++;
                CHECK(!res.has_detail || res.detail.status != MF_STATUS_OK);
            }
            (void)mf_igmp_router_poll(target, fed * 1000);
            mf_igmp_event e;
            while (mf_igmp_router_next_event(target, &e) == MF_STATUS_OK) {
            }
            uint8_t q[MF_IGMP_ROUTER_QUERY_BUF_LEN];
            size_t n;
            while (mf_igmp_router_next_query(target, q, sizeof q, &n, NULL) == MF_STATUS_OK) {
            }
        }
    }
    mf_igmp_router_counters c;
    CHECK_STATUS(mf_igmp_router_get_counters(r, &c), MF_STATUS_OK);
    CHECK(c.received == fed && c.accepted + c.dropped_total == fed);
    CHECK_STATUS(mf_igmp_router_get_counters(r6, &c), MF_STATUS_OK);
    CHECK(c.received == fed6 && c.accepted + c.dropped_total == fed6);
    CHECK(accepted > 0 && dropped > 0);
    printf("mutations: %llu accepted, %llu dropped\n", (unsigned long long)accepted, (unsigned long long)dropped);
    mf_igmp_router_free(r);
    mf_igmp_router_free(r6);
}

int main(void) {
    test_igmp_capture();
    test_mld_capture();
    test_querier_election();
    test_drop_reasons();
    test_limits();
    test_bad_arguments();
    test_mutations();
    return test_summary("test_igmp_router");
}
