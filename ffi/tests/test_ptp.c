/*
 * C tests of the mediafabric PTP API, reading side: names, message parsing and TLV
 * iteration, on real frames captured from linuxptp 3.1 (ptp_frames.h). Every field is
 * checked against what tshark 4.0 shows for the same frame; every error path of
 * mf_ptp_message_parse, mf_ptp_tlv_iter_init and mf_ptp_tlv_next is taken.
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

/* Where the PTP message starts in the captured frames. */
#define UDP4_AT 42 /* Ethernet 14 + IPv4 20 + UDP 8 */
#define UDP6_AT 62 /* Ethernet 14 + IPv6 40 + UDP 8 */
#define L2_AT 14   /* Ethernet 14 */

/* The master (ptp4l) and the slave / pmc of every capture. */
static const uint8_t MASTER_ID[8] = {0x8e, 0x2a, 0x0f, 0xff, 0xfe, 0x60, 0x4e, 0xd7};
static const uint8_t SLAVE_ID[8] = {0xa6, 0x23, 0x59, 0xff, 0xfe, 0x56, 0xd1, 0x1e};
static const uint8_t ALL_ONES_ID[8] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

static int port_is(const mf_ptp_port_identity *p, const uint8_t id[8], uint16_t port) {
    return memcmp(p->clock_identity, id, 8) == 0 && p->port_number == port;
}

static int ts_is(mf_ptp_timestamp t, uint64_t s, uint32_t ns) {
    return t.seconds == s && t.nanoseconds == ns;
}

static int ts_zero(mf_ptp_timestamp t) { return ts_is(t, 0, 0); }

static int port_zero(const mf_ptp_port_identity *p) {
    static const uint8_t zero[8];
    return port_is(p, zero, 0);
}

/* Parses the message at `at` in a captured frame (the rest of the frame as input). */
static mf_status parse_at(const uint8_t *frame, size_t frame_len, size_t at, mf_ptp_message *m) {
    return mf_ptp_message_parse(frame + at, frame_len - at, m, NULL);
}

/* The header fields every ptp4l 3.1 message of the captures shares. */
static void check_ptp4l_header(const mf_ptp_header *h, uint8_t type, uint16_t length,
                               uint8_t domain, uint16_t flags, const uint8_t id[8],
                               uint8_t control, int8_t interval) {
    CHECK(h->major_sdo_id == 0);
    CHECK(h->message_type == type);
    CHECK(h->minor_version_ptp == 0); /* linuxptp 3.1 writes 0 (IEEE 1588-2008) */
    CHECK(h->version_ptp == 2);
    CHECK(h->message_length == length);
    CHECK(h->domain_number == domain);
    CHECK(h->minor_sdo_id == 0);
    CHECK(h->flag_field == flags);
    CHECK(h->correction_field == 0);
    CHECK(h->message_type_specific == 0);
    CHECK(port_is(&h->source_port_identity, id, 1));
    CHECK(h->sequence_id == 0);
    CHECK(h->control_field == control);
    CHECK(h->log_message_interval == interval);
}

/* ------------------------------------------------------------------------------ */

