/*
 * C11 tests of the SMPTE ST 2110-20 API (mf_st2110_*):
 *  - GStreamer's capture (crates/st2110/tests/data/gst-rfc4175-uyvp-640x360.pcap, set
 *    up from its SDP) depacketized byte for byte into GStreamer's own frames (.frames);
 *  - packetize -> depacketize round trips (progressive GPM, interlaced, 4:2:0 BPM),
 *    copied and zero-copy, with loss reported exactly when packets are dropped;
 *  - every sample SDP parsed, written and read back to the same text; a missing
 *    parameter named with its line and offset;
 *  - the ST 2110-21 schedule of 1080p59.94 exact (TRO = 17217200/27 ns); packets sent
 *    at the schedule's departures analyzed as narrow; a burst analyzed as not narrow;
 *  - RTP timestamps, alignment points and time codes of known instants; the ST 2022-7
 *    merger;
 *  - bad arguments, mutated packets and mutated SDP text give typed statuses, never a
 *    crash (run under valgrind and ASan/UBSan by run.sh).
 *
 * MF_TEST_DATA is the directory crates/st2110/tests/data (run.sh defines it).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "test_common.h"

#ifndef MF_TEST_DATA
#error "compile with -DMF_TEST_DATA=\"<repo>/crates/st2110/tests/data\""
#endif

/* ---- files --------------------------------------------------------------------- */

static uint8_t *read_file(const char *name, size_t *len) {
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", MF_TEST_DATA, name);
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", path);
        return NULL;
    }
    size_t cap = 1 << 16, n = 0;
    uint8_t *buf = malloc(cap);
    for (;;) {
        if (n == cap) {
            cap *= 2;
            buf = realloc(buf, cap);
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        if (got == 0) {
            break;
        }
        n += got;
    }
    fclose(f);
    *len = n;
    return buf;
}

