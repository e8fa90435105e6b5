/*
 * Example: decode the PTP (IEEE 1588-2019) messages of a capture with the mediafabric C
 * API, and build a small PTP exchange to capture.
 *
 * Build (after `cargo build -p mediafabric-ffi --release` and with mediafabric.pc on
 * PKG_CONFIG_PATH, see ffi/scripts/gen-pc.sh):
 *
 *     cc -std=c11 ptp_decode.c $(pkg-config --cflags --libs mediafabric) -o ptp_decode
 *
 * Usage:
 *     ptp_decode FILE.pcap               every PTP message of the capture, with its TLVs
 *     ptp_decode --tsv FILE.pcap         one line per PTP message: frame, messageType,
 *                                        sequenceId, domainNumber, messageLength, flagField,
 *                                        correction (ns), comma-separated as
 *                                        `tshark -T fields -E separator=,` prints
 *                                        ptp.v2.{messagetype,sequenceid,domainnumber,
 *                                        messagelength,flags,correction.ns}
 *     ptp_decode --write-demo FILE.pcap  builds a master's messages (Announce with a
 *                                        PATH_TRACE TLV, two-step Sync and Follow_Up,
 *                                        Delay_Resp, a one-step Sync stamped in place, a
 *                                        management response and an SMPTE ST 2059-2
 *                                        synchronization metadata TLV) over UDP/IPv4,
 *                                        UDP/IPv6 and Layer 2, and writes them as a pcap
 *
 * The capture must be a classic pcap file of Ethernet frames. Frames that are not PTP
 * are counted and skipped. Exits 0 when every PTP message decodes, 1 otherwise.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mediafabric.h"

/* Prints a failed call with the library's detail. */
static int fail(const char *what, mf_status s, const mf_error *err) {
    fprintf(stderr, "%s: %s", what, mf_status_str(s));
    if (err != NULL) {
        fprintf(stderr, ": %s", err->message);
    }
    fputc('\n', stderr);
    return 1;
}

/* ------------------------------------------------------------------------------ */
/* Reading a classic pcap file                                                    */

typedef struct {
    FILE *f;
    int swapped;
} pcap_reader;

static uint32_t get32(const uint8_t *b, int swapped) {
    return swapped ? (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3]
                   : (uint32_t)b[3] << 24 | (uint32_t)b[2] << 16 | (uint32_t)b[1] << 8 | b[0];
}

static int pcap_open(pcap_reader *r, const char *path) {
    uint8_t h[24];
    r->f = fopen(path, "rb");
    if (r->f == NULL) {
        perror(path);
        return -1;
    }
    if (fread(h, 1, sizeof h, r->f) != sizeof h) {
        fprintf(stderr, "%s: not a pcap file (too short)\n", path);
        return -1;
    }
    const uint32_t magic = get32(h, 0);
    if (magic == 0xa1b2c3d4u || magic == 0xa1b23c4du) {
        r->swapped = 0;
    } else if (magic == 0xd4c3b2a1u || magic == 0x4d3cb2a1u) {
        r->swapped = 1;
    } else {
        fprintf(stderr, "%s: not a classic pcap file (magic 0x%08" PRIx32 ")\n", path, magic);
        return -1;
    }
    if (get32(h + 20, r->swapped) != 1) {
        fprintf(stderr, "%s: link type %" PRIu32 ", not Ethernet\n", path, get32(h + 20, r->swapped));
        return -1;
    }
    return 0;
}

/* The next record into buf (at most cap bytes): its length, 0 at the end, -1 on error. */
static long pcap_next(pcap_reader *r, uint8_t *buf, size_t cap) {
    uint8_t h[16];
    const size_t got = fread(h, 1, sizeof h, r->f);
    if (got == 0) {
        return 0;
    }
    if (got != sizeof h) {
        fprintf(stderr, "pcap: record header cut short\n");
        return -1;
    }
    const uint32_t len = get32(h + 8, r->swapped);
    if (len > cap) {
        fprintf(stderr, "pcap: record of %" PRIu32 " bytes is larger than %zu\n", len, cap);
        return -1;
    }
    if (fread(buf, 1, len, r->f) != len) {
        fprintf(stderr, "pcap: record cut short\n");
        return -1;
    }
    return (long)len;
}

