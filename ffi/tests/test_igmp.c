/*
 * C11 tests of the IGMP and MLD API against real frames (igmp_frames.h: every frame the
 * Linux kernel sent in the shared captures): every frame parses as an IPv4/IPv6 packet
 * with the records tshark shows, and is framed again byte for byte from what was read;
 * queries of every version are built and read back; the codes round-trip; and every
 * kind of bad input is a typed status with its layer, offset and field, never a crash
 * (run under valgrind and ASan/UBSan by run.sh).
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "igmp_frames.h"
#include "test_common.h"

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

/* What tshark shows for each record of the captures. */
typedef struct {
    uint8_t record_type;
    const char *group;
    size_t n_sources;
    const char *sources[2];
} want_record;

typedef struct {
    size_t n_records;
    want_record records[2];
} want_report;

static const want_report igmp_want[IGMP_FRAME_COUNT] = {
    {1, {{MF_RECORD_TYPE_CHANGE_TO_EXCLUDE_MODE, "239.1.1.1", 0, {0}}}},
    {1, {{MF_RECORD_TYPE_CHANGE_TO_EXCLUDE_MODE, "239.1.1.1", 0, {0}}}},
    {1, {{MF_RECORD_TYPE_ALLOW_NEW_SOURCES, "232.5.5.5", 1, {"10.1.0.1"}}}},
    {1, {{MF_RECORD_TYPE_ALLOW_NEW_SOURCES, "232.5.5.5", 2, {"10.1.0.1", "10.1.0.2"}}}},
    {1, {{MF_RECORD_TYPE_ALLOW_NEW_SOURCES, "232.5.5.5", 1, {"10.1.0.2"}}}},
    {1, {{MF_RECORD_TYPE_ALLOW_NEW_SOURCES, "232.5.5.5", 1, {"10.1.0.3"}}}},
    {2,
     {{MF_RECORD_TYPE_ALLOW_NEW_SOURCES, "232.5.5.5", 1, {"10.1.0.3"}},
      {MF_RECORD_TYPE_BLOCK_OLD_SOURCES, "232.5.5.5", 1, {"10.1.0.2"}}}},
    {2,
     {{MF_RECORD_TYPE_BLOCK_OLD_SOURCES, "232.5.5.5", 1, {"10.1.0.2"}},
      {MF_RECORD_TYPE_BLOCK_OLD_SOURCES, "239.1.1.1", 1, {"10.9.9.9"}}}},
    {1, {{MF_RECORD_TYPE_BLOCK_OLD_SOURCES, "239.1.1.1", 1, {"10.9.9.9"}}}},
    {1, {{MF_RECORD_TYPE_CHANGE_TO_INCLUDE_MODE, "239.1.1.1", 0, {0}}}},
    {2,
     {{MF_RECORD_TYPE_BLOCK_OLD_SOURCES, "232.5.5.5", 2, {"10.1.0.3", "10.1.0.1"}},
      {MF_RECORD_TYPE_CHANGE_TO_INCLUDE_MODE, "239.1.1.1", 0, {0}}}},
    {1, {{MF_RECORD_TYPE_BLOCK_OLD_SOURCES, "232.5.5.5", 2, {"10.1.0.3", "10.1.0.1"}}}},
};

static const want_report mld_want[MLD_FRAME_COUNT] = {
    {1, {{MF_RECORD_TYPE_CHANGE_TO_EXCLUDE_MODE, "ff3e::8000:1", 0, {0}}}},
    {2,
     {{MF_RECORD_TYPE_CHANGE_TO_EXCLUDE_MODE, "ff15::1234", 0, {0}},
      {MF_RECORD_TYPE_CHANGE_TO_EXCLUDE_MODE, "ff3e::8000:1", 0, {0}}}},
    {1, {{MF_RECORD_TYPE_CHANGE_TO_INCLUDE_MODE, "ff15::1234", 0, {0}}}},
    {1, {{MF_RECORD_TYPE_CHANGE_TO_INCLUDE_MODE, "ff15::1234", 0, {0}}}},
    {1, {{MF_RECORD_TYPE_CHANGE_TO_INCLUDE_MODE, "ff3e::8000:1", 0, {0}}}},
    {1, {{MF_RECORD_TYPE_CHANGE_TO_INCLUDE_MODE, "ff3e::8000:1", 0, {0}}}},
};

/* Checks the records of a parsed report against tshark's, and turns them into specs
 * (with their sources in `src_store`) to build the report again. */