static void test_status_and_names(void) {
    /* MF_STATUS_END is appended after the VXLAN codes, which keep their numbers. */
    CHECK(MF_STATUS_PANIC == 12 && MF_STATUS_END == 13);
    CHECK_STR(mf_status_str(MF_STATUS_END), "end of iteration");
    CHECK_STR(mf_status_str(MF_STATUS_END + 1), "unknown status");
    CHECK(MF_LAYER_INNER == 7 && MF_LAYER_PTP == 8);
    CHECK_STR(mf_layer_str(MF_LAYER_PTP), "ptp");
    /* Layers are appended as protocols arrive: test a number none will reach. */
    CHECK_STR(mf_layer_str(200), "unknown layer");

    /* IEEE 1588-2019 Table 36, as tshark spells the same types. */
    CHECK_STR(mf_ptp_message_type_str(MF_PTP_MESSAGE_TYPE_SYNC), "Sync");
    CHECK_STR(mf_ptp_message_type_str(MF_PTP_MESSAGE_TYPE_DELAY_REQ), "Delay_Req");
    CHECK_STR(mf_ptp_message_type_str(MF_PTP_MESSAGE_TYPE_PDELAY_REQ), "Pdelay_Req");
    CHECK_STR(mf_ptp_message_type_str(MF_PTP_MESSAGE_TYPE_PDELAY_RESP), "Pdelay_Resp");
    CHECK_STR(mf_ptp_message_type_str(MF_PTP_MESSAGE_TYPE_FOLLOW_UP), "Follow_Up");
    CHECK_STR(mf_ptp_message_type_str(MF_PTP_MESSAGE_TYPE_DELAY_RESP), "Delay_Resp");
    CHECK_STR(mf_ptp_message_type_str(MF_PTP_MESSAGE_TYPE_PDELAY_RESP_FOLLOW_UP),
              "Pdelay_Resp_Follow_Up");
    CHECK_STR(mf_ptp_message_type_str(MF_PTP_MESSAGE_TYPE_ANNOUNCE), "Announce");
    CHECK_STR(mf_ptp_message_type_str(MF_PTP_MESSAGE_TYPE_SIGNALING), "Signaling");
    CHECK_STR(mf_ptp_message_type_str(MF_PTP_MESSAGE_TYPE_MANAGEMENT), "Management");
    const uint8_t reserved[] = {4, 5, 6, 7, 0xE, 0xF, 0x10, 0x8B, 0xFF};
    for (size_t i = 0; i < sizeof reserved; i++) {
        CHECK_STR(mf_ptp_message_type_str(reserved[i]), "unknown message type");
    }

    /* IEEE 1588-2019 Table 52. */
    CHECK_STR(mf_ptp_tlv_type_str(MF_PTP_TLV_TYPE_MANAGEMENT), "MANAGEMENT");
    CHECK_STR(mf_ptp_tlv_type_str(MF_PTP_TLV_TYPE_MANAGEMENT_ERROR_STATUS), "MANAGEMENT_ERROR_STATUS");
    CHECK_STR(mf_ptp_tlv_type_str(MF_PTP_TLV_TYPE_ORGANIZATION_EXTENSION), "ORGANIZATION_EXTENSION");
    CHECK_STR(mf_ptp_tlv_type_str(0x0007), "ACKNOWLEDGE_CANCEL_UNICAST_TRANSMISSION");
    CHECK_STR(mf_ptp_tlv_type_str(MF_PTP_TLV_TYPE_PATH_TRACE), "PATH_TRACE");
    CHECK_STR(mf_ptp_tlv_type_str(0x8009), "AUTHENTICATION");
    CHECK_STR(mf_ptp_tlv_type_str(0x0000), "unknown TLV type");
    CHECK_STR(mf_ptp_tlv_type_str(0x2000), "unknown TLV type");
    CHECK_STR(mf_ptp_tlv_type_str(UINT16_MAX), "unknown TLV type");

    /* IEEE 1588-2019 Table 59, and linuxptp's implementation-specific IDs. */
    CHECK_STR(mf_ptp_management_id_str(MF_PTP_MANAGEMENT_ID_NULL_PTP_MANAGEMENT), "NULL_PTP_MANAGEMENT");
    CHECK_STR(mf_ptp_management_id_str(0x2000), "DEFAULT_DATA_SET");
    CHECK_STR(mf_ptp_management_id_str(MF_PTP_MANAGEMENT_ID_PRIORITY1), "PRIORITY1");
    CHECK_STR(mf_ptp_management_id_str(MF_PTP_MANAGEMENT_ID_LOG_MIN_PDELAY_REQ_INTERVAL),
              "LOG_MIN_PDELAY_REQ_INTERVAL");
    CHECK_STR(mf_ptp_management_id_str(0xC000), "TIME_STATUS_NP");
    CHECK_STR(mf_ptp_management_id_str(0x0008), "unknown managementId");
    CHECK_STR(mf_ptp_management_id_str(0xDFFF), "unknown managementId");
    CHECK_STR(mf_ptp_management_id_str(UINT16_MAX), "unknown managementId");

    /* The names are static: the same pointer every time. */
    CHECK(mf_ptp_management_id_str(0x2005) == mf_ptp_management_id_str(0x2005));
    CHECK(MF_PTP_HEADER_LEN == 34 && MF_PTP_EVENT_PORT == 319 && MF_PTP_GENERAL_PORT == 320);
    CHECK(MF_PTP_ETHERTYPE == 0x88F7);
}

/* udp4 frame 1: Announce. */
static void test_parse_announce(void) {
    mf_ptp_message m;
    memset(&m, 0xAA, sizeof m);
    mf_error err;
    memset(&err, 0x5A, sizeof err);
    mf_error err_before = err;
    CHECK_STATUS(mf_ptp_message_parse(udp4_announce + UDP4_AT, sizeof udp4_announce - UDP4_AT, &m, &err),
                 MF_STATUS_OK);
    /* The error detail is left alone on success. */
    CHECK(memcmp(&err, &err_before, sizeof err) == 0);
    check_ptp4l_header(&m.header, MF_PTP_MESSAGE_TYPE_ANNOUNCE, 64, 127, 0x0000, MASTER_ID, 5, -2);
    CHECK(ts_zero(m.body.origin_timestamp));
    CHECK(m.body.current_utc_offset == 37);
    CHECK(m.body.grandmaster_priority1 == 100);
    CHECK(m.body.grandmaster_clock_quality.clock_class == 248);
    CHECK(m.body.grandmaster_clock_quality.clock_accuracy == 0xFE);
    CHECK(m.body.grandmaster_clock_quality.offset_scaled_log_variance == 65535);
    CHECK(m.body.grandmaster_priority2 == 128);
    CHECK(memcmp(m.body.grandmaster_identity, MASTER_ID, 8) == 0);
    CHECK(m.body.steps_removed == 0);
    CHECK(m.body.time_source == 0xA0); /* INTERNAL_OSCILLATOR */
    /* Members of other message types are zero. */
    CHECK(ts_zero(m.body.receive_timestamp) && ts_zero(m.body.precise_origin_timestamp));
    CHECK(port_zero(&m.body.requesting_port_identity) && port_zero(&m.body.target_port_identity));
    CHECK(m.body.action_field == 0 && m.body.boundary_hops == 0);
    CHECK(m.suffix_offset == 64 && m.suffix_len == 0);

    /* No TLVs: the iterator ends at once, and stays at its end. */
    mf_ptp_tlv_iter it;
    mf_ptp_tlv tlv;
    const uint8_t *msg = udp4_announce + UDP4_AT;
    size_t len = sizeof udp4_announce - UDP4_AT;
    CHECK_STATUS(mf_ptp_tlv_iter_init(msg, len, &m, &it), MF_STATUS_OK);
    CHECK(it.offset == 64 && it.end == 64);
    memset(&err, 0x5A, sizeof err);
    CHECK_STATUS(mf_ptp_tlv_next(&it, msg, len, &tlv, &err), MF_STATUS_END);
    CHECK(memcmp(&err, &err_before, sizeof err) == 0);
    CHECK_STATUS(mf_ptp_tlv_next(&it, msg, len, &tlv, NULL), MF_STATUS_END);
}