/* ------------------------------------------------------------------------------ */
/* Printing                                                                       */

static void print_port(const mf_ptp_port_identity *p) {
    const uint8_t *c = p->clock_identity;
    printf("%02x%02x%02x.%02x%02x.%02x%02x%02x-%u", c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7],
           p->port_number);
}

static void print_ts(const char *name, mf_ptp_timestamp t) {
    printf("    %s %" PRIu64 ".%09" PRIu32 "\n", name, t.seconds, t.nanoseconds);
}

static void print_flags(uint16_t flags) {
    static const struct {
        uint16_t bit;
        const char *name;
    } names[] = {
        {MF_PTP_FLAG_ALTERNATE_MASTER, "alternateMaster"},
        {MF_PTP_FLAG_TWO_STEP, "twoStep"},
        {MF_PTP_FLAG_UNICAST, "unicast"},
        {MF_PTP_FLAG_PROFILE_SPECIFIC_1, "profileSpecific1"},
        {MF_PTP_FLAG_PROFILE_SPECIFIC_2, "profileSpecific2"},
        {MF_PTP_FLAG_LEAP_61, "leap61"},
        {MF_PTP_FLAG_LEAP_59, "leap59"},
        {MF_PTP_FLAG_CURRENT_UTC_OFFSET_VALID, "currentUtcOffsetValid"},
        {MF_PTP_FLAG_PTP_TIMESCALE, "ptpTimescale"},
        {MF_PTP_FLAG_TIME_TRACEABLE, "timeTraceable"},
        {MF_PTP_FLAG_FREQUENCY_TRACEABLE, "frequencyTraceable"},
        {MF_PTP_FLAG_SYNCHRONIZATION_UNCERTAIN, "synchronizationUncertain"},
    };
    printf("flags 0x%04x", flags);
    const char *sep = " (";
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (flags & names[i].bit) {
            printf("%s%s", sep, names[i].name);
            sep = ", ";
        }
    }
    if (sep[0] == ',') {
        putchar(')');
    }
}

static void print_body(const mf_ptp_message *m) {
    const mf_ptp_body *b = &m->body;
    switch (m->header.message_type) {
    case MF_PTP_MESSAGE_TYPE_SYNC:
    case MF_PTP_MESSAGE_TYPE_DELAY_REQ:
    case MF_PTP_MESSAGE_TYPE_PDELAY_REQ:
        print_ts("originTimestamp", b->origin_timestamp);
        break;
    case MF_PTP_MESSAGE_TYPE_FOLLOW_UP:
        print_ts("preciseOriginTimestamp", b->precise_origin_timestamp);
        break;
    case MF_PTP_MESSAGE_TYPE_DELAY_RESP:
        print_ts("receiveTimestamp", b->receive_timestamp);
        break;
    case MF_PTP_MESSAGE_TYPE_PDELAY_RESP:
        print_ts("requestReceiptTimestamp", b->request_receipt_timestamp);
        break;
    case MF_PTP_MESSAGE_TYPE_PDELAY_RESP_FOLLOW_UP:
        print_ts("responseOriginTimestamp", b->response_origin_timestamp);
        break;
    case MF_PTP_MESSAGE_TYPE_ANNOUNCE:
        print_ts("originTimestamp", b->origin_timestamp);
        printf("    grandmaster ");
        for (int i = 0; i < 8; i++) {
            printf("%02x", b->grandmaster_identity[i]);
        }
        printf(" priority1 %u class %u accuracy 0x%02x variance 0x%04x priority2 %u\n",
               b->grandmaster_priority1, b->grandmaster_clock_quality.clock_class,
               b->grandmaster_clock_quality.clock_accuracy,
               b->grandmaster_clock_quality.offset_scaled_log_variance, b->grandmaster_priority2);
        printf("    stepsRemoved %u currentUtcOffset %d timeSource 0x%02x\n", b->steps_removed,
               b->current_utc_offset, b->time_source);
        break;
    default:
        break;
    }
    switch (m->header.message_type) {
    case MF_PTP_MESSAGE_TYPE_DELAY_RESP:
    case MF_PTP_MESSAGE_TYPE_PDELAY_RESP:
    case MF_PTP_MESSAGE_TYPE_PDELAY_RESP_FOLLOW_UP:
        printf("    requestingPortIdentity ");
        print_port(&b->requesting_port_identity);
        putchar('\n');
        break;
    case MF_PTP_MESSAGE_TYPE_SIGNALING:
        printf("    targetPortIdentity ");
        print_port(&b->target_port_identity);
        putchar('\n');
        break;
    case MF_PTP_MESSAGE_TYPE_MANAGEMENT: {
        static const char *actions[] = {"GET", "SET", "RESPONSE", "COMMAND", "ACKNOWLEDGE"};
        printf("    targetPortIdentity ");
        print_port(&b->target_port_identity);
        printf(" action %s hops %u/%u\n", b->action_field < 5 ? actions[b->action_field] : "reserved",
               b->boundary_hops, b->starting_boundary_hops);
        break;
    }
    default:
        break;
    }
}

