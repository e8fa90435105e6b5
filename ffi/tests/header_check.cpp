// C++17 check of include/mediafabric.h: the header must compile as C++ with every
// warning as an error (cbindgen's cpp_compat wraps the declarations in extern "C"),
// and its types must be usable from C++ code. ffi/tests/run.sh compiles this with
// -fsyntax-only, then builds and runs it against the shared library.
#include "mediafabric.h"

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <type_traits>

static_assert(std::is_same<mf_status, std::uint32_t>::value, "mf_status is a uint32_t");
static_assert(std::is_same<mf_ip_family, std::uint8_t>::value, "mf_ip_family is a uint8_t");
static_assert(std::is_trivially_copyable<mf_vxlan_header>::value, "plain data");
static_assert(std::is_trivially_copyable<mf_error>::value, "plain data");
static_assert(sizeof(mf_ip_addr) == 17, "family + 16 bytes");
static_assert(MF_STATUS_OK == 0, "success is 0");
static_assert(MF_ERROR_MESSAGE_LEN == sizeof(mf_error{}.message), "array size");
static_assert(std::is_trivially_copyable<mf_igmp_packet>::value, "plain data");
static_assert(std::is_trivially_copyable<mf_mld_spec>::value, "plain data");
static_assert(std::is_same<mf_igmp_kind, std::uint32_t>::value, "mf_igmp_kind is a uint32_t");
static_assert(MF_LAYER_IGMP == 9 && MF_LAYER_MLD == 10, "layers are appended");
static_assert(MF_LAYER_RTP == 11 && MF_LAYER_RFC4175 == 12 && MF_LAYER_SDP == 13, "layers are appended");
static_assert(std::is_trivially_copyable<mf_st2110_sdp>::value, "plain data");
static_assert(std::is_trivially_copyable<mf_st2110_packet_parts>::value, "plain data");
static_assert(std::is_same<mf_st2110_sampling, std::uint32_t>::value, "mf_st2110_sampling is a uint32_t");

int main() {
    mf_vxlan_header h{};
    if (mf_vxlan_header_init(4242, &h) != MF_STATUS_OK || h.vni != 4242) {
        return 1;
    }
    unsigned char out[MF_VXLAN_HEADER_LEN];
    std::size_t written = 0;
    mf_error err{};
    if (mf_vxlan_header_emit(&h, out, sizeof out, &written, &err) != MF_STATUS_OK) {
        return 1;
    }
    // RFC 7348 §5: I flag, then the VNI 4242 = 0x001092 in bytes 4..6.
    const unsigned char want[8] = {0x08, 0, 0, 0, 0x00, 0x10, 0x92, 0};
    if (written != 8 || std::memcmp(out, want, 8) != 0) {
        return 1;
    }
    mf_vxlan_fdb *fdb = nullptr;
    if (mf_vxlan_fdb_new(8, &fdb) != MF_STATUS_OK) {
        return 1;
    }
    std::size_t n = 1;
    const mf_status s = mf_vxlan_fdb_len(fdb, &n);
    mf_vxlan_fdb_free(fdb);
    if (s != MF_STATUS_OK || n != 0) {
        return 1;
    }
    if (mf_vxlan_header_parse(out, 3, MF_VXLAN_FORMAT_VXLAN, &h, &err) != MF_STATUS_TRUNCATED ||
        err.layer != MF_LAYER_VXLAN) {
        return 1;
    }
    // An IGMPv2 Leave Group for 239.1.1.1, framed and read back.
    mf_igmp_spec leave{};
    if (mf_igmp_spec_init(MF_IGMP_KIND_V2_LEAVE, &leave) != MF_STATUS_OK ||
        mf_ip_addr_parse("239.1.1.1", &leave.group) != MF_STATUS_OK) {
        return 1;
    }
    mf_ip_addr src{};
    const unsigned char mac[6] = {2, 0, 0, 0, 0, 1};
    unsigned char frame[64];
    if (mf_ip_addr_parse("10.0.0.1", &src) != MF_STATUS_OK ||
        mf_igmp_frame(&leave, mac, &src, nullptr, frame, sizeof frame, &written, &err) != MF_STATUS_OK) {
        return 1;
    }
    mf_igmp_packet p{};
    if (mf_igmp_parse_packet(frame, written, 14, &p, &err) != MF_STATUS_OK ||
        p.message.kind != MF_IGMP_KIND_V2_LEAVE || !p.message.checksum_valid || p.ttl != 1) {
        return 1;
    }
    std::printf("header_check (C++17): ok, %s, %s, library %s\n", err.message,
                mf_igmp_type_str(p.message.msg_type), mf_version());
    return 0;
}