/* udp4 frames 2, 3, 14, 15: Sync, Follow_Up, Delay_Req, Delay_Resp. */
static void test_parse_e2e_udp4(void) {
    mf_ptp_message m;
    CHECK_STATUS(parse_at(udp4_sync, sizeof udp4_sync, UDP4_AT, &m), MF_STATUS_OK);
    check_ptp4l_header(&m.header, MF_PTP_MESSAGE_TYPE_SYNC, 44, 127, MF_PTP_FLAG_TWO_STEP, MASTER_ID, 0,
                       -3);
    CHECK(m.header.flag_field == 0x0200);
    CHECK(ts_zero(m.body.origin_timestamp));
    CHECK(m.suffix_offset == 44 && m.suffix_len == 0);

    CHECK_STATUS(parse_at(udp4_follow_up, sizeof udp4_follow_up, UDP4_AT, &m), MF_STATUS_OK);
    check_ptp4l_header(&m.header, MF_PTP_MESSAGE_TYPE_FOLLOW_UP, 44, 127, 0, MASTER_ID, 2, -3);
    CHECK(ts_is(m.body.precise_origin_timestamp, 1795445308u, 553478894u));
    CHECK(ts_zero(m.body.origin_timestamp));
    CHECK(m.suffix_offset == 44 && m.suffix_len == 0);

    CHECK_STATUS(parse_at(udp4_delay_req, sizeof udp4_delay_req, UDP4_AT, &m), MF_STATUS_OK);
    check_ptp4l_header(&m.header, MF_PTP_MESSAGE_TYPE_DELAY_REQ, 44, 127, 0, SLAVE_ID, 1,
                       MF_PTP_NO_INTERVAL);
    CHECK(m.header.log_message_interval == 127);
    CHECK(ts_zero(m.body.origin_timestamp));

    CHECK_STATUS(parse_at(udp4_delay_resp, sizeof udp4_delay_resp, UDP4_AT, &m), MF_STATUS_OK);
    check_ptp4l_header(&m.header, MF_PTP_MESSAGE_TYPE_DELAY_RESP, 54, 127, 0, MASTER_ID, 3, -3);
    CHECK(ts_is(m.body.receive_timestamp, 1795445309u, 178324266u));
    CHECK(port_is(&m.body.requesting_port_identity, SLAVE_ID, 1));
    CHECK(m.suffix_offset == 54 && m.suffix_len == 0);
}

/* udp6 frame 15: Delay_Resp followed by the 2-octet trailer of Annex D.6. */
static void test_parse_udp6_trailer(void) {
    mf_ptp_message m;
    const size_t len = sizeof udp6_delay_resp - UDP6_AT;
    CHECK(len == 56); /* the 54-byte message and the trailer */
    CHECK_STATUS(parse_at(udp6_delay_resp, sizeof udp6_delay_resp, UDP6_AT, &m), MF_STATUS_OK);
    check_ptp4l_header(&m.header, MF_PTP_MESSAGE_TYPE_DELAY_RESP, 54, 0, 0, MASTER_ID, 3, -3);
    CHECK(ts_is(m.body.receive_timestamp, 1795445325u, 190956843u));
    CHECK(port_is(&m.body.requesting_port_identity, SLAVE_ID, 1));
    /* Bytes after messageLength are not part of the message (§13.1). */
    CHECK(m.suffix_offset == 54 && m.suffix_len == 0);
    mf_ptp_tlv_iter it;
    mf_ptp_tlv tlv;
    CHECK_STATUS(mf_ptp_tlv_iter_init(udp6_delay_resp + UDP6_AT, len, &m, &it), MF_STATUS_OK);
    CHECK_STATUS(mf_ptp_tlv_next(&it, udp6_delay_resp + UDP6_AT, len, &tlv, NULL), MF_STATUS_END);
}

