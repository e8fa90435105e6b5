/*
 * C tests of the mediafabric PTP API, writing side: builders, TLV values, framing and
 * the in-place one-step helpers. Messages are compared byte for byte with what
 * linuxptp 3.1 sent in the captures (ptp_frames.h) wherever the fields allow; frames
 * are compared with the captured ones except for what the kernel chose (the IPv4
 * identification, the IPv6 flow label) and the UDP checksums, which must be the ones
 * tshark 4.0 computes for the captured frames (the capture holds the kernel's partial
 * checksums). Typed TLVs without a capture are built and read back; their bytes follow
 * the layouts of IEEE 1588-2019 §14 - §16 and SMPTE ST 2059-2 §7.2, and tshark 4.0
 * decodes the same messages, framed by mf_ptp_frame, to the same values (checked when
 * this test was written; ffi/tests/run.sh cross-checks the example's frames with tshark
 * on every run).
 *
 * Built by ffi/tests/run.sh as C11 with -Wall -Wextra -Werror -pedantic, with the
 * flags of `pkg-config --cflags --libs mediafabric`.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "mediafabric.h"
#include "ptp_frames.h"
#include "test_common.h"

#define UDP4_AT 42
#define UDP6_AT 62
#define L2_AT 14

static const uint8_t MASTER_ID[8] = {0x8e, 0x2a, 0x0f, 0xff, 0xfe, 0x60, 0x4e, 0xd7};
static const uint8_t SLAVE_ID[8] = {0xa6, 0x23, 0x59, 0xff, 0xfe, 0x56, 0xd1, 0x1e};
static const uint8_t MASTER_MAC[6] = {0x8e, 0x2a, 0x0f, 0x60, 0x4e, 0xd7};
static const uint8_t SLAVE_MAC[6] = {0xa6, 0x23, 0x59, 0x56, 0xd1, 0x1e};

static mf_ptp_port_identity port(const uint8_t id[8], uint16_t n) {
    mf_ptp_port_identity p;
    memcpy(p.clock_identity, id, 8);
    p.port_number = n;
    return p;
}

static mf_ptp_timestamp ts(uint64_t s, uint32_t ns) {
    mf_ptp_timestamp t;
    t.seconds = s;
    t.nanoseconds = ns;
    return t;
}

static uint16_t be16(const uint8_t *p) { return (uint16_t)((p[0] << 8) | p[1]); }

/* The ptp4l 3.1 master of the captures: domain 127 in the udp4 capture, 0 elsewhere,
 * minorVersionPTP 0, sync 2^-3 s, announce 2^-2 s, delay requests 2^-3 s. */
static mf_ptp_builder ptp4l(const uint8_t id[8], uint8_t domain) {
    mf_ptp_builder b;
    CHECK_STATUS(mf_ptp_builder_init(port(id, 1), &b), MF_STATUS_OK);
    b.domain_number = domain;
    b.minor_version_ptp = 0;
    b.log_sync_interval = -3;
    b.log_announce_interval = -2;
    b.log_min_delay_req_interval = -3;
    return b;
}

/* RFC 1071 ones' complement sum over an IPv4 header: 0 when its checksum is right. */
static uint16_t ipv4_header_sum(const uint8_t *h) {
    uint32_t sum = 0;
    for (int i = 0; i < 20; i += 2) {
        sum += be16(h + i);
    }
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return (uint16_t)~sum;
}

/* ------------------------------------------------------------------------------ */

static void test_builder_init(void) {
    mf_ptp_builder b;
    memset(&b, 0x55, sizeof b);
    CHECK_STATUS(mf_ptp_builder_init(port(MASTER_ID, 7), &b), MF_STATUS_OK);
    CHECK(memcmp(b.source_port_identity.clock_identity, MASTER_ID, 8) == 0);
    CHECK(b.source_port_identity.port_number == 7);
    CHECK(b.domain_number == 0 && b.major_sdo_id == 0 && b.minor_sdo_id == 0);
    CHECK(b.minor_version_ptp == 1);
    CHECK(b.log_sync_interval == 0 && b.log_announce_interval == 1);
    CHECK(b.log_min_delay_req_interval == 0);
    CHECK(!b.unicast);
    CHECK_STATUS(mf_ptp_builder_init(port(MASTER_ID, 7), NULL), MF_STATUS_NULL_POINTER);
}

/* Every message ptp4l sent in the udp4 and l2 captures, rebuilt byte for byte. */
static void test_build_like_ptp4l(void) {
    uint8_t out[128];
    size_t n = 0;
    mf_error err;
    mf_ptp_builder master = ptp4l(MASTER_ID, 127);
    mf_ptp_builder slave = ptp4l(SLAVE_ID, 127);

    mf_ptp_parent_data_set parent;
    memset(&parent, 0, sizeof parent);
    parent.grandmaster_priority1 = 100;
    parent.grandmaster_clock_quality.clock_class = 248;
    parent.grandmaster_clock_quality.clock_accuracy = 0xFE;
    parent.grandmaster_clock_quality.offset_scaled_log_variance = 0xFFFF;
    parent.grandmaster_priority2 = 128;
    memcpy(parent.grandmaster_identity, MASTER_ID, 8);
    mf_ptp_time_properties_data_set tp;
    memset(&tp, 0, sizeof tp);
    tp.current_utc_offset = 37;
    tp.time_source = 0xA0;
    CHECK_STATUS(mf_ptp_build_announce(&master, 0, ts(0, 0), &parent, 0, &tp, NULL, 0, out, sizeof out, &n,
                                       &err),
                 MF_STATUS_OK);
    CHECK(n == 64 && memcmp(out, udp4_announce + UDP4_AT, 64) == 0);

    CHECK_STATUS(mf_ptp_build_sync(&master, 0, ts(0, 0), true, 0, NULL, 0, out, sizeof out, &n, &err),
                 MF_STATUS_OK);
    CHECK(n == 44 && memcmp(out, udp4_sync + UDP4_AT, 44) == 0);

    CHECK_STATUS(mf_ptp_build_follow_up(&master, 0, ts(1795445308u, 553478894u), 0, NULL, 0, out,
                                        sizeof out, &n, &err),
                 MF_STATUS_OK);
    CHECK(n == 44 && memcmp(out, udp4_follow_up + UDP4_AT, 44) == 0);

    CHECK_STATUS(mf_ptp_build_delay_req(&slave, 0, ts(0, 0), 0, NULL, 0, out, sizeof out, &n, &err),
                 MF_STATUS_OK);
    CHECK(n == 44 && memcmp(out, udp4_delay_req + UDP4_AT, 44) == 0);

    CHECK_STATUS(mf_ptp_build_delay_resp(&master, 0, ts(1795445309u, 178324266u), port(SLAVE_ID, 1), 0,
                                         NULL, 0, out, sizeof out, &n, &err),
                 MF_STATUS_OK);
    CHECK(n == 54 && memcmp(out, udp4_delay_resp + UDP4_AT, 54) == 0);

    /* The peer delay exchange of the l2 capture (domain 0). */
    mf_ptp_builder m0 = ptp4l(MASTER_ID, 0);
    mf_ptp_builder s0 = ptp4l(SLAVE_ID, 0);
    CHECK_STATUS(mf_ptp_build_pdelay_req(&m0, 0, ts(0, 0), 0, NULL, 0, out, sizeof out, &n, &err),
                 MF_STATUS_OK);
    CHECK(n == 54 && memcmp(out, l2_pdelay_req + L2_AT, 54) == 0);
    CHECK_STATUS(mf_ptp_build_pdelay_resp(&s0, 0, ts(1795445337u, 809617869u), port(MASTER_ID, 1), true, 0,
                                          NULL, 0, out, sizeof out, &n, &err),
                 MF_STATUS_OK);
    CHECK(n == 54 && memcmp(out, l2_pdelay_resp + L2_AT, 54) == 0);
    CHECK_STATUS(mf_ptp_build_pdelay_resp_follow_up(&s0, 0, ts(1795445337u, 809678144u),
                                                    port(MASTER_ID, 1), 0, NULL, 0, out, sizeof out, &n,
                                                    &err),
                 MF_STATUS_OK);
    CHECK(n == 54 && memcmp(out, l2_pdelay_resp_follow_up + L2_AT, 54) == 0);
    CHECK_STATUS(mf_ptp_build_sync(&m0, 0, ts(0, 0), true, 0, NULL, 0, out, sizeof out, &n, &err),
                 MF_STATUS_OK);
    CHECK(n == 44 && memcmp(out, l2_sync + L2_AT, 44) == 0);
}

