/*
 * Example: run an IGMP / MLD multicast router with the mediafabric C API and print the
 * membership it learns.
 *
 * Build (after `cargo build -p mediafabric-ffi --release` and with mediafabric.pc on
 * PKG_CONFIG_PATH, see ffi/scripts/gen-pc.sh):
 *
 *     cc -std=c11 igmp_router.c $(pkg-config --cflags --libs mediafabric) -o igmp_router
 *
 * Usage:
 *     igmp_router FILE.pcap [ADDRESS]  feeds every IGMP (IPv4) or MLD (IPv6) packet of
 *                                      a classic pcap of Ethernet frames to a router at
 *                                      ADDRESS (default 10.77.0.1, or fe80::1 when the
 *                                      first such packet is IPv6), at the capture's own
 *                                      times, running the router's timers in between
 *     igmp_router --demo               a host (mf_igmp_host) joins and leaves groups;
 *                                      its frames go to the router
 *
 * Prints one line per forwarding event, drop and query, then the membership at the
 * end of the capture and 10 s later. Exits 0 when nothing went wrong, 1 otherwise.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mediafabric.h"

#define NS_PER_S UINT64_C(1000000000)

static const char *addr(const mf_ip_addr *a, char *buf, size_t cap) {
    size_t n = 0;
    if (mf_ip_addr_to_string(a, buf, cap, &n) != MF_STATUS_OK) {
        return "?";
    }
    return buf;
}

static void print_time(uint64_t ns) {
    printf("%4" PRIu64 ".%06" PRIu64 " ", ns / NS_PER_S, ns % NS_PER_S / 1000);
}

/* In the demo, the host on the link, which hears the router's queries. */
static mf_igmp_host *link_host;

/* Prints and takes everything the router queued; queries go to the link's host. */
static void drain(mf_igmp_router *r, uint64_t now) {
    char a[64], b[64];
    mf_igmp_event e;
    while (mf_igmp_router_next_event(r, &e) == MF_STATUS_OK) {
        static const char *const kinds[] = {"?", "forward", "stop", "group-limit", "source-limit"};
        print_time(now);
        printf("event %-12s (%s, %s)\n", kinds[e.kind <= 4 ? e.kind : 0],
               e.has_source ? addr(&e.source, a, sizeof a) : "*", addr(&e.group, b, sizeof b));
    }
    mf_igmp_query q;
    while (mf_igmp_router_peek_query(r, &q) == MF_STATUS_OK) {
        static const char *const kinds[] = {"?", "general", "group", "group-and-source"};
        uint8_t packet[MF_IGMP_ROUTER_QUERY_BUF_LEN];
        size_t n = 0;
        if (mf_igmp_router_next_query(r, packet, sizeof packet, &n, NULL) != MF_STATUS_OK) {
            break;
        }
        /* A real router would send `packet` on a raw socket here. */
        print_time(now);
        printf("query %-16s to %s, %zu source(s), v%u, %zu bytes\n", kinds[q.kind <= 3 ? q.kind : 0],
               addr(&q.destination, a, sizeof a), q.number_of_sources, q.version, n);
        if (link_host != NULL) {
            mf_igmp_host_received got;
            mf_igmp_host_receive(link_host, packet, n, now, &got, NULL);
        }
    }
}

static void run_until(mf_igmp_router *r, uint64_t until) {
    uint64_t d = 0;
    while (mf_igmp_router_next_deadline(r, &d) == MF_STATUS_OK && d != MF_IGMP_TIME_NONE && d <= until) {
        mf_igmp_router_poll(r, d);
        drain(r, d);
    }
}

static int receive(mf_igmp_router *r, const uint8_t *packet, size_t len, uint64_t now) {
    mf_igmp_router_result res;
    mf_error err;
    mf_status s = mf_igmp_router_receive(r, packet, len, now, &res, &err);
    if (s != MF_STATUS_OK) {
        fprintf(stderr, "receive: %s: %s\n", mf_status_str(s), err.message);
        return 1;
    }
    char a[64];
    print_time(now);
    if (res.drop_reason != MF_IGMP_DROP_NONE) {
        printf("drop  %s%s%s\n", mf_igmp_drop_reason_str(res.drop_reason), res.has_detail ? ": " : "",
               res.has_detail ? res.detail.message : "");
    } else if (res.accepted == MF_IGMP_ACCEPTED_REPORT_V3) {
        printf("v%u report from %s: %" PRIu32 " record(s) applied, %" PRIu32 " ignored\n", res.version,
               addr(&res.from, a, sizeof a), res.records_applied, res.records_ignored);
    } else {
        static const char *const kinds[] = {"?", "query", "report", "leave"};
        printf("v%u %s from %s\n", res.version, kinds[res.accepted <= 3 ? res.accepted : 0],
               addr(&res.from, a, sizeof a));
    }
    drain(r, now);
    return 0;
}