/* l2 frames 1, 2, 3, 44: the peer delay exchange and a Sync over IEEE 802.3. */
static void test_parse_l2(void) {
    mf_ptp_message m;
    CHECK_STATUS(parse_at(l2_pdelay_req, sizeof l2_pdelay_req, L2_AT, &m), MF_STATUS_OK);
    check_ptp4l_header(&m.header, MF_PTP_MESSAGE_TYPE_PDELAY_REQ, 54, 0, 0, MASTER_ID, 5, 127);
    CHECK(ts_zero(m.body.origin_timestamp));
    CHECK(m.suffix_offset == 54 && m.suffix_len == 0);

    CHECK_STATUS(parse_at(l2_pdelay_resp, sizeof l2_pdelay_resp, L2_AT, &m), MF_STATUS_OK);
    check_ptp4l_header(&m.header, MF_PTP_MESSAGE_TYPE_PDELAY_RESP, 54, 0, MF_PTP_FLAG_TWO_STEP, SLAVE_ID,
                       5, 127);
    CHECK(ts_is(m.body.request_receipt_timestamp, 1795445337u, 809617869u));
    CHECK(port_is(&m.body.requesting_port_identity, MASTER_ID, 1));
    CHECK(ts_zero(m.body.response_origin_timestamp));

    CHECK_STATUS(parse_at(l2_pdelay_resp_follow_up, sizeof l2_pdelay_resp_follow_up, L2_AT, &m),
                 MF_STATUS_OK);
    check_ptp4l_header(&m.header, MF_PTP_MESSAGE_TYPE_PDELAY_RESP_FOLLOW_UP, 54, 0, 0, SLAVE_ID, 5, 127);
    CHECK(ts_is(m.body.response_origin_timestamp, 1795445337u, 809678144u));
    CHECK(port_is(&m.body.requesting_port_identity, MASTER_ID, 1));
    CHECK(ts_zero(m.body.request_receipt_timestamp));

    CHECK_STATUS(parse_at(l2_sync, sizeof l2_sync, L2_AT, &m), MF_STATUS_OK);
    check_ptp4l_header(&m.header, MF_PTP_MESSAGE_TYPE_SYNC, 44, 0, MF_PTP_FLAG_TWO_STEP, MASTER_ID, 0, -3);
}

/* Parses a management frame of the pmc capture, checks its header and body, and reads
 * its single MANAGEMENT TLV into *tlv (then checks the iterator ends). */
static void parse_management(const uint8_t *frame, size_t frame_len, uint8_t action, uint16_t id,
                             uint16_t length_field, mf_ptp_tlv *tlv) {
    const uint8_t *msg = frame + UDP4_AT;
    const size_t len = frame_len - UDP4_AT;
    mf_ptp_message m;
    CHECK_STATUS(mf_ptp_message_parse(msg, len, &m, NULL), MF_STATUS_OK);
    const int get = action == MF_PTP_ACTION_GET;
    check_ptp4l_header(&m.header, MF_PTP_MESSAGE_TYPE_MANAGEMENT, (uint16_t)(48 + 4 + length_field), 0, 0,
                       get ? SLAVE_ID : MASTER_ID, 4, 127);
    /* pmc asks all ports of all clocks; ptp4l answers pmc's port. */
    CHECK(get ? port_is(&m.body.target_port_identity, ALL_ONES_ID, 0xFFFF)
              : port_is(&m.body.target_port_identity, SLAVE_ID, 1));
    CHECK(m.body.starting_boundary_hops == 1 && m.body.boundary_hops == 1);
    CHECK(m.body.action_field == action);
    CHECK(m.suffix_offset == 48 && m.suffix_len == 4u + length_field);

    mf_ptp_tlv_iter it;
    CHECK_STATUS(mf_ptp_tlv_iter_init(msg, len, &m, &it), MF_STATUS_OK);
    CHECK(it.offset == 48 && it.end == 52u + length_field);
    memset(tlv, 0xEE, sizeof *tlv);
    CHECK_STATUS(mf_ptp_tlv_next(&it, msg, len, tlv, NULL), MF_STATUS_OK);
    CHECK(tlv->tlv_type == MF_PTP_TLV_TYPE_MANAGEMENT);
    CHECK(tlv->length_field == length_field);
    CHECK(tlv->offset == 48 && tlv->value_offset == 52 && tlv->value_len == length_field);
    CHECK(tlv->kind == MF_PTP_TLV_KIND_MANAGEMENT);
    CHECK(tlv->management.management_id == id);
    CHECK(tlv->management.data_offset == 54 && tlv->management.data_len == length_field - 2u);
    /* Only the member the kind names is set. */
    CHECK(tlv->management_error_status.management_error_id == 0 && tlv->unicast.duration_field == 0);
    CHECK(tlv->organization_extension.data_len == 0 && tlv->path_trace.count == 0);
    mf_ptp_tlv again;
    CHECK_STATUS(mf_ptp_tlv_next(&it, msg, len, &again, NULL), MF_STATUS_END);
    CHECK(it.offset == it.end);
    CHECK_STATUS(mf_ptp_tlv_next(&it, msg, len, &again, NULL), MF_STATUS_END);
}