static uint32_t le32(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The UDP payloads of an Ethernet/IPv4 pcap (little-endian, micro- or nanosecond). */
typedef struct {
    const uint8_t *data;
    size_t len;
} payload;

static size_t udp_payloads(const uint8_t *pcap, size_t len, payload *out, size_t cap) {
    size_t n = 0, at = 24;
    if (len < 24 || (le32(pcap) != 0xa1b2c3d4u && le32(pcap) != 0xa1b23c4du) ||
        le32(pcap + 20) != 1) {
        return 0;
    }
    while (at + 16 <= len && n < cap) {
        size_t incl = le32(pcap + at + 8);
        const uint8_t *f = pcap + at + 16;
        at += 16 + incl;
        if (at > len || incl < 42 || f[12] != 0x08 || f[13] != 0x00 || f[23] != 17) {
            continue;
        }
        size_t ihl = (size_t)(f[14] & 0x0f) * 4;
        size_t udp = 14 + ihl;
        size_t ulen = (size_t)f[udp + 4] << 8 | f[udp + 5];
        if (udp + ulen > incl || ulen < 8) {
            continue;
        }
        out[n].data = f + udp + 8;
        out[n].len = ulen - 8;
        n++;
    }
    return n;
}

static char *text_of(const uint8_t *bytes, size_t len) {
    char *s = malloc(len + 1);
    memcpy(s, bytes, len);
    s[len] = 0;
    return s;
}

/* Replaces the first `from` in `s` with `to` (a new string). */
static char *replace(const char *s, const char *from, const char *to) {
    const char *at = strstr(s, from);
    if (!at) {
        return NULL;
    }
    size_t a = (size_t)(at - s), fl = strlen(from), tl = strlen(to), sl = strlen(s);
    char *r = malloc(sl - fl + tl + 1);
    memcpy(r, s, a);
    memcpy(r + a, to, tl);
    memcpy(r + a + tl, at + fl, sl - a - fl + 1);
    return r;
}

static uint64_t rng_state = 0x2110u;
static uint32_t rnd(void) {
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (uint32_t)(rng_state >> 33);
}

/* ---- GStreamer's capture -------------------------------------------------------- */

#define MAX_PACKETS 2048

static void test_gstreamer_capture(void) {
    size_t pcap_len = 0, frames_len = 0, sdp_len = 0;
    uint8_t *pcap = read_file("gst-rfc4175-uyvp-640x360.pcap", &pcap_len);
    uint8_t *frames = read_file("gst-rfc4175-uyvp-640x360.frames", &frames_len);
    uint8_t *sdp_text = read_file("sdp/gst-rfc4175-uyvp-640x360.sdp", &sdp_len);
    CHECK(pcap && frames && sdp_text);
    if (!pcap || !frames || !sdp_text) {
        free(pcap);
        free(frames);
        free(sdp_text);
        return;
    }
    /* The stream as its SDP describes it. */
    mf_st2110_sdp sdp;
    mf_error err;
    CHECK_STATUS(mf_st2110_sdp_parse((const char *)sdp_text, sdp_len, &sdp, &err), MF_STATUS_OK);
    CHECK(sdp.sampling == MF_ST2110_SAMPLING_YCBCR_422 && sdp.depth == MF_ST2110_DEPTH_10);
    CHECK(sdp.width == 640 && sdp.height == 360 && sdp.rate_num == 50 && sdp.rate_den == 1);
    CHECK(sdp.payload_type == 96 && sdp.tp == MF_ST2110_SENDER_WIDE && sdp.legs == 1);
    CHECK(sdp.leg[0].port == 5004 && ip_eq(&sdp.leg[0].destination, &(mf_ip_addr){0}) == 0);
    mf_ip_addr dst = ip4(10, 77, 0, 2), src = ip4(10, 77, 0, 1);
    CHECK(ip_eq(&sdp.leg[0].destination, &dst) && ip_eq(&sdp.leg[0].source, &src));
    CHECK(sdp.leg[0].has_source_filter && sdp.leg[0].source_count == 1);
    CHECK_STR(sdp.leg[0].ref_clock, "localmac=8E-2A-0F-60-4E-D7");

    mf_st2110_depacketizer_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.video.sampling = sdp.sampling;
    cfg.video.depth = sdp.depth;
    cfg.video.width = sdp.width;
    cfg.video.height = sdp.height;
    cfg.video.interlaced = sdp.interlace;
    cfg.has_payload_type = true;
    cfg.payload_type = sdp.payload_type;
    cfg.reorder_window = 32;
    size_t frame_bytes = 0;
    CHECK_STATUS(mf_st2110_frame_bytes(&cfg.video, &frame_bytes, NULL), MF_STATUS_OK);
    CHECK(frame_bytes == 576000 && frames_len == 2 * frame_bytes);

    static payload p[MAX_PACKETS];
    size_t n = udp_payloads(pcap, pcap_len, p, MAX_PACKETS);
    CHECK(n > 800);
    mf_st2110_depacketizer *d = NULL;
    CHECK_STATUS(mf_st2110_depacketizer_new(&cfg, &d, NULL), MF_STATUS_OK);
    size_t pictures = 0;
    for (size_t i = 0; i < n; i++) {
        mf_st2110_completed c[MF_ST2110_MAX_COMPLETED];
        size_t k = 0;
        CHECK_STATUS(mf_st2110_depacketizer_push(d, p[i].data, p[i].len, c, &k, &err), MF_STATUS_OK);
        for (size_t j = 0; j < k; j++) {
            const uint8_t *data = NULL;
            size_t len = 0, lost = 99;
            CHECK(c[j].complete && c[j].lost_bytes == 0 && c[j].has_rtp_timestamp);
            CHECK_STATUS(mf_st2110_depacketizer_frame(d, c[j].slot, &data, &len), MF_STATUS_OK);
            CHECK(len == frame_bytes && pictures < 2);
            if (len == frame_bytes && pictures < 2) {
                /* Byte for byte what GStreamer's filesink wrote. */
                CHECK_MEM(data, frames + pictures * frame_bytes, frame_bytes);
            }
            CHECK_STATUS(mf_st2110_depacketizer_lost(d, c[j].slot, NULL, 0, &lost), MF_STATUS_OK);
            CHECK(lost == 0);
            pictures++;
        }
    }
    CHECK(pictures == 2);
    mf_st2110_depacketizer_counters counters;
    CHECK_STATUS(mf_st2110_depacketizer_get_counters(d, &counters), MF_STATUS_OK);
    CHECK(counters.packets == n && counters.invalid == 0 && counters.sequence_gaps == 0);
    CHECK(counters.complete == 2 && counters.incomplete == 0);
    mf_st2110_depacketizer_free(d);

    /* Drop every 50th packet: the picture is handed back incomplete, and the lost
     * ranges add up to the lost bytes and leave the rest byte-identical. */
    CHECK_STATUS(mf_st2110_depacketizer_new(&cfg, &d, NULL), MF_STATUS_OK);
    mf_st2110_completed first;
    bool have_first = false;
    for (size_t i = 0; i < n; i++) {
        if (i % 50 == 25) {
            continue;
        }
        mf_st2110_completed c[MF_ST2110_MAX_COMPLETED];
        size_t k = 0;
        CHECK_STATUS(mf_st2110_depacketizer_push(d, p[i].data, p[i].len, c, &k, NULL), MF_STATUS_OK);
        if (k > 0 && !have_first) {
            first = c[0];
            have_first = true;
            CHECK(!first.complete && first.lost_bytes > 0);
            mf_st2110_range ranges[256];
            size_t count = 0, sum = 0;
            CHECK_STATUS(mf_st2110_depacketizer_lost(d, first.slot, NULL, 0, &count), MF_STATUS_BUFFER_TOO_SMALL);
            CHECK(count > 0 && count <= 256);
            CHECK_STATUS(mf_st2110_depacketizer_lost(d, first.slot, ranges, 256, &count), MF_STATUS_OK);
            const uint8_t *data = NULL;
            size_t len = 0;
            CHECK_STATUS(mf_st2110_depacketizer_frame(d, first.slot, &data, &len), MF_STATUS_OK);
            /* Outside the lost ranges the picture is GStreamer's. */
            size_t at = 0, same = 1;
            for (size_t r = 0; r < count && data; r++) {
                sum += ranges[r].len;
                same &= memcmp(data + at, frames + at, ranges[r].offset - at) == 0;
                at = ranges[r].offset + ranges[r].len;
            }
            same &= data && memcmp(data + at, frames + at, frame_bytes - at) == 0;
            CHECK(sum == first.lost_bytes && same);
        }
    }
    CHECK(have_first);
    CHECK_STATUS(mf_st2110_depacketizer_get_counters(d, &counters), MF_STATUS_OK);
    CHECK(counters.incomplete >= 1 && counters.sequence_gaps > 0);
    mf_st2110_depacketizer_free(d);

    /* Mutated packets: typed statuses only, never a crash; the buffers stay in bounds
     * (valgrind / ASan). */
    CHECK_STATUS(mf_st2110_depacketizer_new(&cfg, &d, NULL), MF_STATUS_OK);
    static uint8_t mutated[2048];
    size_t refused = 0;
    for (size_t round = 0; round < 3000; round++) {
        const payload *src_p = &p[rnd() % n];
        size_t len = src_p->len < sizeof mutated ? src_p->len : sizeof mutated;
        memcpy(mutated, src_p->data, len);
        for (int flips = rnd() % 4 + 1; flips > 0; flips--) {
            mutated[rnd() % 40 % len] ^= (uint8_t)(1u << (rnd() % 8));
        }
        if (rnd() % 4 == 0) {
            len = rnd() % (len + 1);
        }
        mf_st2110_completed c[MF_ST2110_MAX_COMPLETED];
        size_t k = 0;
        mf_status s = mf_st2110_depacketizer_push(d, mutated, len, c, &k, &err);
        CHECK(s == MF_STATUS_OK || s == MF_STATUS_TRUNCATED || s == MF_STATUS_INVALID_FIELD);
        if (s != MF_STATUS_OK) {
            refused++;
            CHECK(err.layer == MF_LAYER_RTP || err.layer == MF_LAYER_RFC4175);
            CHECK(err.has_offset && err.offset <= len + 64);
        }
    }
    CHECK(refused > 0);
    mf_st2110_depacketizer_free(d);
    free(pcap);
    free(frames);
    free(sdp_text);
}

/* ---- packetize -> depacketize ----------------------------------------------------- */

static void round_trip(mf_st2110_video video, mf_st2110_packing packing, uint32_t max_udp) {
    mf_st2110_packetizer_config pc;
    memset(&pc, 0, sizeof pc);
    pc.video = video;
    pc.packing = packing;
    pc.max_udp = max_udp;
    pc.payload_type = 100;
    pc.ssrc = 0x2110;
    mf_st2110_packetizer *p = NULL;
    CHECK_STATUS(mf_st2110_packetizer_new(&pc, 0xFFFFFFF0u, &p, NULL), MF_STATUS_OK);
    uint32_t npackets = 0;
    size_t frame_bytes = 0;
    CHECK_STATUS(mf_st2110_packetizer_info(p, &npackets, &frame_bytes), MF_STATUS_OK);
    uint32_t expected = 0;
    CHECK_STATUS(mf_st2110_packets_per_frame(video.sampling, video.depth, video.width, video.height,
                                             video.interlaced ? MF_ST2110_SCAN_INTERLACED
                                                              : MF_ST2110_SCAN_PROGRESSIVE,
                                             packing, max_udp, &expected, NULL),
                 MF_STATUS_OK);
    CHECK(expected == npackets * (video.interlaced ? 2u : 1u));
    uint8_t *frame = malloc(frame_bytes);
    for (size_t i = 0; i < frame_bytes; i++) {
        frame[i] = (uint8_t)(i * 13 + i / 997);
    }
    mf_st2110_depacketizer_config dc;
    memset(&dc, 0, sizeof dc);
    dc.video = video;
    dc.reorder_window = 32;
    mf_st2110_depacketizer *d = NULL;
    CHECK_STATUS(mf_st2110_depacketizer_new(&dc, &d, NULL), MF_STATUS_OK);
    size_t out_len = max_udp ? max_udp : MF_ST2110_STANDARD_UDP_SIZE;
    uint8_t *out = malloc(out_len);
    size_t pictures = 0;
    uint32_t fields = video.interlaced ? 2 : 1;
    for (uint32_t picture = 0; picture < 2; picture++) {
        for (uint32_t field = 0; field < fields; field++) {
            CHECK_STATUS(mf_st2110_packetizer_begin_field(p, field, 1000 * picture + 500 * field), MF_STATUS_OK);
            uint32_t sent = 0;
            for (;;) {
                size_t n = 0;
                mf_status s;
                if (picture == 0) {
                    s = mf_st2110_packetizer_next(p, frame, frame_bytes, out, out_len, &n, NULL);
                } else {
                    /* Zero-copy: gather the header and the ranges. */
                    mf_st2110_packet_parts parts;
                    s = mf_st2110_packetizer_next_parts(p, &parts);
                    if (s == MF_STATUS_OK) {
                        CHECK(parts.len <= out_len && parts.n_ranges >= 1 && parts.n_ranges <= 3);
                        memcpy(out, parts.header, parts.header_len);
                        n = parts.header_len;
                        for (size_t r = 0; r < parts.n_ranges; r++) {
                            memcpy(out + n, frame + parts.ranges[r].offset, parts.ranges[r].len);
                            n += parts.ranges[r].len;
                        }
                        CHECK(n == parts.len);
                    }
                }
                if (s == MF_STATUS_END) {
                    break;
                }
                CHECK_STATUS(s, MF_STATUS_OK);
                if (s != MF_STATUS_OK) {
                    break;
                }
                sent++;
                mf_st2110_completed c[MF_ST2110_MAX_COMPLETED];
                size_t k = 0;
                CHECK_STATUS(mf_st2110_depacketizer_push(d, out, n, c, &k, NULL), MF_STATUS_OK);
                for (size_t j = 0; j < k; j++) {
                    const uint8_t *data = NULL;
                    size_t len = 0;
                    CHECK(c[j].complete && c[j].rtp_timestamp == 1000 * picture);
                    CHECK_STATUS(mf_st2110_depacketizer_frame(d, c[j].slot, &data, &len), MF_STATUS_OK);
                    CHECK(len == frame_bytes && memcmp(data, frame, frame_bytes) == 0);
                    pictures++;
                }
            }
            CHECK(sent == npackets);
        }
    }
    CHECK(pictures == 2);
    uint32_t next = 0;
    CHECK_STATUS(mf_st2110_packetizer_next_sequence(p, &next), MF_STATUS_OK);
    CHECK(next == 0xFFFFFFF0u + 2 * fields * npackets);
    free(out);
    free(frame);
    mf_st2110_packetizer_free(p);
    mf_st2110_depacketizer_free(d);
}

static void test_round_trips(void) {
    mf_st2110_video v = {MF_ST2110_SAMPLING_YCBCR_422, MF_ST2110_DEPTH_10, 640, 360, false};
    round_trip(v, MF_ST2110_PACKING_GPM, 0);
    round_trip(v, MF_ST2110_PACKING_GPM, MF_ST2110_EXTENDED_UDP_SIZE);
    mf_st2110_video i = {MF_ST2110_SAMPLING_YCBCR_422, MF_ST2110_DEPTH_10, 720, 486, true};
    round_trip(i, MF_ST2110_PACKING_GPM, 0);
    mf_st2110_video i420 = {MF_ST2110_SAMPLING_YCBCR_420, MF_ST2110_DEPTH_8, 640, 360, false};
    round_trip(i420, MF_ST2110_PACKING_BPM, 0);

    /* Bad configurations. */
    mf_st2110_packetizer_config pc;
    memset(&pc, 0, sizeof pc);
    pc.video = v;
    mf_st2110_packetizer *p = NULL;
    mf_error err;
    pc.video.width = 641;
    CHECK_STATUS(mf_st2110_packetizer_new(&pc, 0, &p, &err), MF_STATUS_OUT_OF_RANGE);
    CHECK_STR(err.field, "width");
    pc.video.width = 640;
    pc.payload_type = 128;
    CHECK_STATUS(mf_st2110_packetizer_new(&pc, 0, &p, &err), MF_STATUS_OUT_OF_RANGE);
    pc.payload_type = 96;
    pc.video.sampling = 99;
    CHECK_STATUS(mf_st2110_packetizer_new(&pc, 0, &p, &err), MF_STATUS_INVALID_ARGUMENT);
    CHECK_STR(err.field, "video.sampling");
    pc.video.sampling = MF_ST2110_SAMPLING_YCBCR_422;
    pc.video.depth = MF_ST2110_DEPTH_16;
    pc.packing = MF_ST2110_PACKING_BPM;
    CHECK(mf_st2110_packetizer_new(&pc, 0, &p, &err) != MF_STATUS_OK);
    CHECK(p == NULL);
    CHECK_STATUS(mf_st2110_packetizer_new(NULL, 0, &p, NULL), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_st2110_packetizer_begin_field(NULL, 0, 0), MF_STATUS_NULL_POINTER);
    mf_st2110_packetizer_free(NULL);
    mf_st2110_depacketizer_free(NULL);
    CHECK_STATUS(mf_st2110_depacketizer_frame(NULL, 0, NULL, NULL), MF_STATUS_NULL_POINTER);
}

/* ---- SDP ------------------------------------------------------------------------ */

static void test_sdp(void) {
    static const char *files[] = {
        "sdp/1080i5994-interlace.sdp",     "sdp/1080p50-2022-7.sdp",
        "sdp/1080p5994-422-10-gpm-tpn.sdp", "sdp/2160p50-bpm-hlg.sdp",
        "sdp/640x360-i420-gstreamer.sdp",   "sdp/gst-rfc4175-uyvp-640x360.sdp",
    };
    static char written[4096], again[4096];
    for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
        size_t len = 0;
        uint8_t *text = read_file(files[f], &len);
        CHECK(text != NULL);
        if (!text) {
            continue;
        }
        mf_st2110_sdp sdp, back;
        mf_error err;
        size_t n = 0, m = 0;
        CHECK_STATUS(mf_st2110_sdp_parse((const char *)text, len, &sdp, &err), MF_STATUS_OK);
        CHECK_STATUS(mf_st2110_sdp_validate(&sdp, &err), MF_STATUS_OK);
        CHECK_STATUS(mf_st2110_sdp_write(&sdp, written, sizeof written, &n, &err), MF_STATUS_OK);
        CHECK(strlen(written) == n);
        CHECK_STATUS(mf_st2110_sdp_parse(written, n, &back, &err), MF_STATUS_OK);
        CHECK_STATUS(mf_st2110_sdp_write(&back, again, sizeof again, &m, &err), MF_STATUS_OK);
        CHECK(n == m && strcmp(written, again) == 0);
        /* Too small a buffer says how much is needed. */
        CHECK_STATUS(mf_st2110_sdp_write(&sdp, again, 10, &m, &err), MF_STATUS_BUFFER_TOO_SMALL);
        CHECK(m == n + 1);
        free(text);
    }
    /* Values of two of them. */
    size_t len = 0;
    uint8_t *text = read_file("sdp/1080p50-2022-7.sdp", &len);
    mf_st2110_sdp sdp;
    mf_error err;
    CHECK_STATUS(mf_st2110_sdp_parse((const char *)text, len, &sdp, &err), MF_STATUS_OK);
    CHECK(sdp.legs == 2 && sdp.payload_type == 112 && sdp.rate_num == 50);
    CHECK_STR(sdp.leg[0].mid, "primary");
    CHECK_STR(sdp.leg[1].mid, "secondary");
    mf_ip_addr g = ip4(239, 120, 30, 1);
    CHECK(ip_eq(&sdp.leg[1].destination, &g) && sdp.leg[1].has_ttl && sdp.leg[1].ttl == 32);
    CHECK_STR(sdp.leg[0].ref_clock, "ptp=IEEE1588-2008:AC-DE-48-FF-FE-23-45-67:127");
    free(text);
    text = read_file("sdp/2160p50-bpm-hlg.sdp", &len);
    CHECK_STATUS(mf_st2110_sdp_parse((const char *)text, len, &sdp, &err), MF_STATUS_OK);
    CHECK(sdp.packing_mode == MF_ST2110_PACKING_BPM && sdp.tp == MF_ST2110_SENDER_WIDE);
    CHECK(sdp.tcs == MF_ST2110_TCS_HLG && sdp.range == MF_ST2110_RANGE_NARROW);
    CHECK(sdp.max_udp == 8960 && sdp.has_troff && sdp.troff_us == 37 && sdp.cmax == 16);
    CHECK(sdp.ssn == MF_ST2110_SSN_2022 && sdp.colorimetry == MF_ST2110_COLORIMETRY_BT2100);
    CHECK(sdp.origin_family == MF_IP_FAMILY_V6 && sdp.leg[0].destination.family == MF_IP_FAMILY_V6);
    free(text);

    /* A missing parameter is named, with its line and where it starts. */
    text = read_file("sdp/gst-rfc4175-uyvp-640x360.sdp", &len);
    char *s = text_of(text, len);
    char *broken = replace(s, "; TP=2110TPW", "");
    CHECK(broken != NULL);
    if (broken) {
        CHECK_STATUS(mf_st2110_sdp_parse(broken, strlen(broken), &sdp, &err), MF_STATUS_INVALID_FIELD);
        CHECK(err.layer == MF_LAYER_SDP && err.found == 9 && err.has_offset);
        CHECK_STR(err.field, "TP");
        CHECK_STR(mf_layer_str(err.layer), "sdp");
        CHECK(strncmp(broken + err.offset, "a=fmtp:96 ", 10) == 0);
        printf("expected SDP error: %s\n", err.message);
        free(broken);
    }
    /* Every prefix and 500 mutations of a description: typed statuses only. */
    for (size_t cut = 0; cut <= len; cut++) {
        mf_status st = mf_st2110_sdp_parse(s, cut, &sdp, &err);
        CHECK(st == MF_STATUS_OK || st == MF_STATUS_INVALID_FIELD);
    }
    char *m = malloc(len);
    for (int round = 0; round < 500; round++) {
        memcpy(m, s, len);
        m[rnd() % len] = (char)(rnd() & 0xff);
        mf_status st = mf_st2110_sdp_parse(m, len, &sdp, &err);
        CHECK(st == MF_STATUS_OK || st == MF_STATUS_INVALID_FIELD || st == MF_STATUS_OUT_OF_RANGE);
    }
    free(m);

    /* Written from scratch. */
    CHECK_STATUS(mf_st2110_sdp_init(&sdp), MF_STATUS_OK);
    strcpy(sdp.session_name, "Camera 1");
    strcpy(sdp.origin_address, "192.168.1.10");
    sdp.width = 1920;
    sdp.height = 1080;
    sdp.rate_num = 60000;
    sdp.rate_den = 1001;
    sdp.leg[0].port = 5004;
    sdp.leg[0].destination = ip4(239, 1, 1, 1);
    sdp.leg[0].has_ttl = true;
    sdp.leg[0].ttl = 64;
    sdp.leg[0].has_source_filter = true;
    sdp.leg[0].source = ip4(192, 168, 1, 10);
    CHECK_STATUS(mf_st2110_sdp_write(&sdp, written, sizeof written, &len, &err), MF_STATUS_INVALID_FIELD);
    CHECK_STR(err.field, "ts-refclk");
    strcpy(sdp.leg[0].ref_clock, "ptp=IEEE1588-2008:08-00-11-FF-FE-22-39-E4:127");
    CHECK_STATUS(mf_st2110_sdp_write(&sdp, written, sizeof written, &len, &err), MF_STATUS_OK);
    CHECK(strstr(written, "a=fmtp:96 sampling=YCbCr-4:2:2; width=1920; height=1080; "
                          "exactframerate=60000/1001; depth=10; colorimetry=BT709; PM=2110GPM; "
                          "SSN=ST2110-20:2017; TP=2110TPN") != NULL);
    CHECK(strstr(written, "a=source-filter: incl IN IP4 239.1.1.1 192.168.1.10\r\n") != NULL);
    sdp.leg[0].ref_clock[0] = (char)0xff;
    CHECK_STATUS(mf_st2110_sdp_validate(&sdp, &err), MF_STATUS_INVALID_ARGUMENT);
    free(s);
    free(text);
}