static void print_tlv(const uint8_t *msg, const mf_ptp_tlv *t) {
    printf("    TLV %s (0x%04x), %u bytes", mf_ptp_tlv_type_str(t->tlv_type), t->tlv_type, t->length_field);
    switch (t->kind) {
    case MF_PTP_TLV_KIND_MANAGEMENT: {
        const mf_ptp_management_tlv *mg = &t->management;
        printf(": %s", mf_ptp_management_id_str(mg->management_id));
        switch (mg->data_kind) {
        case MF_PTP_MANAGEMENT_DATA_DEFAULT_DATA_SET:
            printf(" priority1 %u priority2 %u class %u domain %u ports %u%s",
                   mg->default_data_set.priority1, mg->default_data_set.priority2,
                   mg->default_data_set.clock_quality.clock_class, mg->default_data_set.domain_number,
                   mg->default_data_set.number_ports, mg->default_data_set.two_step_flag ? " two-step" : "");
            break;
        case MF_PTP_MANAGEMENT_DATA_CURRENT_DATA_SET:
            printf(" stepsRemoved %u offsetFromMaster %.3f ns meanPathDelay %.3f ns",
                   mg->current_data_set.steps_removed, (double)mg->current_data_set.offset_from_master / 65536.0,
                   (double)mg->current_data_set.mean_path_delay / 65536.0);
            break;
        case MF_PTP_MANAGEMENT_DATA_PARENT_DATA_SET:
            printf(" parent ");
            print_port(&mg->parent_data_set.parent_port_identity);
            printf(" grandmaster priority1 %u", mg->parent_data_set.grandmaster_priority1);
            break;
        case MF_PTP_MANAGEMENT_DATA_TIME_PROPERTIES_DATA_SET:
            printf(" currentUtcOffset %d flags 0x%02x timeSource 0x%02x",
                   mg->time_properties_data_set.current_utc_offset, mg->time_properties_data_set.flags,
                   mg->time_properties_data_set.time_source);
            break;
        case MF_PTP_MANAGEMENT_DATA_PORT_DATA_SET:
            printf(" port ");
            print_port(&mg->port_data_set.port_identity);
            printf(" state %u delayMechanism %u", mg->port_data_set.port_state,
                   mg->port_data_set.delay_mechanism);
            break;
        case MF_PTP_MANAGEMENT_DATA_OCTET:
            printf(" = %u", mg->octet);
            break;
        case MF_PTP_MANAGEMENT_DATA_OTHER:
            printf(", %zu bytes of data", mg->data_len);
            break;
        default:
            break;
        }
        break;
    }
    case MF_PTP_TLV_KIND_MANAGEMENT_ERROR_STATUS:
        printf(": error 0x%04x for %s \"%.*s\"", t->management_error_status.management_error_id,
               mf_ptp_management_id_str(t->management_error_status.management_id),
               (int)t->management_error_status.display_data_len,
               (const char *)msg + t->management_error_status.display_data_offset);
        break;
    case MF_PTP_TLV_KIND_ORGANIZATION_EXTENSION: {
        const mf_ptp_org_extension *o = &t->organization_extension;
        printf(": %02x-%02x-%02x subtype %" PRIu32, o->organization_id[0], o->organization_id[1],
               o->organization_id[2], o->organization_sub_type);
        if (o->typed == MF_PTP_ORG_TYPED_SMPTE_SYNC_METADATA) {
            printf(" SMPTE frame rate %" PRIu32 "/%" PRIu32 " locking %u localOffset %" PRId32 " s",
                   o->smpte.default_system_frame_rate_numerator, o->smpte.default_system_frame_rate_denominator,
                   o->smpte.master_locking_status, o->smpte.current_local_offset);
        }
        break;
    }
    case MF_PTP_TLV_KIND_REQUEST_UNICAST_TRANSMISSION:
    case MF_PTP_TLV_KIND_GRANT_UNICAST_TRANSMISSION:
        printf(": %s every 2^%d s for %" PRIu32 " s", mf_ptp_message_type_str(t->unicast.message_type),
               t->unicast.log_inter_message_period, t->unicast.duration_field);
        break;
    case MF_PTP_TLV_KIND_CANCEL_UNICAST_TRANSMISSION:
    case MF_PTP_TLV_KIND_ACKNOWLEDGE_CANCEL_UNICAST_TRANSMISSION:
        printf(": %s", mf_ptp_message_type_str(t->unicast.message_type));
        break;
    case MF_PTP_TLV_KIND_PATH_TRACE:
        printf(":");
        for (size_t i = 0; i < t->path_trace.count; i++) {
            const uint8_t *c = msg + t->path_trace.offset + 8 * i;
            printf(" %02x%02x%02x%02x%02x%02x%02x%02x", c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]);
        }
        break;
    case MF_PTP_TLV_KIND_ALTERNATE_TIME_OFFSET_INDICATOR:
        printf(": key %u \"%.*s\" offset %" PRId32 " s", t->alternate_time_offset_indicator.key_field,
               (int)t->alternate_time_offset_indicator.display_name_len,
               (const char *)msg + t->alternate_time_offset_indicator.display_name_offset,
               t->alternate_time_offset_indicator.current_offset);
        break;
    default:
        break;
    }
    putchar('\n');
}