static void check_records(const uint8_t *buf, size_t len, const mf_group_record *recs,
                          size_t n, const want_report *want, bool v6,
                          mf_group_record_spec *specs, mf_ip_addr (*src_store)[2]) {
    CHECK(n == want->n_records);
    for (size_t r = 0; r < n && r < want->n_records; r++) {
        const want_record *w = &want->records[r];
        CHECK(recs[r].record_type == w->record_type);
        CHECK(ip_is(&recs[r].group, w->group));
        CHECK(recs[r].number_of_sources == w->n_sources);
        CHECK(recs[r].aux_data_len == 0);
        CHECK(recs[r].sources_offset == recs[r].offset + 4 + (v6 ? 16u : 4u));
        size_t got = 99;
        mf_status s = v6 ? mf_mld_sources(buf, len, recs[r].sources_offset,
                                          recs[r].number_of_sources, src_store[r], 2, &got)
                         : mf_igmp_sources(buf, len, recs[r].sources_offset,
                                           recs[r].number_of_sources, src_store[r], 2, &got);
        CHECK_STATUS(s, MF_STATUS_OK);
        CHECK(got == w->n_sources);
        for (size_t i = 0; i < got && i < w->n_sources; i++) {
            CHECK(ip_is(&src_store[r][i], w->sources[i]));
        }
        memset(&specs[r], 0, sizeof specs[r]);
        specs[r].record_type = recs[r].record_type;
        specs[r].group = recs[r].group;
        specs[r].sources = src_store[r];
        specs[r].number_of_sources = got;
    }
}

static void test_igmp_captures(void) {
    for (size_t f = 0; f < IGMP_FRAME_COUNT; f++) {
        const uint8_t *frame = igmp_frames[f];
        size_t len = igmp_frame_lens[f];
        mf_igmp_packet p;
        mf_error err;
        CHECK_STATUS(mf_igmp_parse_packet(frame, len, 14, &p, &err), MF_STATUS_OK);
        CHECK(ip_is(&p.src, "10.77.0.2"));
        CHECK(ip_is(&p.dst, "224.0.0.22"));
        CHECK(p.ttl == 1);
        CHECK(p.router_alert);
        CHECK(p.message.kind == MF_IGMP_KIND_V3_REPORT);
        CHECK(p.message.msg_type == MF_IGMP_TYPE_V3_REPORT);
        CHECK(p.message.version == 3);
        CHECK(p.message.checksum_valid);
        CHECK(p.message.offset == 38);
        CHECK(p.message.length == len - 38);
        CHECK(p.message.records_offset == 46);
        CHECK(p.message.checksum == (uint16_t)((frame[40] << 8) | frame[41]));

        mf_group_record recs[2];
        size_t n = 0;
        CHECK_STATUS(mf_igmp_records(frame, len, &p.message, recs, 2, &n, &err), MF_STATUS_OK);
        mf_group_record_spec specs[2];
        mf_ip_addr srcs[2][2];
        check_records(frame, len, recs, n, &igmp_want[f], false, specs, srcs);

        /* The same message, parsed alone, has offsets from its own start. */
        mf_igmp_message alone;
        CHECK_STATUS(mf_igmp_parse_verified(frame + 38, len - 38, &alone, &err), MF_STATUS_OK);
        CHECK(alone.offset == 0 && alone.records_offset == 8 && alone.number_of_records == n);

        /* Framed again from what was read: the kernel's frame, byte for byte. */
        mf_igmp_spec spec;
        CHECK_STATUS(mf_igmp_spec_init(MF_IGMP_KIND_V3_REPORT, &spec), MF_STATUS_OK);
        spec.records = specs;
        spec.number_of_records = n;
        uint8_t out[128];
        size_t written = 0;
        CHECK_STATUS(mf_igmp_frame(&spec, frame + 6, &p.src, NULL, out, sizeof out, &written, &err),
                     MF_STATUS_OK);
        CHECK(written == len);
        CHECK_MEM(out, frame, len);
        mf_ip_addr dst;
        CHECK_STATUS(mf_igmp_destination(&spec, &dst), MF_STATUS_OK);
        CHECK(ip_is(&dst, "224.0.0.22"));
        /* Too small a buffer says how much is needed. */
        CHECK_STATUS(mf_igmp_frame(&spec, frame + 6, &p.src, NULL, out, len - 1, &written, &err),
                     MF_STATUS_BUFFER_TOO_SMALL);
        CHECK(written == len && err.needed == len && err.layer == MF_LAYER_NONE);
        CHECK_STATUS(mf_igmp_emit(&spec, out, sizeof out, &written, NULL), MF_STATUS_OK);
        CHECK(written == len - 38);
        CHECK_MEM(out, frame + 38, written);
    }
}

