/*
 * C tests of the mediafabric VXLAN API: library basics, the header, encapsulation and
 * decapsulation, on real frames captured from a Linux vxlan device (vxlan_frames.h).
 * Every function is called on its success path and on each error path it documents,
 * with NULL pointers, short buffers and out-of-range values.
 *
 * Built by ffi/tests/run.sh as C11 with -Wall -Wextra -Werror -pedantic, with the
 * flags of `pkg-config --cflags --libs mediafabric`. MF_EXPECTED_VERSION is passed in
 * from `pkg-config --modversion mediafabric`.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "mediafabric.h"
#include "test_common.h"
#include "vxlan_frames.h"

#ifndef MF_EXPECTED_VERSION
#error "build with -DMF_EXPECTED_VERSION=\"$(pkg-config --modversion mediafabric)\""
#endif

static const uint8_t MAC_VTEP1[6] = {0x8e, 0x2a, 0x0f, 0x60, 0x4e, 0xd7};
static const uint8_t MAC_VTEP2[6] = {0xa6, 0x23, 0x59, 0x56, 0xd1, 0x1e};

/* ------------------------------------------------------------------------------ */

static void test_version_and_status_strings(void) {
    const char *v = mf_version();
    CHECK(v != NULL);
    CHECK_STR(v, MF_EXPECTED_VERSION);

    /* Every status has a distinct, non-empty static name; unknown values have one. */
    const char *names[MF_STATUS_PANIC + 1];
    for (mf_status s = MF_STATUS_OK; s <= MF_STATUS_PANIC; s++) {
        names[s] = mf_status_str(s);
        CHECK(names[s] != NULL && names[s][0] != '\0');
        CHECK(strcmp(names[s], "unknown status") != 0);
        for (mf_status t = 0; t < s; t++) {
            CHECK(strcmp(names[s], names[t]) != 0);
        }
    }
    CHECK_STR(mf_status_str(MF_STATUS_OK), "ok");
    CHECK_STR(mf_status_str(MF_STATUS_BUFFER_TOO_SMALL), "buffer too small");
    CHECK_STR(mf_status_str(MF_STATUS_END + 1), "unknown status");
    CHECK_STR(mf_status_str(UINT32_MAX), "unknown status");
    /* The numbers are ABI. */
    CHECK(MF_STATUS_OK == 0 && MF_STATUS_NULL_POINTER == 1 && MF_STATUS_BUFFER_TOO_SMALL == 2);
    CHECK(MF_STATUS_TRUNCATED == 3 && MF_STATUS_INVALID_FIELD == 4 && MF_STATUS_CHECKSUM == 5);
    CHECK(MF_STATUS_OUT_OF_RANGE == 6 && MF_STATUS_TABLE_FULL == 7);
    CHECK(MF_STATUS_VNI_NOT_ALLOWED == 8 && MF_STATUS_REMOTE_NOT_ALLOWED == 9);
    CHECK(MF_STATUS_NOT_FOUND == 10 && MF_STATUS_INVALID_ARGUMENT == 11 && MF_STATUS_PANIC == 12);

    CHECK_STR(mf_layer_str(MF_LAYER_NONE), "none");
    CHECK_STR(mf_layer_str(MF_LAYER_ETHERNET), "eth");
    CHECK_STR(mf_layer_str(MF_LAYER_VLAN), "vlan");
    CHECK_STR(mf_layer_str(MF_LAYER_IPV4), "ipv4");
    CHECK_STR(mf_layer_str(MF_LAYER_IPV6), "ipv6");
    CHECK_STR(mf_layer_str(MF_LAYER_UDP), "udp");
    CHECK_STR(mf_layer_str(MF_LAYER_VXLAN), "vxlan");
    CHECK_STR(mf_layer_str(MF_LAYER_INNER), "inner");
    CHECK_STR(mf_layer_str(99), "unknown layer");
}