static void test_parse_management(void) {
    mf_ptp_tlv t;

    /* pmc's GET carries a zeroed data set: typed all the same (action-independent). */
    parse_management(mgmt_get_default_ds, sizeof mgmt_get_default_ds, MF_PTP_ACTION_GET,
                     MF_PTP_MANAGEMENT_ID_DEFAULT_DATA_SET, 22, &t);
    CHECK(t.management.data_kind == MF_PTP_MANAGEMENT_DATA_DEFAULT_DATA_SET);
    CHECK(!t.management.default_data_set.two_step_flag && t.management.default_data_set.number_ports == 0);
    CHECK(t.management.default_data_set.priority1 == 0);

    parse_management(mgmt_resp_default_ds, sizeof mgmt_resp_default_ds, MF_PTP_ACTION_RESPONSE,
                     MF_PTP_MANAGEMENT_ID_DEFAULT_DATA_SET, 22, &t);
    CHECK(t.management.data_kind == MF_PTP_MANAGEMENT_DATA_DEFAULT_DATA_SET);
    const mf_ptp_default_data_set *d = &t.management.default_data_set;
    CHECK(d->two_step_flag && !d->slave_only);
    CHECK(d->number_ports == 1 && d->priority1 == 100 && d->priority2 == 128);
    CHECK(d->clock_quality.clock_class == 248 && d->clock_quality.clock_accuracy == 0xFE);
    CHECK(d->clock_quality.offset_scaled_log_variance == 65535);
    CHECK(memcmp(d->clock_identity, MASTER_ID, 8) == 0 && d->domain_number == 0);

    parse_management(mgmt_resp_current_ds, sizeof mgmt_resp_current_ds, MF_PTP_ACTION_RESPONSE,
                     MF_PTP_MANAGEMENT_ID_CURRENT_DATA_SET, 20, &t);
    CHECK(t.management.data_kind == MF_PTP_MANAGEMENT_DATA_CURRENT_DATA_SET);
    CHECK(t.management.current_data_set.steps_removed == 0);
    CHECK(t.management.current_data_set.offset_from_master == 0);
    CHECK(t.management.current_data_set.mean_path_delay == 0);

    parse_management(mgmt_resp_parent_ds, sizeof mgmt_resp_parent_ds, MF_PTP_ACTION_RESPONSE,
                     MF_PTP_MANAGEMENT_ID_PARENT_DATA_SET, 34, &t);
    CHECK(t.management.data_kind == MF_PTP_MANAGEMENT_DATA_PARENT_DATA_SET);
    const mf_ptp_parent_data_set *p = &t.management.parent_data_set;
    CHECK(port_is(&p->parent_port_identity, MASTER_ID, 0));
    CHECK(!p->parent_stats);
    CHECK(p->observed_parent_offset_scaled_log_variance == 65535);
    CHECK(p->observed_parent_clock_phase_change_rate == 2147483647);
    CHECK(p->grandmaster_priority1 == 100 && p->grandmaster_priority2 == 128);
    CHECK(p->grandmaster_clock_quality.clock_class == 248);
    CHECK(p->grandmaster_clock_quality.clock_accuracy == 0xFE);
    CHECK(p->grandmaster_clock_quality.offset_scaled_log_variance == 65535);
    CHECK(memcmp(p->grandmaster_identity, MASTER_ID, 8) == 0);

    parse_management(mgmt_resp_time_properties_ds, sizeof mgmt_resp_time_properties_ds,
                     MF_PTP_ACTION_RESPONSE, MF_PTP_MANAGEMENT_ID_TIME_PROPERTIES_DATA_SET, 6, &t);
    CHECK(t.management.data_kind == MF_PTP_MANAGEMENT_DATA_TIME_PROPERTIES_DATA_SET);
    CHECK(t.management.time_properties_data_set.current_utc_offset == 37);
    CHECK(t.management.time_properties_data_set.flags == 0);
    CHECK(t.management.time_properties_data_set.time_source == 0xA0);

    parse_management(mgmt_resp_port_ds, sizeof mgmt_resp_port_ds, MF_PTP_ACTION_RESPONSE,
                     MF_PTP_MANAGEMENT_ID_PORT_DATA_SET, 28, &t);
    CHECK(t.management.data_kind == MF_PTP_MANAGEMENT_DATA_PORT_DATA_SET);
    const mf_ptp_port_data_set *s = &t.management.port_data_set;
    CHECK(port_is(&s->port_identity, MASTER_ID, 1));
    CHECK(s->port_state == 6); /* MASTER */
    CHECK(s->log_min_delay_req_interval == -3);
    CHECK(s->peer_mean_path_delay == 0);
    CHECK(s->log_announce_interval == -2 && s->announce_receipt_timeout == 3);
    CHECK(s->log_sync_interval == -3);
    CHECK(s->delay_mechanism == 1); /* E2E */
    CHECK(s->log_min_pdelay_req_interval == -3);
    CHECK((s->version_number & 0x0F) == 2);

    parse_management(mgmt_get_priority1, sizeof mgmt_get_priority1, MF_PTP_ACTION_GET,
                     MF_PTP_MANAGEMENT_ID_PRIORITY1, 4, &t);
    CHECK(t.management.data_kind == MF_PTP_MANAGEMENT_DATA_OCTET && t.management.octet == 0);
    parse_management(mgmt_resp_priority1, sizeof mgmt_resp_priority1, MF_PTP_ACTION_RESPONSE,
                     MF_PTP_MANAGEMENT_ID_PRIORITY1, 4, &t);
    CHECK(t.management.data_kind == MF_PTP_MANAGEMENT_DATA_OCTET && t.management.octet == 100);
    parse_management(mgmt_resp_priority2, sizeof mgmt_resp_priority2, MF_PTP_ACTION_RESPONSE,
                     MF_PTP_MANAGEMENT_ID_PRIORITY2, 4, &t);
    CHECK(t.management.data_kind == MF_PTP_MANAGEMENT_DATA_OCTET && t.management.octet == 128);
    parse_management(mgmt_resp_domain, sizeof mgmt_resp_domain, MF_PTP_ACTION_RESPONSE,
                     MF_PTP_MANAGEMENT_ID_DOMAIN, 4, &t);
    CHECK(t.management.data_kind == MF_PTP_MANAGEMENT_DATA_OCTET && t.management.octet == 0);

    /* IDs without a typed view here: the dataField as offset and length. */
    parse_management(mgmt_resp_clock_description, sizeof mgmt_resp_clock_description,
                     MF_PTP_ACTION_RESPONSE, MF_PTP_MANAGEMENT_ID_CLOCK_DESCRIPTION, 48, &t);
    CHECK(t.management.data_kind == MF_PTP_MANAGEMENT_DATA_OTHER);
    const uint8_t *data = mgmt_resp_clock_description + UDP4_AT + t.management.data_offset;
    /* tshark: clockType 0x8000, physicalLayerProtocol "IEEE 802.3", physical address
     * 8e2a0f604ed7, protocol address UDP/IPv4 0a4d0001, profileIdentity 001b19000100. */
    CHECK(data[0] == 0x80 && data[1] == 0x00);
    CHECK(data[2] == 10 && memcmp(data + 3, "IEEE 802.3", 10) == 0);
    static const uint8_t profile[6] = {0x00, 0x1b, 0x19, 0x00, 0x01, 0x00};
    CHECK(memcmp(data + 40, profile, 6) == 0);

    parse_management(mgmt_resp_user_description, sizeof mgmt_resp_user_description,
                     MF_PTP_ACTION_RESPONSE, MF_PTP_MANAGEMENT_ID_USER_DESCRIPTION, 4, &t);
    CHECK(t.management.data_kind == MF_PTP_MANAGEMENT_DATA_OTHER);
    CHECK(t.management.data_len == 2);

    parse_management(mgmt_resp_time_status_np, sizeof mgmt_resp_time_status_np, MF_PTP_ACTION_RESPONSE,
                     MF_PTP_MANAGEMENT_ID_TIME_STATUS_NP, 52, &t);
    CHECK(t.management.data_kind == MF_PTP_MANAGEMENT_DATA_OTHER);
    CHECK(t.management.data_len == 50);
    CHECK_STR(mf_ptp_management_id_str(t.management.management_id), "TIME_STATUS_NP");
}

