/*
 * Example: encapsulate an Ethernet frame in VXLAN (RFC 7348) with the mediafabric C
 * API, decapsulate the result, and print both.
 *
 * Build (after `cargo build -p mediafabric-ffi --release` and with mediafabric.pc on
 * PKG_CONFIG_PATH, see ffi/scripts/gen-pc.sh):
 *
 *     cc -std=c11 vxlan_encap.c $(pkg-config --cflags --libs mediafabric) -o vxlan_encap
 *
 * Usage: vxlan_encap [VNI [SRC_VTEP_IP DST_VTEP_IP]]   (default 4242 10.77.0.1 10.77.0.2)
 * Exits 0 when the decapsulated frame matches what was encapsulated.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mediafabric.h"

/* Prints a failed call with the library's detail and leaves. */
static int fail(const char *what, mf_status s, const mf_error *err) {
    fprintf(stderr, "%s: %s", what, mf_status_str(s));
    if (err != NULL) {
        fprintf(stderr, ": %s", err->message);
    }
    fputc('\n', stderr);
    return 1;
}

static void hexdump(const uint8_t *b, size_t n) {
    for (size_t i = 0; i < n; i += 16) {
        printf("  %04zx ", i);
        for (size_t j = i; j < i + 16 && j < n; j++) {
            printf(" %02x", b[j]);
        }
        putchar('\n');
    }
}

static void print_mac(const char *label, const uint8_t m[6]) {
    printf("%s%02x:%02x:%02x:%02x:%02x:%02x\n", label, m[0], m[1], m[2], m[3], m[4], m[5]);
}

int main(int argc, char **argv) {
    unsigned long vni = 4242;
    const char *src_text = "10.77.0.1";
    const char *dst_text = "10.77.0.2";
    if (argc >= 2) {
        char *end = NULL;
        vni = strtoul(argv[1], &end, 0);
        if (end == argv[1] || *end != '\0' || vni > UINT32_MAX) {
            fprintf(stderr, "bad VNI: %s\n", argv[1]);
            return 2;
        }
    }
    if (argc == 4) {
        src_text = argv[2];
        dst_text = argv[3];
    } else if (argc != 1 && argc != 2) {
        fprintf(stderr, "usage: %s [VNI [SRC_VTEP_IP DST_VTEP_IP]]\n", argv[0]);
        return 2;
    }
    printf("mediafabric %s\n", mf_version());

    /* The inner frame: an ARP request for 192.168.50.2 from 192.168.50.1. */
    const uint8_t inner[42] = {
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x76, 0xba, 0x03, 0x18, 0x88, 0x5c, 0x08, 0x06,
        0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01, 0x76, 0xba, 0x03, 0x18, 0x88, 0x5c,
        0xc0, 0xa8, 0x32, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xc0, 0xa8, 0x32, 0x02,
    };

    mf_error err;
    mf_status s;
    mf_ip_addr src, dst;
    if ((s = mf_ip_addr_parse(src_text, &src)) != MF_STATUS_OK) {
        return fail("source address", s, NULL);
    }
    if ((s = mf_ip_addr_parse(dst_text, &dst)) != MF_STATUS_OK) {
        return fail("destination address", s, NULL);
    }
    if (src.family != dst.family) {
        fprintf(stderr, "both VTEP addresses must be of one family\n");
        return 2;
    }

    mf_vxlan_header header;
    if ((s = mf_vxlan_header_init((uint32_t)vni, &header)) != MF_STATUS_OK) {
        return fail("VNI", s, NULL);
    }
    mf_vxlan_encap_params params;
    if ((s = mf_vxlan_encap_params_init(src.family, &header, &params)) != MF_STATUS_OK) {
        return fail("parameters", s, NULL);
    }
    const uint8_t src_mac[6] = {0x8e, 0x2a, 0x0f, 0x60, 0x4e, 0xd7};
    const uint8_t dst_mac[6] = {0xa6, 0x23, 0x59, 0x56, 0xd1, 0x1e};
    memcpy(params.src_mac, src_mac, 6);
    memcpy(params.dst_mac, dst_mac, 6);
    memcpy(params.src_ip, src.bytes, 16);
    memcpy(params.dst_ip, dst.bytes, 16);
    params.udp_checksum = MF_VXLAN_UDP_CHECKSUM_COMPUTE;

    /* Ask for the size, then encapsulate into a buffer of exactly that size. */
    size_t len = 0;
    if ((s = mf_vxlan_encapsulated_len(&params, sizeof inner, &len)) != MF_STATUS_OK) {
        return fail("length", s, NULL);
    }
    uint8_t *frame = malloc(len);
    if (frame == NULL) {
        return 1;
    }
    size_t written = 0;
    s = mf_vxlan_encapsulate(&params, inner, sizeof inner, frame, len, &written, &err);
    if (s != MF_STATUS_OK) {
        free(frame);
        return fail("encapsulate", s, &err);
    }
    printf("encapsulated %zu-byte inner frame into %zu bytes (VNI %lu, %s -> %s):\n",
           sizeof inner, written, vni, src_text, dst_text);
    hexdump(frame, written);

    mf_vxlan_decap_config config;
    mf_vxlan_decap_config_default(&config);
    config.verify_udp_checksum = true;
    mf_vxlan_decapsulated d;
    s = mf_vxlan_decapsulate(frame, written, &config, &d, &err);
    if (s != MF_STATUS_OK) {
        free(frame);
        return fail("decapsulate", s, &err);
    }
    char a[46], b[46];
    size_t n;
    mf_ip_addr_to_string(&d.src_ip, a, sizeof a, &n);
    mf_ip_addr_to_string(&d.dst_ip, b, sizeof b, &n);
    printf("decapsulated:\n");
    print_mac("  outer src MAC  ", d.outer_src_mac);
    print_mac("  outer dst MAC  ", d.outer_dst_mac);
    printf("  outer IP       %s -> %s, TTL %u\n", a, b, (unsigned)d.ttl);
    printf("  UDP            %u -> %u, checksum 0x%04x (verified)\n", (unsigned)d.src_port,
           (unsigned)d.dst_port, (unsigned)d.udp_checksum);
    printf("  VXLAN          VNI %u, I flag %s\n", (unsigned)d.header.vni, d.header.vni_valid ? "set" : "clear");
    printf("  inner frame    %zu bytes at offset %zu\n", d.inner_len, d.inner_offset);
    print_mac("  inner src MAC  ", frame + d.inner_offset + 6);

    int same = d.inner_len == sizeof inner && memcmp(frame + d.inner_offset, inner, sizeof inner) == 0 &&
               d.header.vni == vni;
    printf("round trip: %s\n", same ? "inner frame identical" : "MISMATCH");

    /* An error, to show the detail: the same frame cut short. */
    s = mf_vxlan_decapsulate(frame, 40, &config, &d, &err);
    printf("decapsulating 40 bytes: %s (%s at offset %zu): %s\n", mf_status_str(s), mf_layer_str(err.layer),
           err.offset, err.message);
    free(frame);
    return same && s == MF_STATUS_TRUNCATED ? 0 : 1;
}