/* ---- ST 2110-21 --------------------------------------------------------------------- */

static mf_st2110_schedule *schedule_1080p5994(mf_st2110_sender_type sender) {
    mf_st2110_schedule_params sp;
    memset(&sp, 0, sizeof sp);
    sp.rate_num = 60000;
    sp.rate_den = 1001;
    sp.scan = MF_ST2110_SCAN_PROGRESSIVE;
    sp.height = 1080;
    sp.npackets = 4320;
    sp.sender = sender;
    mf_st2110_schedule *s = NULL;
    CHECK_STATUS(mf_st2110_schedule_new(&sp, &s, NULL), MF_STATUS_OK);
    return s;
}

static void analyze(mf_st2110_schedule *s, uint64_t first, uint64_t frames, bool burst,
                    mf_st2110_report *r) {
    mf_st2110_analyzer *a = NULL;
    mf_st2110_analyzer_options o = {MF_ST2110_DRAIN_EPOCH, MF_ST2110_DATUM_NEAREST, true};
    CHECK_STATUS(mf_st2110_analyzer_new(s, &o, &a), MF_STATUS_OK);
    uint16_t seq = 0;
    uint64_t closed_frames = 0;
    for (uint64_t f = first; f < first + frames; f++) {
        uint32_t ts = 0;
        CHECK_STATUS(mf_st2110_schedule_rtp_timestamp(s, f, false, &ts), MF_STATUS_OK);
        uint64_t start = 0;
        CHECK_STATUS(mf_st2110_schedule_departure(s, f, 0, NULL, &start, NULL), MF_STATUS_OK);
        for (uint32_t j = 0; j < 4320; j++) {
            mf_st2110_arrival p;
            memset(&p, 0, sizeof p);
            if (burst) {
                p.time_ns = start + j * 1000ull; /* 1 us apart: far faster than TRS */
            } else {
                CHECK_STATUS(mf_st2110_schedule_departure(s, f, j, NULL, &p.time_ns, NULL), MF_STATUS_OK);
            }
            p.rtp_timestamp = ts;
            p.marker = j == 4319;
            p.sequence = seq++;
            p.length = 1460;
            mf_st2110_frame_summary sum;
            bool closed = false;
            CHECK_STATUS(mf_st2110_analyzer_push(a, &p, &sum, &closed, NULL), MF_STATUS_OK);
            if (closed) {
                closed_frames++;
                CHECK(sum.packets == 4320 && sum.frame == f - 1);
            }
        }
    }
    mf_st2110_frame_summary sum;
    bool closed = false;
    CHECK_STATUS(mf_st2110_analyzer_finish(a, &sum, &closed, NULL), MF_STATUS_OK);
    CHECK(closed && closed_frames + 1 == frames);
    /* Time going backwards is refused. */
    mf_st2110_arrival back;
    memset(&back, 0, sizeof back);
    mf_error err;
    CHECK_STATUS(mf_st2110_analyzer_push(a, &back, &sum, &closed, &err), MF_STATUS_INVALID_ARGUMENT);
    CHECK_STR(err.field, "time_ns");
    CHECK_STATUS(mf_st2110_analyzer_report(a, r, NULL), MF_STATUS_OK);
    mf_st2110_analyzer_free(a);
}