static void test_mld_captures(void) {
    for (size_t f = 0; f < MLD_FRAME_COUNT; f++) {
        const uint8_t *frame = mld_frames[f];
        size_t len = mld_frame_lens[f];
        mf_mld_packet p;
        mf_error err;
        CHECK_STATUS(mf_mld_parse_packet(frame, len, 14, &p, &err), MF_STATUS_OK);
        CHECK(ip_is(&p.src, "fe80::a423:59ff:fe56:d11e"));
        CHECK(ip_is(&p.dst, "ff02::16"));
        CHECK(p.hop_limit == 1);
        CHECK(p.router_alert);
        CHECK(p.checksum_valid);
        CHECK(p.message.kind == MF_MLD_KIND_V2_REPORT);
        CHECK(p.message.msg_type == MF_MLD_TYPE_V2_REPORT);
        CHECK(p.message.version == 2);
        CHECK(p.message.offset == 62);
        CHECK(p.message.length == len - 62);

        bool valid = false;
        CHECK_STATUS(mf_mld_checksum_valid(frame + 62, len - 62, &p.src, &p.dst, &valid),
                     MF_STATUS_OK);
        CHECK(valid);
        /* The pseudo-header counts: another destination does not fit. */
        mf_ip_addr all_nodes = ip("ff02::1");
        CHECK_STATUS(mf_mld_checksum_valid(frame + 62, len - 62, &p.src, &all_nodes, &valid),
                     MF_STATUS_OK);
        CHECK(!valid);

        mf_group_record recs[2];
        size_t n = 0;
        CHECK_STATUS(mf_mld_records(frame, len, &p.message, recs, 2, &n, &err), MF_STATUS_OK);
        mf_group_record_spec specs[2];
        mf_ip_addr srcs[2][2];
        check_records(frame, len, recs, n, &mld_want[f], true, specs, srcs);

        mf_mld_spec spec;
        CHECK_STATUS(mf_mld_spec_init(MF_MLD_KIND_V2_REPORT, &spec), MF_STATUS_OK);
        spec.records = specs;
        spec.number_of_records = n;
        uint8_t out[160];
        size_t written = 0;
        CHECK_STATUS(mf_mld_frame(&spec, frame + 6, &p.src, NULL, out, sizeof out, &written, &err),
                     MF_STATUS_OK);
        CHECK(written == len);
        CHECK_MEM(out, frame, len);
        CHECK_STATUS(mf_mld_emit(&spec, &p.src, NULL, out, sizeof out, &written, &err), MF_STATUS_OK);
        CHECK(written == len - 62);
        CHECK_MEM(out, frame + 62, written);
    }
}