/* The builder's fields and arguments land where the standard puts them. */
static void test_build_fields(void) {
    uint8_t out[128];
    size_t n = 0;
    mf_ptp_message m;
    mf_ptp_builder b;
    CHECK_STATUS(mf_ptp_builder_init(port(SLAVE_ID, 3), &b), MF_STATUS_OK);
    b.domain_number = 44;
    b.major_sdo_id = 1;
    b.minor_sdo_id = 0x22;
    b.unicast = true;
    const int64_t corr = -((int64_t)1500 << 16) - 1;

    CHECK_STATUS(mf_ptp_build_sync(&b, 65535, ts(MF_PTP_SECONDS_MAX, 999999999u), false, corr, NULL, 0, out,
                                   sizeof out, &n, NULL),
                 MF_STATUS_OK);
    CHECK_STATUS(mf_ptp_message_parse(out, n, &m, NULL), MF_STATUS_OK);
    CHECK(m.header.major_sdo_id == 1 && m.header.minor_sdo_id == 0x22);
    CHECK(m.header.minor_version_ptp == 1 && m.header.version_ptp == 2);
    CHECK(m.header.domain_number == 44 && m.header.sequence_id == 65535);
    CHECK(m.header.flag_field == MF_PTP_FLAG_UNICAST);
    CHECK(m.header.correction_field == corr);
    CHECK(m.header.log_message_interval == 0 && m.header.control_field == 0);
    CHECK(m.body.origin_timestamp.seconds == MF_PTP_SECONDS_MAX);
    CHECK(m.body.origin_timestamp.nanoseconds == 999999999u);
    CHECK(memcmp(m.header.source_port_identity.clock_identity, SLAVE_ID, 8) == 0);
    CHECK(m.header.source_port_identity.port_number == 3);

    /* Announce: flags from the time properties, origin timestamp as given. */
    mf_ptp_parent_data_set parent;
    memset(&parent, 0, sizeof parent);
    parent.grandmaster_priority1 = 1;
    parent.grandmaster_priority2 = 2;
    parent.grandmaster_clock_quality.clock_class = 6;
    parent.grandmaster_clock_quality.clock_accuracy = 0x21;
    parent.grandmaster_clock_quality.offset_scaled_log_variance = 0x4E5D;
    memcpy(parent.grandmaster_identity, MASTER_ID, 8);
    mf_ptp_time_properties_data_set tp;
    tp.current_utc_offset = 37;
    tp.flags = (uint8_t)(MF_PTP_FLAG_CURRENT_UTC_OFFSET_VALID | MF_PTP_FLAG_PTP_TIMESCALE |
                         MF_PTP_FLAG_TIME_TRACEABLE | MF_PTP_FLAG_FREQUENCY_TRACEABLE);
    tp.time_source = 0x20; /* GNSS */
    b.unicast = false;
    CHECK_STATUS(mf_ptp_build_announce(&b, 9, ts(1700000000u, 5), &parent, 2, &tp, NULL, 0, out, sizeof out,
                                       &n, NULL),
                 MF_STATUS_OK);
    CHECK_STATUS(mf_ptp_message_parse(out, n, &m, NULL), MF_STATUS_OK);
    CHECK(m.header.message_type == MF_PTP_MESSAGE_TYPE_ANNOUNCE && m.header.log_message_interval == 1);
    CHECK(m.header.flag_field == 0x003C);
    CHECK(m.body.origin_timestamp.seconds == 1700000000u && m.body.origin_timestamp.nanoseconds == 5);
    CHECK(m.body.grandmaster_priority1 == 1 && m.body.grandmaster_priority2 == 2);
    CHECK(m.body.grandmaster_clock_quality.clock_class == 6);
    CHECK(m.body.grandmaster_clock_quality.clock_accuracy == 0x21);
    CHECK(m.body.grandmaster_clock_quality.offset_scaled_log_variance == 0x4E5D);
    CHECK(m.body.steps_removed == 2 && m.body.time_source == 0x20 && m.body.current_utc_offset == 37);

    /* Signaling: targetPortIdentity, no interval. */
    CHECK_STATUS(mf_ptp_build_signaling(&b, 1, port(MASTER_ID, 0xFFFF), NULL, 0, out, sizeof out, &n, NULL),
                 MF_STATUS_OK);
    CHECK_STATUS(mf_ptp_message_parse(out, n, &m, NULL), MF_STATUS_OK);
    CHECK(n == 44 && m.header.message_type == MF_PTP_MESSAGE_TYPE_SIGNALING);
    CHECK(m.header.control_field == 5 && m.header.log_message_interval == MF_PTP_NO_INTERVAL);
    CHECK(memcmp(m.body.target_port_identity.clock_identity, MASTER_ID, 8) == 0);
    CHECK(m.body.target_port_identity.port_number == 0xFFFF);

    /* Delay_Resp: the request's correction goes back in it (§11.3.2). */
    CHECK_STATUS(mf_ptp_build_delay_resp(&b, 5, ts(1, 2), port(MASTER_ID, 2), 12345, NULL, 0, out, sizeof out,
                                         &n, NULL),
                 MF_STATUS_OK);
    CHECK_STATUS(mf_ptp_message_parse(out, n, &m, NULL), MF_STATUS_OK);
    CHECK(m.header.correction_field == 12345 && m.header.control_field == 3);
}

/* Each management response of the pmc capture: parsed, its TLV value written back from
 * the typed view, and the whole message rebuilt, byte for byte. */
static void rebuild_management(const uint8_t *frame, size_t frame_len) {
    const uint8_t *msg = frame + UDP4_AT;
    const size_t len = frame_len - UDP4_AT;
    mf_ptp_message m;
    mf_ptp_tlv_iter it;
    mf_ptp_tlv tlv;
    CHECK_STATUS(mf_ptp_message_parse(msg, len, &m, NULL), MF_STATUS_OK);
    CHECK_STATUS(mf_ptp_tlv_iter_init(msg, len, &m, &it), MF_STATUS_OK);
    CHECK_STATUS(mf_ptp_tlv_next(&it, msg, len, &tlv, NULL), MF_STATUS_OK);

    uint8_t value[128];
    size_t n = 0;
    CHECK_STATUS(mf_ptp_management_tlv_value(&tlv.management, msg + tlv.management.data_offset,
                                             tlv.management.data_len, value, sizeof value, &n, NULL),
                 MF_STATUS_OK);
    CHECK(n == tlv.value_len && memcmp(value, msg + tlv.value_offset, n) == 0);

    mf_ptp_builder b;
    CHECK_STATUS(mf_ptp_builder_init(m.header.source_port_identity, &b), MF_STATUS_OK);
    b.minor_version_ptp = 0;
    mf_ptp_tlv_spec spec = {MF_PTP_TLV_TYPE_MANAGEMENT, value, n};
    uint8_t out[160];
    size_t w = 0;
    CHECK_STATUS(mf_ptp_build_management(&b, m.header.sequence_id, m.body.target_port_identity,
                                         m.body.action_field, m.body.boundary_hops, &spec, 1, out, sizeof out,
                                         &w, NULL),
                 MF_STATUS_OK);
    CHECK(w == m.header.message_length && memcmp(out, msg, w) == 0);
}

static void test_build_management_like_ptp4l(void) {
    /* The PRIORITY1 response from its fields alone (the crate's own byte-exact case). */
    mf_ptp_management_tlv v;
    memset(&v, 0, sizeof v);
    v.management_id = MF_PTP_MANAGEMENT_ID_PRIORITY1;
    v.data_kind = MF_PTP_MANAGEMENT_DATA_OCTET;
    v.octet = 100;
    uint8_t value[8];
    size_t n = 0;
    CHECK_STATUS(mf_ptp_management_tlv_value(&v, NULL, 0, value, sizeof value, &n, NULL), MF_STATUS_OK);
    static const uint8_t want_value[4] = {0x20, 0x05, 100, 0x00};
    CHECK(n == 4 && memcmp(value, want_value, 4) == 0);
    mf_ptp_builder b = ptp4l(MASTER_ID, 0);
    mf_ptp_tlv_spec spec = {MF_PTP_TLV_TYPE_MANAGEMENT, value, n};
    uint8_t out[64];
    size_t w = 0;
    CHECK_STATUS(mf_ptp_build_management(&b, 0, port(SLAVE_ID, 1), MF_PTP_ACTION_RESPONSE, 1, &spec, 1, out,
                                         sizeof out, &w, NULL),
                 MF_STATUS_OK);
    CHECK(w == 56 && memcmp(out, mgmt_resp_priority1 + UDP4_AT, 56) == 0);

    /* pmc's GET for PRIORITY1 (it sends a zero octet as the data). */
    mf_ptp_builder pmc = ptp4l(SLAVE_ID, 0);
    static const uint8_t all_ones[8] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    v.octet = 0;
    CHECK_STATUS(mf_ptp_management_tlv_value(&v, NULL, 0, value, sizeof value, &n, NULL), MF_STATUS_OK);
    CHECK_STATUS(mf_ptp_build_management(&pmc, 0, port(all_ones, 0xFFFF), MF_PTP_ACTION_GET, 1, &spec, 1,
                                         out, sizeof out, &w, NULL),
                 MF_STATUS_OK);
    CHECK(w == 56 && memcmp(out, mgmt_get_priority1 + UDP4_AT, 56) == 0);

    rebuild_management(mgmt_get_default_ds, sizeof mgmt_get_default_ds);
    rebuild_management(mgmt_resp_default_ds, sizeof mgmt_resp_default_ds);
    rebuild_management(mgmt_resp_current_ds, sizeof mgmt_resp_current_ds);
    rebuild_management(mgmt_resp_parent_ds, sizeof mgmt_resp_parent_ds);
    rebuild_management(mgmt_resp_time_properties_ds, sizeof mgmt_resp_time_properties_ds);
    rebuild_management(mgmt_resp_port_ds, sizeof mgmt_resp_port_ds);
    rebuild_management(mgmt_resp_priority1, sizeof mgmt_resp_priority1);
    rebuild_management(mgmt_resp_priority2, sizeof mgmt_resp_priority2);
    rebuild_management(mgmt_resp_domain, sizeof mgmt_resp_domain);
    rebuild_management(mgmt_resp_clock_description, sizeof mgmt_resp_clock_description);
    rebuild_management(mgmt_resp_user_description, sizeof mgmt_resp_user_description);
    rebuild_management(mgmt_resp_time_status_np, sizeof mgmt_resp_time_status_np);
}