static void print_membership(const mf_igmp_router *r, uint64_t now) {
    size_t count = 0;
    mf_igmp_router_group_count(r, &count);
    print_time(now);
    printf("membership: %zu group(s)\n", count);
    for (size_t i = 0; i < count; i++) {
        mf_igmp_group g;
        if (mf_igmp_router_group_at(r, i, &g) != MF_STATUS_OK) {
            break;
        }
        char a[64];
        printf("  %s %s", addr(&g.group, a, sizeof a), g.mode == MF_IGMP_FILTER_EXCLUDE ? "EXCLUDE" : "INCLUDE");
        mf_igmp_source srcs[MF_IGMP_ROUTER_MAX_SOURCES];
        size_t n = 0;
        if (mf_igmp_router_sources(r, &g.group, srcs, MF_IGMP_ROUTER_MAX_SOURCES, &n) == MF_STATUS_OK) {
            printf(" {");
            for (size_t s = 0; s < n; s++) {
                printf("%s%s%s", s ? ", " : "", addr(&srcs[s].addr, a, sizeof a), srcs[s].forwarding ? "" : " (blocked)");
            }
            printf("}");
        }
        printf(" compat v%u\n", g.compatibility_version);
    }
}

static mf_igmp_router *new_router(const char *address) {
    mf_ip_addr a;
    mf_igmp_router_config c;
    mf_igmp_router *r = NULL;
    mf_error err;
    if (mf_ip_addr_parse(address, &a) != MF_STATUS_OK || mf_igmp_router_config_init(&a, &c) != MF_STATUS_OK) {
        fprintf(stderr, "bad router address %s\n", address);
        return NULL;
    }
    mf_status s = mf_igmp_router_new(&c, 0, &r, &err);
    if (s != MF_STATUS_OK) {
        fprintf(stderr, "mf_igmp_router_new: %s: %s\n", mf_status_str(s), err.message);
        return NULL;
    }
    return r;
}

static uint32_t get32(const uint8_t *b, bool swap) {
    uint32_t v = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
    return swap ? (v >> 24) | (v >> 8 & 0xff00) | (v << 8 & 0xff0000) | v << 24 : v;
}

static int replay(const char *path, const char *address) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        perror(path);
        return 1;
    }
    static uint8_t frame[65536];
    uint8_t h[24], rec[16];
    if (fread(h, 1, sizeof h, f) != sizeof h) {
        fprintf(stderr, "%s: not a pcap file\n", path);
        fclose(f);
        return 1;
    }
    uint32_t magic = get32(h, false);
    bool swap = magic == 0xd4c3b2a1u || magic == 0x4d3cb2a1u;
    bool nanos = magic == 0xa1b23c4du || magic == 0x4d3cb2a1u;
    if (!swap && magic != 0xa1b2c3d4u && !nanos) {
        fprintf(stderr, "%s: not a classic pcap file\n", path);
        fclose(f);
        return 1;
    }
    if (get32(h + 20, swap) != 1) {
        fprintf(stderr, "%s: not a capture of Ethernet frames\n", path);
        fclose(f);
        return 1;
    }
    mf_igmp_router *r = NULL;
    uint64_t first = 0, now = 0;
    int rc = 0;
    unsigned packets = 0;
    while (rc == 0 && fread(rec, 1, sizeof rec, f) == sizeof rec) {
        uint32_t len = get32(rec + 8, swap);
        if (len > sizeof frame || fread(frame, 1, len, f) != len) {
            fprintf(stderr, "%s: record cut short\n", path);
            rc = 1;
            break;
        }
        uint64_t t = (uint64_t)get32(rec, swap) * NS_PER_S + (uint64_t)get32(rec + 4, swap) * (nanos ? 1 : 1000);
        if (len < 14) {
            continue;
        }
        uint16_t type = (uint16_t)(frame[12] << 8 | frame[13]);
        bool v4 = type == 0x0800 && len > 23 && frame[23] == 2;
        bool v6 = type == 0x86dd;
        if (!v4 && !v6) {
            continue;
        }
        if (r == NULL) {
            r = new_router(address ? address : v4 ? "10.77.0.1" : "fe80::1");
            if (r == NULL) {
                rc = 1;
                break;
            }
            /* The router starts 100 s before the capture: its startup queries are over. */
            first = t;
            mf_igmp_router_poll(r, 0);
            drain(r, 0);
        }
        now = 100 * NS_PER_S + (t - first);
        run_until(r, now);
        rc = receive(r, frame + 14, len - 14, now);
        packets++;
    }
    fclose(f);
    if (r == NULL) {
        fprintf(stderr, "%s: no IGMP or MLD packet\n", path);
        return 1;
    }
    printf("%u packet(s)\n", packets);
    print_membership(r, now);
    run_until(r, now + 10 * NS_PER_S);
    print_membership(r, now + 10 * NS_PER_S);
    mf_igmp_router_counters c;
    mf_igmp_router_get_counters(r, &c);
    printf("received %" PRIu64 ", accepted %" PRIu64 ", dropped %" PRIu64 "\n", c.received, c.accepted, c.dropped_total);
    mf_igmp_router_free(r);
    return rc;
}