/* Decodes one frame; returns 1 for a PTP message, 0 for another frame, -1 for a PTP
 * message that does not decode. */
static int decode(unsigned long n, const uint8_t *frame, size_t len, int tsv) {
    static const char *kinds[] = {"l2", "udp4", "udp6"};
    mf_ptp_location loc;
    mf_ptp_message m;
    mf_error err;
    if (mf_ptp_locate(frame, len, &loc, NULL) != MF_STATUS_OK) {
        return 0;
    }
    const uint8_t *msg = frame + loc.offset;
    const size_t msg_len = len - loc.offset;
    mf_status s = mf_ptp_message_parse(msg, msg_len, &m, &err);
    if (s != MF_STATUS_OK) {
        fprintf(stderr, "frame %lu: ", n);
        fail("mf_ptp_message_parse", s, &err);
        return -1;
    }
    const mf_ptp_header *h = &m.header;
    if (tsv) {
        /* tshark prints correction.ns as the whole nanoseconds. */
        printf("%lu,0x%02x,%u,%u,%u,0x%04x,%" PRId64 "\n", n, h->message_type, h->sequence_id, h->domain_number,
               h->message_length, h->flag_field, h->correction_field / 65536);
    } else {
        printf("frame %lu: %s %s seq %u domain %u from ", n, kinds[loc.kind], mf_ptp_message_type_str(h->message_type),
               h->sequence_id, h->domain_number);
        print_port(&h->source_port_identity);
        printf(" interval %d ", h->log_message_interval);
        print_flags(h->flag_field);
        printf(" correction %.3f ns\n", (double)h->correction_field / 65536.0);
        print_body(&m);
    }
    mf_ptp_tlv_iter it;
    mf_ptp_tlv t;
    s = mf_ptp_tlv_iter_init(msg, msg_len, &m, &it);
    if (s != MF_STATUS_OK) {
        return fail("mf_ptp_tlv_iter_init", s, NULL), -1;
    }
    int ok = 1;
    while ((s = mf_ptp_tlv_next(&it, msg, msg_len, &t, &err)) != MF_STATUS_END) {
        if (s != MF_STATUS_OK) {
            fprintf(stderr, "frame %lu: ", n);
            fail("mf_ptp_tlv_next", s, &err);
            ok = -1; /* a malformed TLV; the iterator goes on with the next one */
            continue;
        }
        if (!tsv) {
            print_tlv(msg, &t);
        }
    }
    return ok;
}

