//! The router's rules with exact times.

use super::*;
extern crate std;
use std::vec::Vec;

const ME: Ipv4Addr = Ipv4Addr::new(10, 77, 0, 5);
type R = IgmpRouter<8, 8>;
type Out = Collected<Ipv4Addr, 8, 32>;

fn t(secs: u64) -> Duration {
    Duration::from_secs(secs)
}
fn ms(ms: u64) -> Duration {
    Duration::from_millis(ms)
}

fn router() -> R {
    R::new(RouterConfig::new(ME), t(0)).unwrap()
}

fn poll(r: &mut R, now: Duration) -> Out {
    let mut o = Out::default();
    r.poll(now, &mut o);
    o
}

#[test]
fn startup_queries_then_query_interval() {
    let mut r = router();
    let mut sent = Vec::new();
    let mut now = t(0);
    while now < t(400) {
        let o = poll(&mut r, now);
        for q in o.queries() {
            assert_eq!(q.kind(), QueryKind::General);
            assert_eq!(q.destination(), Ipv4Addr::new(224, 0, 0, 1));
            assert_eq!(q.max_response(), t(10));
            assert_eq!((q.qrv, q.qqic), (2, 125));
            sent.push(now);
        }
        now = r.next_deadline().unwrap();
    }
    // RV = 2 startup queries QI/4 = 31.25 s apart, then every QI = 125 s.
    assert_eq!(sent, [t(0), ms(31_250), ms(156_250), ms(281_250)]);
    assert_eq!(r.counters().general_queries_sent, 4);
}
