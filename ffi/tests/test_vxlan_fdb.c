/*
 * C tests of the mediafabric VTEP table (mf_vxlan_fdb): learning, static entries,
 * ageing, flood lists, destinations, allow-lists and receive, on the real frames of
 * vxlan_frames.h (an ARP exchange through a Linux vxlan device).
 *
 * Built by ffi/tests/run.sh as C11 with -Wall -Wextra -Werror -pedantic, with the
 * flags of `pkg-config --cflags --libs mediafabric`.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "mediafabric.h"
#include "test_common.h"
#include "vxlan_frames.h"

#define SEC 1000000000ull

static const uint8_t HOST1[6] = {0x76, 0xba, 0x03, 0x18, 0x88, 0x5c}; /* 192.168.50.1 */
static const uint8_t HOST2[6] = {0x9e, 0x4c, 0x8b, 0x8b, 0xc2, 0x14}; /* 192.168.50.2 */
static const uint8_t BCAST[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

static void mac_n(uint8_t mac[6], unsigned n) {
    mac[0] = 0x02;
    mac[1] = 0;
    mac[2] = 0;
    mac[3] = (uint8_t)(n >> 16);
    mac[4] = (uint8_t)(n >> 8);
    mac[5] = (uint8_t)n;
}

static void test_new_and_free(void) {
    mf_vxlan_fdb *fdb = (mf_vxlan_fdb *)0x1;
    CHECK_STATUS(mf_vxlan_fdb_new(0, &fdb), MF_STATUS_INVALID_ARGUMENT);
    CHECK(fdb == (mf_vxlan_fdb *)0x1);
    CHECK_STATUS(mf_vxlan_fdb_new(16, NULL), MF_STATUS_NULL_POINTER);
    fdb = NULL;
    CHECK_STATUS(mf_vxlan_fdb_new(16, &fdb), MF_STATUS_OK);
    CHECK(fdb != NULL);
    size_t n = 99;
    CHECK_STATUS(mf_vxlan_fdb_len(fdb, &n), MF_STATUS_OK);
    CHECK(n == 0);
    uint64_t ms = 0;
    CHECK_STATUS(mf_vxlan_fdb_ageing_time_ms(fdb, &ms), MF_STATUS_OK);
    CHECK(ms == 300000);
    uint64_t t = 0;
    CHECK_STATUS(mf_vxlan_fdb_next_expiry_ns(fdb, &t), MF_STATUS_NOT_FOUND);
    mf_vxlan_fdb_free(fdb);
    mf_vxlan_fdb_free(NULL);
}

static void test_learn_lookup_remove(void) {
    mf_vxlan_fdb *fdb = NULL;
    CHECK_STATUS(mf_vxlan_fdb_new(3, &fdb), MF_STATUS_OK);
    mf_ip_addr r1 = ip4(10, 77, 0, 1), r2 = ip4(10, 77, 0, 2), r9 = ip4(10, 77, 0, 9);
    mf_vxlan_learn l;
    mf_ip_addr got;

    CHECK_STATUS(mf_vxlan_fdb_learn(fdb, 4242, HOST1, &r1, 1 * SEC, &l), MF_STATUS_OK);
    CHECK(l.kind == MF_VXLAN_LEARN_NEW);
    CHECK_STATUS(mf_vxlan_fdb_learn(fdb, 4242, HOST1, &r1, 2 * SEC, &l), MF_STATUS_OK);
    CHECK(l.kind == MF_VXLAN_LEARN_REFRESHED);
    CHECK_STATUS(mf_vxlan_fdb_learn(fdb, 4242, HOST1, &r2, 3 * SEC, &l), MF_STATUS_OK);
    CHECK(l.kind == MF_VXLAN_LEARN_MOVED);
    CHECK(ip_eq(&l.previous, &r1));
    CHECK_STATUS(mf_vxlan_fdb_lookup(fdb, 4242, HOST1, &got), MF_STATUS_OK);
    CHECK(ip_eq(&got, &r2));

    /* The same MAC on another VNI is another entry. */
    CHECK_STATUS(mf_vxlan_fdb_learn(fdb, 4243, HOST1, &r1, 3 * SEC, &l), MF_STATUS_OK);
    CHECK(l.kind == MF_VXLAN_LEARN_NEW);

    /* Static entries win over learning. */
    CHECK_STATUS(mf_vxlan_fdb_add_static(fdb, 4242, HOST2, &r9, 3 * SEC), MF_STATUS_OK);
    CHECK_STATUS(mf_vxlan_fdb_learn(fdb, 4242, HOST2, &r1, 4 * SEC, &l), MF_STATUS_OK);
    CHECK(l.kind == MF_VXLAN_LEARN_STATIC);
    CHECK_STATUS(mf_vxlan_fdb_lookup(fdb, 4242, HOST2, &got), MF_STATUS_OK);
    CHECK(ip_eq(&got, &r9));
    /* Replacing a static entry needs no room. */
    CHECK_STATUS(mf_vxlan_fdb_add_static(fdb, 4242, HOST2, &r2, 4 * SEC), MF_STATUS_OK);
    CHECK_STATUS(mf_vxlan_fdb_lookup(fdb, 4242, HOST2, &got), MF_STATUS_OK);
    CHECK(ip_eq(&got, &r2));

    size_t n = 0;
    CHECK_STATUS(mf_vxlan_fdb_len(fdb, &n), MF_STATUS_OK);
    CHECK(n == 3);

    /* Full: learning and adding a new key fail, outcome untouched, nothing lost. */
    uint8_t other[6];
    mac_n(other, 7);
    l.kind = 99;
    CHECK_STATUS(mf_vxlan_fdb_learn(fdb, 4242, other, &r1, 5 * SEC, &l), MF_STATUS_TABLE_FULL);
    CHECK(l.kind == 99);
    CHECK_STATUS(mf_vxlan_fdb_add_static(fdb, 4242, other, &r1, 5 * SEC), MF_STATUS_TABLE_FULL);
    CHECK_STATUS(mf_vxlan_fdb_len(fdb, &n), MF_STATUS_OK);
    CHECK(n == 3);

    /* Lookup of a missing key: NOT_FOUND, out untouched. */
    memset(&got, 0x5A, sizeof got);
    CHECK_STATUS(mf_vxlan_fdb_lookup(fdb, 4242, other, &got), MF_STATUS_NOT_FOUND);
    CHECK(got.family == 0x5A);

    /* Remove. */
    CHECK_STATUS(mf_vxlan_fdb_remove(fdb, 4243, HOST1), MF_STATUS_OK);
    CHECK_STATUS(mf_vxlan_fdb_remove(fdb, 4243, HOST1), MF_STATUS_NOT_FOUND);
    CHECK_STATUS(mf_vxlan_fdb_lookup(fdb, 4243, HOST1, &got), MF_STATUS_NOT_FOUND);
    CHECK_STATUS(mf_vxlan_fdb_learn(fdb, 4242, other, &r1, 5 * SEC, &l), MF_STATUS_OK);
    CHECK(l.kind == MF_VXLAN_LEARN_NEW);

    mf_vxlan_fdb_counters c;
    CHECK_STATUS(mf_vxlan_fdb_get_counters(fdb, &c), MF_STATUS_OK);
    CHECK(c.learned == 3 && c.moved == 1 && c.table_full == 1 && c.aged == 0);

    /* Bad values. */
    CHECK_STATUS(mf_vxlan_fdb_learn(fdb, MF_VXLAN_VNI_MAX + 1, HOST1, &r1, 0, &l), MF_STATUS_OUT_OF_RANGE);
    CHECK_STATUS(mf_vxlan_fdb_add_static(fdb, 1u << 24, HOST1, &r1, 0), MF_STATUS_OUT_OF_RANGE);
    CHECK_STATUS(mf_vxlan_fdb_lookup(fdb, 1u << 24, HOST1, &got), MF_STATUS_OUT_OF_RANGE);
    CHECK_STATUS(mf_vxlan_fdb_remove(fdb, 1u << 24, HOST1), MF_STATUS_OUT_OF_RANGE);
    mf_ip_addr bad = r1;
    bad.family = 0;
    CHECK_STATUS(mf_vxlan_fdb_learn(fdb, 1, HOST1, &bad, 0, &l), MF_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(mf_vxlan_fdb_add_static(fdb, 1, HOST1, &bad, 0), MF_STATUS_INVALID_ARGUMENT);

    /* NULL pointers. */
    CHECK_STATUS(mf_vxlan_fdb_learn(NULL, 1, HOST1, &r1, 0, &l), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_vxlan_fdb_learn(fdb, 1, NULL, &r1, 0, &l), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_vxlan_fdb_learn(fdb, 1, HOST1, NULL, 0, &l), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_vxlan_fdb_learn(fdb, 1, HOST1, &r1, 0, NULL), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_vxlan_fdb_add_static(NULL, 1, HOST1, &r1, 0), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_vxlan_fdb_add_static(fdb, 1, NULL, &r1, 0), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_vxlan_fdb_add_static(fdb, 1, HOST1, NULL, 0), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_vxlan_fdb_remove(NULL, 1, HOST1), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_vxlan_fdb_remove(fdb, 1, NULL), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_vxlan_fdb_lookup(NULL, 1, HOST1, &got), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_vxlan_fdb_lookup(fdb, 1, NULL, &got), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_vxlan_fdb_lookup(fdb, 1, HOST1, NULL), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_vxlan_fdb_len(NULL, &n), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_vxlan_fdb_len(fdb, NULL), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_vxlan_fdb_get_counters(NULL, &c), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_vxlan_fdb_get_counters(fdb, NULL), MF_STATUS_NULL_POINTER);
    mf_vxlan_fdb_free(fdb);
}

static void test_ageing_and_entries(void) {
    mf_vxlan_fdb *fdb = NULL;
    CHECK_STATUS(mf_vxlan_fdb_new(1000, &fdb), MF_STATUS_OK);
    CHECK_STATUS(mf_vxlan_fdb_set_ageing_time_ms(fdb, 10000), MF_STATUS_OK);
    uint64_t ms = 0;
    CHECK_STATUS(mf_vxlan_fdb_ageing_time_ms(fdb, &ms), MF_STATUS_OK);
    CHECK(ms == 10000);

    mf_ip_addr r1 = ip4(10, 77, 0, 1);
    mf_vxlan_learn l;
    uint8_t mac[6];
    /* 500 learned at t=100 s, 500 at t=105 s, one static at t=0. Growing past the
     * table's initial size exercises its reallocation. */
    for (unsigned i = 0; i < 1000; i++) {
        mac_n(mac, i);
        CHECK_STATUS(mf_vxlan_fdb_learn(fdb, 100, mac, &r1, (i < 500 ? 100 : 105) * SEC, &l), MF_STATUS_OK);
    }
    CHECK_STATUS(mf_vxlan_fdb_remove(fdb, 100, mac), MF_STATUS_OK);
    CHECK_STATUS(mf_vxlan_fdb_add_static(fdb, 100, HOST1, &r1, 0), MF_STATUS_OK);

    uint64_t expiry = 0;
    CHECK_STATUS(mf_vxlan_fdb_next_expiry_ns(fdb, &expiry), MF_STATUS_OK);
    CHECK(expiry == 110 * SEC);

    size_t removed = 99;
    CHECK_STATUS(mf_vxlan_fdb_age(fdb, 110 * SEC - 1, &removed), MF_STATUS_OK);
    CHECK(removed == 0);
    CHECK_STATUS(mf_vxlan_fdb_age(fdb, 110 * SEC, &removed), MF_STATUS_OK);
    CHECK(removed == 500);
    /* Time going backwards ages nothing. */
    CHECK_STATUS(mf_vxlan_fdb_age(fdb, 0, &removed), MF_STATUS_OK);
    CHECK(removed == 0);

    size_t n = 0;
    CHECK_STATUS(mf_vxlan_fdb_len(fdb, &n), MF_STATUS_OK);
    CHECK(n == 500);

    /* Listing: ask for the size, then fetch. */
    size_t count = 0;
    CHECK_STATUS(mf_vxlan_fdb_entries(fdb, NULL, 0, &count), MF_STATUS_BUFFER_TOO_SMALL);
    CHECK(count == 500);
    static mf_vxlan_fdb_entry entries[600];
    count = 0;
    CHECK_STATUS(mf_vxlan_fdb_entries(fdb, entries, 499, &count), MF_STATUS_BUFFER_TOO_SMALL);
    CHECK(count == 500);
    CHECK_STATUS(mf_vxlan_fdb_entries(fdb, entries, 600, &count), MF_STATUS_OK);
    CHECK(count == 500);
    unsigned statics = 0, learned_at_105 = 0;
    for (size_t i = 0; i < count; i++) {
        CHECK(entries[i].vni == 100);
        if (entries[i].is_static) {
            statics++;
            CHECK(memcmp(entries[i].mac, HOST1, 6) == 0 && entries[i].last_seen_ns == 0);
        } else if (entries[i].last_seen_ns == 105 * SEC) {
            learned_at_105++;
        }
    }
    CHECK(statics == 1 && learned_at_105 == 499);

    mf_vxlan_fdb_counters c;
    CHECK_STATUS(mf_vxlan_fdb_get_counters(fdb, &c), MF_STATUS_OK);
    CHECK(c.learned == 1000 && c.aged == 500);

    CHECK_STATUS(mf_vxlan_fdb_age(fdb, 1000 * SEC, &removed), MF_STATUS_OK);
    CHECK(removed == 499);
    CHECK_STATUS(mf_vxlan_fdb_next_expiry_ns(fdb, &expiry), MF_STATUS_NOT_FOUND);

    CHECK_STATUS(mf_vxlan_fdb_set_ageing_time_ms(NULL, 1), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_vxlan_fdb_ageing_time_ms(NULL, &ms), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_vxlan_fdb_ageing_time_ms(fdb, NULL), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_vxlan_fdb_age(NULL, 0, &removed), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_vxlan_fdb_age(fdb, 0, NULL), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_vxlan_fdb_entries(NULL, entries, 600, &count), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_vxlan_fdb_entries(fdb, NULL, 600, &count), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_vxlan_fdb_entries(fdb, entries, 600, NULL), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_vxlan_fdb_next_expiry_ns(NULL, &expiry), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_vxlan_fdb_next_expiry_ns(fdb, NULL), MF_STATUS_NULL_POINTER);
    mf_vxlan_fdb_free(fdb);
}

static void test_flood_and_destinations(void) {
    mf_vxlan_fdb *fdb = NULL;
    CHECK_STATUS(mf_vxlan_fdb_new(64, &fdb), MF_STATUS_OK);
    mf_ip_addr r1 = ip4(10, 77, 0, 1), r2 = ip4(10, 77, 0, 2), r3 = ip4(10, 77, 0, 3);
    mf_ip_addr v6;
    CHECK_STATUS(mf_ip_addr_parse("2001:db8::7", &v6), MF_STATUS_OK);
    mf_ip_addr list[8];
    size_t count = 0;

    /* Nothing yet: an unknown MAC goes nowhere. */
    CHECK_STATUS(mf_vxlan_fdb_destinations(fdb, 100, HOST1, list, 8, &count), MF_STATUS_OK);
    CHECK(count == 0);

    CHECK_STATUS(mf_vxlan_fdb_flood_add(fdb, 100, &r1), MF_STATUS_OK);
    CHECK_STATUS(mf_vxlan_fdb_flood_add(fdb, 100, &r2), MF_STATUS_OK);
    CHECK_STATUS(mf_vxlan_fdb_flood_add(fdb, 100, &v6), MF_STATUS_OK);
    CHECK_STATUS(mf_vxlan_fdb_flood_add(fdb, 100, &r2), MF_STATUS_OK); /* already there */
    CHECK_STATUS(mf_vxlan_fdb_flood_add(fdb, 200, &r3), MF_STATUS_OK);

    CHECK_STATUS(mf_vxlan_fdb_flood_list(fdb, 100, NULL, 0, &count), MF_STATUS_BUFFER_TOO_SMALL);
    CHECK(count == 3);
    mf_ip_addr one = r3;
    CHECK_STATUS(mf_vxlan_fdb_flood_list(fdb, 100, &one, 1, &count), MF_STATUS_BUFFER_TOO_SMALL);
    CHECK(count == 3);
    CHECK(ip_eq(&one, &r3)); /* nothing copied */
    CHECK_STATUS(mf_vxlan_fdb_flood_list(fdb, 100, list, 8, &count), MF_STATUS_OK);
    CHECK(count == 3);
    CHECK(ip_eq(&list[0], &r1) && ip_eq(&list[1], &r2) && ip_eq(&list[2], &v6));
    CHECK_STATUS(mf_vxlan_fdb_flood_list(fdb, 200, list, 8, &count), MF_STATUS_OK);
    CHECK(count == 1 && ip_eq(&list[0], &r3));
    CHECK_STATUS(mf_vxlan_fdb_flood_list(fdb, 300, NULL, 0, &count), MF_STATUS_OK);
    CHECK(count == 0);

    /* Unknown unicast and broadcast are flooded on the VNI's list only. */
    CHECK_STATUS(mf_vxlan_fdb_destinations(fdb, 100, HOST1, list, 8, &count), MF_STATUS_OK);
    CHECK(count == 3);
    CHECK_STATUS(mf_vxlan_fdb_destinations(fdb, 100, HOST1, list, 2, &count), MF_STATUS_BUFFER_TOO_SMALL);
    CHECK(count == 3);
    CHECK_STATUS(mf_vxlan_fdb_destinations(fdb, 100, HOST1, NULL, 0, &count), MF_STATUS_BUFFER_TOO_SMALL);
    CHECK(count == 3);

    /* Known unicast goes to its one remote; broadcast is still flooded. */
    CHECK_STATUS(mf_vxlan_fdb_add_static(fdb, 100, HOST1, &r3, 0), MF_STATUS_OK);
    CHECK_STATUS(mf_vxlan_fdb_destinations(fdb, 100, HOST1, list, 8, &count), MF_STATUS_OK);
    CHECK(count == 1 && ip_eq(&list[0], &r3));
    CHECK_STATUS(mf_vxlan_fdb_destinations(fdb, 100, BCAST, list, 8, &count), MF_STATUS_OK);
    CHECK(count == 3);
    /* A MAC known on VNI 100 is unknown on VNI 200. */
    CHECK_STATUS(mf_vxlan_fdb_destinations(fdb, 200, HOST1, list, 8, &count), MF_STATUS_OK);
    CHECK(count == 1 && ip_eq(&list[0], &r3));

    /* Remove. */
    CHECK_STATUS(mf_vxlan_fdb_flood_remove(fdb, 100, &r2), MF_STATUS_OK);
    CHECK_STATUS(mf_vxlan_fdb_flood_remove(fdb, 100, &r2), MF_STATUS_NOT_FOUND);
    CHECK_STATUS(mf_vxlan_fdb_flood_remove(fdb, 200, &r1), MF_STATUS_NOT_FOUND);
    CHECK_STATUS(mf_vxlan_fdb_flood_list(fdb, 100, list, 8, &count), MF_STATUS_OK);
    CHECK(count == 2);

    /* The flood lists hold MF_VXLAN_FDB_FLOOD_CAPACITY pairs in all. */
    unsigned added = 3; /* r1 and v6 on 100, r3 on 200 */
    for (unsigned i = 0; added < MF_VXLAN_FDB_FLOOD_CAPACITY; i++, added++) {
        mf_ip_addr r = ip4(10, 1, (uint8_t)(i >> 8), (uint8_t)i);
        CHECK_STATUS(mf_vxlan_fdb_flood_add(fdb, 300, &r), MF_STATUS_OK);
    }
    mf_ip_addr extra = ip4(10, 2, 0, 0);
    CHECK_STATUS(mf_vxlan_fdb_flood_add(fdb, 400, &extra), MF_STATUS_TABLE_FULL);
    CHECK_STATUS(mf_vxlan_fdb_flood_add(fdb, 100, &r1), MF_STATUS_OK); /* present: fine */
    CHECK_STATUS(mf_vxlan_fdb_flood_list(fdb, 300, NULL, 0, &count), MF_STATUS_BUFFER_TOO_SMALL);
    CHECK(count == MF_VXLAN_FDB_FLOOD_CAPACITY - 3);

    /* Bad values and NULL pointers. */
    mf_ip_addr bad = r1;
    bad.family = 44;
    CHECK_STATUS(mf_vxlan_fdb_flood_add(fdb, 100, &bad), MF_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(mf_vxlan_fdb_flood_add(fdb, 1u << 24, &r1), MF_STATUS_OUT_OF_RANGE);
    CHECK_STATUS(mf_vxlan_fdb_flood_remove(fdb, 1u << 24, &r1), MF_STATUS_OUT_OF_RANGE);
    CHECK_STATUS(mf_vxlan_fdb_flood_list(fdb, 1u << 24, list, 8, &count), MF_STATUS_OUT_OF_RANGE);
    CHECK_STATUS(mf_vxlan_fdb_destinations(fdb, 1u << 24, HOST1, list, 8, &count), MF_STATUS_OUT_OF_RANGE);
    CHECK_STATUS(mf_vxlan_fdb_flood_add(NULL, 100, &r1), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_vxlan_fdb_flood_add(fdb, 100, NULL), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_vxlan_fdb_flood_remove(NULL, 100, &r1), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_vxlan_fdb_flood_remove(fdb, 100, NULL), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_vxlan_fdb_flood_list(NULL, 100, list, 8, &count), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_vxlan_fdb_flood_list(fdb, 100, NULL, 8, &count), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_vxlan_fdb_flood_list(fdb, 100, list, 8, NULL), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_vxlan_fdb_destinations(NULL, 100, HOST1, list, 8, &count), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_vxlan_fdb_destinations(fdb, 100, NULL, list, 8, &count), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_vxlan_fdb_destinations(fdb, 100, HOST1, NULL, 8, &count), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_vxlan_fdb_destinations(fdb, 100, HOST1, list, 8, NULL), MF_STATUS_NULL_POINTER);
    mf_vxlan_fdb_free(fdb);
}

/* The VTEP at 10.77.0.2 receives the ARP request, the one at 10.77.0.1 the reply. */
static void test_receive_real_frames(void) {
    mf_vxlan_fdb *fdb = NULL;
    CHECK_STATUS(mf_vxlan_fdb_new(64, &fdb), MF_STATUS_OK);
    mf_ip_addr r1 = ip4(10, 77, 0, 1), r2 = ip4(10, 77, 0, 2);
    mf_vxlan_decapsulated d;
    mf_vxlan_learn l;
    mf_error err;
    mf_ip_addr got;

    CHECK_STATUS(mf_vxlan_fdb_receive(fdb, frame_arp_request, sizeof frame_arp_request, 1 * SEC, &d, &l, &err),
                 MF_STATUS_OK);
    CHECK(l.kind == MF_VXLAN_LEARN_NEW);
    CHECK(d.header.vni == 4242 && d.inner_offset == FRAME_INNER_AT && d.inner_len == 42);
    CHECK(ip_eq(&d.src_ip, &r1));
    CHECK_STATUS(mf_vxlan_fdb_lookup(fdb, 4242, HOST1, &got), MF_STATUS_OK);
    CHECK(ip_eq(&got, &r1));

    CHECK_STATUS(mf_vxlan_fdb_receive(fdb, frame_arp_reply, sizeof frame_arp_reply, 2 * SEC, &d, &l, NULL),
                 MF_STATUS_OK);
    CHECK(l.kind == MF_VXLAN_LEARN_NEW);
    CHECK_STATUS(mf_vxlan_fdb_lookup(fdb, 4242, HOST2, &got), MF_STATUS_OK);
    CHECK(ip_eq(&got, &r2));
    /* The MLD report again from 76:ba:...: a refresh. */
    CHECK_STATUS(mf_vxlan_fdb_receive(fdb, frame_mld, sizeof frame_mld, 3 * SEC, &d, &l, NULL), MF_STATUS_OK);
    CHECK(l.kind == MF_VXLAN_LEARN_REFRESHED);

    /* Replies to HOST1 now go to 10.77.0.1 only. */
    mf_ip_addr list[4];
    size_t count = 0;
    CHECK_STATUS(mf_vxlan_fdb_destinations(fdb, 4242, HOST1, list, 4, &count), MF_STATUS_OK);
    CHECK(count == 1 && ip_eq(&list[0], &r1));

    /* Allow-lists: a VNI not on the list. */
    CHECK_STATUS(mf_vxlan_fdb_allow_vni(fdb, 999), MF_STATUS_OK);
    mf_vxlan_decapsulated untouched;
    memset(&untouched, 0x21, sizeof untouched);
    memcpy(&d, &untouched, sizeof d);
    CHECK_STATUS(mf_vxlan_fdb_receive(fdb, frame_arp_request, sizeof frame_arp_request, 4 * SEC, &d, &l, &err),
                 MF_STATUS_VNI_NOT_ALLOWED);
    CHECK(memcmp(&d, &untouched, sizeof d) == 0);
    CHECK(err.status == MF_STATUS_VNI_NOT_ALLOWED && err.found == 4242 && err.layer == MF_LAYER_VXLAN);
    CHECK_STR(err.field, "vni");
    CHECK_STR(err.message, "VNI 4242 not allowed");
    CHECK_STATUS(mf_vxlan_fdb_allow_vni(fdb, 4242), MF_STATUS_OK);
    CHECK_STATUS(mf_vxlan_fdb_receive(fdb, frame_arp_request, sizeof frame_arp_request, 4 * SEC, &d, &l, &err),
                 MF_STATUS_OK);

    /* A sender not on the list. */
    mf_ip_addr r9 = ip4(10, 77, 0, 9);
    CHECK_STATUS(mf_vxlan_fdb_allow_remote(fdb, &r9), MF_STATUS_OK);
    CHECK_STATUS(mf_vxlan_fdb_receive(fdb, frame_arp_request, sizeof frame_arp_request, 5 * SEC, &d, &l, &err),
                 MF_STATUS_REMOTE_NOT_ALLOWED);
    CHECK(err.layer == MF_LAYER_IPV4);
    CHECK_STR(err.message, "remote VTEP 10.77.0.1 not allowed");
    CHECK_STATUS(mf_vxlan_fdb_allow_remote(fdb, &r1), MF_STATUS_OK);
    CHECK_STATUS(mf_vxlan_fdb_receive(fdb, frame_arp_request, sizeof frame_arp_request, 5 * SEC, &d, &l, &err),
                 MF_STATUS_OK);
    CHECK_STATUS(mf_vxlan_fdb_allow_all(fdb), MF_STATUS_OK);

    /* Allow-lists are bounded. */
    for (uint32_t v = 0; v < MF_VXLAN_FDB_ALLOW_CAPACITY; v++) {
        CHECK_STATUS(mf_vxlan_fdb_allow_vni(fdb, 10000 + v), MF_STATUS_OK);
    }
    CHECK_STATUS(mf_vxlan_fdb_allow_vni(fdb, 20000), MF_STATUS_TABLE_FULL);
    CHECK_STATUS(mf_vxlan_fdb_allow_all(fdb), MF_STATUS_OK);

    /* Learning off: accepted, nothing learned. */
    CHECK_STATUS(mf_vxlan_fdb_set_learning(fdb, false), MF_STATUS_OK);
    CHECK_STATUS(mf_vxlan_fdb_remove(fdb, 4242, HOST2), MF_STATUS_OK);
    CHECK_STATUS(mf_vxlan_fdb_receive(fdb, frame_arp_reply, sizeof frame_arp_reply, 6 * SEC, &d, &l, NULL),
                 MF_STATUS_OK);
    CHECK(l.kind == MF_VXLAN_LEARN_NONE);
    CHECK_STATUS(mf_vxlan_fdb_lookup(fdb, 4242, HOST2, &got), MF_STATUS_NOT_FOUND);
    CHECK_STATUS(mf_vxlan_fdb_set_learning(fdb, true), MF_STATUS_OK);

    /* The table's decapsulation configuration applies: verify the (partial)
     * captured checksums and the frames are refused. */
    mf_vxlan_decap_config cfg;
    CHECK_STATUS(mf_vxlan_decap_config_default(&cfg), MF_STATUS_OK);
    cfg.verify_udp_checksum = true;
    CHECK_STATUS(mf_vxlan_fdb_set_decap_config(fdb, &cfg), MF_STATUS_OK);
    CHECK_STATUS(mf_vxlan_fdb_receive(fdb, frame_arp_reply, sizeof frame_arp_reply, 7 * SEC, &d, &l, &err),
                 MF_STATUS_CHECKSUM);
    CHECK(err.layer == MF_LAYER_UDP);
    CHECK_STATUS(mf_vxlan_decap_config_default(&cfg), MF_STATUS_OK);
    CHECK_STATUS(mf_vxlan_fdb_set_decap_config(fdb, &cfg), MF_STATUS_OK);

    /* Malformed. */
    CHECK_STATUS(mf_vxlan_fdb_receive(fdb, frame_arp_reply, 40, 8 * SEC, &d, &l, &err), MF_STATUS_TRUNCATED);
    CHECK(err.layer == MF_LAYER_IPV4);

    /* A full table still accepts the frame and says so. */
    mf_vxlan_fdb *tiny = NULL;
    CHECK_STATUS(mf_vxlan_fdb_new(1, &tiny), MF_STATUS_OK);
    CHECK_STATUS(mf_vxlan_fdb_receive(tiny, frame_arp_request, sizeof frame_arp_request, 1, &d, &l, NULL),
                 MF_STATUS_OK);
    CHECK(l.kind == MF_VXLAN_LEARN_NEW);
    CHECK_STATUS(mf_vxlan_fdb_receive(tiny, frame_arp_reply, sizeof frame_arp_reply, 2, &d, &l, NULL),
                 MF_STATUS_OK);
    CHECK(l.kind == MF_VXLAN_LEARN_TABLE_FULL);
    mf_vxlan_fdb_free(tiny);

    mf_vxlan_fdb_counters c;
    CHECK_STATUS(mf_vxlan_fdb_get_counters(fdb, &c), MF_STATUS_OK);
    CHECK(c.rx_accepted == 6);
    CHECK(c.rx_vni_rejected == 1 && c.rx_remote_rejected == 1);
    CHECK(c.rx_malformed == 2);
    CHECK(c.learned == 2);

    /* Bad values and NULL pointers. */
    CHECK_STATUS(mf_vxlan_fdb_allow_vni(fdb, 1u << 24), MF_STATUS_OUT_OF_RANGE);
    mf_ip_addr bad = r1;
    bad.family = 0;
    CHECK_STATUS(mf_vxlan_fdb_allow_remote(fdb, &bad), MF_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(mf_vxlan_fdb_allow_vni(NULL, 1), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_vxlan_fdb_allow_remote(NULL, &r1), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_vxlan_fdb_allow_remote(fdb, NULL), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_vxlan_fdb_allow_all(NULL), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_vxlan_fdb_set_learning(NULL, true), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_vxlan_fdb_set_decap_config(NULL, &cfg), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_vxlan_fdb_set_decap_config(fdb, NULL), MF_STATUS_NULL_POINTER);
    CHECK_STATUS(mf_vxlan_fdb_receive(NULL, frame_arp_reply, 92, 0, &d, &l, &err), MF_STATUS_NULL_POINTER);
    CHECK_STR(err.field, "fdb");
    CHECK_STATUS(mf_vxlan_fdb_receive(fdb, NULL, 92, 0, &d, &l, &err), MF_STATUS_NULL_POINTER);
    CHECK_STR(err.field, "frame");
    CHECK_STATUS(mf_vxlan_fdb_receive(fdb, frame_arp_reply, 92, 0, NULL, &l, &err), MF_STATUS_NULL_POINTER);
    CHECK_STR(err.field, "out");
    CHECK_STATUS(mf_vxlan_fdb_receive(fdb, frame_arp_reply, 92, 0, &d, NULL, &err), MF_STATUS_NULL_POINTER);
    CHECK_STR(err.field, "learned");
    /* None of the rejected calls counted or learned anything. */
    mf_vxlan_fdb_counters c2;
    CHECK_STATUS(mf_vxlan_fdb_get_counters(fdb, &c2), MF_STATUS_OK);
    CHECK(c2.rx_accepted == c.rx_accepted && c2.rx_malformed == c.rx_malformed);
    mf_vxlan_fdb_free(fdb);
}

int main(void) {
    test_new_and_free();
    test_learn_lookup_remove();
    test_ageing_and_entries();
    test_flood_and_destinations();
    test_receive_real_frames();
    return test_summary("test_vxlan_fdb");
}