static void test_management_value_errors(void) {
    mf_ptp_management_tlv v;
    uint8_t out[64];
    size_t n = 12345;
    mf_error err;
    memset(&v, 0, sizeof v);

    /* EMPTY: the managementId alone (a GET or a command). */
    v.management_id = MF_PTP_MANAGEMENT_ID_ENABLE_PORT;
    v.data_kind = MF_PTP_MANAGEMENT_DATA_EMPTY;
    CHECK_STATUS(mf_ptp_management_tlv_value(&v, NULL, 0, out, sizeof out, &n, &err), MF_STATUS_OK);
    CHECK(n == 2 && out[0] == 0x20 && out[1] == 0x0D);

    /* A typed kind the managementId does not carry. */
    v.management_id = MF_PTP_MANAGEMENT_ID_PRIORITY1;
    v.data_kind = MF_PTP_MANAGEMENT_DATA_PORT_DATA_SET;
    CHECK_STATUS(mf_ptp_management_tlv_value(&v, NULL, 0, out, sizeof out, &n, &err),
                 MF_STATUS_INVALID_ARGUMENT);
    CHECK_STR(err.field, "tlv.data_kind");
    CHECK(err.found == MF_PTP_MANAGEMENT_DATA_PORT_DATA_SET);
    v.management_id = MF_PTP_MANAGEMENT_ID_DEFAULT_DATA_SET;
    v.data_kind = MF_PTP_MANAGEMENT_DATA_OCTET;
    CHECK_STATUS(mf_ptp_management_tlv_value(&v, NULL, 0, out, sizeof out, &n, &err),
                 MF_STATUS_INVALID_ARGUMENT);
    v.data_kind = 99;
    CHECK_STATUS(mf_ptp_management_tlv_value(&v, NULL, 0, out, sizeof out, &n, &err),
                 MF_STATUS_INVALID_ARGUMENT);
    CHECK(err.found == 99);

    /* Too small: the size needed comes back. */
    v.data_kind = MF_PTP_MANAGEMENT_DATA_DEFAULT_DATA_SET;
    n = 0;
    CHECK_STATUS(mf_ptp_management_tlv_value(&v, NULL, 0, out, 21, &n, &err), MF_STATUS_BUFFER_TOO_SMALL);
    CHECK(n == 22 && err.needed == 22 && err.available == 21);
    CHECK(err.layer == MF_LAYER_NONE);
    CHECK_STATUS(mf_ptp_management_tlv_value(&v, NULL, 0, out, 22, &n, &err), MF_STATUS_OK);
    CHECK(n == 22);

    /* OTHER: the caller's bytes, which must be there and apart from `out`. */
    v.management_id = MF_PTP_MANAGEMENT_ID_USER_DESCRIPTION;
    v.data_kind = MF_PTP_MANAGEMENT_DATA_OTHER;
    static const uint8_t text[5] = {4, 'c', 'a', 'm', '1'};
    CHECK_STATUS(mf_ptp_management_tlv_value(&v, text, sizeof text, out, sizeof out, &n, &err), MF_STATUS_OK);
    CHECK(n == 7 && out[0] == 0x00 && out[1] == 0x02 && memcmp(out + 2, text, 5) == 0);
    CHECK_STATUS(mf_ptp_management_tlv_value(&v, NULL, 5, out, sizeof out, &n, &err), MF_STATUS_NULL_POINTER);
    CHECK_STR(err.field, "data");
    CHECK_STATUS(mf_ptp_management_tlv_value(&v, out + 4, 5, out, sizeof out, &n, &err),
                 MF_STATUS_INVALID_ARGUMENT);
    CHECK_STR(err.field, "data");

    /* NULL pointers. */
    CHECK_STATUS(mf_ptp_management_tlv_value(NULL, NULL, 0, out, sizeof out, &n, &err), MF_STATUS_NULL_POINTER);
    CHECK_STR(err.field, "tlv");
    CHECK_STATUS(mf_ptp_management_tlv_value(&v, text, 5, NULL, sizeof out, &n, &err), MF_STATUS_NULL_POINTER);
    CHECK_STR(err.field, "out");
    CHECK_STATUS(mf_ptp_management_tlv_value(&v, text, 5, out, sizeof out, NULL, &err), MF_STATUS_NULL_POINTER);
    CHECK_STR(err.field, "written");
}

/* SMPTE ST 2059-2 synchronization metadata: value, message, and typed view back. */
static void test_smpte(void) {
    mf_ptp_smpte_sync_metadata s;
    memset(&s, 0, sizeof s);
    s.default_system_frame_rate_numerator = 30000;
    s.default_system_frame_rate_denominator = 1001;
    s.master_locking_status = 4; /* locked */
    s.time_address_flags = 1;    /* drop frame */
    s.current_local_offset = -18000;
    s.jump_seconds = 3600;
    s.time_of_next_jump = 0x0000ABCDEF012345ull;
    s.time_of_next_jam = 0x0000123456789ABCull;
    s.time_of_previous_jam = 1;
    s.previous_jam_local_offset = -14400;
    s.daylight_saving = 2;
    s.leap_second_jump = 1;
    uint8_t value[MF_PTP_SMPTE_TLV_VALUE_LEN];
    size_t n = 0;
    CHECK_STATUS(mf_ptp_smpte_tlv_value(&s, value, sizeof value, &n, NULL), MF_STATUS_OK);
    static const uint8_t want[48] = {
        0x68, 0x97, 0xE8, 0x00, 0x00, 0x01,             /* organizationId, subtype 1 */
        0x00, 0x00, 0x75, 0x30, 0x00, 0x00, 0x03, 0xE9, /* 30000 / 1001 */
        0x04, 0x01,                                     /* locked, drop frame */
        0xFF, 0xFF, 0xB9, 0xB0,                         /* currentLocalOffset -18000 */
        0x00, 0x00, 0x0E, 0x10,                         /* jumpSeconds 3600 */
        0xAB, 0xCD, 0xEF, 0x01, 0x23, 0x45,             /* timeOfNextJump */
        0x12, 0x34, 0x56, 0x78, 0x9A, 0xBC,             /* timeOfNextJam */
        0x00, 0x00, 0x00, 0x00, 0x00, 0x01,             /* timeOfPreviousJam */
        0xFF, 0xFF, 0xC7, 0xC0,                         /* previousJamLocalOffset -14400 */
        0x02, 0x01,                                     /* daylightSaving, leapSecondJump */
    };
    CHECK(n == 48 && memcmp(value, want, 48) == 0);

    /* In a Management message, read back through the iterator. */
    mf_ptp_builder b = ptp4l(MASTER_ID, 0);
    static const uint8_t all_ones[8] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    mf_ptp_tlv_spec spec = {MF_PTP_TLV_TYPE_ORGANIZATION_EXTENSION, value, n};
    uint8_t msg[128];
    size_t len = 0;
    CHECK_STATUS(mf_ptp_build_management(&b, 3, port(all_ones, 0xFFFF), MF_PTP_ACTION_COMMAND, 0, &spec, 1,
                                         msg, sizeof msg, &len, NULL),
                 MF_STATUS_OK);
    CHECK(len == 48 + 4 + 48);
    mf_ptp_message m;
    mf_ptp_tlv_iter it;
    mf_ptp_tlv t;
    CHECK_STATUS(mf_ptp_message_parse(msg, len, &m, NULL), MF_STATUS_OK);
    CHECK_STATUS(mf_ptp_tlv_iter_init(msg, len, &m, &it), MF_STATUS_OK);
    CHECK_STATUS(mf_ptp_tlv_next(&it, msg, len, &t, NULL), MF_STATUS_OK);
    CHECK(t.kind == MF_PTP_TLV_KIND_ORGANIZATION_EXTENSION && t.tlv_type == 0x0003);
    const mf_ptp_org_extension *o = &t.organization_extension;
    CHECK(o->organization_id[0] == 0x68 && o->organization_id[1] == 0x97 && o->organization_id[2] == 0xE8);
    CHECK(o->organization_sub_type == MF_PTP_SMPTE_SYNC_METADATA_SUB_TYPE);
    CHECK(o->data_offset == 58 && o->data_len == 42);
    CHECK(o->typed == MF_PTP_ORG_TYPED_SMPTE_SYNC_METADATA);
    CHECK(o->smpte.default_system_frame_rate_numerator == 30000);
    CHECK(o->smpte.default_system_frame_rate_denominator == 1001);
    CHECK(o->smpte.master_locking_status == 4 && o->smpte.time_address_flags == 1);
    CHECK(o->smpte.current_local_offset == -18000 && o->smpte.jump_seconds == 3600);
    CHECK(o->smpte.time_of_next_jump == 0x0000ABCDEF012345ull);
    CHECK(o->smpte.time_of_next_jam == 0x0000123456789ABCull);
    CHECK(o->smpte.time_of_previous_jam == 1 && o->smpte.previous_jam_local_offset == -14400);
    CHECK(o->smpte.daylight_saving == 2 && o->smpte.leap_second_jump == 1);
    CHECK_STATUS(mf_ptp_tlv_next(&it, msg, len, &t, NULL), MF_STATUS_END);

    /* The same TLV one octet short: an SMPTE TLV must have its length. */
    spec.value_len = 47;
    CHECK_STATUS(mf_ptp_build_management(&b, 3, port(all_ones, 0xFFFF), MF_PTP_ACTION_COMMAND, 0, &spec, 1,
                                         msg, sizeof msg, &len, NULL),
                 MF_STATUS_OK);
    mf_error err;
    CHECK_STATUS(mf_ptp_message_parse(msg, len, &m, NULL), MF_STATUS_OK);
    CHECK_STATUS(mf_ptp_tlv_iter_init(msg, len, &m, &it), MF_STATUS_OK);
    CHECK_STATUS(mf_ptp_tlv_next(&it, msg, len, &t, &err), MF_STATUS_TRUNCATED);
    CHECK(err.layer == MF_LAYER_PTP && err.has_offset && err.offset == 58);
    CHECK(err.needed == 42 && err.available == 41);
    CHECK_STATUS(mf_ptp_tlv_next(&it, msg, len, &t, &err), MF_STATUS_END);

    /* Another organization: no typed view, the data as offset and length. */
    uint8_t other[8] = {0x00, 0x1B, 0x19, 0x00, 0x00, 0x07, 0xAB, 0xCD};
    spec.value = other;
    spec.value_len = sizeof other;
    CHECK_STATUS(mf_ptp_build_signaling(&b, 3, port(all_ones, 0xFFFF), &spec, 1, msg, sizeof msg, &len, NULL),
                 MF_STATUS_OK);
    CHECK_STATUS(mf_ptp_message_parse(msg, len, &m, NULL), MF_STATUS_OK);
    CHECK_STATUS(mf_ptp_tlv_iter_init(msg, len, &m, &it), MF_STATUS_OK);
    CHECK_STATUS(mf_ptp_tlv_next(&it, msg, len, &t, NULL), MF_STATUS_OK);
    CHECK(t.kind == MF_PTP_TLV_KIND_ORGANIZATION_EXTENSION);
    CHECK(t.organization_extension.typed == MF_PTP_ORG_TYPED_NONE);
    CHECK(t.organization_extension.organization_sub_type == 7);
    CHECK(t.organization_extension.data_len == 2 && msg[t.organization_extension.data_offset] == 0xAB);

    /* Errors. */
    s.time_of_next_jam = (uint64_t)1 << 48;
    CHECK_STATUS(mf_ptp_smpte_tlv_value(&s, value, sizeof value, &n, &err), MF_STATUS_OUT_OF_RANGE);
    CHECK_STR(err.field, "timeOfNextJam");
    CHECK(err.found == ((uint64_t)1 << 48) && err.max == ((uint64_t)1 << 48) - 1);
    s.time_of_next_jam = 0;
    n = 0;
    CHECK_STATUS(mf_ptp_smpte_tlv_value(&s, value, 47, &n, &err), MF_STATUS_BUFFER_TOO_SMALL);
    CHECK(n == 48);
    CHECK_STATUS(mf_ptp_smpte_tlv_value(NULL, value, 48, &n, &err), MF_STATUS_NULL_POINTER);
    CHECK_STR(err.field, "metadata");
    CHECK_STATUS(mf_ptp_smpte_tlv_value(&s, NULL, 48, &n, &err), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_ptp_smpte_tlv_value(&s, value, 48, NULL, &err), MF_STATUS_NULL_POINTER);
}