static void test_st2110_21(void) {
    mf_st2110_schedule *s = schedule_1080p5994(MF_ST2110_SENDER_NARROW);
    mf_st2110_schedule_info info;
    CHECK_STATUS(mf_st2110_schedule_get_info(s, &info, NULL), MF_STATUS_OK);
    /* TRO = 43/1125 * 1001/60000 s = 17217200/27 ns; TRS = 100100/27 ns. */
    CHECK(info.tro.whole == 637674 && info.tro.numerator == 2 && info.tro.denominator == 27);
    CHECK(info.tro.whole * 27 + (int64_t)info.tro.numerator == 17217200);
    CHECK(info.trs.whole * 27 + (int64_t)info.trs.numerator == 100100 && info.trs.denominator == 27);
    CHECK(info.tframe.whole == 16683333 && info.tframe.numerator == 1 && info.tframe.denominator == 3);
    CHECK(info.has_cmax && info.cmax == 6 && info.vrx_full == 9);
    CHECK(info.ractive_num * 25 == info.ractive_den * 24); /* 1080/1125 */
    mf_st2110_nanos d;
    uint64_t ceil = 0;
    CHECK_STATUS(mf_st2110_schedule_departure(s, 1000, 10, &d, &ceil, NULL), MF_STATUS_OK);
    /* 1000 * TFRAME + TRO + 10 * TRS = 450468218200/27 ns. */
    CHECK(d.whole * 27 + (int64_t)d.numerator == 450468218200LL && d.denominator == 27);
    CHECK(ceil == (uint64_t)d.whole + 1);
    mf_error err;
    CHECK_STATUS(mf_st2110_schedule_departure(s, 0, 4320, &d, &ceil, &err), MF_STATUS_OUT_OF_RANGE);
    CHECK_STR(err.field, "packet");

    /* Packets at their departures: narrow, CInst 1, VRX 0. The first frame after
     * 2026-01-01 00:00:00 TAI. */
    uint64_t first = 1767225637ull * 60000 / 1001 + 1;
    mf_st2110_report r;
    analyze(s, first, 3, false, &r);
    CHECK(r.compliance == MF_ST2110_COMPLIANCE_NARROW && !r.has_worst);
    CHECK_STR(mf_st2110_compliance_str(r.compliance), "narrow");
    CHECK(r.frames == 3 && r.packets == 3 * 4320 && r.lost == 0);
    CHECK(r.cinst_max.present && r.cinst_max.value == 1 && r.vrx_max.value == 0 && r.vrx_min.value >= 0);
    CHECK(r.rtp_offset_min.value == 0 && r.rtp_offset_max.value == 0);
    CHECK(r.fpt_min.present && (r.fpt_min.value.whole == 637674 || r.fpt_min.value.whole == 637675));
    CHECK(r.rtp_delta_min.value == 1501 && r.rtp_delta_max.value == 1502);
    /* A burst is not narrow, and the report says which frame and measure. */
    analyze(s, first, 2, true, &r);
    CHECK(r.compliance != MF_ST2110_COMPLIANCE_NARROW && r.has_worst);
    CHECK(r.cinst_max.value > (int64_t)r.cmax_narrow);

    /* A pacer on the same schedule releases packet 0 of the first frame at TRO. */
    mf_st2110_pacer *pacer = NULL;
    CHECK_STATUS(mf_st2110_pacer_new(s, first, 0, &pacer, NULL), MF_STATUS_OK);
    uint64_t sec = 0;
    uint32_t nsec = 0;
    CHECK_STATUS(mf_st2110_pacer_next_release(pacer, &sec, &nsec), MF_STATUS_OK);
    uint64_t first_departure = 0;
    CHECK_STATUS(mf_st2110_schedule_departure(s, first, 0, NULL, &first_departure, NULL), MF_STATUS_OK);
    CHECK(sec * 1000000000ull + nsec == first_departure);
    mf_st2110_release rel;
    CHECK_STATUS(mf_st2110_pacer_release(pacer, sec, nsec, &rel, NULL), MF_STATUS_OK);
    CHECK(rel.frame == first && rel.first_packet == 0 && rel.count == 1);
    mf_st2110_pacer_free(pacer);
    CHECK_STATUS(mf_st2110_pacer_new(s, first, 10, &pacer, &err), MF_STATUS_OUT_OF_RANGE);
    CHECK_STR(err.field, "lead");
    mf_st2110_schedule_free(s);

    /* NPACKETS of 1080p 4:2:2 10-bit, one row per packet: 4320. */
    uint32_t n = 0;
    CHECK_STATUS(mf_st2110_packets_per_frame(MF_ST2110_SAMPLING_YCBCR_422, MF_ST2110_DEPTH_10, 1920, 1080,
                                             MF_ST2110_SCAN_PROGRESSIVE, MF_ST2110_PACKING_GPM_SINGLE_ROW, 0,
                                             &n, NULL),
                 MF_STATUS_OK);
    CHECK(n == 4320);
    /* Bad schedules. */
    mf_st2110_schedule_params sp;
    memset(&sp, 0, sizeof sp);
    sp.rate_num = 50;
    sp.rate_den = 1;
    sp.height = 1080;
    CHECK_STATUS(mf_st2110_schedule_new(&sp, &s, &err), MF_STATUS_OUT_OF_RANGE);
    CHECK_STR(err.field, "NPACKETS");
    sp.npackets = 100;
    sp.has_troff = true;
    sp.troff_us = 20000; /* not below TFRAME = 20 ms */
    CHECK_STATUS(mf_st2110_schedule_new(&sp, &s, &err), MF_STATUS_OUT_OF_RANGE);
    CHECK_STR(err.field, "TROFF");
    sp.rate_den = 0;
    CHECK_STATUS(mf_st2110_schedule_new(&sp, &s, &err), MF_STATUS_INVALID_ARGUMENT);
}