static int decode_file(const char *path, int tsv) {
    pcap_reader r;
    if (pcap_open(&r, path) != 0) {
        if (r.f != NULL) {
            fclose(r.f);
        }
        return 1;
    }
    const size_t cap = 262144;
    uint8_t *buf = malloc(cap);
    if (buf == NULL) {
        fclose(r.f);
        return 1;
    }
    unsigned long n = 0, ptp = 0, other = 0, bad = 0;
    long len;
    while ((len = pcap_next(&r, buf, cap)) > 0) {
        n++;
        const int d = decode(n, buf, (size_t)len, tsv);
        if (d > 0) {
            ptp++;
        } else if (d == 0) {
            other++;
        } else {
            bad++;
        }
    }
    free(buf);
    fclose(r.f);
    if (!tsv) {
        printf("%lu frames: %lu PTP, %lu other, %lu malformed\n", n, ptp, other, bad);
    }
    return len < 0 || bad > 0;
}

/* ------------------------------------------------------------------------------ */
/* Writing the demo capture                                                       */

static void put32(uint8_t *b, uint32_t v) {
    b[0] = (uint8_t)v;
    b[1] = (uint8_t)(v >> 8);
    b[2] = (uint8_t)(v >> 16);
    b[3] = (uint8_t)(v >> 24);
}

static int write_record(FILE *f, const uint8_t *frame, size_t len, uint32_t seconds) {
    uint8_t h[16];
    put32(h, seconds);
    put32(h + 4, 0);
    put32(h + 8, (uint32_t)len);
    put32(h + 12, (uint32_t)len);
    return fwrite(h, 1, sizeof h, f) == sizeof h && fwrite(frame, 1, len, f) == len ? 0 : -1;
}

/* Frames `msg` with `t` and appends it to the capture. */
static int emit(FILE *f, const mf_ptp_transport *t, const uint8_t *msg, size_t len, uint32_t when) {
    uint8_t frame[1600];
    size_t n = 0;
    mf_error err;
    mf_status s = mf_ptp_frame(t, msg, len, frame, sizeof frame, &n, &err);
    if (s != MF_STATUS_OK) {
        return fail("mf_ptp_frame", s, &err);
    }
    return write_record(f, frame, n, when) != 0;
}