static void test_igmp_queries(void) {
    mf_igmp_spec spec;
    mf_igmp_message m;
    mf_error err;
    uint8_t out[64];
    size_t n = 0;

    /* IGMPv1 general query: 11 00 ee ff 00 00 00 00. */
    CHECK_STATUS(mf_igmp_spec_init(MF_IGMP_KIND_QUERY_V1, &spec), MF_STATUS_OK);
    CHECK(spec.max_resp_code == 0);
    CHECK_STATUS(mf_igmp_emit(&spec, out, sizeof out, &n, &err), MF_STATUS_OK);
    const uint8_t v1[8] = {0x11, 0, 0xee, 0xff, 0, 0, 0, 0};
    CHECK(n == 8);
    CHECK_MEM(out, v1, 8);
    CHECK_STATUS(mf_igmp_parse_verified(out, n, &m, &err), MF_STATUS_OK);
    CHECK(m.kind == MF_IGMP_KIND_QUERY_V1 && m.version == 1 && m.max_resp_time == 100);
    CHECK(ip_is(&m.group, "0.0.0.0"));

    /* IGMPv2 group-specific query, 2.5 s. */
    CHECK_STATUS(mf_igmp_spec_init(MF_IGMP_KIND_QUERY_V2, &spec), MF_STATUS_OK);
    CHECK(spec.max_resp_code == 100);
    spec.max_resp_code = 25;
    spec.group = ip("239.1.1.1");
    CHECK_STATUS(mf_igmp_emit(&spec, out, sizeof out, &n, &err), MF_STATUS_OK);
    CHECK_STATUS(mf_igmp_parse_verified(out, n, &m, &err), MF_STATUS_OK);
    CHECK(m.kind == MF_IGMP_KIND_QUERY_V2 && m.version == 2);
    CHECK(m.max_resp_code == 25 && m.max_resp_time == 25);
    CHECK(ip_is(&m.group, "239.1.1.1"));
    mf_ip_addr dst;
    CHECK_STATUS(mf_igmp_destination(&spec, &dst), MF_STATUS_OK);
    CHECK(ip_is(&dst, "239.1.1.1"));

    /* IGMPv3 group-and-source-specific query with S, QRV, QQIC and two sources. */
    CHECK_STATUS(mf_igmp_spec_init(MF_IGMP_KIND_QUERY_V3, &spec), MF_STATUS_OK);
    CHECK(spec.max_resp_code == 100 && spec.qrv == 2 && spec.qqic == 125);
    mf_ip_addr srcs[2] = {ip("10.1.0.1"), ip("10.1.0.2")};
    spec.group = ip("232.5.5.5");
    spec.s_flag = true;
    spec.qrv = 3;
    spec.max_resp_code = mf_igmp_code8_encode(200);
    spec.qqic = mf_igmp_code8_encode(250);
    spec.sources = srcs;
    spec.number_of_sources = 2;
    CHECK_STATUS(mf_igmp_emit(&spec, out, sizeof out, &n, &err), MF_STATUS_OK);
    CHECK(n == 20);
    CHECK(out[8] == 0x0b); /* S (0x08) | QRV 3 */
    CHECK_STATUS(mf_igmp_parse_verified(out, n, &m, &err), MF_STATUS_OK);
    CHECK(m.kind == MF_IGMP_KIND_QUERY_V3 && m.version == 3);
    CHECK(m.s_flag && m.qrv == 3);
    CHECK(m.max_resp_time == mf_igmp_code8_decode(spec.max_resp_code));
    CHECK(m.max_resp_time <= 200 && m.max_resp_time > 190);
    CHECK(m.qqi == mf_igmp_code8_decode(spec.qqic) && m.qqi <= 250 && m.qqi > 230);
    CHECK(m.number_of_sources == 2 && m.sources_offset == 12);
    mf_ip_addr got[2];
    size_t count = 0;
    CHECK_STATUS(mf_igmp_sources(out, n, m.sources_offset, m.number_of_sources, got, 2, &count),
                 MF_STATUS_OK);
    CHECK(count == 2 && ip_eq(&got[0], &srcs[0]) && ip_eq(&got[1], &srcs[1]));
    /* Asking for the size first. */
    CHECK_STATUS(mf_igmp_sources(out, n, m.sources_offset, m.number_of_sources, NULL, 0, &count),
                 MF_STATUS_BUFFER_TOO_SMALL);
    CHECK(count == 2);

    /* Framed: Ethernet to 01:00:5e:05:05:05, IPv4 with Router Alert to the group. */
    mf_ip_addr src = ip("10.77.0.1");
    const uint8_t mac[6] = {0x02, 0, 0, 0, 0, 1};
    uint8_t frame[128];
    CHECK_STATUS(mf_igmp_frame(&spec, mac, &src, NULL, frame, sizeof frame, &n, &err), MF_STATUS_OK);
    CHECK(n == MF_IGMP_FRAME_OVERHEAD + 20);
    const uint8_t dmac[6] = {0x01, 0x00, 0x5e, 0x05, 0x05, 0x05};
    CHECK_MEM(frame, dmac, 6);
    mf_igmp_packet p;
    CHECK_STATUS(mf_igmp_parse_packet(frame, n, 14, &p, &err), MF_STATUS_OK);
    CHECK(p.ttl == 1 && p.router_alert && p.message.checksum_valid);
    CHECK(ip_is(&p.dst, "232.5.5.5") && ip_eq(&p.src, &src));
    CHECK(p.message.kind == MF_IGMP_KIND_QUERY_V3 && p.message.sources_offset == 38 + 12);
    /* A named destination wins. */
    mf_ip_addr all = ip("224.0.0.1");
    CHECK_STATUS(mf_igmp_frame(&spec, mac, &src, &all, frame, sizeof frame, &n, &err), MF_STATUS_OK);
    CHECK_STATUS(mf_igmp_parse_packet(frame, n, 14, &p, &err), MF_STATUS_OK);
    CHECK(ip_is(&p.dst, "224.0.0.1"));

    /* v1/v2 reports and leave. */
    const mf_igmp_kind kinds[3] = {MF_IGMP_KIND_V1_REPORT, MF_IGMP_KIND_V2_REPORT,
                                   MF_IGMP_KIND_V2_LEAVE};
    const uint8_t types[3] = {MF_IGMP_TYPE_V1_REPORT, MF_IGMP_TYPE_V2_REPORT,
                              MF_IGMP_TYPE_V2_LEAVE};
    const char *dsts[3] = {"239.9.9.9", "239.9.9.9", "224.0.0.2"};
    for (int i = 0; i < 3; i++) {
        CHECK_STATUS(mf_igmp_spec_init(kinds[i], &spec), MF_STATUS_OK);
        spec.group = ip("239.9.9.9");
        CHECK_STATUS(mf_igmp_frame(&spec, mac, &src, NULL, frame, sizeof frame, &n, &err),
                     MF_STATUS_OK);
        CHECK_STATUS(mf_igmp_parse_packet(frame, n, 14, &p, &err), MF_STATUS_OK);
        CHECK(p.message.kind == kinds[i] && p.message.msg_type == types[i]);
        CHECK(ip_is(&p.message.group, "239.9.9.9") && ip_is(&p.dst, dsts[i]));
        CHECK(p.message.checksum_valid);
        CHECK_STR(mf_igmp_type_str(types[i]), mf_igmp_type_str(p.message.msg_type));
    }
    CHECK_STR(mf_igmp_type_str(MF_IGMP_TYPE_V2_LEAVE), "Leave Group");
    CHECK_STR(mf_record_type_str(MF_RECORD_TYPE_ALLOW_NEW_SOURCES), "ALLOW_NEW_SOURCES");
    CHECK_STR(mf_layer_str(MF_LAYER_IGMP), "igmp");
    CHECK_STR(mf_layer_str(MF_LAYER_MLD), "mld");
}