/* ---- timing, ST 2022-7 ---------------------------------------------------------------- */

static void test_timing(void) {
    uint32_t ts = 0;
    /* 1e9 s at 90 kHz: 9e13 mod 2^32. */
    CHECK_STATUS(mf_st2110_rtp_timestamp(90000, 1, 1000000000ull, 0, &ts, NULL), MF_STATUS_OK);
    CHECK(ts == (uint32_t)(90000000000000ull % 4294967296ull));
    /* 59.94 Hz frames are 1501.5 ticks: frames 0..3 start at 0, 1501, 3003, 4504. */
    uint32_t want[4] = {0, 1501, 3003, 4504};
    for (uint64_t f = 0; f < 4; f++) {
        CHECK_STATUS(mf_st2110_rtp_timestamp_of_frame(60000, 1001, 90000, 1, f, &ts, NULL), MF_STATUS_OK);
        CHECK(ts == want[f]);
    }
    mf_st2110_alignment a;
    CHECK_STATUS(mf_st2110_next_alignment_point(30000, 1001, 1000000000ull, 0, &a, NULL), MF_STATUS_OK);
    CHECK(a.frame == 29970029971ull && a.ceil_seconds == 1000000000ull && a.ceil_nanoseconds == 32366667);
    CHECK(a.time.seconds == 1000000000ull && a.time.nanoseconds == 32366666 && a.time.remainder * 3 == a.time.divisor * 2);
    mf_error err;
    CHECK_STATUS(mf_st2110_rtp_timestamp(90000, 1, 0, 1000000000u, &ts, &err), MF_STATUS_INVALID_ARGUMENT);
    CHECK_STR(err.field, "nanoseconds");
    CHECK_STATUS(mf_st2110_rtp_timestamp(0, 1, 0, 0, &ts, &err), MF_STATUS_INVALID_ARGUMENT);

    /* 25 fps: 01:01:01.5 is frame 12 of its second. */
    mf_st2110_time_code tc;
    CHECK_STATUS(mf_st2110_time_code_of(25, 1, false, 0, 3661, 500000000u, &tc, NULL), MF_STATUS_OK);
    CHECK(tc.hours == 1 && tc.minutes == 1 && tc.seconds == 1 && tc.frames == 12 && !tc.drop_frame);
    /* Local midnight is PTP 86400 s - 3600 s with a +1 h offset: the daily jam makes
     * the first 29.97 frame starting after it 00:00:00;00 (drop frame), and midnight
     * itself lies in the last frame of the old count. */
    CHECK_STATUS(mf_st2110_time_code_of(30000, 1001, true, 3600, 86400 - 3600, 33366667u, &tc, NULL),
                 MF_STATUS_OK);
    CHECK(tc.hours == 0 && tc.minutes == 0 && tc.seconds == 0 && tc.frames == 0 && tc.drop_frame);
    CHECK_STATUS(mf_st2110_time_code_of(25, 1, true, 0, 0, 0, &tc, &err), MF_STATUS_INVALID_ARGUMENT);
}