/* ------------------------------------------------------------------------------ */

static void test_parse_errors(void) {
    const uint8_t *sync = udp4_sync + UDP4_AT;
    uint8_t buf[64];
    mf_ptp_message m, sentinel;
    mf_error err;
    memset(&m, 0x77, sizeof m);
    sentinel = m;

    /* Shorter than the header. */
    CHECK_STATUS(mf_ptp_message_parse(sync, 33, &m, &err), MF_STATUS_TRUNCATED);
    CHECK(memcmp(&m, &sentinel, sizeof m) == 0);
    CHECK(err.status == MF_STATUS_TRUNCATED && err.layer == MF_LAYER_PTP);
    CHECK(err.has_offset && err.offset == 0);
    CHECK(err.needed == 34 && err.available == 33);
    CHECK_STR(err.field, "header");
    CHECK_STR(err.message, "ptp: header: truncated at offset 0: need 34 bytes, have 33");
    CHECK_STATUS(mf_ptp_message_parse(sync, 0, &m, NULL), MF_STATUS_TRUNCATED);

    /* Shorter than messageLength (44). */
    CHECK_STATUS(mf_ptp_message_parse(sync, 43, &m, &err), MF_STATUS_TRUNCATED);
    CHECK_STR(err.field, "message");
    CHECK(err.needed == 44 && err.available == 43);

    /* versionPTP 1. */
    memcpy(buf, sync, 44);
    buf[1] = 0x01;
    CHECK_STATUS(mf_ptp_message_parse(buf, 44, &m, &err), MF_STATUS_INVALID_FIELD);
    CHECK(err.layer == MF_LAYER_PTP && err.has_offset && err.offset == 1);
    CHECK_STR(err.field, "versionPTP");
    CHECK_STR(err.expected, "2");
    CHECK(err.found == 1);
    CHECK_STR(err.message, "ptp: invalid versionPTP at offset 1: expected 2, found 1");

    /* messageLength below the header. */
    memcpy(buf, sync, 44);
    buf[2] = 0;
    buf[3] = 33;
    CHECK_STATUS(mf_ptp_message_parse(buf, 44, &m, &err), MF_STATUS_INVALID_FIELD);
    CHECK_STR(err.field, "messageLength");
    CHECK(err.offset == 2 && err.found == 33);

    /* messageLength that leaves no room for the Delay_Resp body. */
    memcpy(buf, udp4_delay_resp + UDP4_AT, 54);
    buf[3] = 44;
    CHECK_STATUS(mf_ptp_message_parse(buf, 54, &m, &err), MF_STATUS_INVALID_FIELD);
    CHECK_STR(err.field, "messageLength");
    CHECK(err.found == 44);

    /* nanosecondsField of 10^9 in the Follow_Up's preciseOriginTimestamp (offset 40). */
    memcpy(buf, udp4_follow_up + UDP4_AT, 44);
    buf[40] = 0x3b;
    buf[41] = 0x9a;
    buf[42] = 0xca;
    buf[43] = 0x00;
    CHECK_STATUS(mf_ptp_message_parse(buf, 44, &m, &err), MF_STATUS_INVALID_FIELD);
    CHECK_STR(err.field, "nanosecondsField");
    CHECK(err.has_offset && err.offset == 40 && err.found == 1000000000u);
    buf[43] = 0xff; /* 999999999 + 256: still too big */
    CHECK_STATUS(mf_ptp_message_parse(buf, 44, &m, NULL), MF_STATUS_INVALID_FIELD);
    buf[40] = 0x3b;
    buf[41] = 0x9a;
    buf[42] = 0xc9;
    buf[43] = 0xff; /* 999999999 is fine */
    CHECK_STATUS(mf_ptp_message_parse(buf, 44, &m, NULL), MF_STATUS_OK);
    CHECK(m.body.precise_origin_timestamp.nanoseconds == 999999999u);

    /* A reserved messageType: no body, everything after the header is suffix. */
    memcpy(buf, sync, 44);
    buf[0] = 0x05;
    CHECK_STATUS(mf_ptp_message_parse(buf, 44, &m, NULL), MF_STATUS_OK);
    CHECK(m.header.message_type == 5);
    CHECK(m.suffix_offset == 34 && m.suffix_len == 10);
    CHECK_STR(mf_ptp_message_type_str(m.header.message_type), "unknown message type");

    /* majorSdoId and the flags come through as they are. */
    memcpy(buf, sync, 44);
    buf[0] = 0x10;
    buf[6] = 0xff;
    buf[7] = 0xff;
    CHECK_STATUS(mf_ptp_message_parse(buf, 44, &m, NULL), MF_STATUS_OK);
    CHECK(m.header.major_sdo_id == 1 && m.header.message_type == MF_PTP_MESSAGE_TYPE_SYNC);
    CHECK(m.header.flag_field == 0xffff);

    /* NULL pointers, with the argument named. */
    CHECK_STATUS(mf_ptp_message_parse(NULL, 44, &m, &err), MF_STATUS_NULL_POINTER);
    CHECK_STR(err.field, "buf");
    CHECK(err.layer == MF_LAYER_NONE && !err.has_offset);
    CHECK_STATUS(mf_ptp_message_parse(sync, 44, NULL, &err), MF_STATUS_NULL_POINTER);
    CHECK_STR(err.field, "out");
    CHECK_STATUS(mf_ptp_message_parse(sync, SIZE_MAX, &m, &err), MF_STATUS_INVALID_ARGUMENT);
    CHECK_STR(err.field, "buf");
}