static void test_mld_queries(void) {
    mf_mld_spec spec;
    mf_mld_message m;
    mf_error err;
    uint8_t out[96];
    size_t n = 0;
    mf_ip_addr src = ip("fe80::1");
    mf_ip_addr all_nodes = ip("ff02::1");

    CHECK_STATUS(mf_mld_spec_init(MF_MLD_KIND_QUERY_V1, &spec), MF_STATUS_OK);
    CHECK(spec.max_response_code == 10000);
    CHECK_STATUS(mf_mld_emit(&spec, &src, NULL, out, sizeof out, &n, &err), MF_STATUS_OK);
    CHECK(n == 24);
    bool valid = false;
    CHECK_STATUS(mf_mld_checksum_valid(out, n, &src, &all_nodes, &valid), MF_STATUS_OK);
    CHECK(valid);
    CHECK_STATUS(mf_mld_parse(out, n, &m, &err), MF_STATUS_OK);
    CHECK(m.kind == MF_MLD_KIND_QUERY_V1 && m.version == 1 && m.max_response_delay == 10000);

    CHECK_STATUS(mf_mld_spec_init(MF_MLD_KIND_QUERY_V2, &spec), MF_STATUS_OK);
    CHECK(spec.qrv == 2 && spec.qqic == 125);
    CHECK(mf_mld_code16_decode(spec.max_response_code) == 10000);
    mf_ip_addr srcs[1] = {ip("2001:db8::1")};
    spec.group = ip("ff3e::8000:1");
    spec.max_response_code = 0x8123;
    spec.s_flag = true;
    spec.qrv = 7;
    spec.sources = srcs;
    spec.number_of_sources = 1;
    mf_ip_addr dst;
    CHECK_STATUS(mf_mld_destination(&spec, &dst), MF_STATUS_OK);
    CHECK(ip_is(&dst, "ff3e::8000:1"));
    const uint8_t mac[6] = {0x02, 0, 0, 0, 0, 2};
    uint8_t frame[160];
    CHECK_STATUS(mf_mld_frame(&spec, mac, &src, NULL, frame, sizeof frame, &n, &err), MF_STATUS_OK);
    CHECK(n == MF_MLD_FRAME_OVERHEAD + 44);
    const uint8_t dmac[6] = {0x33, 0x33, 0x80, 0x00, 0x00, 0x01};
    CHECK_MEM(frame, dmac, 6);
    mf_mld_packet p;
    CHECK_STATUS(mf_mld_parse_packet(frame, n, 14, &p, &err), MF_STATUS_OK);
    CHECK(p.checksum_valid && p.router_alert && p.hop_limit == 1);
    CHECK(p.message.kind == MF_MLD_KIND_QUERY_V2 && p.message.version == 2);
    CHECK(p.message.max_response_code == 0x8123);
    CHECK(p.message.max_response_delay == ((0x123u | 0x1000u) << 3));
    CHECK(p.message.s_flag && p.message.qrv == 7 && p.message.qqi == 125);
    mf_ip_addr got[1];
    size_t count = 0;
    CHECK_STATUS(mf_mld_sources(frame, n, p.message.sources_offset, p.message.number_of_sources,
                                got, 1, &count),
                 MF_STATUS_OK);
    CHECK(count == 1 && ip_eq(&got[0], &srcs[0]));
    /* No records in a query. */
    mf_group_record recs[1];
    CHECK_STATUS(mf_mld_records(frame, n, &p.message, recs, 1, &count, &err), MF_STATUS_OK);
    CHECK(count == 0);

    const mf_mld_kind kinds[2] = {MF_MLD_KIND_V1_REPORT, MF_MLD_KIND_V1_DONE};
    const char *dsts[2] = {"ff15::1234", "ff02::2"};
    for (int i = 0; i < 2; i++) {
        CHECK_STATUS(mf_mld_spec_init(kinds[i], &spec), MF_STATUS_OK);
        spec.group = ip("ff15::1234");
        CHECK_STATUS(mf_mld_frame(&spec, mac, &src, NULL, frame, sizeof frame, &n, &err),
                     MF_STATUS_OK);
        CHECK_STATUS(mf_mld_parse_packet(frame, n, 14, &p, &err), MF_STATUS_OK);
        CHECK(p.message.kind == kinds[i] && p.checksum_valid);
        CHECK(ip_is(&p.message.group, "ff15::1234") && ip_is(&p.dst, dsts[i]));
    }
    CHECK_STR(mf_mld_type_str(MF_MLD_TYPE_V1_DONE), "Multicast Listener Done");
}