/* Unicast negotiation, PATH_TRACE, ALTERNATE_TIME_OFFSET_INDICATOR, an unknown TLV
 * (Signaling) and MANAGEMENT_ERROR_STATUS (Management), written per IEEE 1588-2019
 * §16.1.4, §16.2.5, §16.3.3, §15.5.4 and read back. */
static void test_signaling_tlvs(void) {
    static const uint8_t request[6] = {0xB0, 0x01, 0x00, 0x00, 0x01, 0x2C};      /* Announce 2^1 s, 300 s */
    static const uint8_t grant[8] = {0x00, 0xFD, 0x00, 0x00, 0x00, 0x3C, 0x00, 0x01}; /* Sync, R */
    static const uint8_t cancel[2] = {0x90, 0x00};                              /* Delay_Resp */
    static const uint8_t ack[2] = {0xB0, 0x00};                                 /* Announce */
    uint8_t path[16];
    memcpy(path, MASTER_ID, 8);
    memcpy(path + 8, SLAVE_ID, 8);
    static const uint8_t atoi[20] = {
        0x01,                               /* keyField */
        0xFF, 0xFF, 0xB9, 0xB0,             /* currentOffset -18000 */
        0x00, 0x00, 0x0E, 0x10,             /* jumpSeconds 3600 */
        0x00, 0x00, 0x65, 0x53, 0xF1, 0x00, /* timeOfNextJump 0x6553F100 */
        0x03, 'E', 'S', 'T', 0x00,          /* displayName, pad */
    };
    static const uint8_t unknown[3] = {1, 2, 3};
    const mf_ptp_tlv_spec specs[7] = {
        {MF_PTP_TLV_TYPE_REQUEST_UNICAST_TRANSMISSION, request, sizeof request},
        {MF_PTP_TLV_TYPE_GRANT_UNICAST_TRANSMISSION, grant, sizeof grant},
        {MF_PTP_TLV_TYPE_CANCEL_UNICAST_TRANSMISSION, cancel, sizeof cancel},
        {MF_PTP_TLV_TYPE_ACKNOWLEDGE_CANCEL_UNICAST_TRANSMISSION, ack, sizeof ack},
        {MF_PTP_TLV_TYPE_PATH_TRACE, path, sizeof path},
        {MF_PTP_TLV_TYPE_ALTERNATE_TIME_OFFSET_INDICATOR, atoi, sizeof atoi},
        {0x2004, unknown, sizeof unknown},
    };
    mf_ptp_builder b = ptp4l(SLAVE_ID, 0);
    b.unicast = true;
    uint8_t msg[256];
    size_t len = 0;
    CHECK_STATUS(mf_ptp_build_signaling(&b, 77, port(MASTER_ID, 1), specs, 7, msg, sizeof msg, &len, NULL),
                 MF_STATUS_OK);
    CHECK(len == 44 + 7 * 4 + 6 + 8 + 2 + 2 + 16 + 20 + 3);
    mf_ptp_message m;
    CHECK_STATUS(mf_ptp_message_parse(msg, len, &m, NULL), MF_STATUS_OK);
    CHECK(m.header.flag_field == MF_PTP_FLAG_UNICAST && m.header.sequence_id == 77);
    CHECK(m.suffix_offset == 44 && m.suffix_len == len - 44);
    mf_ptp_tlv_iter it;
    mf_ptp_tlv t;
    CHECK_STATUS(mf_ptp_tlv_iter_init(msg, len, &m, &it), MF_STATUS_OK);

    CHECK_STATUS(mf_ptp_tlv_next(&it, msg, len, &t, NULL), MF_STATUS_OK);
    CHECK(t.kind == MF_PTP_TLV_KIND_REQUEST_UNICAST_TRANSMISSION && t.offset == 44 && t.value_len == 6);
    CHECK(t.unicast.message_type == MF_PTP_MESSAGE_TYPE_ANNOUNCE);
    CHECK(t.unicast.log_inter_message_period == 1 && t.unicast.duration_field == 300);
    CHECK(!t.unicast.renewal_invited);

    CHECK_STATUS(mf_ptp_tlv_next(&it, msg, len, &t, NULL), MF_STATUS_OK);
    CHECK(t.kind == MF_PTP_TLV_KIND_GRANT_UNICAST_TRANSMISSION && t.offset == 54);
    CHECK(t.unicast.message_type == MF_PTP_MESSAGE_TYPE_SYNC);
    CHECK(t.unicast.log_inter_message_period == -3 && t.unicast.duration_field == 60);
    CHECK(t.unicast.renewal_invited);

    CHECK_STATUS(mf_ptp_tlv_next(&it, msg, len, &t, NULL), MF_STATUS_OK);
    CHECK(t.kind == MF_PTP_TLV_KIND_CANCEL_UNICAST_TRANSMISSION);
    CHECK(t.unicast.message_type == MF_PTP_MESSAGE_TYPE_DELAY_RESP);

    CHECK_STATUS(mf_ptp_tlv_next(&it, msg, len, &t, NULL), MF_STATUS_OK);
    CHECK(t.kind == MF_PTP_TLV_KIND_ACKNOWLEDGE_CANCEL_UNICAST_TRANSMISSION);
    CHECK(t.unicast.message_type == MF_PTP_MESSAGE_TYPE_ANNOUNCE);

    CHECK_STATUS(mf_ptp_tlv_next(&it, msg, len, &t, NULL), MF_STATUS_OK);
    CHECK(t.kind == MF_PTP_TLV_KIND_PATH_TRACE);
    CHECK(t.path_trace.count == 2 && t.path_trace.offset == t.value_offset);
    CHECK(memcmp(msg + t.path_trace.offset, MASTER_ID, 8) == 0);
    CHECK(memcmp(msg + t.path_trace.offset + 8, SLAVE_ID, 8) == 0);

    CHECK_STATUS(mf_ptp_tlv_next(&it, msg, len, &t, NULL), MF_STATUS_OK);
    CHECK(t.kind == MF_PTP_TLV_KIND_ALTERNATE_TIME_OFFSET_INDICATOR);
    const mf_ptp_alternate_time_offset_indicator *a = &t.alternate_time_offset_indicator;
    CHECK(a->key_field == 1 && a->current_offset == -18000 && a->jump_seconds == 3600);
    CHECK(a->time_of_next_jump == 0x6553F100u);
    CHECK(a->display_name_len == 3 && a->display_name_offset == t.value_offset + 16);
    CHECK(memcmp(msg + a->display_name_offset, "EST", 3) == 0);

    CHECK_STATUS(mf_ptp_tlv_next(&it, msg, len, &t, NULL), MF_STATUS_OK);
    CHECK(t.kind == MF_PTP_TLV_KIND_OTHER && t.tlv_type == 0x2004 && t.length_field == 3);
    CHECK(t.value_offset + t.value_len == len && memcmp(msg + t.value_offset, unknown, 3) == 0);
    CHECK_STATUS(mf_ptp_tlv_next(&it, msg, len, &t, NULL), MF_STATUS_END);

    /* A REQUEST_UNICAST_TRANSMISSION value one octet short is malformed. */
    mf_ptp_tlv_spec short_request = {MF_PTP_TLV_TYPE_REQUEST_UNICAST_TRANSMISSION, request, 5};
    CHECK_STATUS(mf_ptp_build_signaling(&b, 1, port(MASTER_ID, 1), &short_request, 1, msg, sizeof msg, &len,
                                        NULL),
                 MF_STATUS_OK);
    mf_error err;
    CHECK_STATUS(mf_ptp_message_parse(msg, len, &m, NULL), MF_STATUS_OK);
    CHECK_STATUS(mf_ptp_tlv_iter_init(msg, len, &m, &it), MF_STATUS_OK);
    CHECK_STATUS(mf_ptp_tlv_next(&it, msg, len, &t, &err), MF_STATUS_TRUNCATED);
    CHECK_STR(err.field, "REQUEST_UNICAST_TRANSMISSION");
    CHECK(err.offset == 48 && err.needed == 6 && err.available == 5);

    /* MANAGEMENT_ERROR_STATUS: NO_SUCH_ID for PRIORITY1, displayData "nope". */
    static const uint8_t status[14] = {0x00, 0x02, 0x20, 0x05, 0, 0, 0, 0, 4, 'n', 'o', 'p', 'e', 0};
    mf_ptp_tlv_spec es = {MF_PTP_TLV_TYPE_MANAGEMENT_ERROR_STATUS, status, sizeof status};
    CHECK_STATUS(mf_ptp_build_management(&b, 2, port(MASTER_ID, 1), MF_PTP_ACTION_RESPONSE, 0, &es, 1, msg,
                                         sizeof msg, &len, NULL),
                 MF_STATUS_OK);
    CHECK_STATUS(mf_ptp_message_parse(msg, len, &m, NULL), MF_STATUS_OK);
    CHECK_STATUS(mf_ptp_tlv_iter_init(msg, len, &m, &it), MF_STATUS_OK);
    CHECK_STATUS(mf_ptp_tlv_next(&it, msg, len, &t, NULL), MF_STATUS_OK);
    CHECK(t.kind == MF_PTP_TLV_KIND_MANAGEMENT_ERROR_STATUS);
    CHECK(t.management_error_status.management_error_id == 2);
    CHECK(t.management_error_status.management_id == MF_PTP_MANAGEMENT_ID_PRIORITY1);
    CHECK(t.management_error_status.display_data_len == 4);
    CHECK(t.management_error_status.display_data_offset == 48 + 4 + 9);
    CHECK(memcmp(msg + t.management_error_status.display_data_offset, "nope", 4) == 0);
}

