/*
 * st2110_receive: an ST 2110-20 receiver over a capture, with the mediafabric C API.
 *
 *   st2110_receive STREAM.sdp CAPTURE.pcap [OUT.frames]
 *
 * Reads the session description (mf_st2110_sdp_parse), keeps the capture's UDP packets
 * to the SDP's destination port (Ethernet, IPv4, classic pcap), depacketizes them
 * (mf_st2110_depacketizer_*), prints one line per picture (RTP timestamp, packets,
 * lost bytes) and writes every picture, in the RFC 4175 pgroup layout, to OUT.frames.
 * Ends with a summary line; exits non-zero on any error.
 *
 * Build: cc -std=c11 st2110_receive.c $(pkg-config --cflags --libs mediafabric)
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mediafabric.h"

static uint8_t *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return NULL;
    }
    size_t cap = 1 << 16, n = 0, got;
    uint8_t *buf = malloc(cap);
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            uint8_t *bigger = realloc(buf, cap *= 2);
            if (!bigger) {
                free(buf);
                buf = NULL;
            }
            buf = bigger;
        }
    }
    fclose(f);
    *len = n;
    return buf;
}

static uint32_t le32(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void report(const char *what, mf_status s, const mf_error *e) {
    fprintf(stderr, "st2110_receive: %s: %s (%s)\n", what, mf_status_str(s), e->message);
}

int main(int argc, char **argv) {
    if (argc < 3 || argc > 4) {
        fprintf(stderr, "usage: %s STREAM.sdp CAPTURE.pcap [OUT.frames]\n", argv[0]);
        return 2;
    }
    int rc = 1;
    size_t sdp_len = 0, pcap_len = 0;
    uint8_t *sdp_text = slurp(argv[1], &sdp_len);
    uint8_t *pcap = slurp(argv[2], &pcap_len);
    FILE *out = argc == 4 ? fopen(argv[3], "wb") : NULL;
    mf_st2110_depacketizer *d = NULL;
    mf_st2110_sdp sdp;
    mf_error err;
    mf_status s;
    if (!sdp_text || !pcap || (argc == 4 && !out)) {
        goto done;
    }
    if ((s = mf_st2110_sdp_parse((const char *)sdp_text, sdp_len, &sdp, &err)) != MF_STATUS_OK) {
        report(argv[1], s, &err);
        goto done;
    }
    printf("%s: %s %s-bit %ux%u%s at %u/%u fps, payload type %u, port %u\n", argv[1],
           mf_st2110_sampling_str(sdp.sampling), mf_st2110_depth_str(sdp.depth), sdp.width,
           sdp.height, sdp.interlace ? "i" : "p", sdp.rate_num, sdp.rate_den, sdp.payload_type,
           sdp.leg[0].port);
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
    if ((s = mf_st2110_depacketizer_new(&cfg, &d, &err)) != MF_STATUS_OK) {
        report("depacketizer", s, &err);
        goto done;
    }
    if (pcap_len < 24 || (le32(pcap) != 0xa1b2c3d4u && le32(pcap) != 0xa1b23c4du) ||
        le32(pcap + 20) != 1) {
        fprintf(stderr, "st2110_receive: %s: not a little-endian Ethernet pcap\n", argv[2]);
        goto done;
    }
    size_t at = 24, pictures = 0, refused = 0;
    while (at + 16 <= pcap_len) {
        size_t incl = le32(pcap + at + 8);
        const uint8_t *f = pcap + at + 16;
        at += 16 + incl;
        if (at > pcap_len || incl < 42 || f[12] != 0x08 || f[13] != 0x00 || f[23] != 17) {
            continue; /* not IPv4/UDP */
        }
        size_t udp = 14 + (size_t)(f[14] & 0x0f) * 4;
        if (udp + 8 > incl) {
            continue;
        }
        size_t ulen = (size_t)f[udp + 4] << 8 | f[udp + 5];
        unsigned port = (unsigned)f[udp + 2] << 8 | f[udp + 3];
        if (port != sdp.leg[0].port || ulen < 8 || udp + ulen > incl) {
            continue;
        }
        mf_st2110_completed c[MF_ST2110_MAX_COMPLETED];
        size_t k = 0;
        s = mf_st2110_depacketizer_push(d, f + udp + 8, ulen - 8, c, &k, &err);
        if (s != MF_STATUS_OK) {
            refused++;
            fprintf(stderr, "packet refused: %s\n", err.message);
            continue;
        }
        for (size_t j = 0; j < k; j++) {
            const uint8_t *data = NULL;
            size_t len = 0;
            mf_st2110_depacketizer_frame(d, c[j].slot, &data, &len);
            printf("picture %zu: rtp timestamp %u, %llu packets, %s, %llu bytes lost\n", pictures,
                   c[j].rtp_timestamp, (unsigned long long)c[j].packets,
                   c[j].complete ? "complete" : "incomplete", (unsigned long long)c[j].lost_bytes);
            /* The buffer is valid until the next push: written out now. */
            if (out && fwrite(data, 1, len, out) != len) {
                perror(argv[3]);
                goto done;
            }
            pictures++;
        }
    }
    mf_st2110_depacketizer_counters n;
    mf_st2110_depacketizer_get_counters(d, &n);
    printf("%zu pictures (%llu complete), %llu packets, %zu refused, %llu sequence gaps\n", pictures,
           (unsigned long long)n.complete, (unsigned long long)n.packets, refused,
           (unsigned long long)n.sequence_gaps);
    rc = 0;
done:
    mf_st2110_depacketizer_free(d);
    if (out && fclose(out) != 0) {
        rc = 1;
    }
    free(sdp_text);
    free(pcap);
    return rc;
}