static void test_codes(void) {
    for (unsigned c = 0; c < 256; c++) {
        CHECK(mf_igmp_code8_encode(mf_igmp_code8_decode((uint8_t)c)) == c);
    }
    CHECK(mf_igmp_code8_decode(0x7f) == 127);
    CHECK(mf_igmp_code8_decode(0x80) == 128);
    CHECK(mf_igmp_code8_decode(0xff) == MF_IGMP_CODE8_MAX);
    CHECK(mf_igmp_code8_encode(135) == 0x80); /* floors to 128 */
    CHECK(mf_igmp_code8_encode(UINT32_MAX) == 0xff);
    unsigned bad = 0;
    for (uint32_t c = 0; c <= 0xffff; c++) {
        bad += mf_mld_code16_encode(mf_mld_code16_decode((uint16_t)c)) != c;
    }
    CHECK(bad == 0);
    CHECK(mf_mld_code16_decode(0x8000) == 32768);
    CHECK(mf_mld_code16_decode(0xffff) == MF_MLD_CODE16_MAX);
    CHECK(mf_mld_code16_encode(UINT32_MAX) == 0xffff);
}

static void test_errors(void) {
    const uint8_t *frame = igmp_frames[10]; /* BLOCK + TO_IN, 70 bytes */
    size_t len = igmp_frame_lens[10];
    mf_igmp_packet p;
    mf_igmp_message m;
    mf_error err;

    /* Every cut: a typed error with a layer and an offset, and nothing written. */
    for (size_t cut = 14; cut < len; cut++) {
        memset(&p, 0xAA, sizeof p);
        memset(&err, 0, sizeof err);
        mf_status s = mf_igmp_parse_packet(frame, cut, 14, &p, &err);
        CHECK(s == MF_STATUS_TRUNCATED);
        CHECK(err.status == s && err.has_offset && err.layer == MF_LAYER_IPV4);
        CHECK(((const uint8_t *)&p)[0] == 0xAA);
        if (cut >= 38) {
            s = mf_igmp_parse(frame + 38, cut - 38, &m, &err);
            CHECK(s == MF_STATUS_TRUNCATED && err.layer == MF_LAYER_IGMP && err.has_offset);
        }
    }
    /* A record cut inside: offset of the record, field "group record". */
    CHECK_STATUS(mf_igmp_parse(frame + 38, 8 + 8 + 7, &m, &err), MF_STATUS_TRUNCATED);
    CHECK(err.offset == 8 && strcmp(err.field, "group record") == 0);
    CHECK(err.needed == 16 && err.available == 15);

    /* A query of 10 bytes is no version's. */
    uint8_t q[12] = {0x11, 100, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    CHECK_STATUS(mf_igmp_parse(q, 10, &m, &err), MF_STATUS_INVALID_FIELD);
    CHECK(err.layer == MF_LAYER_IGMP && err.offset == 0 && err.found == 10);
    CHECK_STR(err.field, "length");
    CHECK(strstr(err.message, "igmp: ") == err.message);

    /* A wrong checksum: only the verified parse refuses it, with both values. */
    uint8_t copy[128];
    memcpy(copy, frame, len);
    copy[41] ^= 0x01;
    CHECK_STATUS(mf_igmp_parse(copy + 38, len - 38, &m, &err), MF_STATUS_OK);
    CHECK(!m.checksum_valid);
    CHECK_STATUS(mf_igmp_parse_verified(copy + 38, len - 38, &m, &err), MF_STATUS_CHECKSUM);
    CHECK(err.offset == 2 && err.found == (uint64_t)((copy[40] << 8) | copy[41]));
    CHECK(err.computed == (uint64_t)((frame[40] << 8) | frame[41]));

    /* Not IGMP: protocol 17 at offset 14 + 9, named in the IPv4 layer. */
    memcpy(copy, frame, len);
    copy[14 + 9] = 17;
    CHECK_STATUS(mf_igmp_parse_packet(copy, len, 14, &p, &err), MF_STATUS_INVALID_FIELD);
    CHECK(err.layer == MF_LAYER_IPV4 && err.offset == 23 && err.found == 17);
    CHECK_STR(err.field, "Protocol");
    /* Not IPv4. */
    CHECK_STATUS(mf_igmp_parse_packet(mld_frames[0], mld_frame_lens[0], 14, &p, &err),
                 MF_STATUS_INVALID_FIELD);
    CHECK(err.layer == MF_LAYER_IPV4 && err.offset == 14);
    CHECK_STATUS(mf_mld_parse_packet(frame, len, 14, NULL, &err), MF_STATUS_NULL_POINTER);
    mf_mld_packet mp;
    CHECK_STATUS(mf_mld_parse_packet(frame, len, 14, &mp, &err), MF_STATUS_INVALID_FIELD);
    CHECK(err.layer == MF_LAYER_IPV6 && err.offset == 14);
    /* An offset past the end is a bad argument; one at the end a truncated header. */
    CHECK_STATUS(mf_igmp_parse_packet(frame, len, SIZE_MAX - 4, &p, &err),
                 MF_STATUS_INVALID_ARGUMENT);
    CHECK_STR(err.field, "at");
    CHECK_STATUS(mf_mld_parse_packet(frame, len, len + 1, &mp, &err), MF_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(mf_igmp_parse_packet(frame, len, len, &p, &err), MF_STATUS_TRUNCATED);
    CHECK(err.offset == len && err.layer == MF_LAYER_IPV4);

    /* MLD: an ICMPv6 type that is not MLD; a 26-byte query; cuts. */
    mf_mld_message mm;
    uint8_t echo[24] = {128};
    CHECK_STATUS(mf_mld_parse(echo, sizeof echo, &mm, &err), MF_STATUS_INVALID_FIELD);
    CHECK(err.layer == MF_LAYER_MLD && err.found == 128);
    CHECK_STR(err.field, "Type");
    uint8_t mq[28] = {130};
    CHECK_STATUS(mf_mld_parse(mq, 26, &mm, &err), MF_STATUS_INVALID_FIELD);
    CHECK_STR(err.field, "length");
    for (size_t cut = 14; cut < mld_frame_lens[1]; cut++) {
        mf_status s = mf_mld_parse_packet(mld_frames[1], cut, 14, &mp, &err);
        CHECK(s == MF_STATUS_TRUNCATED);
        CHECK(err.layer == MF_LAYER_IPV6 || err.layer == MF_LAYER_MLD);
    }

    /* Records of a message that is not from this buffer. */
    CHECK_STATUS(mf_igmp_parse_packet(frame, len, 14, &p, &err), MF_STATUS_OK);
    mf_group_record recs[2];
    size_t count = 0;
    CHECK_STATUS(mf_igmp_records(frame, 40, &p.message, recs, 2, &count, &err),
                 MF_STATUS_INVALID_ARGUMENT);
    CHECK_STR(err.field, "msg");
    CHECK_STATUS(mf_igmp_records(frame, len, &p.message, NULL, 0, &count, &err),
                 MF_STATUS_BUFFER_TOO_SMALL);
    CHECK(count == 2 && err.needed == 2);
    mf_ip_addr one;
    CHECK_STATUS(mf_igmp_sources(frame, len, len - 3, 1, &one, 1, &count),
                 MF_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(mf_igmp_sources(frame, len, 0, SIZE_MAX / 2, NULL, 0, &count),
                 MF_STATUS_INVALID_ARGUMENT);

    /* Building: values out of range, wrong families, unknown kinds, NULLs. */
    mf_igmp_spec spec;
    uint8_t out[64];
    size_t n;
    CHECK_STATUS(mf_igmp_spec_init(MF_IGMP_KIND_QUERY_V2, &spec), MF_STATUS_OK);
    spec.max_resp_code = 0;
    CHECK_STATUS(mf_igmp_emit(&spec, out, sizeof out, &n, &err), MF_STATUS_OUT_OF_RANGE);
    CHECK_STR(err.field, "Max Resp Time");
    CHECK(err.layer == MF_LAYER_NONE && !err.has_offset);
    CHECK_STATUS(mf_igmp_spec_init(MF_IGMP_KIND_QUERY_V3, &spec), MF_STATUS_OK);
    spec.qrv = 8;
    CHECK_STATUS(mf_igmp_emit(&spec, out, sizeof out, &n, &err), MF_STATUS_OUT_OF_RANGE);
    CHECK(err.found == 8 && err.max == 7);
    CHECK_STR(err.field, "QRV");
    spec.qrv = 2;
    spec.group = ip("ff02::1");
    CHECK_STATUS(mf_igmp_emit(&spec, out, sizeof out, &n, &err), MF_STATUS_INVALID_ARGUMENT);
    CHECK_STR(err.field, "spec.group");
    spec.group = ip("0.0.0.0");
    spec.number_of_sources = 3; /* with a NULL array */
    CHECK_STATUS(mf_igmp_emit(&spec, out, sizeof out, &n, &err), MF_STATUS_NULL_POINTER);
    CHECK_STR(err.field, "spec.sources");
    spec.number_of_sources = 0;
    CHECK_STATUS(mf_igmp_emit(&spec, out, 11, &n, &err), MF_STATUS_BUFFER_TOO_SMALL);
    CHECK(n == 12);
    spec.kind = 99;
    CHECK_STATUS(mf_igmp_emit(&spec, out, sizeof out, &n, &err), MF_STATUS_INVALID_ARGUMENT);
    CHECK_STR(err.field, "spec.kind");
    CHECK_STATUS(mf_igmp_spec_init(MF_IGMP_KIND_OTHER, &spec), MF_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(mf_igmp_spec_init(MF_IGMP_KIND_V3_REPORT, &spec), MF_STATUS_OK);
    const uint8_t aux[3] = {1, 2, 3};
    mf_group_record_spec rec;
    memset(&rec, 0, sizeof rec);
    rec.record_type = MF_RECORD_TYPE_MODE_IS_INCLUDE;
    rec.group = ip("239.1.1.1");
    rec.aux_data = aux;
    rec.aux_data_len = 3;
    spec.records = &rec;
    spec.number_of_records = 1;
    CHECK_STATUS(mf_igmp_emit(&spec, out, sizeof out, &n, &err), MF_STATUS_OUT_OF_RANGE);
    CHECK_STR(err.field, "Aux Data Len");
    rec.group = ip("ff02::16");
    rec.aux_data_len = 0;
    CHECK_STATUS(mf_igmp_emit(&spec, out, sizeof out, &n, &err), MF_STATUS_INVALID_ARGUMENT);
    CHECK_STR(err.field, "records.group");
    CHECK_STATUS(mf_igmp_emit(NULL, out, sizeof out, &n, &err), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_igmp_emit(&spec, out, sizeof out, NULL, NULL), MF_STATUS_NULL_POINTER);
    mf_ip_addr src = ip("10.0.0.1");
    CHECK_STATUS(mf_igmp_frame(&spec, NULL, &src, NULL, out, sizeof out, &n, &err),
                 MF_STATUS_NULL_POINTER);
    CHECK_STR(err.field, "src_mac");

    mf_mld_spec ms;
    CHECK_STATUS(mf_mld_spec_init(MF_MLD_KIND_QUERY_V2, &ms), MF_STATUS_OK);
    CHECK_STATUS(mf_mld_emit(&ms, &src, NULL, out, sizeof out, &n, &err), MF_STATUS_INVALID_ARGUMENT);
    CHECK_STR(err.field, "src");
    CHECK_STATUS(mf_mld_spec_init(0, &ms), MF_STATUS_INVALID_ARGUMENT);
    bool valid;
    CHECK_STATUS(mf_mld_checksum_valid(out, 0, &src, &src, &valid), MF_STATUS_INVALID_ARGUMENT);
}

/* Every single-byte change of every real frame: parsing, records and sources either
 * succeed or fail with a status; ASan and valgrind watch the memory. */
static void test_mutations(void) {
    unsigned ok = 0, failed = 0;
    for (int v6 = 0; v6 < 2; v6++) {
        size_t frames = v6 ? MLD_FRAME_COUNT : IGMP_FRAME_COUNT;
        for (size_t f = 0; f < frames; f++) {
            size_t len = v6 ? mld_frame_lens[f] : igmp_frame_lens[f];
            uint8_t buf[160];
            for (size_t i = 14; i < len; i++) {
                static const uint8_t xors[3] = {0x01, 0x80, 0xff};
                for (int x = 0; x < 3; x++) {
                    memcpy(buf, v6 ? mld_frames[f] : igmp_frames[f], len);
                    buf[i] ^= xors[x];
                    mf_group_record recs[8];
                    mf_ip_addr srcs[8];
                    size_t n = 0, ns = 0;
                    mf_error err;
                    mf_status s;
                    if (v6) {
                        mf_mld_packet p;
                        s = mf_mld_parse_packet(buf, len, 14, &p, &err);
                        if (s == MF_STATUS_OK) {
                            s = mf_mld_records(buf, len, &p.message, recs, 8, &n, &err);
                            for (size_t r = 0; s == MF_STATUS_OK && r < n; r++) {
                                (void)mf_mld_sources(buf, len, recs[r].sources_offset,
                                                     recs[r].number_of_sources, srcs, 8, &ns);
                            }
                        }
                    } else {
                        mf_igmp_packet p;
                        s = mf_igmp_parse_packet(buf, len, 14, &p, &err);
                        if (s == MF_STATUS_OK) {
                            s = mf_igmp_records(buf, len, &p.message, recs, 8, &n, &err);
                            for (size_t r = 0; s == MF_STATUS_OK && r < n; r++) {
                                (void)mf_igmp_sources(buf, len, recs[r].sources_offset,
                                                      recs[r].number_of_sources, srcs, 8, &ns);
                            }
                        }
                    }
                    if (s == MF_STATUS_OK) {
                        ok++;
                    } else {
                        failed++;
                        CHECK(err.status == s && s != MF_STATUS_PANIC);
                    }
                }
            }
        }
    }
    CHECK(ok > 0 && failed > 0);
    printf("mutations: %u parsed, %u refused with a status\n", ok, failed);
}

int main(void) {
    test_igmp_captures();
    test_mld_captures();
    test_igmp_queries();
    test_mld_queries();
    test_codes();
    test_errors();
    test_mutations();
    return test_summary("test_igmp");
}