static void test_build_errors(void) {
    uint8_t out[64];
    size_t n = 12345;
    mf_error err;
    mf_ptp_builder b = ptp4l(MASTER_ID, 0);

    /* Too small: the size needed comes back. */
    CHECK_STATUS(mf_ptp_build_sync(&b, 0, ts(0, 0), true, 0, NULL, 0, out, 43, &n, &err),
                 MF_STATUS_BUFFER_TOO_SMALL);
    CHECK(n == 44 && err.needed == 44 && err.available == 43);
    CHECK_STR(err.field, "out");
    uint8_t tlv_value[10] = {0};
    mf_ptp_tlv_spec spec = {0x2004, tlv_value, sizeof tlv_value};
    CHECK_STATUS(mf_ptp_build_signaling(&b, 0, port(MASTER_ID, 1), &spec, 1, out, 50, &n, &err),
                 MF_STATUS_BUFFER_TOO_SMALL);
    CHECK(n == 58);

    /* Out of range. */
    CHECK_STATUS(mf_ptp_build_sync(&b, 0, ts(0, 1000000000u), true, 0, NULL, 0, out, sizeof out, &n, &err),
                 MF_STATUS_OUT_OF_RANGE);
    CHECK_STR(err.field, "nanosecondsField");
    CHECK(err.found == 1000000000u && err.max == 999999999u);
    CHECK_STATUS(mf_ptp_build_follow_up(&b, 0, ts(MF_PTP_SECONDS_MAX + 1, 0), 0, NULL, 0, out, sizeof out, &n,
                                        &err),
                 MF_STATUS_OUT_OF_RANGE);
    CHECK_STR(err.field, "secondsField");
    CHECK_STATUS(mf_ptp_build_management(&b, 0, port(MASTER_ID, 1), 16, 0, NULL, 0, out, sizeof out, &n, &err),
                 MF_STATUS_OUT_OF_RANGE);
    CHECK_STR(err.field, "actionField");
    CHECK(err.found == 16 && err.max == 15);
    b.minor_version_ptp = 16;
    CHECK_STATUS(mf_ptp_build_delay_req(&b, 0, ts(0, 0), 0, NULL, 0, out, sizeof out, &n, &err),
                 MF_STATUS_OUT_OF_RANGE);
    CHECK_STR(err.field, "builder.minor_version_ptp");
    b.minor_version_ptp = 0;
    b.major_sdo_id = 16;
    CHECK_STATUS(mf_ptp_build_delay_req(&b, 0, ts(0, 0), 0, NULL, 0, out, sizeof out, &n, &err),
                 MF_STATUS_OUT_OF_RANGE);
    CHECK_STR(err.field, "builder.major_sdo_id");
    b.major_sdo_id = 15;
    CHECK_STATUS(mf_ptp_build_delay_req(&b, 0, ts(0, 0), 0, NULL, 0, out, sizeof out, &n, &err), MF_STATUS_OK);
    CHECK(out[0] == 0xF1);

    /* A TLV value longer than a message can be. */
    static uint8_t big[65536];
    mf_ptp_tlv_spec huge = {0x2004, big, sizeof big};
    static uint8_t big_out[70000];
    CHECK_STATUS(mf_ptp_build_signaling(&b, 0, port(MASTER_ID, 1), &huge, 1, big_out, sizeof big_out, &n, &err),
                 MF_STATUS_OUT_OF_RANGE);
    CHECK_STR(err.field, "messageLength");
    CHECK(err.max == 65535);
    /* The largest message that fits: 65535 bytes. */
    huge.value_len = 65535 - 44 - 4;
    CHECK_STATUS(mf_ptp_build_signaling(&b, 0, port(MASTER_ID, 1), &huge, 1, big_out, sizeof big_out, &n, &err),
                 MF_STATUS_OK);
    CHECK(n == 65535 && be16(big_out + 2) == 65535);

    /* A TLV value inside the output buffer. */
    spec.value = out + 50;
    CHECK_STATUS(mf_ptp_build_signaling(&b, 0, port(MASTER_ID, 1), &spec, 1, out, sizeof out, &n, &err),
                 MF_STATUS_INVALID_ARGUMENT);
    CHECK_STR(err.field, "tlvs[].value");

    /* NULL pointers, with the argument named. */
    spec.value = NULL;
    CHECK_STATUS(mf_ptp_build_signaling(&b, 0, port(MASTER_ID, 1), &spec, 1, out, sizeof out, &n, &err),
                 MF_STATUS_NULL_POINTER);
    CHECK_STR(err.field, "tlvs[].value");
    spec.value_len = 0; /* an empty value may be NULL */
    CHECK_STATUS(mf_ptp_build_signaling(&b, 0, port(MASTER_ID, 1), &spec, 1, out, sizeof out, &n, &err),
                 MF_STATUS_OK);
    CHECK(n == 48);
    CHECK_STATUS(mf_ptp_build_signaling(&b, 0, port(MASTER_ID, 1), NULL, 1, out, sizeof out, &n, &err),
                 MF_STATUS_NULL_POINTER);
    CHECK_STR(err.field, "tlvs");
    CHECK_STATUS(mf_ptp_build_sync(NULL, 0, ts(0, 0), true, 0, NULL, 0, out, sizeof out, &n, &err),
                 MF_STATUS_NULL_POINTER);
    CHECK_STR(err.field, "builder");
    CHECK_STATUS(mf_ptp_build_sync(&b, 0, ts(0, 0), true, 0, NULL, 0, NULL, sizeof out, &n, &err),
                 MF_STATUS_NULL_POINTER);
    CHECK_STR(err.field, "out");
    CHECK_STATUS(mf_ptp_build_sync(&b, 0, ts(0, 0), true, 0, NULL, 0, out, sizeof out, NULL, &err),
                 MF_STATUS_NULL_POINTER);
    CHECK_STR(err.field, "written");
    mf_ptp_time_properties_data_set tp;
    memset(&tp, 0, sizeof tp);
    mf_ptp_parent_data_set parent;
    memset(&parent, 0, sizeof parent);
    CHECK_STATUS(mf_ptp_build_announce(&b, 0, ts(0, 0), NULL, 0, &tp, NULL, 0, out, sizeof out, &n, &err),
                 MF_STATUS_NULL_POINTER);
    CHECK_STR(err.field, "parent");
    CHECK_STATUS(mf_ptp_build_announce(&b, 0, ts(0, 0), &parent, 0, NULL, NULL, 0, out, sizeof out, &n, &err),
                 MF_STATUS_NULL_POINTER);
    CHECK_STR(err.field, "time_properties");
    CHECK_STATUS(mf_ptp_build_announce(&b, 0, ts(0, 4000000000u), &parent, 0, &tp, NULL, 0, out, sizeof out,
                                       &n, &err),
                 MF_STATUS_OUT_OF_RANGE);
}