/* A copy of the PRIORITY1 response with its TLV changed, for the iterator's errors. */
static void test_tlv_errors(void) {
    const size_t len = sizeof mgmt_resp_priority1 - UDP4_AT; /* 56 */
    uint8_t buf[64];
    mf_ptp_message m;
    mf_ptp_tlv_iter it;
    mf_ptp_tlv tlv, sentinel;
    mf_error err;
    memset(&tlv, 0x66, sizeof tlv);
    sentinel = tlv;

    /* lengthField 6 runs past messageLength: truncated, then the iterator is done. */
    memcpy(buf, mgmt_resp_priority1 + UDP4_AT, len);
    buf[51] = 6;
    CHECK_STATUS(mf_ptp_message_parse(buf, len, &m, NULL), MF_STATUS_OK);
    CHECK_STATUS(mf_ptp_tlv_iter_init(buf, len, &m, &it), MF_STATUS_OK);
    CHECK_STATUS(mf_ptp_tlv_next(&it, buf, len, &tlv, &err), MF_STATUS_TRUNCATED);
    CHECK(memcmp(&tlv, &sentinel, sizeof tlv) == 0);
    CHECK(err.layer == MF_LAYER_PTP && err.has_offset && err.offset == 48);
    CHECK_STR(err.field, "TLV");
    CHECK(err.needed == 10 && err.available == 8);
    CHECK(it.offset == it.end);
    CHECK_STATUS(mf_ptp_tlv_next(&it, buf, len, &tlv, &err), MF_STATUS_END);

    /* Two bytes of suffix: not even a TLV header. */
    memcpy(buf, mgmt_resp_priority1 + UDP4_AT, len);
    buf[3] = 50; /* messageLength */
    CHECK_STATUS(mf_ptp_message_parse(buf, len, &m, NULL), MF_STATUS_OK);
    CHECK(m.suffix_len == 2);
    CHECK_STATUS(mf_ptp_tlv_iter_init(buf, len, &m, &it), MF_STATUS_OK);
    CHECK_STATUS(mf_ptp_tlv_next(&it, buf, len, &tlv, &err), MF_STATUS_TRUNCATED);
    CHECK(err.needed == 4 && err.available == 2);
    CHECK_STATUS(mf_ptp_tlv_next(&it, buf, len, &tlv, &err), MF_STATUS_END);

    /* A PRIORITY1 dataField of one octet, followed by a second (unknown) TLV: the
     * malformed value is an error, and the iterator goes on with the next TLV. */
    memcpy(buf, mgmt_resp_priority1 + UDP4_AT, len);
    buf[3] = 59;  /* messageLength: 48 + 7 + 4 */
    buf[51] = 3;  /* lengthField: managementId and one octet */
    buf[55] = 0x7F; /* the next TLV: type 0x7F00 (reserved), length 0 */
    buf[56] = 0x00;
    buf[57] = 0x00;
    buf[58] = 0x00;
    CHECK_STATUS(mf_ptp_message_parse(buf, 59, &m, NULL), MF_STATUS_OK);
    CHECK_STATUS(mf_ptp_tlv_iter_init(buf, 59, &m, &it), MF_STATUS_OK);
    CHECK_STATUS(mf_ptp_tlv_next(&it, buf, 59, &tlv, &err), MF_STATUS_TRUNCATED);
    CHECK(memcmp(&tlv, &sentinel, sizeof tlv) == 0);
    CHECK_STR(err.field, "managementData");
    CHECK(err.has_offset && err.offset == 54); /* the dataField */
    CHECK(err.needed == 2 && err.available == 1);
    CHECK(it.offset == 55);
    CHECK_STATUS(mf_ptp_tlv_next(&it, buf, 59, &tlv, &err), MF_STATUS_OK);
    CHECK(tlv.tlv_type == 0x7F00 && tlv.length_field == 0 && tlv.kind == MF_PTP_TLV_KIND_OTHER);
    CHECK(tlv.offset == 55 && tlv.value_offset == 59 && tlv.value_len == 0);
    CHECK_STR(mf_ptp_tlv_type_str(tlv.tlv_type), "unknown TLV type");
    CHECK_STATUS(mf_ptp_tlv_next(&it, buf, 59, &tlv, &err), MF_STATUS_END);

    /* An iterator or message from another buffer. */
    memcpy(buf, mgmt_resp_priority1 + UDP4_AT, len);
    CHECK_STATUS(mf_ptp_message_parse(buf, len, &m, NULL), MF_STATUS_OK);
    CHECK_STATUS(mf_ptp_tlv_iter_init(buf, 55, &m, &it), MF_STATUS_INVALID_ARGUMENT);
    m.suffix_offset = SIZE_MAX;
    CHECK_STATUS(mf_ptp_tlv_iter_init(buf, len, &m, &it), MF_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(mf_ptp_message_parse(buf, len, &m, NULL), MF_STATUS_OK);
    CHECK_STATUS(mf_ptp_tlv_iter_init(buf, len, &m, &it), MF_STATUS_OK);
    CHECK_STATUS(mf_ptp_tlv_next(&it, buf, 40, &tlv, &err), MF_STATUS_INVALID_ARGUMENT);
    CHECK_STR(err.field, "iter");
    CHECK(err.layer == MF_LAYER_NONE);
    mf_ptp_tlv_iter backwards = {50, 49};
    CHECK_STATUS(mf_ptp_tlv_next(&backwards, buf, len, &tlv, &err), MF_STATUS_INVALID_ARGUMENT);

    /* NULL pointers. */
    CHECK_STATUS(mf_ptp_tlv_iter_init(NULL, len, &m, &it), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_ptp_tlv_iter_init(buf, len, NULL, &it), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_ptp_tlv_iter_init(buf, len, &m, NULL), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_ptp_tlv_next(NULL, buf, len, &tlv, &err), MF_STATUS_NULL_POINTER);
    CHECK_STR(err.field, "iter");
    CHECK_STATUS(mf_ptp_tlv_next(&it, NULL, len, &tlv, &err), MF_STATUS_NULL_POINTER);
    CHECK_STR(err.field, "buf");
    CHECK_STATUS(mf_ptp_tlv_next(&it, buf, len, NULL, &err), MF_STATUS_NULL_POINTER);
    CHECK_STR(err.field, "out");
    /* A failed call leaves the iterator where it was. */
    CHECK(it.offset == 48);
    CHECK_STATUS(mf_ptp_tlv_next(&it, buf, len, &tlv, &err), MF_STATUS_OK);
    CHECK(tlv.management.octet == 100);
}

int main(void) {
    test_status_and_names();
    test_parse_announce();
    test_parse_e2e_udp4();
    test_parse_udp6_trailer();
    test_parse_l2();
    test_parse_management();
    test_parse_errors();
    test_tlv_errors();
    return test_summary("test_ptp");
}