static int write_demo(const char *path) {
    /* A grandmaster with MAC 02:00:00:00:00:01 (clock identity by the EUI-48 mapping). */
    static const uint8_t gm_mac[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};
    static const uint8_t gm_id[8] = {0x02, 0x00, 0x00, 0xff, 0xfe, 0x00, 0x00, 0x01};
    static const uint8_t slave_id[8] = {0x02, 0x00, 0x00, 0xff, 0xfe, 0x00, 0x00, 0x02};
    mf_ptp_port_identity me, slave;
    memcpy(me.clock_identity, gm_id, 8);
    me.port_number = 1;
    memcpy(slave.clock_identity, slave_id, 8);
    slave.port_number = 1;

    mf_ptp_builder b;
    mf_status s = mf_ptp_builder_init(me, &b);
    if (s != MF_STATUS_OK) {
        return fail("mf_ptp_builder_init", s, NULL);
    }
    b.domain_number = 127; /* SMPTE ST 2059-2's default domain */
    b.log_sync_interval = -3;
    b.log_announce_interval = -2;
    b.log_min_delay_req_interval = -3;

    mf_ptp_transport v4, v6, l2;
    if ((s = mf_ptp_transport_init(MF_PTP_TRANSPORT_UDP4, false, &v4)) != MF_STATUS_OK ||
        (s = mf_ptp_transport_init(MF_PTP_TRANSPORT_UDP6, false, &v6)) != MF_STATUS_OK ||
        (s = mf_ptp_transport_init(MF_PTP_TRANSPORT_L2, false, &l2)) != MF_STATUS_OK) {
        return fail("mf_ptp_transport_init", s, NULL);
    }
    memcpy(v4.src_mac, gm_mac, 6);
    memcpy(v6.src_mac, gm_mac, 6);
    memcpy(l2.src_mac, gm_mac, 6);
    v4.dscp = 46;
    v6.checksum_trailer = true;
    if (mf_ip_addr_parse("192.0.2.1", &v4.src) != MF_STATUS_OK ||
        mf_ip_addr_parse("2001:db8::1", &v6.src) != MF_STATUS_OK) {
        return 1;
    }

    FILE *f = fopen(path, "wb");
    if (f == NULL) {
        perror(path);
        return 1;
    }
    uint8_t h[24] = {0};
    put32(h, 0xa1b2c3d4u);
    h[4] = 2; /* version 2.4 */
    h[6] = 4;
    put32(h + 16, 65535); /* snaplen */
    put32(h + 20, 1);     /* LINKTYPE_ETHERNET */
    int bad = fwrite(h, 1, sizeof h, f) != sizeof h;

    uint8_t msg[512];
    size_t n = 0;
    mf_error err;
    const mf_ptp_timestamp zero = {0, 0};
    const mf_ptp_timestamp t1 = {1700000000u, 123456789u};

    /* Announce with a PATH_TRACE TLV naming this clock. */
    mf_ptp_parent_data_set parent;
    memset(&parent, 0, sizeof parent);
    parent.grandmaster_priority1 = 128;
    parent.grandmaster_priority2 = 127;
    parent.grandmaster_clock_quality.clock_class = 6;
    parent.grandmaster_clock_quality.clock_accuracy = 0x21;
    parent.grandmaster_clock_quality.offset_scaled_log_variance = 0x4E5D;
    memcpy(parent.grandmaster_identity, gm_id, 8);
    mf_ptp_time_properties_data_set tp = {37,
                                          (uint8_t)(MF_PTP_FLAG_CURRENT_UTC_OFFSET_VALID | MF_PTP_FLAG_PTP_TIMESCALE |
                                                    MF_PTP_FLAG_TIME_TRACEABLE | MF_PTP_FLAG_FREQUENCY_TRACEABLE),
                                          0x20};
    const mf_ptp_tlv_spec path_trace = {MF_PTP_TLV_TYPE_PATH_TRACE, gm_id, 8};
    s = mf_ptp_build_announce(&b, 1, zero, &parent, 0, &tp, &path_trace, 1, msg, sizeof msg, &n, &err);
    bad |= s != MF_STATUS_OK ? fail("mf_ptp_build_announce", s, &err) : emit(f, &v4, msg, n, 1);

    /* Two-step Sync and its Follow_Up, over IPv4 and IPv6. */
    s = mf_ptp_build_sync(&b, 2, zero, true, 0, NULL, 0, msg, sizeof msg, &n, &err);
    bad |= s != MF_STATUS_OK ? fail("mf_ptp_build_sync", s, &err) : emit(f, &v4, msg, n, 2) | emit(f, &v6, msg, n, 2);
    s = mf_ptp_build_follow_up(&b, 2, t1, (int64_t)12 << 16, NULL, 0, msg, sizeof msg, &n, &err);
    bad |= s != MF_STATUS_OK ? fail("mf_ptp_build_follow_up", s, &err)
                             : emit(f, &v4, msg, n, 2) | emit(f, &v6, msg, n, 2);

    /* Delay_Resp to the slave. */
    s = mf_ptp_build_delay_resp(&b, 9, t1, slave, 0, NULL, 0, msg, sizeof msg, &n, &err);
    bad |= s != MF_STATUS_OK ? fail("mf_ptp_build_delay_resp", s, &err) : emit(f, &v4, msg, n, 3);

    /* A one-step Sync over Layer 2: framed first, then stamped and corrected in place
     * as the transmitting hardware and a transparent clock would. */
    s = mf_ptp_build_sync(&b, 3, zero, false, 0, NULL, 0, msg, sizeof msg, &n, &err);
    if (s != MF_STATUS_OK) {
        bad |= fail("mf_ptp_build_sync", s, &err);
    } else {
        uint8_t frame[128];
        size_t fl = 0;
        int64_t corr = 0;
        const mf_ptp_timestamp t2 = {1700000001u, 5};
        if ((s = mf_ptp_frame(&l2, msg, n, frame, sizeof frame, &fl, &err)) != MF_STATUS_OK ||
            (s = mf_ptp_set_origin_timestamp(frame, fl, t2, &err)) != MF_STATUS_OK ||
            (s = mf_ptp_add_to_correction(frame, fl, (int64_t)1500 << 16, &corr, &err)) != MF_STATUS_OK) {
            bad |= fail("one-step Sync", s, &err);
        } else {
            bad |= write_record(f, frame, fl, 4) != 0;
        }
    }

    /* A management response (PRIORITY1 = 128) and SMPTE synchronization metadata. */
    mf_ptp_management_tlv priority1;
    memset(&priority1, 0, sizeof priority1);
    priority1.management_id = MF_PTP_MANAGEMENT_ID_PRIORITY1;
    priority1.data_kind = MF_PTP_MANAGEMENT_DATA_OCTET;
    priority1.octet = 128;
    uint8_t value[64];
    size_t vl = 0;
    s = mf_ptp_management_tlv_value(&priority1, NULL, 0, value, sizeof value, &vl, &err);
    if (s != MF_STATUS_OK) {
        bad |= fail("mf_ptp_management_tlv_value", s, &err);
    } else {
        const mf_ptp_tlv_spec tlv = {MF_PTP_TLV_TYPE_MANAGEMENT, value, vl};
        s = mf_ptp_build_management(&b, 4, slave, MF_PTP_ACTION_RESPONSE, 1, &tlv, 1, msg, sizeof msg, &n, &err);
        bad |= s != MF_STATUS_OK ? fail("mf_ptp_build_management", s, &err) : emit(f, &v4, msg, n, 5);
    }
    mf_ptp_smpte_sync_metadata sm;
    memset(&sm, 0, sizeof sm);
    sm.default_system_frame_rate_numerator = 30000;
    sm.default_system_frame_rate_denominator = 1001;
    sm.master_locking_status = 4; /* locked */
    sm.current_local_offset = -18000;
    s = mf_ptp_smpte_tlv_value(&sm, value, sizeof value, &vl, &err);
    if (s != MF_STATUS_OK) {
        bad |= fail("mf_ptp_smpte_tlv_value", s, &err);
    } else {
        mf_ptp_port_identity all;
        memset(all.clock_identity, 0xff, 8);
        all.port_number = 0xffff;
        const mf_ptp_tlv_spec tlv = {MF_PTP_TLV_TYPE_ORGANIZATION_EXTENSION, value, vl};
        s = mf_ptp_build_management(&b, 5, all, MF_PTP_ACTION_COMMAND, 0, &tlv, 1, msg, sizeof msg, &n, &err);
        bad |= s != MF_STATUS_OK ? fail("mf_ptp_build_management", s, &err) : emit(f, &v4, msg, n, 6);
    }
    if (fclose(f) != 0) {
        bad = 1;
    }
    if (!bad) {
        printf("wrote %s\n", path);
    }
    return bad;
}

int main(int argc, char **argv) {
    if (argc == 2 && argv[1][0] != '-') {
        return decode_file(argv[1], 0);
    }
    if (argc == 3 && strcmp(argv[1], "--tsv") == 0) {
        return decode_file(argv[2], 1);
    }
    if (argc == 3 && strcmp(argv[1], "--write-demo") == 0) {
        return write_demo(argv[2]);
    }
    fprintf(stderr, "usage: %s FILE.pcap | --tsv FILE.pcap | --write-demo FILE.pcap\n", argv[0]);
    return 2;
}