/* ------------------------------------------------------------------------------ */

static void test_transport_init_and_len(void) {
    mf_ptp_transport t;
    size_t n = 0;
    static const uint8_t l2_primary[6] = {0x01, 0x1B, 0x19, 0x00, 0x00, 0x00};
    static const uint8_t l2_pdelay[6] = {0x01, 0x80, 0xC2, 0x00, 0x00, 0x0E};
    CHECK_STATUS(mf_ptp_transport_init(MF_PTP_TRANSPORT_L2, false, &t), MF_STATUS_OK);
    CHECK(t.kind == MF_PTP_TRANSPORT_L2 && memcmp(t.dst_mac, l2_primary, 6) == 0);
    CHECK_STATUS(mf_ptp_frame_len(&t, 44, &n), MF_STATUS_OK);
    CHECK(n == 58);
    CHECK_STATUS(mf_ptp_transport_init(MF_PTP_TRANSPORT_L2, true, &t), MF_STATUS_OK);
    CHECK(memcmp(t.dst_mac, l2_pdelay, 6) == 0);

    static const uint8_t v4_mac[6] = {0x01, 0x00, 0x5e, 0x00, 0x01, 0x81};
    CHECK_STATUS(mf_ptp_transport_init(MF_PTP_TRANSPORT_UDP4, false, &t), MF_STATUS_OK);
    CHECK(memcmp(t.dst_mac, v4_mac, 6) == 0);
    CHECK(ip_eq(&t.dst, &(mf_ip_addr){MF_IP_FAMILY_V4, {224, 0, 1, 129}}));
    CHECK(t.src.family == MF_IP_FAMILY_V4 && t.ttl == 1 && t.dscp == 0 && !t.checksum_trailer);
    CHECK_STATUS(mf_ptp_frame_len(&t, 44, &n), MF_STATUS_OK);
    CHECK(n == 86);
    CHECK_STATUS(mf_ptp_transport_init(MF_PTP_TRANSPORT_UDP4, true, &t), MF_STATUS_OK);
    CHECK(ip_eq(&t.dst, &(mf_ip_addr){MF_IP_FAMILY_V4, {224, 0, 0, 107}}));
    CHECK(t.dst_mac[5] == 107);

    static const uint8_t v6_mac[6] = {0x33, 0x33, 0x00, 0x00, 0x01, 0x81};
    mf_ip_addr ff0e;
    CHECK_STATUS(mf_ip_addr_parse("ff0e::181", &ff0e), MF_STATUS_OK);
    CHECK_STATUS(mf_ptp_transport_init(MF_PTP_TRANSPORT_UDP6, false, &t), MF_STATUS_OK);
    CHECK(memcmp(t.dst_mac, v6_mac, 6) == 0 && ip_eq(&t.dst, &ff0e));
    CHECK(t.src.family == MF_IP_FAMILY_V6);
    t.checksum_trailer = true;
    CHECK_STATUS(mf_ptp_frame_len(&t, 54, &n), MF_STATUS_OK);
    CHECK(n == sizeof udp6_delay_resp);
    mf_ip_addr ff02;
    CHECK_STATUS(mf_ip_addr_parse("ff02::6b", &ff02), MF_STATUS_OK);
    CHECK_STATUS(mf_ptp_transport_init(MF_PTP_TRANSPORT_UDP6, true, &t), MF_STATUS_OK);
    CHECK(ip_eq(&t.dst, &ff02) && t.dst_mac[5] == 0x6b);

    CHECK_STATUS(mf_ptp_transport_init(3, false, &t), MF_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(mf_ptp_transport_init(MF_PTP_TRANSPORT_L2, false, NULL), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_ptp_frame_len(&t, SIZE_MAX, &n), MF_STATUS_OUT_OF_RANGE);
    CHECK_STATUS(mf_ptp_frame_len(NULL, 1, &n), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_ptp_frame_len(&t, 1, NULL), MF_STATUS_NULL_POINTER);
    t.kind = 9;
    CHECK_STATUS(mf_ptp_frame_len(&t, 1, &n), MF_STATUS_INVALID_ARGUMENT);
}

/* Frames the library writes for ptp4l's messages, compared with the captured ones. */
static void test_frame_like_the_kernel(void) {
    uint8_t out[160];
    size_t n = 0;
    mf_error err;
    mf_ptp_transport t;

    /* Layer 2: every byte. */
    CHECK_STATUS(mf_ptp_transport_init(MF_PTP_TRANSPORT_L2, true, &t), MF_STATUS_OK);
    memcpy(t.src_mac, MASTER_MAC, 6);
    CHECK_STATUS(mf_ptp_frame(&t, l2_pdelay_req + L2_AT, 54, out, sizeof out, &n, &err), MF_STATUS_OK);
    CHECK(n == sizeof l2_pdelay_req && memcmp(out, l2_pdelay_req, n) == 0);
    memcpy(t.src_mac, SLAVE_MAC, 6);
    CHECK_STATUS(mf_ptp_frame(&t, l2_pdelay_resp + L2_AT, 54, out, sizeof out, &n, &err), MF_STATUS_OK);
    CHECK(n == sizeof l2_pdelay_resp && memcmp(out, l2_pdelay_resp, n) == 0);
    CHECK_STATUS(mf_ptp_frame(&t, l2_pdelay_resp_follow_up + L2_AT, 54, out, sizeof out, &n, &err),
                 MF_STATUS_OK);
    CHECK(n == sizeof l2_pdelay_resp_follow_up && memcmp(out, l2_pdelay_resp_follow_up, n) == 0);
    CHECK_STATUS(mf_ptp_transport_init(MF_PTP_TRANSPORT_L2, false, &t), MF_STATUS_OK);
    memcpy(t.src_mac, MASTER_MAC, 6);
    CHECK_STATUS(mf_ptp_frame(&t, l2_sync + L2_AT, 44, out, sizeof out, &n, &err), MF_STATUS_OK);
    CHECK(n == sizeof l2_sync && memcmp(out, l2_sync, n) == 0);

    /* UDP/IPv4: all but the identification and the two checksums; the IPv4 header
     * checksum is valid, and the UDP checksum is the one tshark computes. */
    struct {
        const uint8_t *frame;
        size_t len;
        uint16_t udp_checksum;
    } v4[] = {
        {udp4_announce, sizeof udp4_announce, 0xb957},
        {udp4_sync, sizeof udp4_sync, 0xa3aa},
        {udp4_follow_up, sizeof udp4_follow_up, 0x527c},
        {udp4_delay_req, sizeof udp4_delay_req, 0xbff0},
        {udp4_delay_resp, sizeof udp4_delay_resp, 0xfee3},
        {mgmt_resp_priority1, sizeof mgmt_resp_priority1, 0xbd5d},
    };
    CHECK_STATUS(mf_ptp_transport_init(MF_PTP_TRANSPORT_UDP4, false, &t), MF_STATUS_OK);
    for (size_t i = 0; i < sizeof v4 / sizeof v4[0]; i++) {
        const uint8_t *f = v4[i].frame;
        memcpy(t.src_mac, f + 6, 6);
        t.src = (mf_ip_addr){MF_IP_FAMILY_V4, {f[26], f[27], f[28], f[29]}};
        memset(out, 0xAA, sizeof out);
        CHECK_STATUS(mf_ptp_frame(&t, f + UDP4_AT, v4[i].len - UDP4_AT, out, sizeof out, &n, &err),
                     MF_STATUS_OK);
        CHECK(n == v4[i].len);
        CHECK(memcmp(out, f, 18) == 0);           /* Ethernet, version to total length */
        CHECK(be16(out + 18) == 0);               /* identification */
        CHECK(memcmp(out + 20, f + 20, 4) == 0);  /* flags (DF), TTL 1, protocol */
        CHECK(ipv4_header_sum(out + 14) == 0);    /* header checksum */
        CHECK(memcmp(out + 26, f + 26, 14) == 0); /* addresses, ports, UDP length */
        CHECK(be16(out + 40) == v4[i].udp_checksum);
        CHECK(memcmp(out + 42, f + 42, n - 42) == 0);
        CHECK(out[n] == 0xAA); /* nothing written past the frame */
    }

    /* UDP/IPv6 with the trailer: all but the flow label and the UDP checksum. */
    const uint8_t *f = udp6_delay_resp;
    CHECK_STATUS(mf_ptp_transport_init(MF_PTP_TRANSPORT_UDP6, false, &t), MF_STATUS_OK);
    memcpy(t.src_mac, MASTER_MAC, 6);
    CHECK_STATUS(mf_ip_addr_parse("fd00::1", &t.src), MF_STATUS_OK);
    t.checksum_trailer = true;
    CHECK_STATUS(mf_ptp_frame(&t, f + UDP6_AT, 54, out, sizeof out, &n, &err), MF_STATUS_OK);
    CHECK(n == sizeof udp6_delay_resp);
    CHECK(memcmp(out, f, 15) == 0);
    CHECK((out[15] & 0xF0) == (f[15] & 0xF0) && (out[15] & 0x0F) == 0 && out[16] == 0 && out[17] == 0);
    CHECK(memcmp(out + 18, f + 18, 60 - 18) == 0);
    CHECK(be16(out + 60) == 0xa94c);
    CHECK(memcmp(out + 62, f + 62, n - 62) == 0);

    /* Errors. */
    n = 0;
    CHECK_STATUS(mf_ptp_frame(&t, f + UDP6_AT, 54, out, 117, &n, &err), MF_STATUS_BUFFER_TOO_SMALL);
    CHECK(n == 118 && err.needed == 118);
    CHECK_STATUS(mf_ptp_frame(&t, f + UDP6_AT, 33, out, sizeof out, &n, &err), MF_STATUS_TRUNCATED);
    CHECK(err.layer == MF_LAYER_PTP && err.needed == 34);
    t.dscp = 64;
    CHECK_STATUS(mf_ptp_frame(&t, f + UDP6_AT, 54, out, sizeof out, &n, &err), MF_STATUS_OUT_OF_RANGE);
    CHECK_STR(err.field, "dscp");
    CHECK(err.found == 64 && err.max == 63);
    t.dscp = 46;
    CHECK_STATUS(mf_ptp_frame(&t, f + UDP6_AT, 54, out, sizeof out, &n, &err), MF_STATUS_OK);
    CHECK(out[14] == 0x6B && (out[15] & 0xF0) == 0x80); /* traffic class 46 << 2 */
    t.src = ip4(10, 77, 0, 1);
    CHECK_STATUS(mf_ptp_frame(&t, f + UDP6_AT, 54, out, sizeof out, &n, &err), MF_STATUS_INVALID_ARGUMENT);
    CHECK_STR(err.field, "transport.src");
    CHECK_STATUS(mf_ptp_transport_init(MF_PTP_TRANSPORT_UDP4, false, &t), MF_STATUS_OK);
    CHECK_STATUS(mf_ip_addr_parse("fd00::2", &t.dst), MF_STATUS_OK);
    CHECK_STATUS(mf_ptp_frame(&t, f + UDP6_AT, 54, out, sizeof out, &n, &err), MF_STATUS_INVALID_ARGUMENT);
    CHECK_STR(err.field, "transport.dst");
    t.dst.family = 5;
    CHECK_STATUS(mf_ptp_frame(&t, f + UDP6_AT, 54, out, sizeof out, &n, &err), MF_STATUS_INVALID_ARGUMENT);
    CHECK(err.found == 5);
    CHECK_STATUS(mf_ptp_transport_init(MF_PTP_TRANSPORT_UDP4, false, &t), MF_STATUS_OK);
    t.dscp = 64;
    CHECK_STATUS(mf_ptp_frame(&t, f + UDP6_AT, 54, out, sizeof out, &n, &err), MF_STATUS_OUT_OF_RANGE);
    t.kind = 7;
    CHECK_STATUS(mf_ptp_frame(&t, f + UDP6_AT, 54, out, sizeof out, &n, &err), MF_STATUS_INVALID_ARGUMENT);
    CHECK_STR(err.field, "transport.kind");
    CHECK_STATUS(mf_ptp_transport_init(MF_PTP_TRANSPORT_L2, false, &t), MF_STATUS_OK);
    memcpy(out + 14, l2_sync + L2_AT, 44);
    CHECK_STATUS(mf_ptp_frame(&t, out + 14, 44, out, sizeof out, &n, &err), MF_STATUS_INVALID_ARGUMENT);
    CHECK_STR(err.field, "out");
    CHECK_STATUS(mf_ptp_frame(NULL, l2_sync, 44, out, sizeof out, &n, &err), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_ptp_frame(&t, NULL, 44, out, sizeof out, &n, &err), MF_STATUS_NULL_POINTER);
    CHECK_STR(err.field, "message");
    CHECK_STATUS(mf_ptp_frame(&t, l2_sync, 44, NULL, sizeof out, &n, &err), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_ptp_frame(&t, l2_sync, 44, out, sizeof out, NULL, &err), MF_STATUS_NULL_POINTER);
    CHECK_STR(err.field, "written");
}

static void check_location(const uint8_t *frame, size_t len, mf_ptp_transport_kind kind, size_t offset,
                           size_t ip_offset, size_t udp_offset) {
    mf_ptp_location l;
    CHECK_STATUS(mf_ptp_locate(frame, len, &l, NULL), MF_STATUS_OK);
    CHECK(l.kind == kind && l.offset == offset && l.ip_offset == ip_offset && l.udp_offset == udp_offset);
}

static void test_locate(void) {
    check_location(udp4_sync, sizeof udp4_sync, MF_PTP_TRANSPORT_UDP4, 42, 14, 34);
    check_location(udp4_announce, sizeof udp4_announce, MF_PTP_TRANSPORT_UDP4, 42, 14, 34);
    check_location(mgmt_resp_port_ds, sizeof mgmt_resp_port_ds, MF_PTP_TRANSPORT_UDP4, 42, 14, 34);
    check_location(udp6_delay_resp, sizeof udp6_delay_resp, MF_PTP_TRANSPORT_UDP6, 62, 14, 54);
    check_location(l2_pdelay_req, sizeof l2_pdelay_req, MF_PTP_TRANSPORT_L2, 14, 14, 0);

    /* With an 802.1Q tag (VID 100) in front of the IPv4 header. */
    uint8_t tagged[sizeof udp4_sync + 4];
    memcpy(tagged, udp4_sync, 12);
    static const uint8_t tag[4] = {0x81, 0x00, 0x00, 0x64};
    memcpy(tagged + 12, tag, 4);
    memcpy(tagged + 16, udp4_sync + 12, sizeof udp4_sync - 12);
    check_location(tagged, sizeof tagged, MF_PTP_TRANSPORT_UDP4, 46, 18, 38);
    mf_ptp_message m;
    CHECK_STATUS(mf_ptp_message_parse(tagged + 46, sizeof tagged - 46, &m, NULL), MF_STATUS_OK);
    CHECK(m.header.message_type == MF_PTP_MESSAGE_TYPE_SYNC);

    /* Each layer's error. */
    mf_ptp_location l, sentinel;
    memset(&l, 0x42, sizeof l);
    sentinel = l;
    mf_error err;
    uint8_t f[128];
    CHECK_STATUS(mf_ptp_locate(udp4_sync, 13, &l, &err), MF_STATUS_TRUNCATED);
    CHECK(memcmp(&l, &sentinel, sizeof l) == 0);
    CHECK(err.layer == MF_LAYER_ETHERNET && err.has_offset && err.offset == 0);
    CHECK(err.needed == 14 && err.available == 13);
    CHECK_STATUS(mf_ptp_locate(udp4_sync, 30, &l, &err), MF_STATUS_TRUNCATED);
    CHECK(err.layer == MF_LAYER_ETHERNET && err.offset == 14 && err.needed == 20);
    CHECK_STATUS(mf_ptp_locate(udp4_sync, 40, &l, &err), MF_STATUS_TRUNCATED);
    CHECK(err.offset == 34 && err.needed == 8);

    memcpy(f, udp4_sync, sizeof udp4_sync);
    f[12] = 0x08;
    f[13] = 0x06; /* ARP */
    CHECK_STATUS(mf_ptp_locate(f, sizeof udp4_sync, &l, &err), MF_STATUS_INVALID_FIELD);
    CHECK(err.layer == MF_LAYER_ETHERNET && err.offset == 12 && err.found == 0x0806);
    CHECK_STR(err.field, "etherType");
    CHECK(strstr(err.message, "eth: ") == err.message);

    memcpy(f, udp4_sync, sizeof udp4_sync);
    f[23] = 6; /* TCP */
    CHECK_STATUS(mf_ptp_locate(f, sizeof udp4_sync, &l, &err), MF_STATUS_INVALID_FIELD);
    CHECK(err.layer == MF_LAYER_IPV4 && err.offset == 14 && err.found == 6);

    memcpy(f, udp6_delay_resp, sizeof udp6_delay_resp);
    f[20] = 0; /* hop-by-hop options */
    CHECK_STATUS(mf_ptp_locate(f, sizeof udp6_delay_resp, &l, &err), MF_STATUS_INVALID_FIELD);
    CHECK(err.layer == MF_LAYER_IPV6 && err.offset == 20 && err.found == 0);
    CHECK_STR(err.field, "nextHeader");

    memcpy(f, udp4_sync, sizeof udp4_sync);
    f[36] = 0;
    f[37] = 123; /* NTP */
    CHECK_STATUS(mf_ptp_locate(f, sizeof udp4_sync, &l, &err), MF_STATUS_INVALID_FIELD);
    CHECK(err.layer == MF_LAYER_UDP && err.offset == 36 && err.found == 123);
    CHECK_STR(err.field, "destination port");

    CHECK_STATUS(mf_ptp_locate(NULL, 10, &l, &err), MF_STATUS_NULL_POINTER);
    CHECK_STR(err.field, "frame");
    CHECK_STATUS(mf_ptp_locate(udp4_sync, sizeof udp4_sync, NULL, &err), MF_STATUS_NULL_POINTER);
}

/* One-step and transparent clock updates on copies of captured frames. */
static void test_in_place(void) {
    uint8_t f[160];
    mf_error err;
    mf_ptp_message m;
    int64_t corr = 0;

    /* The capture's partial checksums become the ones tshark computes. */
    memcpy(f, udp4_sync, sizeof udp4_sync);
    CHECK_STATUS(mf_ptp_fix_udp_checksum(f, sizeof udp4_sync, &err), MF_STATUS_OK);
    CHECK(be16(f + 40) == 0xa3aa);
    CHECK(memcmp(f, udp4_sync, 40) == 0 && memcmp(f + 42, udp4_sync + 42, sizeof udp4_sync - 42) == 0);
    uint8_t v6[sizeof udp6_delay_resp];
    memcpy(v6, udp6_delay_resp, sizeof v6);
    CHECK_STATUS(mf_ptp_fix_udp_checksum(v6, sizeof v6, &err), MF_STATUS_OK);
    CHECK(be16(v6 + 60) == 0xa94c);
    uint8_t l2[sizeof l2_sync];
    memcpy(l2, l2_sync, sizeof l2);
    CHECK_STATUS(mf_ptp_fix_udp_checksum(l2, sizeof l2, &err), MF_STATUS_OK);
    CHECK(memcmp(l2, l2_sync, sizeof l2) == 0); /* no UDP, nothing to do */

    /* One-step Sync: the originTimestamp written at transmission. */
    CHECK_STATUS(mf_ptp_set_origin_timestamp(f, sizeof udp4_sync, ts(1795445308u, 553478894u), &err),
                 MF_STATUS_OK);
    CHECK_STATUS(mf_ptp_message_parse(f + UDP4_AT, sizeof udp4_sync - UDP4_AT, &m, NULL), MF_STATUS_OK);
    CHECK(m.body.origin_timestamp.seconds == 1795445308u && m.body.origin_timestamp.nanoseconds == 553478894u);
    /* The same 10 bytes the Follow_Up carried for that Sync. */
    CHECK(memcmp(f + 76, udp4_follow_up + 76, 10) == 0);
    /* The checksum was kept right: recomputing it changes nothing. */
    uint8_t g[sizeof udp4_sync];
    memcpy(g, f, sizeof g);
    CHECK_STATUS(mf_ptp_fix_udp_checksum(g, sizeof g, NULL), MF_STATUS_OK);
    CHECK(memcmp(g, f, sizeof g) == 0);

    /* A transparent clock adds 1.5 us of residence time, then takes 0.5 us back. */
    CHECK_STATUS(mf_ptp_add_to_correction(f, sizeof udp4_sync, (int64_t)1500 << 16, &corr, &err),
                 MF_STATUS_OK);
    CHECK(corr == (int64_t)1500 << 16);
    CHECK_STATUS(mf_ptp_add_to_correction(f, sizeof udp4_sync, -((int64_t)500 << 16), &corr, &err),
                 MF_STATUS_OK);
    CHECK(corr == (int64_t)1000 << 16);
    CHECK_STATUS(mf_ptp_message_parse(f + UDP4_AT, sizeof udp4_sync - UDP4_AT, &m, NULL), MF_STATUS_OK);
    CHECK(m.header.correction_field == (int64_t)1000 << 16);
    memcpy(g, f, sizeof g);
    CHECK_STATUS(mf_ptp_fix_udp_checksum(g, sizeof g, NULL), MF_STATUS_OK);
    CHECK(memcmp(g, f, sizeof g) == 0);
    /* Saturating at the largest value. */
    CHECK_STATUS(mf_ptp_add_to_correction(f, sizeof udp4_sync, INT64_MAX, &corr, &err), MF_STATUS_OK);
    CHECK(corr == INT64_MAX);

    /* An IPv4 checksum of zero ("not computed") stays zero. */
    memcpy(f, udp4_sync, sizeof udp4_sync);
    f[40] = 0;
    f[41] = 0;
    CHECK_STATUS(mf_ptp_add_to_correction(f, sizeof udp4_sync, 7, &corr, &err), MF_STATUS_OK);
    CHECK(f[40] == 0 && f[41] == 0 && corr == 7);
    CHECK_STATUS(mf_ptp_set_origin_timestamp(f, sizeof udp4_sync, ts(1, 1), &err), MF_STATUS_OK);
    CHECK(f[40] == 0 && f[41] == 0);

    /* IPv6 and Layer 2. */
    CHECK_STATUS(mf_ptp_add_to_correction(v6, sizeof v6, 65536, &corr, &err), MF_STATUS_OK);
    memcpy(f, v6, sizeof v6);
    CHECK_STATUS(mf_ptp_fix_udp_checksum(f, sizeof v6, NULL), MF_STATUS_OK);
    CHECK(memcmp(f, v6, sizeof v6) == 0);
    CHECK_STATUS(mf_ptp_set_origin_timestamp(l2, sizeof l2, ts(2, 3), &err), MF_STATUS_OK);
    CHECK_STATUS(mf_ptp_add_to_correction(l2, sizeof l2, -1, &corr, &err), MF_STATUS_OK);
    CHECK(corr == -1);
    CHECK_STATUS(mf_ptp_message_parse(l2 + L2_AT, sizeof l2 - L2_AT, &m, NULL), MF_STATUS_OK);
    CHECK(m.body.origin_timestamp.seconds == 2 && m.body.origin_timestamp.nanoseconds == 3);
    CHECK(m.header.correction_field == -1);

    /* Errors. */
    memcpy(f, udp4_delay_resp, sizeof udp4_delay_resp);
    CHECK_STATUS(mf_ptp_set_origin_timestamp(f, sizeof udp4_delay_resp, ts(1, 1), &err),
                 MF_STATUS_INVALID_FIELD);
    CHECK(err.layer == MF_LAYER_PTP && err.offset == 42 && err.found == MF_PTP_MESSAGE_TYPE_DELAY_RESP);
    CHECK_STR(err.field, "messageType");
    CHECK(memcmp(f, udp4_delay_resp, sizeof udp4_delay_resp) == 0);
    memcpy(f, udp4_sync, sizeof udp4_sync);
    CHECK_STATUS(mf_ptp_set_origin_timestamp(f, sizeof udp4_sync, ts(1, 1000000000u), &err),
                 MF_STATUS_OUT_OF_RANGE);
    CHECK_STR(err.field, "nanosecondsField");
    CHECK(err.layer == MF_LAYER_NONE);
    CHECK_STATUS(mf_ptp_set_origin_timestamp(f, 80, ts(1, 1), &err), MF_STATUS_TRUNCATED);
    CHECK(err.layer == MF_LAYER_PTP && err.offset == 76 && err.needed == 10 && err.available == 4);
    CHECK_STATUS(mf_ptp_add_to_correction(f, 60, 1, &corr, &err), MF_STATUS_TRUNCATED);
    CHECK(err.layer == MF_LAYER_PTP && err.offset == 42 && err.needed == 34);
    /* A UDP length past the end of the frame. */
    f[38] = 0x01;
    CHECK_STATUS(mf_ptp_fix_udp_checksum(f, sizeof udp4_sync, &err), MF_STATUS_INVALID_FIELD);
    CHECK(err.layer == MF_LAYER_UDP && err.offset == 38);
    CHECK_STR(err.field, "UDP length");
    CHECK_STATUS(mf_ptp_add_to_correction(f, sizeof udp4_sync, 1, &corr, &err), MF_STATUS_INVALID_FIELD);
    CHECK(err.layer == MF_LAYER_UDP);
    CHECK_STATUS(mf_ptp_set_origin_timestamp(f, sizeof udp4_sync, ts(1, 1), &err), MF_STATUS_INVALID_FIELD);
    CHECK(err.layer == MF_LAYER_UDP);
    f[12] = 0x86;
    f[13] = 0x00;
    CHECK_STATUS(mf_ptp_fix_udp_checksum(f, sizeof udp4_sync, &err), MF_STATUS_INVALID_FIELD);
    CHECK(err.layer == MF_LAYER_ETHERNET);
    CHECK_STATUS(mf_ptp_add_to_correction(f, sizeof udp4_sync, 1, &corr, &err), MF_STATUS_INVALID_FIELD);
    CHECK_STATUS(mf_ptp_set_origin_timestamp(f, sizeof udp4_sync, ts(1, 1), &err), MF_STATUS_INVALID_FIELD);

    CHECK_STATUS(mf_ptp_fix_udp_checksum(NULL, 10, &err), MF_STATUS_NULL_POINTER);
    CHECK_STR(err.field, "frame");
    CHECK_STATUS(mf_ptp_add_to_correction(NULL, 10, 1, &corr, &err), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_ptp_add_to_correction(f, 10, 1, NULL, &err), MF_STATUS_NULL_POINTER);
    CHECK_STR(err.field, "correction_field");
    CHECK_STATUS(mf_ptp_set_origin_timestamp(NULL, 10, ts(1, 1), &err), MF_STATUS_NULL_POINTER);
}

int main(void) {
    test_builder_init();
    test_build_like_ptp4l();
    test_build_fields();
    test_build_management_like_ptp4l();
    test_management_value_errors();
    test_smpte();
    test_signaling_tlvs();
    test_build_errors();
    test_transport_init_and_len();
    test_frame_like_the_kernel();
    test_locate();
    test_in_place();
    return test_summary("test_ptp_build");
}