static void test_merger(void) {
    mf_st2110_merger *m = NULL;
    CHECK_STATUS(mf_st2110_merger_new(&m), MF_STATUS_OK);
    mf_st2110_merge_verdict v;
    /* Leg A loses 2, leg B loses 4: the merged stream loses nothing. */
    uint32_t a[] = {0, 1, 3, 4, 5}, b[] = {0, 1, 2, 3, 5};
    size_t firsts = 0;
    for (size_t i = 0; i < 5; i++) {
        CHECK_STATUS(mf_st2110_merger_push(m, MF_ST2110_LEG_A, a[i], &v), MF_STATUS_OK);
        firsts += v == MF_ST2110_MERGE_FIRST;
        CHECK_STATUS(mf_st2110_merger_push(m, MF_ST2110_LEG_B, b[i], &v), MF_STATUS_OK);
        firsts += v == MF_ST2110_MERGE_FIRST;
    }
    CHECK(firsts == 6);
    CHECK_STATUS(mf_st2110_merger_push(m, MF_ST2110_LEG_B, 5, &v), MF_STATUS_OK);
    CHECK(v == MF_ST2110_MERGE_DUPLICATE);
    CHECK_STATUS(mf_st2110_merger_push(m, 2, 5, &v), MF_STATUS_INVALID_ARGUMENT);
    uint32_t ext = 0;
    CHECK_STATUS(mf_st2110_merger_extend(m, 7, &ext), MF_STATUS_OK);
    CHECK(ext == 7);
    CHECK_STATUS(mf_st2110_merger_finish(m), MF_STATUS_OK);
    mf_st2110_merger_counters c;
    CHECK_STATUS(mf_st2110_merger_get_counters(m, &c), MF_STATUS_OK);
    CHECK(c.merged_packets == 6 && c.merged_lost == 0);
    CHECK(c.legs[MF_ST2110_LEG_A].gaps == 1 && c.legs[MF_ST2110_LEG_B].gaps == 1);
    CHECK(c.legs[MF_ST2110_LEG_B].duplicates == 5 && c.legs[MF_ST2110_LEG_A].packets == 5);
    mf_st2110_merger_free(m);
    mf_st2110_merger_free(NULL);
}

int main(void) {
    CHECK_STR(mf_st2110_sampling_str(MF_ST2110_SAMPLING_YCBCR_422), "YCbCr-4:2:2");
    CHECK_STR(mf_st2110_depth_str(MF_ST2110_DEPTH_16F), "16f");
    CHECK_STR(mf_st2110_sender_type_str(MF_ST2110_SENDER_NARROW_LINEAR), "2110TPNL");
    CHECK_STR(mf_layer_str(MF_LAYER_RTP), "rtp");
    CHECK_STR(mf_layer_str(MF_LAYER_RFC4175), "rfc4175");
    test_gstreamer_capture();
    test_round_trips();
    test_sdp();
    test_st2110_21();
    test_timing();
    test_merger();
    return test_summary("test_st2110");
}