/* Polls the host at `now` and gives its frames to the router. */
static int host_to_router(mf_igmp_host *h, mf_igmp_router *r, uint64_t now) {
    size_t queued = 0, n = 0;
    mf_error err;
    mf_status s = mf_igmp_host_poll(h, now, &queued, &err);
    if (s != MF_STATUS_OK) {
        fprintf(stderr, "host poll: %s\n", err.message);
        return 1;
    }
    uint8_t frame[1514];
    mf_igmp_outgoing info;
    while (mf_igmp_host_next_frame(h, frame, sizeof frame, &n, &info, NULL) == MF_STATUS_OK) {
        if (receive(r, frame + 14, n - 14, now) != 0) {
            return 1;
        }
    }
    return 0;
}

/* Runs host and router until `until`, in time order. */
static int run_both(mf_igmp_host *h, mf_igmp_router *r, uint64_t until) {
    for (;;) {
        uint64_t hd = MF_IGMP_TIME_NONE, rd = MF_IGMP_TIME_NONE;
        mf_igmp_host_next_deadline(h, &hd);
        mf_igmp_router_next_deadline(r, &rd);
        uint64_t next = hd < rd ? hd : rd;
        if (next > until) {
            return 0;
        }
        if (hd == next && host_to_router(h, r, next) != 0) {
            return 1;
        }
        if (rd == next) {
            mf_igmp_router_poll(r, next);
            drain(r, next);
        }
    }
}

static int demo(void) {
    mf_igmp_router *r = new_router("10.77.0.1");
    mf_ip_addr me, g1, g2, s1, s2;
    static const uint8_t mac[6] = {2, 0, 0, 0, 0, 2};
    mf_ip_addr_parse("10.77.0.2", &me);
    mf_ip_addr_parse("239.1.1.1", &g1);
    mf_ip_addr_parse("232.5.5.5", &g2);
    mf_ip_addr_parse("10.1.0.1", &s1);
    mf_ip_addr_parse("10.1.0.2", &s2);
    mf_igmp_host_config c;
    mf_igmp_host *h = NULL;
    if (r == NULL || mf_igmp_host_config_init(&me, mac, &c) != MF_STATUS_OK ||
        mf_igmp_host_new(&c, 2024, &h, NULL) != MF_STATUS_OK) {
        mf_igmp_router_free(r);
        return 1;
    }
    link_host = h;
    mf_ip_addr sources[2] = {s1, s2};
    bool changed;
    int rc = 0;
    printf("host 10.77.0.2 joins 239.1.1.1 and 232.5.5.5 from 10.1.0.1, 10.1.0.2\n");
    rc |= mf_igmp_host_join(h, 1, &g1, NS_PER_S, &changed, NULL) != MF_STATUS_OK;
    rc |= mf_igmp_host_listen(h, 2, &g2, MF_IGMP_FILTER_INCLUDE, sources, 2, NS_PER_S, &changed, NULL) != MF_STATUS_OK;
    rc |= run_both(h, r, 5 * NS_PER_S);
    print_membership(r, 5 * NS_PER_S);
    printf("host leaves 239.1.1.1 and drops 10.1.0.2\n");
    rc |= mf_igmp_host_leave(h, 1, &g1, 5 * NS_PER_S, &changed, NULL) != MF_STATUS_OK;
    rc |= mf_igmp_host_listen(h, 2, &g2, MF_IGMP_FILTER_INCLUDE, sources, 1, 5 * NS_PER_S, &changed, NULL) !=
          MF_STATUS_OK;
    rc |= run_both(h, r, 40 * NS_PER_S);
    print_membership(r, 40 * NS_PER_S);
    mf_igmp_host_free(h);
    mf_igmp_router_free(r);
    return rc;
}

int main(int argc, char **argv) {
    if (argc == 2 && strcmp(argv[1], "--demo") == 0) {
        return demo();
    }
    if (argc == 2 || argc == 3) {
        return replay(argv[1], argc == 3 ? argv[2] : NULL);
    }
    fprintf(stderr, "usage: %s FILE.pcap [ADDRESS] | --demo\n", argv[0]);
    return 2;
}