static void test_ip_addr(void) {
    mf_ip_addr a;
    memset(&a, 0xAA, sizeof a);
    CHECK_STATUS(mf_ip_addr_parse("10.77.0.1", &a), MF_STATUS_OK);
    mf_ip_addr want = ip4(10, 77, 0, 1);
    CHECK(ip_eq(&a, &want));

    CHECK_STATUS(mf_ip_addr_parse("2001:db8::42", &a), MF_STATUS_OK);
    CHECK(a.family == MF_IP_FAMILY_V6);
    CHECK(a.bytes[0] == 0x20 && a.bytes[1] == 0x01 && a.bytes[2] == 0x0d && a.bytes[3] == 0xb8);
    CHECK(a.bytes[15] == 0x42);

    char text[46];
    size_t n = 0;
    CHECK_STATUS(mf_ip_addr_to_string(&a, text, sizeof text, &n), MF_STATUS_OK);
    CHECK_STR(text, "2001:db8::42");
    CHECK(n == strlen("2001:db8::42"));

    /* Buffer too small: *written is the size needed, NUL included; buffer untouched. */
    char small[4] = {'x', 'x', 'x', 'x'};
    CHECK_STATUS(mf_ip_addr_to_string(&a, small, sizeof small, &n), MF_STATUS_BUFFER_TOO_SMALL);
    CHECK(n == strlen("2001:db8::42") + 1);
    CHECK(small[0] == 'x');

    /* Bad input: untouched output. */
    mf_ip_addr before;
    memcpy(&before, &a, sizeof a);
    CHECK_STATUS(mf_ip_addr_parse("10.77.0.256", &a), MF_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(mf_ip_addr_parse("", &a), MF_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(mf_ip_addr_parse("fe80::1%eth0", &a), MF_STATUS_INVALID_ARGUMENT);
    CHECK(memcmp(&a, &before, sizeof a) == 0);
    mf_ip_addr bad = ip4(1, 2, 3, 4);
    bad.family = 5;
    CHECK_STATUS(mf_ip_addr_to_string(&bad, text, sizeof text, &n), MF_STATUS_INVALID_ARGUMENT);

    CHECK_STATUS(mf_ip_addr_parse(NULL, &a), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_ip_addr_parse("10.0.0.1", NULL), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_ip_addr_to_string(NULL, text, sizeof text, &n), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_ip_addr_to_string(&a, NULL, sizeof text, &n), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_ip_addr_to_string(&a, text, sizeof text, NULL), MF_STATUS_NULL_POINTER);
}

/* ------------------------------------------------------------------------------ */

static void test_header_parse_real(void) {
    const uint8_t *hdr = frame_arp_request + FRAME_VXLAN_AT;
    mf_vxlan_header h;
    mf_error err;
    memset(&err, 0x55, sizeof err);
    CHECK_STATUS(mf_vxlan_header_parse(hdr, 8, MF_VXLAN_FORMAT_VXLAN, &h, &err), MF_STATUS_OK);
    CHECK(h.vni_valid);
    CHECK(h.vni == 4242);
    CHECK(h.extension == MF_VXLAN_EXTENSION_NONE);
    CHECK(h.gbp.group_policy_id == 0 && !h.gbp.dont_learn && !h.gpe.has_next_protocol);
    /* err is untouched on success. */
    CHECK(((const unsigned char *)&err)[0] == 0x55);

    /* Longer input: only the first 8 bytes are read. */
    CHECK_STATUS(mf_vxlan_header_parse(hdr, 50, MF_VXLAN_FORMAT_VXLAN, &h, NULL), MF_STATUS_OK);
    CHECK(h.vni == 4242);

    /* Emit gives the captured bytes back. */
    uint8_t out[16];
    size_t written = 0;
    memset(out, 0xEE, sizeof out);
    CHECK_STATUS(mf_vxlan_header_emit(&h, out, sizeof out, &written, NULL), MF_STATUS_OK);
    CHECK(written == MF_VXLAN_HEADER_LEN);
    CHECK_MEM(out, hdr, 8);
    CHECK(out[8] == 0xEE);

    /* mf_vxlan_header_init builds the same header. */
    mf_vxlan_header init;
    CHECK_STATUS(mf_vxlan_header_init(4242, &init), MF_STATUS_OK);
    CHECK(header_eq(&init, &h));
}

static void test_header_errors(void) {
    const uint8_t *hdr = frame_arp_request + FRAME_VXLAN_AT;
    mf_vxlan_header h;
    mf_vxlan_header sentinel;
    mf_error err;

    /* Truncated: 7 bytes. */
    memset(&h, 0x77, sizeof h);
    memcpy(&sentinel, &h, sizeof h);
    CHECK_STATUS(mf_vxlan_header_parse(hdr, 7, MF_VXLAN_FORMAT_VXLAN, &h, &err), MF_STATUS_TRUNCATED);
    CHECK(memcmp(&h, &sentinel, sizeof h) == 0);
    CHECK(err.status == MF_STATUS_TRUNCATED);
    CHECK(err.layer == MF_LAYER_VXLAN);
    CHECK(err.has_offset && err.offset == 0);
    CHECK(err.needed == 8 && err.available == 7);
    CHECK(strstr(err.message, "truncated") != NULL);
    CHECK(strstr(err.message, "vxlan") != NULL);

    /* Zero-length input is fine to pass (as long as the pointer is not NULL). */
    CHECK_STATUS(mf_vxlan_header_parse(hdr, 0, MF_VXLAN_FORMAT_VXLAN, &h, NULL), MF_STATUS_TRUNCATED);

    /* Unknown format. */
    CHECK_STATUS(mf_vxlan_header_parse(hdr, 8, 2, &h, &err), MF_STATUS_INVALID_ARGUMENT);
    CHECK_STR(err.field, "format");
    CHECK(err.found == 2);
    CHECK(err.layer == MF_LAYER_NONE && !err.has_offset);

    /* NULL pointers, with the argument named. */
    CHECK_STATUS(mf_vxlan_header_parse(NULL, 8, MF_VXLAN_FORMAT_VXLAN, &h, &err), MF_STATUS_NULL_POINTER);
    CHECK_STR(err.field, "buf");
    CHECK_STR(err.message, "NULL pointer passed as `buf`");
    CHECK_STATUS(mf_vxlan_header_parse(hdr, 8, MF_VXLAN_FORMAT_VXLAN, NULL, &err), MF_STATUS_NULL_POINTER);
    CHECK_STR(err.field, "out");

    /* Emit errors. */
    uint8_t out[8];
    size_t written = 12345;
    CHECK_STATUS(mf_vxlan_header_init(4242, &h), MF_STATUS_OK);
    CHECK_STATUS(mf_vxlan_header_emit(&h, out, 7, &written, &err), MF_STATUS_BUFFER_TOO_SMALL);
    CHECK(written == 8);
    CHECK(err.needed == 8 && err.available == 7);

    h.vni = MF_VXLAN_VNI_MAX + 1;
    written = 12345;
    CHECK_STATUS(mf_vxlan_header_emit(&h, out, 8, &written, &err), MF_STATUS_OUT_OF_RANGE);
    CHECK(written == 12345);
    CHECK_STR(err.field, "vni");
    CHECK(err.found == MF_VXLAN_VNI_MAX + 1u && err.max == MF_VXLAN_VNI_MAX);

    CHECK_STATUS(mf_vxlan_header_init(4242, &h), MF_STATUS_OK);
    h.extension = 3;
    CHECK_STATUS(mf_vxlan_header_emit(&h, out, 8, &written, &err), MF_STATUS_INVALID_ARGUMENT);
    CHECK_STR(err.field, "header.extension");

    h.extension = MF_VXLAN_EXTENSION_GPE;
    h.gpe.version = 4;
    CHECK_STATUS(mf_vxlan_header_emit(&h, out, 8, &written, &err), MF_STATUS_OUT_OF_RANGE);
    CHECK_STR(err.field, "gpe.version");
    CHECK(err.max == 3);

    CHECK_STATUS(mf_vxlan_header_emit(NULL, out, 8, &written, NULL), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_vxlan_header_emit(&h, NULL, 8, &written, NULL), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_vxlan_header_emit(&h, out, 8, NULL, NULL), MF_STATUS_NULL_POINTER);

    /* init errors: out untouched. */
    memset(&h, 0x77, sizeof h);
    CHECK_STATUS(mf_vxlan_header_init(1u << 24, &h), MF_STATUS_OUT_OF_RANGE);
    CHECK(memcmp(&h, &sentinel, sizeof h) == 0);
    CHECK_STATUS(mf_vxlan_header_init(MF_VXLAN_VNI_MAX, &h), MF_STATUS_OK);
    CHECK(h.vni == MF_VXLAN_VNI_MAX);
    CHECK_STATUS(mf_vxlan_header_init(1, NULL), MF_STATUS_NULL_POINTER);
}

static void test_header_extensions(void) {
    /* GBP (draft-smith-vxlan-group-policy §2.1): G, I; D, A; policy 0x1234; VNI 0xABCDEF. */
    const uint8_t gbp_bytes[8] = {0x88, 0x48, 0x12, 0x34, 0xAB, 0xCD, 0xEF, 0x00};
    mf_vxlan_header h;
    uint8_t out[8];
    size_t n;
    CHECK_STATUS(mf_vxlan_header_parse(gbp_bytes, 8, MF_VXLAN_FORMAT_VXLAN, &h, NULL), MF_STATUS_OK);
    CHECK(h.extension == MF_VXLAN_EXTENSION_GBP);
    CHECK(h.vni == 0xABCDEF && h.vni_valid);
    CHECK(h.gbp.dont_learn && h.gbp.policy_applied && h.gbp.group_policy_id == 0x1234);
    CHECK_STATUS(mf_vxlan_header_emit(&h, out, sizeof out, &n, NULL), MF_STATUS_OK);
    CHECK_MEM(out, gbp_bytes, 8);

    /* The same bytes read as GPE mean something else: the format matters. */
    CHECK_STATUS(mf_vxlan_header_parse(gbp_bytes, 8, MF_VXLAN_FORMAT_GPE, &h, NULL), MF_STATUS_OK);
    CHECK(h.extension == MF_VXLAN_EXTENSION_GPE);
    CHECK(h.gpe.has_next_protocol == false);

    /* GPE (draft-ietf-nvo3-vxlan-gpe §3): I, P, O; next protocol NSH; VNI 7. */
    const uint8_t gpe_bytes[8] = {0x0D, 0x00, 0x00, 0x04, 0x00, 0x00, 0x07, 0x00};
    CHECK_STATUS(mf_vxlan_header_parse(gpe_bytes, 8, MF_VXLAN_FORMAT_GPE, &h, NULL), MF_STATUS_OK);
    CHECK(h.extension == MF_VXLAN_EXTENSION_GPE);
    CHECK(h.vni == 7 && h.vni_valid);
    CHECK(h.gpe.oam && !h.gpe.bum && h.gpe.version == 0);
    CHECK(h.gpe.has_next_protocol && h.gpe.next_protocol == MF_VXLAN_NEXT_PROTOCOL_NSH);
    CHECK_STATUS(mf_vxlan_header_emit(&h, out, sizeof out, &n, NULL), MF_STATUS_OK);
    CHECK_MEM(out, gpe_bytes, 8);

    /* An unknown next protocol round-trips. */
    h.gpe.next_protocol = 0x99;
    h.gpe.bum = true;
    CHECK_STATUS(mf_vxlan_header_emit(&h, out, sizeof out, &n, NULL), MF_STATUS_OK);
    mf_vxlan_header back;
    CHECK_STATUS(mf_vxlan_header_parse(out, 8, MF_VXLAN_FORMAT_GPE, &back, NULL), MF_STATUS_OK);
    CHECK(header_eq(&back, &h));

    /* Reserved bits are ignored on receive and written as zero. */
    uint8_t noisy[8];
    memcpy(noisy, frame_arp_request + FRAME_VXLAN_AT, 8);
    noisy[0] |= 0x70;
    noisy[1] = 0xFF;
    noisy[7] = 0xFF;
    CHECK_STATUS(mf_vxlan_header_parse(noisy, 8, MF_VXLAN_FORMAT_VXLAN, &h, NULL), MF_STATUS_OK);
    CHECK(h.vni == 4242 && h.extension == MF_VXLAN_EXTENSION_NONE);
    CHECK_STATUS(mf_vxlan_header_emit(&h, out, sizeof out, &n, NULL), MF_STATUS_OK);
    CHECK_MEM(out, frame_arp_request + FRAME_VXLAN_AT, 8);

    /* A header without the I flag parses and re-emits as such. */
    const uint8_t no_i[8] = {0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x92, 0x00};
    CHECK_STATUS(mf_vxlan_header_parse(no_i, 8, MF_VXLAN_FORMAT_VXLAN, &h, NULL), MF_STATUS_OK);
    CHECK(!h.vni_valid && h.vni == 4242);
    CHECK_STATUS(mf_vxlan_header_emit(&h, out, sizeof out, &n, NULL), MF_STATUS_OK);
    CHECK_MEM(out, no_i, 8);
}

static void test_format_for_port(void) {
    mf_vxlan_format f = 77;
    CHECK_STATUS(mf_vxlan_format_for_port(MF_VXLAN_PORT, &f), MF_STATUS_OK);
    CHECK(f == MF_VXLAN_FORMAT_VXLAN);
    CHECK_STATUS(mf_vxlan_format_for_port(MF_VXLAN_LINUX_LEGACY_PORT, &f), MF_STATUS_OK);
    CHECK(f == MF_VXLAN_FORMAT_VXLAN);
    CHECK_STATUS(mf_vxlan_format_for_port(MF_VXLAN_GPE_PORT, &f), MF_STATUS_OK);
    CHECK(f == MF_VXLAN_FORMAT_GPE);
    f = 77;
    CHECK_STATUS(mf_vxlan_format_for_port(53, &f), MF_STATUS_NOT_FOUND);
    CHECK(f == 77);
    CHECK_STATUS(mf_vxlan_format_for_port(4789, NULL), MF_STATUS_NULL_POINTER);
}

/* ------------------------------------------------------------------------------ */

static void test_decap_config_default(void) {
    mf_vxlan_decap_config c;
    CHECK_STATUS(mf_vxlan_decap_config_default(&c), MF_STATUS_OK);
    CHECK(c.vxlan_ports[0] == 4789 && c.vxlan_ports[1] == 8472);
    CHECK(c.gpe_port == 4790);
    CHECK(!c.verify_udp_checksum && !c.accept_ipv6_zero_checksum);
    CHECK_STATUS(mf_vxlan_decap_config_default(NULL), MF_STATUS_NULL_POINTER);
}

static void test_decapsulate_real(void) {
    mf_vxlan_decap_config cfg;
    mf_vxlan_decapsulated d;
    mf_error err;
    CHECK_STATUS(mf_vxlan_decap_config_default(&cfg), MF_STATUS_OK);

    CHECK_STATUS(mf_vxlan_decapsulate(frame_arp_request, sizeof frame_arp_request, &cfg, &d, &err),
                 MF_STATUS_OK);
    CHECK_MEM(d.outer_dst_mac, MAC_VTEP2, 6);
    CHECK_MEM(d.outer_src_mac, MAC_VTEP1, 6);
    CHECK(!d.has_vlan);
    mf_ip_addr a1 = ip4(10, 77, 0, 1), a2 = ip4(10, 77, 0, 2);
    CHECK(ip_eq(&d.src_ip, &a1));
    CHECK(ip_eq(&d.dst_ip, &a2));
    CHECK(d.ttl == 64);
    CHECK(d.src_port == 36875 && d.dst_port == 4789);
    CHECK(d.udp_checksum == 0x14e8);
    CHECK(d.header.vni == 4242 && d.header.vni_valid && d.header.extension == MF_VXLAN_EXTENSION_NONE);
    CHECK(d.inner_offset == FRAME_INNER_AT && d.inner_len == 42);
    /* The inner frame is the caller's bytes: broadcast ARP from 76:ba:03:18:88:5c. */
    const uint8_t *inner = frame_arp_request + d.inner_offset;
    const uint8_t bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    const uint8_t host1[6] = {0x76, 0xba, 0x03, 0x18, 0x88, 0x5c};
    CHECK_MEM(inner, bcast, 6);
    CHECK_MEM(inner + 6, host1, 6);
    CHECK(inner[12] == 0x08 && inner[13] == 0x06);

    /* Frame 1: an IPv6 MLD report inside. */
    CHECK_STATUS(mf_vxlan_decapsulate(frame_mld, sizeof frame_mld, &cfg, &d, NULL), MF_STATUS_OK);
    CHECK(d.src_port == 36086 && d.inner_len == 90);
    CHECK(frame_mld[d.inner_offset + 12] == 0x86 && frame_mld[d.inner_offset + 13] == 0xdd);

    /* The captured UDP checksums are partial (taken before offload): with
     * verification on, the library reports what tshark reports. */
    cfg.verify_udp_checksum = true;
    mf_vxlan_decapsulated untouched;
    memset(&untouched, 0x33, sizeof untouched);
    memcpy(&d, &untouched, sizeof d);
    CHECK_STATUS(mf_vxlan_decapsulate(frame_arp_request, sizeof frame_arp_request, &cfg, &d, &err),
                 MF_STATUS_CHECKSUM);
    CHECK(memcmp(&d, &untouched, sizeof d) == 0);
    CHECK(err.status == MF_STATUS_CHECKSUM && err.layer == MF_LAYER_UDP);
    CHECK(err.has_offset && err.offset == FRAME_UDP_AT + 6);
    CHECK(err.found == 0x14e8 && err.computed == 0xae4d);
    CHECK(strstr(err.message, "checksum") != NULL);
}

static void test_decapsulate_errors(void) {
    mf_vxlan_decap_config cfg;
    mf_vxlan_decapsulated d;
    mf_error err;
    uint8_t f[sizeof frame_arp_request];
    CHECK_STATUS(mf_vxlan_decap_config_default(&cfg), MF_STATUS_OK);

    /* Truncated at each layer. */
    CHECK_STATUS(mf_vxlan_decapsulate(frame_arp_request, 10, &cfg, &d, &err), MF_STATUS_TRUNCATED);
    CHECK(err.layer == MF_LAYER_ETHERNET && err.offset == 0 && err.needed == 14 && err.available == 10);
    CHECK_STATUS(mf_vxlan_decapsulate(frame_arp_request, 20, &cfg, &d, &err), MF_STATUS_TRUNCATED);
    CHECK(err.layer == MF_LAYER_IPV4 && err.offset == FRAME_IPV4_AT);
    /* The IPv4 total length says 78 bytes: a frame cut inside the payload. */
    CHECK_STATUS(mf_vxlan_decapsulate(frame_arp_request, 60, &cfg, &d, &err), MF_STATUS_TRUNCATED);
    CHECK(err.layer == MF_LAYER_IPV4 && err.needed == 78);

    /* Not a configured VXLAN port. */
    cfg.vxlan_ports[0] = 1;
    cfg.vxlan_ports[1] = 2;
    CHECK_STATUS(mf_vxlan_decapsulate(frame_arp_request, sizeof f, &cfg, &d, &err), MF_STATUS_INVALID_FIELD);
    CHECK(err.layer == MF_LAYER_UDP && err.has_offset && err.offset == FRAME_UDP_AT + 2);
    CHECK_STR(err.field, "dstPort");
    CHECK_STR(err.expected, "a configured VXLAN port");
    CHECK(err.found == 4789);
    CHECK(strstr(err.message, "udp: invalid dstPort at offset 36") == err.message);
    CHECK_STATUS(mf_vxlan_decap_config_default(&cfg), MF_STATUS_OK);

    /* A corrupted IPv4 header checksum. */
    memcpy(f, frame_arp_request, sizeof f);
    f[FRAME_IPV4_AT + 10] ^= 0x01;
    CHECK_STATUS(mf_vxlan_decapsulate(f, sizeof f, &cfg, &d, &err), MF_STATUS_CHECKSUM);
    CHECK(err.layer == MF_LAYER_IPV4 && err.offset == FRAME_IPV4_AT + 10);
    CHECK(err.computed == 0x8c29);

    /* The I flag cleared (RFC 7348 §5 requires it). */
    memcpy(f, frame_arp_request, sizeof f);
    f[FRAME_VXLAN_AT] = 0x00;
    CHECK_STATUS(mf_vxlan_decapsulate(f, sizeof f, &cfg, &d, &err), MF_STATUS_INVALID_FIELD);
    CHECK(err.layer == MF_LAYER_VXLAN && err.offset == FRAME_VXLAN_AT);
    CHECK_STR(err.field, "flags");

    /* Not IP at all. */
    memcpy(f, frame_arp_request, sizeof f);
    f[12] = 0x88;
    f[13] = 0xf7;
    CHECK_STATUS(mf_vxlan_decapsulate(f, sizeof f, &cfg, &d, &err), MF_STATUS_INVALID_FIELD);
    CHECK(err.layer == MF_LAYER_ETHERNET && err.offset == 12 && err.found == 0x88f7);
    CHECK_STR(err.field, "etherType");

    /* NULL pointers; err itself may be NULL. */
    CHECK_STATUS(mf_vxlan_decapsulate(NULL, 92, &cfg, &d, &err), MF_STATUS_NULL_POINTER);
    CHECK_STR(err.field, "frame");
    CHECK_STATUS(mf_vxlan_decapsulate(frame_arp_request, 92, NULL, &d, &err), MF_STATUS_NULL_POINTER);
    CHECK_STR(err.field, "config");
    CHECK_STATUS(mf_vxlan_decapsulate(frame_arp_request, 92, &cfg, NULL, &err), MF_STATUS_NULL_POINTER);
    CHECK_STR(err.field, "out");
    CHECK_STATUS(mf_vxlan_decapsulate(NULL, 92, &cfg, &d, NULL), MF_STATUS_NULL_POINTER);
}

/* ------------------------------------------------------------------------------ */

/* Parameters that rebuild frame 2 of the capture. */
static void capture_params(mf_vxlan_encap_params *p) {
    mf_vxlan_header h;
    CHECK_STATUS(mf_vxlan_header_init(4242, &h), MF_STATUS_OK);
    CHECK_STATUS(mf_vxlan_encap_params_init(MF_IP_FAMILY_V4, &h, p), MF_STATUS_OK);
    memcpy(p->src_mac, MAC_VTEP1, 6);
    memcpy(p->dst_mac, MAC_VTEP2, 6);
    mf_ip_addr s = ip4(10, 77, 0, 1), d = ip4(10, 77, 0, 2);
    memcpy(p->src_ip, s.bytes, 16);
    memcpy(p->dst_ip, d.bytes, 16);
    p->identification = 0xd9d9;
    p->src_port_mode = MF_VXLAN_SRC_PORT_FIXED;
    p->src_port = 36875;
}

static void test_encap_params_init(void) {
    mf_vxlan_header h;
    mf_vxlan_encap_params p;
    CHECK_STATUS(mf_vxlan_header_init(100, &h), MF_STATUS_OK);
    CHECK_STATUS(mf_vxlan_encap_params_init(MF_IP_FAMILY_V6, &h, &p), MF_STATUS_OK);
    CHECK(p.family == MF_IP_FAMILY_V6);
    CHECK(p.ttl == 64 && p.tos == 0 && !p.dont_fragment && p.identification == 0 && p.flow_label == 0);
    CHECK(!p.has_vlan);
    CHECK(p.src_port_mode == MF_VXLAN_SRC_PORT_FLOW_HASH);
    CHECK(p.dst_port == MF_VXLAN_PORT);
    CHECK(p.udp_checksum == MF_VXLAN_UDP_CHECKSUM_AUTO);
    CHECK(p.header.vni == 100);

    /* A GPE header defaults to the GPE port. */
    h.extension = MF_VXLAN_EXTENSION_GPE;
    h.gpe.has_next_protocol = true;
    h.gpe.next_protocol = MF_VXLAN_NEXT_PROTOCOL_ETHERNET;
    CHECK_STATUS(mf_vxlan_encap_params_init(MF_IP_FAMILY_V4, &h, &p), MF_STATUS_OK);
    CHECK(p.dst_port == MF_VXLAN_GPE_PORT);

    mf_vxlan_encap_params sentinel;
    memset(&p, 0x44, sizeof p);
    memcpy(&sentinel, &p, sizeof p);
    CHECK_STATUS(mf_vxlan_encap_params_init(5, &h, &p), MF_STATUS_INVALID_ARGUMENT);
    h.vni = 1u << 24;
    CHECK_STATUS(mf_vxlan_encap_params_init(MF_IP_FAMILY_V4, &h, &p), MF_STATUS_OUT_OF_RANGE);
    CHECK(memcmp(&p, &sentinel, sizeof p) == 0);
    CHECK_STATUS(mf_vxlan_encap_params_init(MF_IP_FAMILY_V4, NULL, &p), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_vxlan_encap_params_init(MF_IP_FAMILY_V4, &h, NULL), MF_STATUS_NULL_POINTER);
}

static void test_encapsulate_reproduces_capture(void) {
    mf_vxlan_encap_params p;
    capture_params(&p);
    /* The capture's UDP checksum is a partial one from before offload; write none and
     * compare everything else byte for byte. */
    p.udp_checksum = MF_VXLAN_UDP_CHECKSUM_ZERO;

    const uint8_t *inner = frame_arp_request + FRAME_INNER_AT;
    size_t inner_len = sizeof frame_arp_request - FRAME_INNER_AT;
    size_t len = 0;
    CHECK_STATUS(mf_vxlan_encapsulated_len(&p, inner_len, &len), MF_STATUS_OK);
    CHECK(len == sizeof frame_arp_request);

    uint8_t out[128];
    size_t written = 0;
    mf_error err;
    CHECK_STATUS(mf_vxlan_encapsulate(&p, inner, inner_len, out, sizeof out, &written, &err), MF_STATUS_OK);
    CHECK(written == sizeof frame_arp_request);
    uint8_t expected[sizeof frame_arp_request];
    memcpy(expected, frame_arp_request, sizeof expected);
    expected[FRAME_UDP_AT + 6] = 0;
    expected[FRAME_UDP_AT + 7] = 0;
    CHECK_MEM(out, expected, sizeof expected);

    /* Same for frame 1 (IPv6 MLD inside). */
    p.identification = 0xd9d5;
    p.src_port = 36086;
    CHECK_STATUS(mf_vxlan_encapsulate(&p, frame_mld + FRAME_INNER_AT, sizeof frame_mld - FRAME_INNER_AT,
                                      out, sizeof out, &written, NULL),
                 MF_STATUS_BUFFER_TOO_SMALL);
    CHECK(written == sizeof frame_mld);
    uint8_t big[256];
    CHECK_STATUS(mf_vxlan_encapsulate(&p, frame_mld + FRAME_INNER_AT, sizeof frame_mld - FRAME_INNER_AT,
                                      big, sizeof big, &written, NULL),
                 MF_STATUS_OK);
    CHECK(written == sizeof frame_mld);
    CHECK_MEM(big, frame_mld, FRAME_UDP_AT + 6);
    CHECK_MEM(big + FRAME_UDP_AT + 8, frame_mld + FRAME_UDP_AT + 8, sizeof frame_mld - FRAME_UDP_AT - 8);
}

static void test_encapsulate_errors(void) {
    mf_vxlan_encap_params p;
    capture_params(&p);
    const uint8_t *inner = frame_arp_request + FRAME_INNER_AT;
    const size_t inner_len = 42;
    uint8_t out[128];
    size_t written;
    mf_error err;

    /* One byte short: *written says what is needed. */
    written = 0;
    CHECK_STATUS(mf_vxlan_encapsulate(&p, inner, inner_len, out, 91, &written, &err),
                 MF_STATUS_BUFFER_TOO_SMALL);
    CHECK(written == 92);
    CHECK(err.needed == 92 && err.available == 91);

    /* An inner Ethernet frame shorter than its header. */
    written = 7;
    CHECK_STATUS(mf_vxlan_encapsulate(&p, inner, 13, out, sizeof out, &written, &err), MF_STATUS_TRUNCATED);
    CHECK(written == 7);
    CHECK(err.layer == MF_LAYER_INNER && err.needed == 14 && err.available == 13);

    /* Values out of range. */
    p.has_vlan = true;
    p.vlan.vid = 4096;
    CHECK_STATUS(mf_vxlan_encapsulate(&p, inner, inner_len, out, sizeof out, &written, &err),
                 MF_STATUS_OUT_OF_RANGE);
    CHECK_STR(err.field, "vlan.vid");
    CHECK(err.found == 4096 && err.max == 4095);
    p.vlan.vid = 10;
    p.vlan.pcp = 8;
    CHECK_STATUS(mf_vxlan_encapsulate(&p, inner, inner_len, out, sizeof out, &written, &err),
                 MF_STATUS_OUT_OF_RANGE);
    CHECK_STR(err.field, "vlan.pcp");
    capture_params(&p);
    p.header.vni = MF_VXLAN_VNI_MAX + 1;
    CHECK_STATUS(mf_vxlan_encapsulate(&p, inner, inner_len, out, sizeof out, &written, &err),
                 MF_STATUS_OUT_OF_RANGE);
    CHECK_STR(err.field, "vni");
    capture_params(&p);
    p.family = MF_IP_FAMILY_V6;
    p.flow_label = 0x100000;
    CHECK_STATUS(mf_vxlan_encapsulate(&p, inner, inner_len, out, sizeof out, &written, &err),
                 MF_STATUS_OUT_OF_RANGE);
    CHECK(err.max == 0xFFFFF);

    /* Unknown enumeration values. */
    capture_params(&p);
    p.family = 0;
    CHECK_STATUS(mf_vxlan_encapsulate(&p, inner, inner_len, out, sizeof out, &written, &err),
                 MF_STATUS_INVALID_ARGUMENT);
    CHECK_STR(err.field, "params.family");
    size_t len = 99;
    CHECK_STATUS(mf_vxlan_encapsulated_len(&p, 42, &len), MF_STATUS_INVALID_ARGUMENT);
    CHECK(len == 99);
    capture_params(&p);
    p.src_port_mode = 2;
    CHECK_STATUS(mf_vxlan_encapsulate(&p, inner, inner_len, out, sizeof out, &written, &err),
                 MF_STATUS_INVALID_ARGUMENT);
    CHECK_STR(err.field, "params.src_port_mode");
    capture_params(&p);
    p.udp_checksum = 3;
    CHECK_STATUS(mf_vxlan_encapsulate(&p, inner, inner_len, out, sizeof out, &written, &err),
                 MF_STATUS_INVALID_ARGUMENT);
    CHECK_STR(err.field, "params.udp_checksum");

    /* An inner frame too long for one IPv4 datagram. */
    capture_params(&p);
    static uint8_t huge_inner[70000];
    static uint8_t huge_out[70100];
    memcpy(huge_inner, inner, inner_len);
    CHECK_STATUS(mf_vxlan_encapsulate(&p, huge_inner, sizeof huge_inner, huge_out, sizeof huge_out, &written,
                                      &err),
                 MF_STATUS_OUT_OF_RANGE);
    CHECK_STR(err.field, "inner frame length");

    /* Encapsulating a frame into its own buffer is refused. */
    uint8_t same[128];
    memcpy(same, inner, inner_len);
    CHECK_STATUS(mf_vxlan_encapsulate(&p, same, inner_len, same, sizeof same, &written, &err),
                 MF_STATUS_INVALID_ARGUMENT);
    CHECK_STR(err.field, "out");
    CHECK_STATUS(mf_vxlan_encapsulate(&p, same + 64, inner_len, same, 65, &written, &err),
                 MF_STATUS_INVALID_ARGUMENT);
    /* Adjacent is fine (and here too small). */
    CHECK_STATUS(mf_vxlan_encapsulate(&p, same + 64, inner_len, same, 64, &written, &err),
                 MF_STATUS_BUFFER_TOO_SMALL);

    /* A length sum that overflows size_t. */
    CHECK_STATUS(mf_vxlan_encapsulated_len(&p, SIZE_MAX, &len), MF_STATUS_OUT_OF_RANGE);

    /* NULL pointers. */
    CHECK_STATUS(mf_vxlan_encapsulate(NULL, inner, inner_len, out, sizeof out, &written, &err),
                 MF_STATUS_NULL_POINTER);
    CHECK_STR(err.field, "params");
    CHECK_STATUS(mf_vxlan_encapsulate(&p, NULL, inner_len, out, sizeof out, &written, &err),
                 MF_STATUS_NULL_POINTER);
    CHECK_STR(err.field, "inner");
    CHECK_STATUS(mf_vxlan_encapsulate(&p, inner, inner_len, NULL, sizeof out, &written, &err),
                 MF_STATUS_NULL_POINTER);
    CHECK_STR(err.field, "out");
    CHECK_STATUS(mf_vxlan_encapsulate(&p, inner, inner_len, out, sizeof out, NULL, &err),
                 MF_STATUS_NULL_POINTER);
    CHECK_STR(err.field, "written");
    CHECK_STATUS(mf_vxlan_encapsulated_len(NULL, 42, &len), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_vxlan_encapsulated_len(&p, 42, NULL), MF_STATUS_NULL_POINTER);
}

/* Encapsulates with every option set, decapsulates and compares. */
static void test_round_trip_ipv6_vlan_gbp(void) {
    mf_vxlan_header h;
    CHECK_STATUS(mf_vxlan_header_init(0xABCDEF, &h), MF_STATUS_OK);
    h.extension = MF_VXLAN_EXTENSION_GBP;
    h.gbp.dont_learn = true;
    h.gbp.group_policy_id = 0x4242;

    mf_vxlan_encap_params p;
    CHECK_STATUS(mf_vxlan_encap_params_init(MF_IP_FAMILY_V6, &h, &p), MF_STATUS_OK);
    memcpy(p.src_mac, MAC_VTEP1, 6);
    memcpy(p.dst_mac, MAC_VTEP2, 6);
    mf_ip_addr s, d;
    CHECK_STATUS(mf_ip_addr_parse("2001:db8::1", &s), MF_STATUS_OK);
    CHECK_STATUS(mf_ip_addr_parse("2001:db8::2", &d), MF_STATUS_OK);
    memcpy(p.src_ip, s.bytes, 16);
    memcpy(p.dst_ip, d.bytes, 16);
    p.has_vlan = true;
    p.vlan.pcp = 5;
    p.vlan.dei = true;
    p.vlan.vid = 100;
    p.ttl = 17;
    p.tos = 0xB8;
    p.flow_label = 0xABCDE;
    p.udp_checksum = MF_VXLAN_UDP_CHECKSUM_COMPUTE;

    const uint8_t *inner = frame_mld + FRAME_INNER_AT;
    size_t inner_len = sizeof frame_mld - FRAME_INNER_AT;
    uint8_t out[256];
    size_t n = 0, expect_len = 0;
    CHECK_STATUS(mf_vxlan_encapsulated_len(&p, inner_len, &expect_len), MF_STATUS_OK);
    CHECK(expect_len == 14 + 4 + 40 + 8 + 8 + inner_len);
    CHECK_STATUS(mf_vxlan_encapsulate(&p, inner, inner_len, out, sizeof out, &n, NULL), MF_STATUS_OK);
    CHECK(n == expect_len);

    mf_vxlan_decap_config cfg;
    CHECK_STATUS(mf_vxlan_decap_config_default(&cfg), MF_STATUS_OK);
    cfg.verify_udp_checksum = true;
    mf_vxlan_decapsulated r;
    CHECK_STATUS(mf_vxlan_decapsulate(out, n, &cfg, &r, NULL), MF_STATUS_OK);
    CHECK(r.has_vlan && r.vlan.pcp == 5 && r.vlan.dei && r.vlan.vid == 100);
    CHECK(ip_eq(&r.src_ip, &s) && ip_eq(&r.dst_ip, &d));
    CHECK(r.ttl == 17);
    CHECK(r.dst_port == 4789);
    CHECK(r.src_port >= 49152);
    CHECK(r.udp_checksum != 0);
    CHECK(header_eq(&r.header, &h));
    CHECK(r.inner_offset == 14 + 4 + 40 + 8 + 8 && r.inner_len == inner_len);
    CHECK_MEM(out + r.inner_offset, inner, inner_len);

    /* The flow-hash source port is the same for the same inner frame. */
    uint8_t again[256];
    size_t n2 = 0;
    CHECK_STATUS(mf_vxlan_encapsulate(&p, inner, inner_len, again, sizeof again, &n2, NULL), MF_STATUS_OK);
    CHECK(n2 == n);
    CHECK_MEM(again, out, n);

    /* A corrupted payload byte is caught by the UDP checksum. */
    out[n - 1] ^= 0xFF;
    mf_error err;
    CHECK_STATUS(mf_vxlan_decapsulate(out, n, &cfg, &r, &err), MF_STATUS_CHECKSUM);
    CHECK(err.layer == MF_LAYER_UDP);

    /* Zero checksum over IPv6 is refused unless configured (RFC 6935). */
    p.udp_checksum = MF_VXLAN_UDP_CHECKSUM_ZERO;
    CHECK_STATUS(mf_vxlan_encapsulate(&p, inner, inner_len, out, sizeof out, &n, NULL), MF_STATUS_OK);
    CHECK_STATUS(mf_vxlan_decapsulate(out, n, &cfg, &r, &err), MF_STATUS_INVALID_FIELD);
    CHECK_STR(err.field, "checksum");
    cfg.accept_ipv6_zero_checksum = true;
    CHECK_STATUS(mf_vxlan_decapsulate(out, n, &cfg, &r, &err), MF_STATUS_OK);
    CHECK(r.udp_checksum == 0);
}

static void test_round_trip_gpe(void) {
    mf_vxlan_header h;
    CHECK_STATUS(mf_vxlan_header_init(7, &h), MF_STATUS_OK);
    h.extension = MF_VXLAN_EXTENSION_GPE;
    h.gpe.has_next_protocol = true;
    h.gpe.next_protocol = MF_VXLAN_NEXT_PROTOCOL_ETHERNET;
    h.gpe.bum = true;
    mf_vxlan_encap_params p;
    CHECK_STATUS(mf_vxlan_encap_params_init(MF_IP_FAMILY_V4, &h, &p), MF_STATUS_OK);
    mf_ip_addr s = ip4(192, 0, 2, 1), d = ip4(192, 0, 2, 2);
    memcpy(p.src_ip, s.bytes, 16);
    memcpy(p.dst_ip, d.bytes, 16);
    p.dont_fragment = true;
    p.udp_checksum = MF_VXLAN_UDP_CHECKSUM_COMPUTE;
    uint8_t out[128];
    size_t n;
    CHECK_STATUS(mf_vxlan_encapsulate(&p, frame_arp_request + FRAME_INNER_AT, 42, out, sizeof out, &n, NULL),
                 MF_STATUS_OK);
    CHECK(n == 92);
    CHECK(out[FRAME_UDP_AT + 2] == 0x12 && out[FRAME_UDP_AT + 3] == 0xb6); /* port 4790 */
    CHECK((out[FRAME_IPV4_AT + 6] & 0x40) != 0);                          /* DF */

    mf_vxlan_decap_config cfg;
    mf_vxlan_decapsulated r;
    CHECK_STATUS(mf_vxlan_decap_config_default(&cfg), MF_STATUS_OK);
    cfg.verify_udp_checksum = true;
    CHECK_STATUS(mf_vxlan_decapsulate(out, n, &cfg, &r, NULL), MF_STATUS_OK);
    CHECK(r.dst_port == MF_VXLAN_GPE_PORT);
    CHECK(header_eq(&r.header, &h));

    /* Without a GPE port configured, the same frame is refused. */
    cfg.gpe_port = 0;
    mf_error err;
    CHECK_STATUS(mf_vxlan_decapsulate(out, n, &cfg, &r, &err), MF_STATUS_INVALID_FIELD);
    CHECK(err.found == MF_VXLAN_GPE_PORT);
}

int main(void) {
    test_version_and_status_strings();
    test_ip_addr();
    test_header_parse_real();
    test_header_errors();
    test_header_extensions();
    test_format_for_port();
    test_decap_config_default();
    test_decapsulate_real();
    test_decapsulate_errors();
    test_encap_params_init();
    test_encapsulate_reproduces_capture();
    test_encapsulate_errors();
    test_round_trip_ipv6_vlan_gbp();
    test_round_trip_gpe();
    return test_summary("test_vxlan");
}
